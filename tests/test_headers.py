"""Security headers on every kind of response, graded as the MDN Observatory would grade them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from .pages import ClientRequest
from .repository import ROOT

HTTPS = "https://localhost"
GRADER = ROOT / "tests" / "tools" / "grade_headers.mjs"

# One of each kind of response: a page, the form, a static file, an error,
# a redirect, a refused method, a refused body, a missing static file.
RESPONSES = {
    "page": ("GET", "/", {}),
    "form": ("GET", "/check", {}),
    "static file": ("GET", "/static/site.css", {}),
    "not found": ("GET", "/no-such-page", {}),
    "redirect": ("GET", "/exit", {}),
    "method not allowed": ("DELETE", "/check", {}),
    "too large": ("POST", "/check", {"data": {"x": "y" * 70_000}}),
    "missing static file": ("GET", "/static/no-such-file.css", {}),
    "page under a language prefix": ("GET", "/en/check", {}),
}


def fetch(client_request, kind: str, base_url: str = "http://localhost"):
    method, path, kwargs = RESPONSES[kind]
    response = client_request.open(path, method=method, status=None, base_url=base_url, **kwargs)
    response.close()  # a static file is streamed from an open file
    return response


@pytest.mark.parametrize("kind", RESPONSES)
def test_every_response_carries_the_security_headers(client_request, kind):
    headers = fetch(client_request, kind).headers
    csp = headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in headers["Permissions-Policy"]
    # HSTS only means something over HTTPS; browsers ignore it on plain HTTP.
    assert "Strict-Transport-Security" not in headers


@pytest.mark.parametrize("kind", RESPONSES)
def test_over_https_every_response_asks_for_https_for_at_least_a_year(client_request, kind):
    hsts = fetch(client_request, kind, base_url=HTTPS).headers["Strict-Transport-Security"]
    max_age = int(re.search(r"max-age=(\d+)", hsts).group(1))
    assert max_age >= 365 * 24 * 3600
    # On a shared intranet host, the other names under the domain are not
    # the app's to decide for: includeSubDomains only when asked for.
    assert "includesubdomains" not in hsts.lower()


def test_hsts_covers_subdomains_only_when_the_setting_says_so(app_with):
    client = ClientRequest(app_with(HSTS_INCLUDE_SUBDOMAINS=True).test_client())
    response = client.get_response("/", base_url=HTTPS)
    assert response.headers["Strict-Transport-Security"].endswith("; includeSubDomains")


@pytest.mark.parametrize("kind", [k for k in RESPONSES if k != "static file"])
def test_no_page_may_be_kept_by_the_browser(client_request, kind):
    response = fetch(client_request, kind)
    assert "no-store" in response.headers["Cache-Control"], response.headers


def test_versioned_static_files_may_be_cached(client_request):
    response = fetch(client_request, "static file")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_framing_follows_the_settings(monkeypatch):
    from screening import create_app

    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "FRAME_ANCESTORS": ["https://intranet.example"]}
    )
    csp = ClientRequest(app.test_client()).get_response("/").headers["Content-Security-Policy"]
    assert "frame-ancestors https://intranet.example" in csp


def test_no_inline_script_or_style_in_any_template():
    # The CSP has no 'unsafe-inline', so an inline script or style would be
    # silently blocked in the browser: catch it here instead.
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.I)
    for template in (ROOT / "screening" / "templates").rglob("*.html"):
        found = inline.search(template.read_text())
        assert not found, f"{template.name}: {found.group(0)}"


def observatory_grade(client_request, path: str = "/check") -> dict:
    """Grade a page's response as served over HTTPS, with the Observatory's own code."""
    page = client_request.get_response(path, base_url=HTTPS)
    preflight = client_request.open(
        path,
        method="OPTIONS",
        status=None,
        base_url=HTTPS,
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
    )
    record = {
        "url": HTTPS + path,
        "status": page.status_code,
        "headers": list(page.headers.items()),
        "body": page.get_data(as_text=True),
        "cors_headers": list(preflight.headers.items()),
    }
    node = shutil.which("node")
    assert node, "Node.js is needed to run the Observatory's grader"
    result = subprocess.run(
        [node, str(GRADER)],
        input=json.dumps(record),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.mark.parametrize("path", ["/", "/check"])
def test_the_observatory_grades_the_headers_a_plus(client_request, path):
    graded = observatory_grade(client_request, path)
    failed = {name: t["result"] for name, t in graded["tests"].items() if not t["pass"]}
    assert not failed
    assert graded["grade"] == "A+"
    assert graded["score"] >= 120
