"""A shared intranet host: the app's location included in the intranet's own server {}.

Only the location file is the app's: the host keeps its own header buffers
(an intranet's sign-in cookies run past 4 KiB) and its own limits for the
rest of its pages.
"""

from __future__ import annotations

import pytest

from .conftest import PREFIX, Nginx, running_nginx

pytestmark = pytest.mark.server

#: An intranet's HTTPS server, written the way the site file is (so the
#: test's substitutions apply), with settings of its own and its own pages.
INTRANET = """\
server {
    listen 80;
    return 301 https://$host$request_uri;
}

server {
    listen 443 ssl;
    ssl_certificate /etc/ssl/certs/screening.example.org.pem;
    ssl_certificate_key /etc/ssl/private/screening.example.org.key;
    # The intranet's own choices, which the app's files must not change.
    large_client_header_buffers 4 8k;
    client_max_body_size 10m;

    location / {
        return 200 "intranet home";
    }

    include snippets/screening-location.conf;
}
"""

#: Sign-in cookies as an intranet sets them: 4,200 bytes in one header.
BIG_COOKIES = "; ".join(f"intranet_{n}={'x' * 90}" for n in range(42))


@pytest.fixture(scope="module")
def intranet(tmp_path_factory, instances):
    with running_nginx(tmp_path_factory.mktemp("intranet"), instances, site_text=INTRANET) as proxy:
        yield proxy


def test_the_app_works_under_the_intranet_with_its_sign_in_cookies(intranet: Nginx):
    assert len(BIG_COOKIES) >= 4200
    browser = intranet.client()
    for lang in ("en", "es"):
        reply = browser.get(f"{PREFIX}/{lang}/check", headers={"Cookie": BIG_COOKIES})
        assert reply.status == 200, reply.body[:300]
        assert reply.page().select_one("main form")["action"] == f"{PREFIX}/{lang}/check"


def test_the_intranet_keeps_its_own_limits_for_its_own_pages(intranet: Nginx):
    browser = intranet.client()
    assert browser.get("/").body == b"intranet home"
    # 2 MB to the intranet passes its 10m limit; the app's 1m applies only to /screening/.
    body = [("file", "x" * 2_000_000)]
    assert browser.post("/upload", body).status == 200
    assert browser.post(f"{PREFIX}/check", body).status == 413
