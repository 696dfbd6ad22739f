"""Operations: the health check, and trusting exactly as many proxies as configured."""

from __future__ import annotations

import pytest

from screening import create_app

from .pages import parse

FORGED = {
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "intranet.example",
    "X-Forwarded-Prefix": "/screening",
}


def test_health_check_is_tiny_and_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.data == b"ok"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.mimetype == "text/plain"


def test_health_check_has_no_language_prefix(client):
    assert client.get("/es/healthz").status_code == 404


@pytest.fixture(scope="module")
def behind_one_proxy():
    return create_app({"TESTING": True, "SECRET_KEY": "x", "TRUSTED_PROXIES": 1}).test_client()


def test_behind_a_trusted_proxy_links_keep_the_prefix_and_https(behind_one_proxy):
    response = behind_one_proxy.get("/es/check", headers=FORGED)
    page = parse(response.data)
    assert page.select_one("main form")["action"] == "/screening/es/check"
    assert page.select_one("link[rel=stylesheet]")["href"].startswith("/screening/static/")
    assert "Strict-Transport-Security" in response.headers
    assert response.headers["Set-Cookie"].startswith("__Host-session=")
    redirect = behind_one_proxy.get("/es", headers=FORGED)
    assert redirect.headers["Location"] == "https://intranet.example/screening/es/"


def test_with_no_trusted_proxy_forwarded_headers_are_ignored(client):
    response = client.get("/es/check", headers=FORGED)
    page = parse(response.data)
    assert page.select_one("main form")["action"] == "/es/check"
    assert "Strict-Transport-Security" not in response.headers
    assert response.headers["Set-Cookie"].startswith("session=")
    redirect = client.get("/es", headers=FORGED)
    assert "intranet.example" not in redirect.headers["Location"]
    assert "/screening" not in redirect.headers["Location"]


def test_a_trusted_proxy_is_believed_only_for_its_own_hop(behind_one_proxy):
    # With one proxy trusted, a value the client put before the proxy's own
    # (the left of a comma-separated list) is not believed.
    headers = {"X-Forwarded-Host": "evil.example, intranet.example", "X-Forwarded-Proto": "https"}
    redirect = behind_one_proxy.get("/es", headers=headers)
    assert redirect.headers["Location"] == "https://intranet.example/es/"
