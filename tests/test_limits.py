"""Limits and error pages: oversized bodies, many parts, other methods, crashes."""

from __future__ import annotations

import gc
import io
import logging
import re
import tempfile
from urllib.parse import urlencode

import pytest
from flask import abort, request
from werkzeug import formparser

from screening import create_app

from .http_bodies import form_fields, multipart, multipart_type
from .pages import ClientRequest, parse, token_from

MULTIPART = {"Content-Type": multipart_type()}
#: What a server sets for a chunked body: no length, and the stream ends where the body does.
CHUNKED_STREAM = {"HTTP_TRANSFER_ENCODING": "chunked", "wsgi.input_terminated": True}
# Version strings and internals a page must never show.
LEAKS = re.compile(r"Traceback|Werkzeug|Python|gunicorn|Flask|\b\d+\.\d+\.\d+\b|File \"", re.I)


def assert_friendly(response, heading: str) -> None:
    """A page in the site's layout, with the given heading, a way on, and nothing internal.

    ``response`` came through :class:`ClientRequest`, which checked its status and page.
    """
    assert response.mimetype == "text/html"
    page = parse(response.data)
    assert heading in page.h1.get_text()
    assert page.select_one("#exit-this-page"), "the exit button is on every page"
    assert {"/", "/resources"} <= {a["href"] for a in page.select("main a")}
    assert not LEAKS.search(response.get_data(as_text=True)), LEAKS.search(
        response.get_data(as_text=True)
    )


@pytest.fixture(scope="module")
def crashing_app():
    """The real app plus routes that fail in each way an error page covers."""
    app = create_app({"TESTING": True, "SECRET_KEY": "x"})

    def fail(code: int):
        abort(code)

    def crash():
        raise RuntimeError("details that must stay private: CANARY-IN-EXCEPTION")

    app.add_url_rule("/fail/<int:code>", view_func=fail)
    app.add_url_rule("/crash", view_func=crash)

    @app.before_request
    def crash_under_any_path():
        # Any path, even one no rule would match (a line break in it).
        if request.path.startswith("/crash/"):
            crash()

    return app


ERRORS = {
    400: "Something went wrong with that request",
    404: "Page not found",
    405: "That action is not possible here",
    408: "The page took too long to receive what was sent",
    413: "Too much was sent",
    500: "Sorry, there is a problem with this service",
}


@pytest.mark.parametrize(("code", "heading"), ERRORS.items())
def test_every_error_page_is_friendly_and_shows_nothing_internal(crashing_app, code, heading):
    client_request = ClientRequest(crashing_app.test_client())
    assert_friendly(client_request.get_response(f"/fail/{code}", status=code), heading)


def test_a_crash_shows_the_friendly_page_and_logs_no_details(crashing_app, caplog):
    client_request = ClientRequest(crashing_app.test_client())
    with caplog.at_level(logging.ERROR):
        response = client_request.get_response("/crash?q=CANARY-IN-QUERY", status=500)
    assert_friendly(response, ERRORS[500])
    assert b"CANARY" not in response.data
    messages = [record.getMessage() for record in caplog.records]
    assert messages == ["Unhandled RuntimeError on GET /crash"]


@pytest.mark.parametrize("control", ["%0a", "%0d", "%1b", "%c2%85", "%e2%80%a8", "%00"])
def test_a_crash_log_line_stays_one_line_whatever_the_path(crashing_app, caplog, control):
    # Found by an outside attack (on the access log): a decoded line break
    # in the path forged a second log line.
    forged = f"/crash/x{control}[28/Nov/2026:03:00:00 +0000] Unhandled RuntimeError on GET /forged"
    with caplog.at_level(logging.ERROR):
        ClientRequest(crashing_app.test_client()).get(forged, status=500)
    (message,) = [record.getMessage() for record in caplog.records]
    assert message.startswith("Unhandled RuntimeError on GET /crash/x\\"), message
    assert message.isprintable(), message
    assert "\u2028" not in message


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_get_a_friendly_405_that_says_what_is_allowed(client_request, method):
    response = client_request.open("/check", method=method, status=405)
    assert_friendly(response, ERRORS[405])
    allowed = {m.strip() for m in response.headers["Allow"].split(",")}
    assert {"GET", "POST"} <= allowed
    assert method not in allowed


def test_posting_to_a_page_without_a_form_is_a_405(client_request):
    response = client_request.post_response("/resources", {"danger": "yes"}, token=None, status=405)
    assert_friendly(response, ERRORS[405])
    assert "POST" not in response.headers["Allow"]


def test_ten_megabytes_get_a_friendly_413_and_the_app_keeps_serving(client_request):
    body = {"danger": "yes", "minor": "no", "notes": "x" * (10 << 20)}
    assert_friendly(client_request.post_response("/check", body, status=413), ERRORS[413])
    client_request.get("/check")


def test_just_over_64_kib_is_refused_and_just_under_is_read(client_request):
    answers = {"danger": "no", "minor": "no"}
    over = {**answers, "padding": "x" * (64 * 1024)}
    assert_friendly(client_request.post_response("/check", over, status=413), ERRORS[413])
    under = client_request.post("/check", {**answers, "padding": "x" * (60 * 1024)})
    assert "What to do next" in under.h1.get_text()


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_a_form_with_too_many_parts_is_refused(client_request, encoding):
    pairs = [("work", "owes-debt")] * (
        client_request.client.application.config["MAX_FORM_PARTS"] + 1
    )
    if encoding == "multipart":
        pairs.append(("upload", (io.BytesIO(b"x"), "x.txt")))
    response = client_request.post_response("/check", pairs, status=413)
    assert_friendly(response, ERRORS[413])


def test_a_file_part_before_too_many_parts_is_refused_and_leaves_nothing_open(client_request):
    # The parser stops at the part over the limit, after it has opened the
    # file part's stream; a stream left open warns (an error in this suite).
    limit = client_request.client.application.config["MAX_FORM_PARTS"]
    parts = [("upload", "x", "x.txt"), *[("work", "owes-debt")] * (limit + 1)]
    body = multipart(parts)
    response = client_request.open(
        "/check", method="POST", data=body, headers=MULTIPART, status=413
    )
    assert_friendly(response, ERRORS[413])
    del response
    gc.collect()  # a stream left open warns as it is collected: here, not in a later test


@pytest.fixture
def no_temporary_files(monkeypatch):
    """Make any file on disk an error while a test runs.

    Werkzeug keeps a file part in a SpooledTemporaryFile, in memory up to
    500 KB: far over MAX_CONTENT_LENGTH, so its move to disk (a
    TemporaryFile) never comes.
    """

    def refuse(*args, **kwargs):
        raise AssertionError("a temporary file was opened for a request body")

    for name in ("TemporaryFile", "NamedTemporaryFile", "mkstemp"):
        monkeypatch.setattr(tempfile, name, refuse)
        if hasattr(formparser, name):
            monkeypatch.setattr(formparser, name, refuse)


@pytest.mark.parametrize("length_known", [True, False], ids=["content-length", "chunked"])
def test_a_multipart_post_is_read_in_memory_never_spooled_to_disk(
    client_request, no_temporary_files, length_known
):
    data = {
        "danger": "no",
        "minor": "unsure",
        "work": "owes-debt",
        # A file part as big as the body limit allows.
        "upload": (io.BytesIO(b"\0" * (60 * 1024)), "photo.jpg", "image/jpeg"),
    }
    overrides = {}
    if not length_known:
        # A chunked body: the server does not know its size in advance, the
        # case where a temporary file would go straight to disk.
        overrides = CHUNKED_STREAM
    page = client_request.post(
        "/check", data, content_type="multipart/form-data", environ_overrides=overrides
    )
    assert "What to do next" in page.h1.get_text()


@pytest.mark.parametrize("body", ['{"csrf_token": 5}', '"danger"', '[["danger", "yes"]]'])
def test_a_json_body_is_refused_with_the_friendly_400(client_request, body):
    # No form on the site sends JSON; read as form data it could crash the form.
    response = client_request.open(
        "/check", method="POST", data=body, content_type="application/json", status=400
    )
    assert_friendly(response, ERRORS[400])


def test_a_multipart_field_without_a_usable_name_is_a_bad_request(client_request):
    # Found by the fuzz test: a line break in a part's name leaves the field
    # nameless, which crashed the token check with a 500.
    body = multipart([("\n", "yes")])
    response = client_request.open(
        "/check", method="POST", data=body, headers=MULTIPART, status=400
    )
    assert_friendly(response, ERRORS[400])


@pytest.mark.parametrize("target", ["/check", "/es/check", "/training/roofing-job"])
def test_a_file_part_in_place_of_the_token_gives_the_form_back_with_the_answers(
    client_request, target
):
    # Found by an outside attack: the file reached the token check (500).
    client_request.get(target)
    parts = [("csrf_token", ".", "a"), ("danger", "no"), ("work", "owes-debt")]
    response = client_request.open(target, method="POST", data=multipart(parts), headers=MULTIPART)
    page = parse(response.data)
    assert page.select_one("#token-notice"), "the token is missing, so the notice shows"
    assert page.select_one("#danger-no").has_attr("checked")
    assert page.select_one("#work-owes-debt").has_attr("checked")


def test_file_parts_under_every_field_name_change_nothing(client_request, checklist):
    token = token_from(client_request.get("/check"))
    names = [name for name, _ in form_fields(checklist)]
    # Each file part carries a value the field would accept, so only
    # ignoring it keeps the answer the text fields give.
    decoys = [(name, "change" if name == "action" else "yes", "a") for name in names]
    real = [("csrf_token", token), ("danger", "no"), ("minor", "no")]
    body = multipart(decoys + real)
    page = parse(client_request.open("/check", method="POST", data=body, headers=MULTIPART).data)
    assert "What to do next" in page.h1.get_text()
    assert not page.select_one("#step-emergency"), "the file part's danger=yes was not used"


@pytest.mark.parametrize("token_first", [True, False], ids=["token-first", "token-last"])
def test_a_chunked_body_over_64_kib_gets_the_friendly_413(client_request, token_first):
    # Found by an outside attack: a chunked body was cut silently at 64 KiB
    # and answered as if the rest had never been sent.
    token = token_from(client_request.get("/check"))
    pairs = [("danger", "no"), ("minor", "no"), ("notes", "x" * 200_000)]
    pairs.insert(0 if token_first else len(pairs), ("csrf_token", token))
    response = client_request.open(
        "/check",
        method="POST",
        status=413,
        data=urlencode(pairs),
        content_type="application/x-www-form-urlencoded",
        # As gunicorn hands over a chunked body: no length, a terminated stream.
        environ_overrides=CHUNKED_STREAM,
    )
    assert_friendly(response, ERRORS[413])


class StalledStream(io.BytesIO):
    """A body the server stopped waiting for: its read deadline passed (gunicorn_worker)."""

    def read(self, size: int | None = -1) -> bytes:
        raise TimeoutError("request not received in time")

    def readinto(self, buffer) -> int:
        raise TimeoutError("request not received in time")


@pytest.mark.parametrize(("prefix", "heading"), [("", ERRORS[408]), ("/es", "tardó demasiado")])
def test_a_body_that_stalls_past_the_deadline_gets_the_friendly_408(
    client_request, prefix, heading
):
    response = client_request.open(
        f"{prefix}/check",
        method="POST",
        status=408,
        input_stream=StalledStream(),
        content_type="application/x-www-form-urlencoded",
        environ_overrides={"CONTENT_LENGTH": "100"},
    )
    if prefix:
        assert heading in parse(response.data).h1.get_text()
    else:
        assert_friendly(response, heading)


def test_a_chunked_body_within_the_limit_is_read_whole(client_request):
    token = token_from(client_request.get("/check"))
    pairs = [("notes", "x" * (60 * 1024)), ("danger", "no"), ("minor", "no")]
    response = client_request.open(
        "/check",
        method="POST",
        data=urlencode([*pairs, ("csrf_token", token)]),
        content_type="application/x-www-form-urlencoded",
        environ_overrides=CHUNKED_STREAM,
    )
    assert "What to do next" in parse(response.data).h1.get_text()
