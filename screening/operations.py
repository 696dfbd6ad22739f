"""Running behind a proxy, the hosts the app answers for, and the health check.

Behind a reverse proxy the app learns the visitor's scheme, host, port and
path prefix (``/screening``) from ``X-Forwarded-*`` headers, but only from as
many proxies as ``TRUSTED_PROXIES`` says. With the default, 0, such headers
are ignored: anyone can send them, and trusting them would let a client
forge HTTPS, the host in links and the path prefix. Even from a trusted
proxy, a prefix is believed only when it is a plain path.

The Host header is checked against ``TRUSTED_HOSTS`` when that is set, and
the app's own redirects (``/es`` to ``/es/``) are relative, so whatever Host
a client sends never becomes the place a redirect leads to.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

from flask import Blueprint, Flask, Response, abort, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wsgi import host_is_trusted

bp = Blueprint("operations", __name__)

#: A path prefix as a proxy would send it: ``/screening``, ``/org/tools/``.
#: One leading slash, segments of unreserved URL characters, no empty segment.
_PLAIN_PREFIX = re.compile(r"(?:/[A-Za-z0-9._~-]+)*/?")


def init_app(app: Flask) -> None:
    """Trust the configured proxies and hosts, keep redirects relative, and add ``/healthz``."""
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = PlainPrefixProxyFix(  # type: ignore[method-assign]
            app.wsgi_app,
            x_for=proxies,
            x_proto=proxies,
            x_host=proxies,
            x_port=proxies,
            x_prefix=proxies,
        )
    # Flask would check TRUSTED_HOSTS itself, but before a request has what
    # it needs to build links, so its refusal could not be the friendly page.
    # The app checks the setting instead, first thing.
    hosts = list(app.config["TRUSTED_HOSTS"])
    app.config["TRUSTED_HOSTS"] = None
    if hosts:
        app.before_request(_host_checker(hosts))
    app.after_request(_relative_redirect)
    app.register_blueprint(bp)


def plain_prefix(value: str) -> bool:
    """True for a path prefix the app may put in front of its links (``/screening``)."""
    if not _PLAIN_PREFIX.fullmatch(value):
        return False
    return not any(segment.strip(".") == "" for segment in value.strip("/").split("/") if segment)


class PlainPrefixProxyFix(ProxyFix):
    """Werkzeug's ProxyFix, believing ``X-Forwarded-Prefix`` only when it is a plain path.

    The prefix starts every link, form action and stylesheet address, so a
    value such as ``//evil.example`` would send them all to another site.
    Anything but a plain path is ignored, as if the header had not been sent.
    """

    def __call__(self, environ, start_response):  # type: ignore[no-untyped-def]
        """Drop an unusable prefix, then apply the forwarded headers as ProxyFix does."""
        # The value ProxyFix will pick: the one the last trusted proxy added.
        chosen = self._get_real_value(self.x_prefix, environ.get("HTTP_X_FORWARDED_PREFIX"))
        if chosen is not None and not plain_prefix(chosen):
            del environ["HTTP_X_FORWARDED_PREFIX"]
        return super().__call__(environ, start_response)


def _host_checker(hosts: list[str]) -> Callable[[], None]:
    def check_host() -> None:
        if not host_is_trusted(request.host, hosts):
            abort(400)

    return check_host


def _relative_redirect(response: Response) -> Response:
    # Werkzeug writes its own redirects (a missing trailing slash, doubled
    # slashes) as absolute addresses built from the Host header. Within this
    # site a path is enough, and it cannot be pointed elsewhere.
    location = response.headers.get("Location")
    if location:
        parts = urlsplit(location)
        if parts.scheme == request.scheme and parts.netloc == request.host:
            # One leading slash: "//x" would name another host.
            path = "/" + parts.path.lstrip("/")
            response.headers["Location"] = urlunsplit(("", "", path, parts.query, parts.fragment))
    return response


@bp.get("/healthz")
def healthz() -> Response:
    """For load balancers: 200 and two bytes once the app has started (content is checked)."""
    # The safety layer adds Cache-Control: no-store to every page, this included.
    return Response("ok", mimetype="text/plain")
