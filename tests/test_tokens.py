"""A failed security token never loses the answers: expired, missing or from another key."""

from __future__ import annotations

import time

import pytest
from itsdangerous.timed import TimestampSigner

from screening import create_app

from .pages import check_page, multi, parse, token_from

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


def assert_form_back_with_answers(response, old_token: str, renewed: bool = True) -> str:
    """The form came back filled in, with the plain notice and a token; return the token.

    ``renewed``: the old token was unusable, so the page must carry a new one.
    """
    assert response.status_code == 200
    page = parse(response.data)
    check_page(page)
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


def send_again(client, token: str, **kwargs):
    """Send the returned form again, as the worker would after checking it."""
    response = client.post("/check", data=multi([*ANSWERS, ("csrf_token", token)]), **kwargs)
    assert response.status_code == 200
    page = parse(response.data)
    assert "What to do next" in page.h1.get_text(), page.h1
    return page


def test_an_expired_token_gives_the_form_back_with_every_answer(app, client, monkeypatch):
    token = token_from(parse(client.get("/check").data))
    later = int(time.time()) + app.config["WTF_CSRF_TIME_LIMIT"] + 60
    # The worker left the form open for longer than the token lives.
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    response = client.post("/check", data=multi([*ANSWERS, ("csrf_token", token)]))
    fresh = assert_form_back_with_answers(response, token)
    send_again(client, fresh)


def test_a_short_time_limit_from_settings_is_honoured(monkeypatch):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "WTF_CSRF_TIME_LIMIT": 60})
    client = app.test_client()
    token = token_from(parse(client.get("/check").data))
    two_minutes_on = int(time.time()) + 120
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: two_minutes_on)
    response = client.post("/check", data=multi([*ANSWERS, ("csrf_token", token)]))
    send_again(client, assert_form_back_with_answers(response, token))


def test_a_missing_cookie_gives_the_form_back_with_every_answer(app, client):
    token = token_from(parse(client.get("/check").data))
    # The browser dropped the cookie (closed, cleared, or a new tab after exit).
    client.delete_cookie("session")
    response = client.post("/check", data=multi([*ANSWERS, ("csrf_token", token)]))
    fresh = assert_form_back_with_answers(response, token)
    send_again(client, fresh)


def test_a_missing_token_field_gives_the_form_back_with_every_answer(client):
    client.get("/check")
    response = client.post("/check", data=multi(ANSWERS))
    send_again(client, assert_form_back_with_answers(response, ""))


def test_a_token_from_another_key_gives_the_form_back_with_every_answer(app, client):
    # Another server (or this one after its secret changed) issued the form.
    other = create_app({"TESTING": True, "SECRET_KEY": "a-different-secret"}).test_client()
    token = token_from(parse(other.get("/check").data))
    client.set_cookie("session", other.get_cookie("session").value)
    response = client.post("/check", data=multi([*ANSWERS, ("csrf_token", token)]))
    fresh = assert_form_back_with_answers(response, token)
    send_again(client, fresh)


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
def test_over_https_a_post_from_elsewhere_gets_the_form_back_too(app, referrer):
    # Flask-WTF checks on HTTPS that the post came from this site's own page.
    client = app.test_client()
    token = token_from(parse(client.get("/check", base_url=HTTPS).data))
    headers = {"Referer": referrer} if referrer else {}
    response = client.post(
        "/check",
        base_url=HTTPS,
        headers=headers,
        data=multi([*ANSWERS, ("csrf_token", token)]),
    )
    # The token itself is still good; the page carries it, and sending the
    # form from this site's own page then works.
    again = assert_form_back_with_answers(response, token, renewed=False)
    send_again(client, again, base_url=HTTPS, headers={"Referer": f"{HTTPS}/check"})


def test_over_https_a_post_from_the_page_itself_works(app):
    client = app.test_client()
    token = token_from(parse(client.get("/check", base_url=HTTPS).data))
    send_again(client, token, base_url=HTTPS, headers={"Referer": f"{HTTPS}/check"})
