"""The whole journey through nginx running deploy/nginx-screening.conf: /screening/, HTTPS.

Two gunicorn instances stand behind nginx as one upstream, so consecutive
requests land on different instances: a form shown by one is sent to the
other, which works only because they share the secret and nothing else.
"""

from __future__ import annotations

import copy
import re

import pytest

from .. import live_server
from ..http_bodies import multipart, multipart_type
from .conftest import PREFIX, SECRET, Nginx, running_nginx

pytestmark = pytest.mark.server

HEADINGS = {
    "en": {"result": "What to do next", "check": "What have you noticed?"},
    "es": {"result": "Qué hacer ahora", "check": "¿Qué ha notado?"},
}


def _post_form(browser, nginx: Nginx, page_path: str, form, extra=(), referer=None):
    """Send ``form`` (a parsed <form>) as a browser on ``page_path`` would."""
    pairs = [
        (field["name"], field.get("value", ""))
        for field in form.select("input[type=hidden]")
        if field.get("name")
    ]
    pairs += list(extra)
    referer = referer if referer is not None else nginx.origin + page_path
    headers = {"Referer": referer} if referer else {}
    return browser.post(form["action"], pairs, headers=headers)


def _links(page) -> list[str]:
    """The page's own links, leaving out the language switch."""
    return [a["href"] for a in page.select("a[href^='/']:not([hreflang])")]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_whole_journey_passes_through_the_proxy(nginx: Nginx, lang: str):
    browser = nginx.client()
    other = "es" if lang == "en" else "en"

    start = browser.get(f"{PREFIX}/{lang}/")
    assert start.status == 200
    page = start.page()
    assert page.html["lang"] == lang
    # Every link keeps the prefix and the language; static files keep the prefix.
    for href in _links(page):
        assert href.startswith(f"{PREFIX}/{lang}/") or href.startswith(f"{PREFIX}/static/"), href
    assert page.select_one("a[hreflang]")["href"] == f"{PREFIX}/{other}/"
    stylesheet = page.select_one("link[rel=stylesheet]")["href"]
    assert stylesheet.startswith(f"{PREFIX}/static/")
    assert browser.get(stylesheet).status == 200
    # The app knows it is served over HTTPS.
    assert "Strict-Transport-Security" in start.headers

    check_path = page.select_one("a.button--start")["href"]
    assert check_path == f"{PREFIX}/{lang}/check"
    form_reply = browser.get(check_path)
    # The form's token cookie is the strictest kind, which needs HTTPS.
    assert "__Host-screening" in browser.cookies
    assert "Secure" in form_reply.headers["Set-Cookie"]
    form_page = form_reply.page()
    form = form_page.select_one("main form")
    assert form["action"] == check_path
    answers = [("danger", "no"), ("minor", "unsure"), ("control", "holds-documents")]
    result = _post_form(browser, nginx, check_path, form, answers)
    assert result.status == 200, result.body[:300]
    page = result.page()
    assert page.h1.get_text(strip=True) == HEADINGS[lang]["result"]
    assert page.select_one("#step-report-child") and page.select_one("#step-call-hotline")

    # The language switch on the results page sends the answers again.
    button = page.select_one(".language-switch button")
    assert button["formaction"] == f"{PREFIX}/{other}/check"
    switch = copy.copy(page.select_one(f"form#{button['form']}"))
    switch["action"] = button["formaction"]
    switched = _post_form(browser, nginx, check_path, switch).page()
    assert switched.html["lang"] == other
    assert switched.h1.get_text(strip=True) == HEADINGS[other]["result"]
    assert switched.select_one("#step-report-child")

    # "Change your answers" gives the form back, filled in.
    change = page.select_one(".actions form")
    changed = _post_form(browser, nginx, check_path, change, [("action", "change")]).page()
    assert changed.h1.get_text(strip=True) == HEADINGS[lang]["check"]
    assert changed.select_one("#control-holds-documents").has_attr("checked")

    for href in (
        f"{PREFIX}/{lang}/resources",
        f"{PREFIX}/{lang}/card",
        f"{PREFIX}/{lang}/staying-safe",
    ):
        reply = browser.get(href)
        assert reply.status == 200, href
        assert reply.page().html["lang"] == lang


def test_the_referrer_check_works_under_https(nginx: Nginx):
    browser = nginx.client()
    path = f"{PREFIX}/en/check"
    form = browser.get(path).page().select_one("main form")
    answers = [("danger", "no"), ("minor", "no")]
    for referer in ("https://elsewhere.example/check", ""):
        refused = _post_form(browser, nginx, path, form, answers, referer=referer).page()
        assert refused.select_one("#token-notice"), referer
        assert not refused.select_one(".steps")
    accepted = _post_form(browser, nginx, path, form, answers).page()
    assert accepted.select_one(".steps")


def test_redirects_and_health_check_keep_the_prefix(nginx: Nginx):
    browser = nginx.client()
    redirect = browser.get(f"{PREFIX}/es")
    assert redirect.status in (301, 308)
    assert redirect.headers["Location"] in (f"{nginx.origin}{PREFIX}/es/", f"{PREFIX}/es/")
    health = browser.get(f"{PREFIX}/healthz")
    assert health.status == 200
    assert health.body == b"ok"


def test_a_page_with_a_form_token_leaves_the_proxy_uncompressed(nginx: Nginx):
    # nginx.conf has gzip on, as Debian's does; the location turns it off.
    browser = nginx.client()
    gzip = {"Accept-Encoding": "gzip"}
    for path in (f"{PREFIX}/check", f"{PREFIX}/es/check"):
        reply = browser.get(path, headers=gzip)
        assert reply.status == 200 and b'name="csrf_token"' in reply.body
        assert reply.headers.get("Content-Encoding") is None, path
    # What the app may compress, it still does, through the proxy.
    stylesheet = re.search(r'href="([^"]+site\.css[^"]*)"', reply.body.decode()).group(1)
    assert browser.get(stylesheet, headers=gzip).headers.get("Content-Encoding") == "gzip"


def test_forwarded_headers_from_a_client_are_replaced_by_the_proxy(nginx: Nginx):
    forged = {"X-Forwarded-Host": "evil.example", "X-Forwarded-Prefix": "/evil"}
    page = nginx.client().get(f"{PREFIX}/es/", headers=forged).page()
    assert all(href.startswith(f"{PREFIX}/") for href in _links(page))
    redirect = nginx.client().get(f"{PREFIX}/es", headers=forged)
    assert "evil" not in redirect.headers["Location"]


def test_both_instances_served_the_journey(nginx: Nginx):
    # Runs after the journey: each instance's access log shows form posts.
    for instance in nginx.instances:
        posts = re.findall(r'"POST /(?:en|es)/check"', instance.output())
        assert posts, instance.output()[-2000:]


def test_an_instance_trusting_no_proxy_ignores_forwarded_headers(tmp_path):
    direct = live_server.start(tmp_path, secret=SECRET, env={"FLASK_TRUSTED_PROXIES": "0"})
    try:
        forged = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-Host": "evil.example",
            "X-Forwarded-Prefix": "/evil",
            "X-Forwarded-Port": "8443",
        }
        browser = direct.client()
        reply = browser.get("/es/check", headers=forged)
        page = reply.page()
        assert all(not href.startswith("/evil") for href in _links(page))
        assert "Strict-Transport-Security" not in reply.headers
        assert "screening" in browser.cookies and "__Host-screening" not in browser.cookies
        redirect = browser.get("/es", headers=forged)
        assert "evil" not in redirect.headers["Location"]
        assert "https:" not in redirect.headers["Location"]
    finally:
        direct.stop()


def test_plain_http_is_sent_to_https(nginx: Nginx):
    reply = live_server.Client(nginx.http_port).get(f"{PREFIX}/es/check")
    assert reply.status == 301
    assert reply.headers["Location"] == f"https://127.0.0.1{PREFIX}/es/check"
    assert not reply.headers.get("Set-Cookie")


def at_the_root(site: str) -> str:
    """The location file changed as its own comment says, to serve the app at the root of a host."""
    replacements = {
        "location = /screening {\n    return 301 /screening/;\n}\n\n": "",
        "location /screening/ {": "location / {",
        "proxy_pass http://screening/;": "proxy_pass http://screening;",
        "X-Forwarded-Prefix /screening;": 'X-Forwarded-Prefix "";',
    }
    for old, new in replacements.items():
        assert site.count(old) == 1, f"the deploy file no longer has {old!r} once"
        site = site.replace(old, new)
    return site


def test_at_the_root_of_a_host_no_prefix_a_client_sends_reaches_the_app(instances, tmp_path):
    # "/evil" is a plain path: the app would believe it if nginx passed it on.
    with running_nginx(tmp_path, instances, at_the_root) as proxy:
        for forged in ("/evil", "//evil.example"):
            reply = proxy.client().get("/es/check", headers={"X-Forwarded-Prefix": forged})
            assert reply.status == 200, reply.body[:300]
            page = reply.page()
            assert page.select_one("main form")["action"] == "/es/check"
            assert all(href.startswith(("/es/", "/static/")) for href in _links(page)), forged


def test_nginx_keeps_requests_and_answers_in_memory_never_in_a_file(nginx: Nginx):
    # A form post can hold answers, and so can the page that answers it:
    # nginx must not write either to its temporary folders on disk.
    browser = nginx.client()
    path = f"{PREFIX}/en/check"
    token = browser.token(path)
    body = multipart(
        [("csrf_token", token), ("danger", "no"), ("minor", "no"), ("f", "z" * 60_000, "a.jpg")]
    )
    headers = {"Content-Type": multipart_type(), "Referer": nginx.origin + path}
    reply = browser.request("POST", path, body, headers)
    assert "What to do next" in reply.page().h1.get_text()
    for href in (f"{PREFIX}/en/card", f"{PREFIX}/en/training"):
        assert browser.get(href).status == 200
    log = nginx.error_log.read_text()
    assert "buffered to a temporary file" not in log, log


#: What a client sends that nginx's default access log would record.
PERSONAL = {
    "query string": "victim=Jane+Doe+age+15",
    "referrer": "https://referrer.example/about-Jane",
    "user agent": "AgentCanary/1.0",
}


def test_the_access_log_records_no_address_query_referrer_or_user_agent(instances, tmp_path):
    # Found by an outside attack: nginx's default log wrote
    # "GET /screening/check?victim=Jane+Doe+age+15 ..." "curl/7.88.1" and the
    # client's address, all of which the app itself leaves out of its logs.
    headers = {"Referer": PERSONAL["referrer"], "User-Agent": PERSONAL["user agent"]}
    path = f"{PREFIX}/en/check"
    with running_nginx(tmp_path, instances) as proxy:
        reply = proxy.client().get(f"{path}?{PERSONAL['query string']}", headers=headers)
        assert reply.status == 200
        plain = live_server.Client(proxy.http_port)
        assert plain.get(f"{path}?{PERSONAL['query string']}", headers=headers).status == 301
    logs = [log for log in tmp_path.glob("*.log") if log.name not in {"error.log", "stderr.log"}]
    written = "".join(log.read_text() for log in logs)
    # One line: the HTTPS request, named by method, path, status, bytes, time.
    (line,) = written.splitlines()
    assert re.fullmatch(rf'\S+ "GET {path}" 200 \d+ [\d.]+s', line), line
    for what, sent in PERSONAL.items():
        assert sent not in written and "Jane" not in written, what
    assert "127.0.0.1" not in written, "the client's address"
