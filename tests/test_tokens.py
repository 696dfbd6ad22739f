"""A failed security token never loses the answers: expired, missing or from another key."""

from __future__ import annotations

import time

import pytest
from itsdangerous.timed import TimestampSigner

from .pages import ClientRequest, token_from

HTTPS = "https://localhost"

# Answers from both triage questions and several groups, so that losing any
# one of them would show.
ANSWERS = [
    ("danger", "unsure"),
    ("minor", "yes"),
    ("control", "never-alone"),
    ("work", "owes-debt"),
    ("physical", "deprived-of-care"),
]
TICKED = ["#danger-unsure", "#minor-yes", "#control-never-alone", "#work-owes-debt"]
TICKED.append("#physical-deprived-of-care")


def assert_form_back_with_answers(page, old_token: str, renewed: bool = True) -> str:
    """The form came back filled in, with the plain notice and a token; return the token.

    ``renewed``: the old token was unusable, so the page must carry a new one.
    """
    notice = page.select_one("#token-notice")
    assert notice is not None, "no 'please check and send again' notice"
    assert "Please check and send again" in notice.get_text()
    for selector in TICKED:
        assert page.select_one(selector).has_attr("checked"), f"{selector} was lost"
    # The form-level error summary is for the answers; these were fine.
    assert not page.select_one(".error-summary")
    token = token_from(page)
    assert token
    if renewed:
        assert token != old_token
    return token


def send_again(client_request, token: str, **kwargs):
    """Send the returned form again, as the worker would after checking it."""
    page = client_request.post("/check", ANSWERS, token=token, **kwargs)
    assert "What to do next" in page.h1.get_text(), page.h1
    return page


def test_an_expired_token_gives_the_form_back_with_every_answer(app, client_request, monkeypatch):
    token = token_from(client_request.get("/check"))
    later = int(time.time()) + app.config["WTF_CSRF_TIME_LIMIT"] + 60
    # The worker left the form open for longer than the token lives.
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    page = client_request.post("/check", ANSWERS, token=token)
    fresh = assert_form_back_with_answers(page, token)
    send_again(client_request, fresh)


def test_a_short_time_limit_from_settings_is_honoured(app_with, monkeypatch):
    client_request = ClientRequest(app_with(WTF_CSRF_TIME_LIMIT=60).test_client())
    token = token_from(client_request.get("/check"))
    two_minutes_on = int(time.time()) + 120
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: two_minutes_on)
    page = client_request.post("/check", ANSWERS, token=token)
    send_again(client_request, assert_form_back_with_answers(page, token))


def test_a_missing_cookie_gives_the_form_back_with_every_answer(client_request):
    token = token_from(client_request.get("/check"))
    # The browser dropped the cookie (closed, cleared, or a new tab after exit).
    client_request.client.delete_cookie("screening")
    page = client_request.post("/check", ANSWERS, token=token)
    fresh = assert_form_back_with_answers(page, token)
    send_again(client_request, fresh)


def test_a_missing_token_field_gives_the_form_back_with_every_answer(client_request):
    client_request.get("/check")
    page = client_request.post("/check", ANSWERS, token=None)
    send_again(client_request, assert_form_back_with_answers(page, ""))


def test_a_token_from_another_key_gives_the_form_back_with_every_answer(app_with, client_request):
    # Another server (or this one after its secret changed) issued the form.
    other = ClientRequest(app_with(SECRET_KEY="another").test_client())
    token = token_from(other.get("/check"))
    client_request.client.set_cookie("screening", other.client.get_cookie("screening").value)
    page = client_request.post("/check", ANSWERS, token=token)
    fresh = assert_form_back_with_answers(page, token)
    send_again(client_request, fresh)


@pytest.mark.parametrize(
    "referrer",
    [
        None,
        "https://elsewhere.example/check",
        # Too malformed to parse: found by an outside attack (a 500 before).
        "https://[::1/",
        "https://localhost:9138.evil.example/",
    ],
)
def test_over_https_a_post_from_elsewhere_gets_the_form_back_too(client_request, referrer):
    # Flask-WTF checks on HTTPS that the post came from this site's own page.
    token = token_from(client_request.get("/check", base_url=HTTPS))
    headers = {"Referer": referrer} if referrer else {}
    page = client_request.post("/check", ANSWERS, token=token, base_url=HTTPS, headers=headers)
    # The token itself is still good; the page carries it, and sending the
    # form from this site's own page then works.
    again = assert_form_back_with_answers(page, token, renewed=False)
    send_again(client_request, again, base_url=HTTPS, headers={"Referer": f"{HTTPS}/check"})


def test_over_https_a_post_from_the_page_itself_works(client_request):
    token = token_from(client_request.get("/check", base_url=HTTPS))
    send_again(client_request, token, base_url=HTTPS, headers={"Referer": f"{HTTPS}/check"})


@pytest.mark.parametrize("change", [False, True], ids=["sent", "language switch"])
@pytest.mark.parametrize("where", ["checklist", "practice"])
def test_a_failed_token_marks_the_tab_as_an_error_on_every_answers_form(
    client_request, scenarios, where, change
):
    # The tab's title is what a screen reader reads first, and a phone shows
    # over the page: the notice must not be the only sign something failed.
    path = "/check" if where == "checklist" else f"/training/{next(iter(scenarios))}"
    heading = client_request.get(path).h1.get_text()
    answers = [*ANSWERS, ("action", "change")] if change else ANSWERS
    returned = client_request.post(path, answers, token=None)
    assert_form_back_with_answers(returned, "")
    assert returned.title.get_text().startswith(f"Error: {heading}")
