"""One cookie at most: the session cookie, holding only the form's token, gone with the browser."""

from __future__ import annotations

import pytest
from werkzeug.http import parse_cookie

from .pages import ClientRequest, parse, token_from

HTTPS = "https://localhost"


def set_cookies(response) -> list[str]:
    return response.headers.getlist("Set-Cookie")


def attributes(set_cookie: str) -> dict[str, str]:
    """A Set-Cookie header's attributes, names lower-cased (the first pair is the cookie)."""
    parts = [part.strip() for part in set_cookie.split(";")[1:]]
    return {p.partition("=")[0].lower(): p.partition("=")[2] for p in parts}


def decode(app, set_cookie: str) -> dict:
    """Read the signed session cookie as the app would."""
    value = next(iter(parse_cookie(set_cookie.split(";")[0]).values()))
    serializer = app.session_interface.get_signing_serializer(app)
    return serializer.loads(value)


@pytest.mark.parametrize("base_url", ["http://localhost", HTTPS])
def test_the_only_cookie_holds_only_the_form_token(app, client_request, base_url):
    response = client_request.get_response("/check", base_url=base_url)
    (cookie,) = set_cookies(response)
    contents = decode(app, cookie)
    assert list(contents) == ["csrf_token"]
    # The page's token is derived from the cookie's; the cookie holds no answer.
    assert token_from(parse(response.data))


def test_the_cookie_is_http_only_same_site_lax_and_ends_with_the_browser_session(client_request):
    (cookie,) = set_cookies(client_request.get_response("/check"))
    flags = attributes(cookie)
    # A name of its own: another Flask app on a shared host uses "session".
    assert cookie.startswith("screening=")
    assert "httponly" in flags
    assert flags["samesite"] == "Lax"
    assert flags["path"] == "/"
    assert "expires" not in flags
    assert "max-age" not in flags
    assert "domain" not in flags


def test_over_https_the_cookie_is_secure_and_host_only(client_request):
    (cookie,) = set_cookies(client_request.get_response("/check", base_url=HTTPS))
    flags = attributes(cookie)
    # The __Host- prefix makes the browser refuse the cookie unless it is
    # Secure, has Path=/ and no Domain: it cannot be set by another subdomain.
    assert cookie.startswith("__Host-screening=")
    assert "secure" in flags
    assert flags["path"] == "/"
    assert "domain" not in flags
    assert "httponly" in flags
    assert flags["samesite"] == "Lax"
    assert "expires" not in flags and "max-age" not in flags


def test_a_whole_journey_sets_no_other_cookie_and_keeps_no_answer(app):
    client_request = ClientRequest(app.test_client())
    names = set()
    answers = {"danger": "yes", "minor": "unsure", "work": "owes-debt"}
    responses = [
        client_request.get_response("/check"),
        client_request.get_response("/"),
        client_request.post_response("/check", answers),
        client_request.post_response("/check", {"danger": "maybe"}),
        client_request.get_response("/resources"),
        client_request.get_response("/staying-safe"),
        client_request.get_response("/no-such-page", status=404),
    ]
    for response in responses:
        for cookie in set_cookies(response):
            names.add(cookie.split("=", 1)[0])
            assert set(decode(app, cookie)) <= {"csrf_token"}
    assert names <= {"screening"}
    stored = client_request.client.get_cookie("screening")
    assert set(decode(app, f"screening={stored.value}")) == {"csrf_token"}


@pytest.mark.parametrize(
    ("base_url", "name"), [("http://localhost", "screening"), (HTTPS, "__Host-screening")]
)
def test_exit_forgets_this_site_but_leaves_other_cookies_on_the_domain(
    client_request, base_url, name
):
    client_request.get("/check", base_url=base_url)
    response = client_request.get_response("/exit", status=303, base_url=base_url)
    assert response.headers["Location"].startswith("https://")
    # "cache" and "storage" are cleared for this origin only; "cookies" would
    # clear every cookie of the registered domain (an intranet's sign-in,
    # webmail), so the app expires its own cookie instead.
    cleared = {part.strip() for part in response.headers["Clear-Site-Data"].split(",")}
    assert cleared == {'"cache"', '"storage"'}
    (expired,) = set_cookies(response)
    assert expired.startswith(f"{name}=;")
    flags = attributes(expired)
    assert flags["max-age"] == "0"
    assert flags["path"] == "/"
    assert "domain" not in flags
    assert ("secure" in flags) == (base_url == HTTPS)
    assert client_request.client.get_cookie(name) is None
    assert "no-store" in response.headers["Cache-Control"]
