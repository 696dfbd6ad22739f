"""Fuzz ``POST /check``: whatever arrives, the answer is a friendly page, never a 500.

Hypothesis throws arbitrary field names and values, repeated fields,
oversized values, other character sets and other body encodings at the form,
with and without a valid token. In CI (``CI=true``) it runs 2,000 examples.
No example database is kept (``database=None``), so nothing is written.
"""

from __future__ import annotations

import functools
import json
import re
from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.content import TRIAGE_VALUES
from screening.content_loader import load_content
from screening.forms import CHANGE

from .ci import in_ci
from .http_bodies import multipart, multipart_type
from .pages import ClientRequest, parse, token_from
from .repository import ROOT

# CI runs a fixed (derandomized) set of 2,000 examples, so a landing never
# depends on the luck of the draw; developers' runs draw fresh examples each
# time and keep exploring.
settings.register_profile(
    "fuzz-ci",
    max_examples=2000,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "fuzz-dev",
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = settings.get_profile("fuzz-ci" if in_ci() else "fuzz-dev")

FRIENDLY_STATUSES = {200, 400, 405, 413}


@functools.cache
def known_fields() -> tuple[list[str], list[str]]:
    """Real field names and values, from the content itself: every question, group and item.

    They keep the fuzz aimed at the form as it is. Read at the first example,
    not when the module is imported.
    """
    checklist = load_content(ROOT / "config", "en").checklist
    names = [
        "csrf_token",
        "action",
        *(question.id for question in checklist.triage),
        *(group.id for group in checklist.groups),
    ]
    return names, [*TRIAGE_VALUES, CHANGE, *sorted(checklist.item_ids)]


known_names = st.deferred(lambda: st.sampled_from(known_fields()[0]))
known_values = st.deferred(lambda: st.sampled_from(known_fields()[1]))

# Every page that takes the checklist form: the real one and each practice one.
TARGETS = [
    "/check",
    "/es/check",
    *(f"/training/{path.stem}" for path in sorted((ROOT / "config/scenarios/en").glob("*.toml"))),
]
LEAK = re.compile(r"Traceback|Werkzeug|File \"", re.I)

names = st.one_of(known_names, st.text(max_size=40))
values = st.one_of(
    known_values,
    st.text(max_size=200),
    # Oversized: around and well past the 64 KiB body limit.
    st.integers(min_value=1_000, max_value=150_000).map(lambda n: "x" * n),
)
pairs = st.lists(st.tuples(names, values), max_size=40)
# Repeat some of the pairs, as a tampered or double-submitted form would.
repeated_pairs = st.tuples(pairs, st.integers(min_value=1, max_value=4)).map(
    lambda drawn: drawn[0] * drawn[1]
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(known_names | st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)
charsets = st.sampled_from(["utf-8", "latin-1", "utf-16", "cp1252", "ascii"])


@st.composite
def requests(draw) -> tuple[str, bytes, dict[str, str]]:
    """A target, method, body and headers for one POST (or other method) to a form page."""
    target = draw(st.sampled_from(TARGETS))
    method = draw(st.sampled_from(["POST"] * 8 + ["PUT", "DELETE", "PATCH"]))
    fields = draw(repeated_pairs)
    if draw(st.booleans()):
        fields = [("csrf_token", "{token}"), *fields]
    charset = draw(charsets)
    encoding = draw(
        st.sampled_from(["urlencoded", "multipart", "raw", "text", "json", "bad-type", "none"])
    )
    headers: dict[str, str] = {}
    if encoding == "urlencoded":
        body = urlencode(fields, encoding=charset, errors="replace").encode("ascii")
        headers["Content-Type"] = draw(
            st.sampled_from(
                [
                    "application/x-www-form-urlencoded",
                    f"application/x-www-form-urlencoded; charset={charset}",
                ]
            )
        )
    elif encoding == "multipart":
        boundary = draw(st.sampled_from(["b0undary", "x" * 70, "--", "é"]))
        files = draw(st.booleans())
        parts = [(name, value, value[:20] if files else None) for name, value in fields]
        body = multipart(parts, boundary, charset)
        headers["Content-Type"] = multipart_type(boundary)
    elif encoding == "raw":
        body = draw(st.binary(max_size=4000))
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif encoding == "text":
        body = "\n".join(f"{k}={v}" for k, v in fields).encode(charset, "replace")
        headers["Content-Type"] = "text/plain"
    elif encoding == "json":
        body = json.dumps(draw(json_values) if draw(st.booleans()) else dict(fields)).encode()
        headers["Content-Type"] = "application/json"
    elif encoding == "bad-type":
        body = draw(st.binary(max_size=500))
        headers["Content-Type"] = draw(st.text(max_size=60).filter(lambda t: t.isprintable()))
    else:
        body = b""
    return target, method, body, headers


_browsers: dict[int, tuple[ClientRequest, str]] = {}


def browser_for(app) -> tuple[ClientRequest, str]:
    """One client (with its cookie) and the form's token, reused across examples."""
    if id(app) not in _browsers:
        client_request = ClientRequest(app.test_client())
        _browsers[id(app)] = (client_request, token_from(client_request.get("/check")))
    return _browsers[id(app)]


@PROFILE
@given(request=requests())
def test_any_post_to_the_form_gets_a_friendly_page_never_a_500(app, request):
    client_request, token = browser_for(app)
    target, method, body, headers = request
    body = body.replace(b"%7Btoken%7D", token.encode()).replace(b"{token}", token.encode())
    # Any status for now (the page itself is checked); then which ones.
    response = client_request.open(target, method=method, status=None, data=body, headers=headers)
    assert response.status_code in FRIENDLY_STATUSES, response.status_code
    assert response.mimetype == "text/html"
    text = response.get_data(as_text=True)
    page = parse(text)
    assert page.select_one("#exit-this-page"), "every answer is a page with the exit button"
    assert not LEAK.search(text)
