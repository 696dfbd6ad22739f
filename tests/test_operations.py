"""Operations: the health check, and trusting exactly as many proxies as configured."""

from __future__ import annotations

import pytest
from werkzeug.test import EnvironBuilder, run_wsgi_app

from screening.settings import SETTINGS_FILE_ENV

from .pages import ClientRequest, parse, read_page, token_from

FORGED = {
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "intranet.example",
    "X-Forwarded-Prefix": "/screening",
}


def test_health_check_is_tiny_and_never_cached(client_request):
    response = client_request.get_response("/healthz")
    assert response.data == b"ok"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.mimetype == "text/plain"


def test_health_check_has_no_language_prefix(client_request):
    client_request.get("/es/healthz", status=404)


@pytest.fixture(scope="module")
def behind_one_proxy(app_with):
    hosts = ["intranet.example", "localhost"]
    return ClientRequest(app_with(TRUSTED_PROXIES=1, TRUSTED_HOSTS=hosts).test_client())


def test_behind_a_trusted_proxy_links_keep_the_prefix_and_https(behind_one_proxy):
    response = behind_one_proxy.get_response("/es/check", headers=FORGED)
    page = parse(response.data)
    assert page.select_one("main form")["action"] == "/screening/es/check"
    assert page.select_one("link[rel=stylesheet]")["href"].startswith("/screening/static/")
    assert "Strict-Transport-Security" in response.headers
    assert response.headers["Set-Cookie"].startswith("__Host-screening=")
    redirect = behind_one_proxy.get_response("/es", headers=FORGED, status=308)
    assert redirect.headers["Location"] == "/screening/es/"


def test_with_no_trusted_proxy_forwarded_headers_are_ignored(client_request):
    response = client_request.get_response("/es/check", headers=FORGED)
    page = parse(response.data)
    assert page.select_one("main form")["action"] == "/es/check"
    assert "Strict-Transport-Security" not in response.headers
    assert response.headers["Set-Cookie"].startswith("screening=")
    redirect = client_request.get_response("/es", headers=FORGED, status=308)
    assert "intranet.example" not in redirect.headers["Location"]
    assert "/screening" not in redirect.headers["Location"]


def test_a_trusted_proxy_is_believed_only_for_its_own_hop(app_with):
    # With one proxy trusted, a value the client put before the proxy's own
    # (the left of a comma-separated list) is not believed: the host checked
    # against TRUSTED_HOSTS is the proxy's.
    client_request = ClientRequest(app_with(TRUSTED_PROXIES=1, **INTRANET_ONLY).test_client())
    believed = {"X-Forwarded-Host": "evil.example, intranet.example"}
    client_request.get("/es/", headers=believed)
    refused = {"X-Forwarded-Host": "intranet.example, evil.example"}
    client_request.get("/es/", headers=refused, status=400)


# --- the Host header ----------------------------------------------------------

INTRANET_ONLY = {"TRUSTED_HOSTS": ["intranet.example"]}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/en", "/en/"),
        ("/es", "/es/"),
        ("/en//check", "/en/check"),
        ("/es//training", "/es/training"),
        ("/en?x=1", "/en/?x=1"),
    ],
)
@pytest.mark.parametrize(
    "host", ["evil.example", "EVIL.example", "Evil.Example.", "EVIL.example:80"]
)
def test_the_apps_own_redirects_never_name_the_host_sent(every_host, path, expected, host):
    # Found by an outside attack: the Host header became the redirect's
    # destination (http://evil.example/en/), then again in upper case.
    response = every_host.get_response(path, headers={"Host": host}, status=None)
    assert 300 <= response.status_code < 400, response.status_code
    assert response.headers["Location"] == expected


@pytest.mark.parametrize("host", ["EVIL.example", "evil.EXAMPLE."])
def test_a_forwarded_host_in_upper_case_never_becomes_a_redirect(app_with, host):
    # Found by an outside attack: X-Forwarded-Host: EVIL.example from behind
    # a trusted proxy became http://evil.example/es/.
    behind = ClientRequest(app_with(TRUSTED_PROXIES=1, TRUSTED_HOSTS=[]).test_client())
    redirect = behind.get_response("/es", headers={"X-Forwarded-Host": host}, status=308)
    assert redirect.headers["Location"] == "/es/"


def test_a_trusted_host_in_another_case_still_gets_a_relative_redirect(app_with):
    client_request = ClientRequest(app_with(TRUSTED_HOSTS=["intranet.example"]).test_client())
    redirect = client_request.get_response("/es", headers={"Host": "INTRANET.Example"}, status=308)
    assert redirect.headers["Location"] == "/es/"


def test_the_exit_still_leaves_for_its_own_destination(app, every_host):
    response = every_host.get_response("/exit", headers={"Host": "evil.example"}, status=303)
    assert response.headers["Location"] == app.config["EXIT_URL"]


@pytest.fixture(scope="module")
def every_host(app_with):
    """``TRUSTED_HOSTS = []``: every usable host is answered (never the shipped default)."""
    return ClientRequest(app_with(TRUSTED_HOSTS=[]).test_client())


@pytest.fixture(scope="module")
def intranet_only(app_with):
    return ClientRequest(app_with(**INTRANET_ONLY).test_client())


@pytest.mark.parametrize("path", ["/", "/en", "/check", "/no-such-page", "/static/site.css"])
def test_a_host_outside_trusted_hosts_gets_the_friendly_400(intranet_only, path):
    response = intranet_only.get_response(path, headers={"Host": "evil.example"}, status=400)
    page = parse(response.data)
    assert "Something went wrong with that request" in page.h1.get_text()
    assert "evil.example" not in response.get_data(as_text=True)


def test_trusted_hosts_come_from_the_settings_file(app_with, monkeypatch, tmp_path):
    settings = tmp_path / "settings.toml"
    settings.write_text('TRUSTED_HOSTS = [".example.org"]\n')
    monkeypatch.setenv(SETTINGS_FILE_ENV, str(settings))
    client_request = ClientRequest(app_with().test_client())
    client_request.get("/", headers={"Host": "screening.example.org"})
    client_request.get("/", headers={"Host": "example.org.evil.example"}, status=400)


@pytest.mark.parametrize("address", ["127.0.0.1", "::1"])
def test_the_health_check_answers_on_this_machine_whatever_the_host(intranet_only, address):
    # `curl http://127.0.0.1:8000/healthz` on the server sends Host: 127.0.0.1:8000.
    loopback = {"REMOTE_ADDR": address}
    for host in ("127.0.0.1:8000", "localhost:8001", "[::1]:8000"):
        response = intranet_only.get_response(
            "/healthz", headers={"Host": host}, environ_base=loopback
        )
        assert response.data == b"ok"
    # Every other page still answers only the trusted names, even on loopback.
    intranet_only.get_response(
        "/", headers={"Host": "127.0.0.1:8000"}, environ_base=loopback, status=400
    )


def test_the_health_check_from_elsewhere_still_needs_a_trusted_host(intranet_only, app_with):
    intranet_only.get_response(
        "/healthz",
        headers={"Host": "127.0.0.1:8000"},
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
        status=400,
    )
    # Through a trusted proxy on loopback, the client is the one it names.
    behind_proxy = ClientRequest(app_with(TRUSTED_PROXIES=1, **INTRANET_ONLY).test_client())
    behind_proxy.get_response(
        "/healthz",
        headers={"Host": "127.0.0.1", "X-Forwarded-For": "192.0.2.7"},
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
        status=400,
    )


@pytest.mark.parametrize("host", ["intranet.example", "intranet.example:8443"])
def test_a_trusted_host_is_served(intranet_only, host):
    intranet_only.get("/check", headers={"Host": host})


#: Host values no browser sends and Werkzeug cannot build links with, or that
#: break the rules for a host name: each must get the friendly 400, with or
#: without TRUSTED_HOSTS, never a server error.
UNUSABLE_HOSTS = [
    "a" * 70,  # a label over 63 characters
    "x..y",  # an empty label
    "a." * 127 + "a",  # 255 characters: over the limit for a name (253)
    ".",
    "ex\u00e4mple.org",  # not ASCII (browsers send the xn-- form)
    "a b",
    "evil.example, intranet.example",
    "intranet.example:port",
    "intranet.example:99999",
    "intranet.example:",
    "[::1",
    "",
]


@pytest.fixture(scope="module")
def any_host(app_with):
    """TESTING off, as in production: an exception would become the 500 page, not be raised."""
    return ClientRequest(app_with(TESTING=False, TRUSTED_HOSTS=[]).test_client())


@pytest.mark.parametrize("hosts", ["any_host", "intranet_only"])
@pytest.mark.parametrize("host", UNUSABLE_HOSTS)
def test_an_unusable_host_gets_the_friendly_400(request, hosts, host):
    # Found in review: a label over 63 characters or an empty one made
    # Werkzeug fail to bind its URL map, and the error page then crashed
    # building its links (500), before the TRUSTED_HOSTS check could run.
    client_request = request.getfixturevalue(hosts)
    for path in ("/", "/check", "/static/site.css"):
        response = client_request.get_response(path, headers={"Host": host}, status=400)
        page = read_page(response.data)
        assert "Something went wrong with that request" in page.h1.get_text()
        if len(host) > 3:  # long enough not to be part of the page's own words
            assert host not in response.get_data(as_text=True)


def test_an_unusable_forwarded_host_gets_the_friendly_400(behind_one_proxy):
    # The host a trusted proxy forwards is checked as a Host header is.
    for host in ("a" * 70, "x..y"):
        page = behind_one_proxy.get("/es/", headers={"X-Forwarded-Host": host}, status=400)
        assert "Algo falló con esa solicitud" in page.h1.get_text()


@pytest.mark.parametrize(("hosts", "status"), [("any_host", 200), ("intranet_only", 400)])
def test_a_request_without_host_is_judged_by_the_servers_own_name(request, hosts, status):
    # HTTP/1.0 may leave Host out; Werkzeug then names the server's own
    # address ("localhost" here), which TRUSTED_HOSTS must name too.
    environ = EnvironBuilder("/check").get_environ()
    del environ["HTTP_HOST"]
    app = request.getfixturevalue(hosts).client.application
    body, answer, _ = run_wsgi_app(app, environ, buffered=True)
    assert int(answer.split()[0]) == status
    heading = read_page(b"".join(body)).h1.get_text()
    assert ("Something went wrong" in heading) == (status == 400)


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1:8000",
        "[::1]:8000",
        "LOCALHOST",
        "xn--exmple-cua.org",
        "a" * 63 + ".org",
        "a." * 126 + "a.",  # 253 characters, and a final dot (which does not count)
    ],
)
def test_a_usable_host_is_served_when_any_host_is(every_host, host):
    every_host.get("/check", headers={"Host": host})


# --- the hosts trusted by default -------------------------------------------


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "127.0.0.1:8000", "localhost", "LOCALHOST:8000", "localhost.", "[::1]:8000"],
)
def test_by_default_the_loopback_names_are_served(client_request, host):
    client_request.get("/check", headers={"Host": host})


@pytest.mark.parametrize("path", ["/card", "/es/card", "/check", "/"])
def test_by_default_a_forged_host_never_reaches_a_page(client_request, path):
    # Found by an outside attack: with the shipped settings the card printed
    # and QR-encoded whatever host a client named (http://evil.example/check).
    for host in ("evil.example", "[::2]", "127.0.0.2"):
        response = client_request.get_response(path, headers={"Host": host}, status=400)
        assert host not in response.get_data(as_text=True)


def test_by_default_a_trusted_proxy_may_forward_only_a_loopback_name(app_with):
    behind = ClientRequest(app_with(TRUSTED_PROXIES=1).test_client())
    behind.get("/es/", headers={"X-Forwarded-Host": "127.0.0.1"})
    behind.get("/es/", headers={"X-Forwarded-Host": "evil.example"}, status=400)


@pytest.mark.parametrize(
    "host", ["SCREENING.Example.ORG", "screening.example.org.", "Screening.Example.Org.:443"]
)
@pytest.mark.parametrize("trusted", ["screening.example.org", "Screening.EXAMPLE.org."])
def test_trusted_hosts_match_whatever_the_case_and_a_final_dot(app_with, host, trusted):
    # Found by an outside attack: SCREENING.Example.ORG got the 400 page.
    client_request = ClientRequest(app_with(TRUSTED_HOSTS=[trusted]).test_client())
    client_request.get("/check", headers={"Host": host})
    client_request.get("/check", headers={"Host": "screening.example.org.evil"}, status=400)


def test_a_leading_dot_matches_names_under_it_whatever_the_case(app_with):
    client_request = ClientRequest(app_with(TRUSTED_HOSTS=[".Example.org"]).test_client())
    client_request.get("/check", headers={"Host": "SCREENING.EXAMPLE.ORG."})
    client_request.get("/check", headers={"Host": "notexample.org"}, status=400)


def test_the_trusted_hosts_a_reader_sees_are_the_ones_in_force(app_with):
    # The setting stays in app.config as the settings file gave it: the app
    # checks it (case-insensitively, IPv6 too), and Flask's own check never
    # refuses what the app's check let through.
    hosts = ["Intranet.Example.", "[::1]"]
    app = app_with(TRUSTED_HOSTS=hosts)
    assert app.config["TRUSTED_HOSTS"] == hosts
    client_request = ClientRequest(app.test_client())
    client_request.get("/check", headers={"Host": "intranet.example"})
    client_request.get("/check", headers={"Host": "[::1]:8000"})
    client_request.get("/check", headers={"Host": "localhost"}, status=400)


# --- the path prefix ----------------------------------------------------------


@pytest.mark.parametrize(
    "prefix",
    [
        "//evil.example",
        "javascript:alert(1)//",
        "https://evil.example/x",
        "/ok//evil.example",
        "evil",
        "/a\\b",
        "/a b",
        '/a"b',
        "/a<b",
        "/..",
        "/a%2f..",
        '"/x, //evil.example"',
        "/screening, //evil.example",
    ],
)
def test_a_prefix_that_is_not_a_plain_path_is_ignored(behind_one_proxy, prefix):
    # Found by an outside attack: the prefix began every link, form action
    # and stylesheet address, so //evil.example sent them to another site.
    page = behind_one_proxy.get("/es/check", headers={"X-Forwarded-Prefix": prefix})
    addresses = [a["href"] for a in page.select("a[href^='/']")]
    addresses += [page.select_one("main form")["action"]]
    addresses += [page.select_one("link[rel=stylesheet]")["href"]]
    for address in addresses:
        assert address.startswith(("/es/", "/static/")), (prefix, address)
    redirect = behind_one_proxy.get_response(
        "/es", headers={"X-Forwarded-Prefix": prefix}, status=308
    )
    assert redirect.headers["Location"] == "/es/"


@pytest.mark.parametrize("prefix", ["/screening", "/screening/", "/org-1/screening.v2", "/"])
def test_a_plain_path_prefix_is_used(behind_one_proxy, prefix):
    page = behind_one_proxy.get("/es/check", headers={"X-Forwarded-Prefix": prefix})
    expected = prefix.rstrip("/") + "/es/check"
    assert page.select_one("main form")["action"] == expected


def test_a_malformed_referrer_behind_the_proxy_gives_the_form_back(behind_one_proxy):
    # Found by an outside attack: a 500 from the HTTPS referrer check.
    https = {"X-Forwarded-Proto": "https"}
    token = token_from(behind_one_proxy.get("/check", headers=https))
    for referrer in ("https://[::1/", "https://127.0.0.1:9138.evil.example/"):
        page = behind_one_proxy.post(
            "/check",
            {"danger": "no", "minor": "yes"},
            token=token,
            headers={**https, "Referer": referrer},
        )
        assert page.select_one("#token-notice"), referrer
        assert page.select_one("#minor-yes").has_attr("checked")
