"""Weight budgets, measured against the production server as it serves the pages.

- The first response of every page state a worker meets, in every language
  (start, checklist, results, whom to contact, the hand-over, staying safe,
  the pocket card, the error pages...), headers included, fits in 14,600
  bytes: the first round trip of a new connection (10 TCP segments), so the
  page can start drawing after one trip on a weak signal. The app sends HTML
  uncompressed on purpose (a page holding a form token, compressed, invites
  BREACH), so these are the bytes a phone receives.
- The training pages (under /training: the sessions, role cards, scenario
  packs and debriefs) are exempt from that one rule: trainers open or print
  them ahead of a session, on a good connection, not mid-conversation, and a
  debrief or a set of role cards is a printed document that would lose its
  point cut in two.
- Every page needs at most 3 requests (page, stylesheet, script) and 30 KB
  in all, with nothing cached.
- Every request goes to the app's own origin.
"""

from __future__ import annotations

import re
import urllib.parse

import pytest

from ..live_server import http_request, raw_response, split_response
from ..page_list import PageState, all_page_states
from ..pages import parse, token_from
from .conftest import open_state

pytestmark = [pytest.mark.server]

FIRST_ROUND_TRIP = 14_600
MAX_REQUESTS = 3
MAX_PAGE_BYTES = 30 * 1024

# What a phone's browser sends with a page request, so the measured reply is
# the one a phone gets.
BROWSER_HEADERS = {
    "User-Agent": "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 Chrome/131 Mobile",
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en-US,en;q=0.9",
    "Accept-Encoding": "gzip, deflate, br",
}


def exchange(base_url: str, method: str, path: str, body: bytes = b"", cookie: str = ""):
    """One request as a phone sends it; the status, headers, body and bytes on the wire."""
    headers = {"Host": urllib.parse.urlsplit(base_url).netloc, **BROWSER_HEADERS}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Origin"] = base_url
        headers["Referer"] = base_url + path
    if cookie:
        headers["Cookie"] = cookie
    raw = raw_response(base_url, http_request(method, path, headers, body))
    status, response_headers, response_body = split_response(raw)
    return status, response_headers, response_body.decode(), len(raw)


def is_training(state: PageState) -> bool:
    """A trainer's page (/training and under it, in any language): see the module's docstring."""
    segments = state.path.strip("/").split("/")
    return "training" in segments[:2]


def is_worker_page(state: PageState) -> bool:
    """A page state a worker can meet, in any language."""
    return not is_training(state)


def is_checklist(state: PageState) -> bool:
    """The checklist, opened, in a language the app speaks (Spanish sentences run longer)."""
    return is_worker_page(state) and state.post is None and state.path.endswith("/check")


def test_the_worker_pages_include_every_language_and_leave_out_only_training():
    paths = {state.path for state in all_page_states() if is_worker_page(state)}
    assert {"/", "/check", "/resources", "/for-you", "/staying-safe", "/card"} <= paths
    assert {"/es/", "/es/check", "/es/resources", "/es/for-you", "/es/card"} <= paths
    left_out = {state.path for state in all_page_states()} - paths
    assert left_out and all("/training" in path for path in left_out)


@pytest.mark.page_states(where=is_worker_page)
def test_first_response_of_every_worker_page_fits_the_first_round_trip(live_server, state):
    base = live_server.base_url
    status, headers, html, size = exchange(base, "GET", state.path)
    if state.post is not None:
        cookie = headers["Set-Cookie"].split(";")[0] if "Set-Cookie" in headers else ""
        fields = list(state.post)
        token = token_from(parse(html))
        if token:
            fields.append(("csrf_token", token))
        body = urllib.parse.urlencode(fields).encode()
        status, _, _, size = exchange(base, "POST", state.target, body, cookie)
    assert status == state.status
    assert size <= FIRST_ROUND_TRIP, f"{state.name} sends {size} bytes"


@pytest.mark.page_states(where=is_checklist)
@pytest.mark.parametrize(("danger", "minor"), [("yes", "yes"), ("unsure", "unsure"), ("no", "no")])
def test_first_response_of_a_results_page_fits_the_first_round_trip(
    live_server, state, danger, minor
):
    path = state.path
    _, headers, html, _ = exchange(live_server.base_url, "GET", path)
    cookie = headers["Set-Cookie"].split(";")[0]
    # Every sign ticked: the longest results page there is.
    ticks = re.findall(r'type="checkbox" id="[^"]+" name="([^"]+)" value="([^"]+)"', html)
    assert ticks, "the form has no checkboxes to tick"
    fields = [("danger", danger), ("minor", minor), *ticks, ("csrf_token", token_from(parse(html)))]
    body = urllib.parse.urlencode(fields).encode()
    status, _, page, size = exchange(live_server.base_url, "POST", path, body, cookie)
    assert status == 200 and "step-call-hotline" in page
    assert size <= FIRST_ROUND_TRIP, f"the results page at {path} sends {size} bytes"


@pytest.mark.browser
@pytest.mark.page_states
def test_each_page_needs_at_most_three_requests_and_30_kb(new_phone, live_server, state):
    page, recorder = new_phone()
    # Nothing from the cache: each page is weighed as a first visit.
    page.context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})
    assert open_state(page, state, before_submit=recorder.requests.clear) == state.status
    page.wait_for_load_state("load")
    assert recorder.foreign(live_server.base_url) == []
    sizes = [request.sizes() for request in recorder.requests]
    total = sum(size["responseHeadersSize"] + size["responseBodySize"] for size in sizes)
    assert len(recorder.requests) <= MAX_REQUESTS, recorder.urls
    assert total <= MAX_PAGE_BYTES, f"{state.name}: {total} bytes"
    assert total > 0


@pytest.mark.page_states(where=is_checklist)
@pytest.mark.parametrize("token", [True, False], ids=["age-left-blank", "token-gone"])
def test_a_form_that_comes_back_with_911_first_fits_the_first_round_trip(live_server, state, token):
    path = state.path
    # Not sure about danger, every sign ticked, and something to fix: the
    # 911 panel, the problem and the filled-in form, all in one trip.
    _, headers, html, _ = exchange(live_server.base_url, "GET", path)
    cookie = headers["Set-Cookie"].split(";")[0]
    ticks = re.findall(r'type="checkbox" id="[^"]+" name="([^"]+)" value="([^"]+)"', html)
    fields = [("danger", "unsure"), *ticks]
    if token:
        fields.append(("csrf_token", token_from(parse(html))))
    else:
        fields.append(("minor", "unsure"))
    body = urllib.parse.urlencode(fields).encode()
    status, _, page, size = exchange(live_server.base_url, "POST", path, body, cookie)
    assert status == 200 and 'href="tel:911"' in page
    assert size <= FIRST_ROUND_TRIP, f"the form sent back at {path} sends {size} bytes"
