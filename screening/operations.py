"""Running behind a proxy, the hosts the app answers for, and the health check.

Behind a reverse proxy the app learns the visitor's scheme, host, port and
path prefix (``/screening``) from ``X-Forwarded-*`` headers, but only from as
many proxies as ``TRUSTED_PROXIES`` says. With the default, 0, such headers
are ignored: anyone can send them, and trusting them would let a client
forge HTTPS, the host in links and the path prefix. Even from a trusted
proxy, a prefix is believed only when it is a plain path.

The Host header (or the host a trusted proxy forwards) is checked before
Flask sees the request: it must be a host name the app can build its links
with and, unless ``TRUSTED_HOSTS`` is empty, one of those (by default the
loopback names only), whatever its case and with or without a final dot.
Any other gets the friendly 400. The app's own redirects (``/es`` to
``/es/``) are relative, so whatever Host a client sends, in whatever case,
never becomes the place a redirect leads to.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Collection
from io import BytesIO
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from flask import Blueprint, Flask, Request, Response, abort, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wsgi import get_host, host_is_trusted

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

bp = Blueprint("operations", __name__)

#: A path prefix as a proxy would send it: ``/screening``, ``/org/tools/``.
#: One leading slash, segments of unreserved URL characters, no empty segment.
_PLAIN_PREFIX = re.compile(r"(?:/[A-Za-z0-9._~-]+)*/?")

#: Set in the WSGI environ when the Host was refused; the app then answers 400.
REFUSED_HOST = "screening.refused_host"
#: What stands in for a refused Host while Flask builds the 400 page: a name
#: reserved never to resolve (RFC 6761), in case it ever showed in a link.
STAND_IN_HOST = "refused.invalid"


def init_app(app: Flask) -> None:
    """Trust the configured proxies and hosts, and keep redirects relative.

    ``/healthz`` (``bp``) is registered by ``create_app`` with the other pages.
    """
    # HostCheck applies TRUSTED_HOSTS before Flask runs, so a refusal can be
    # the friendly page; ProxyFix, if any, wraps it (below), so the host
    # checked is the one the proxy forwarded. The setting stays as it is.
    app.wsgi_app = HostCheck(app.wsgi_app, app.config["TRUSTED_HOSTS"])  # type: ignore[method-assign]
    app.request_class = AppRequest
    app.before_request(_refuse_checked_host)
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
    app.after_request(_relative_redirect)


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


class AppRequest(Request):
    """Flask's request, whose host :class:`HostCheck` has already judged by ``TRUSTED_HOSTS``,
    and which keeps a file part in memory.

    Flask applies ``TRUSTED_HOSTS`` again as it builds the URL adapter, with
    Werkzeug's comparison: exact case, a final dot that counts, and an IPv6
    entry (``[::1]``) that never matches. Its refusal also leaves the request
    with no URL adapter, so the error page could build no link. The copy
    Flask hands the request is therefore set aside: the one check is
    HostCheck's, on the same setting.
    """

    @property
    def trusted_hosts(self) -> None:  # type: ignore[override]
        """None: the host was checked before Flask ran (see the class)."""
        return None

    @trusted_hosts.setter
    def trusted_hosts(self, value: object) -> None:
        del value  # Flask's copy of TRUSTED_HOSTS, already applied by HostCheck

    def _get_file_stream(self, *args, **kwargs) -> BytesIO:  # type: ignore[override]
        # No form here takes a file, and a body is at most 64 KiB: a file part
        # someone sends is held in memory. Werkzeug's default, a temporary
        # file, is left unclosed (and warns) when parsing stops on a refused
        # body (too many parts); memory needs no closing.
        return BytesIO()


#: The longest a host name can be (RFC 1035, without the final dot).
MAX_HOST_NAME = 253


def host_name(host: str) -> str:
    """The name in ``host[:port]`` as hosts are compared: lower case, no port, no final dot.

    Host names are case-insensitive, and ``example.org.`` is the same name
    as ``example.org`` (the final dot only says it is complete).
    """
    # An IPv6 address keeps its brackets: its colons are not a port's.
    name = host.partition("]")[0] + "]" if host.startswith("[") else host.partition(":")[0]
    return name.lower().rstrip(".")


def is_trusted(host: str, trusted: Collection[str]) -> bool:
    """True when ``host``'s name is one of ``trusted`` (or under one that starts with a dot)."""
    name = host_name(host)
    for entry in trusted:
        wanted = host_name(entry.removeprefix("."))
        if name == wanted or (entry.startswith(".") and name.endswith("." + wanted)):
            return True
    return False


def usable_host(host: str, trusted: Collection[str] = ()) -> bool:
    """True for a ``host[:port]`` the app can build links with, and one of ``trusted`` if any.

    Werkzeug's check covers the characters and the port; the IDNA encoding
    Werkzeug applies when it binds its URL map refuses what that check lets
    through: a label over 63 characters, an empty label. The list is ours
    (:func:`is_trusted`): Werkzeug's compares case and the final dot.
    """
    if not host_is_trusted(host):
        return False
    if trusted and not is_trusted(host, trusted):
        return False
    if host.startswith("["):
        return True  # an IPv6 address: no labels to encode
    name = host.partition(":")[0]
    try:
        name.lower().encode("idna")
    except UnicodeError:
        return False
    return len(name.rstrip(".")) <= MAX_HOST_NAME


class HostCheck:
    """WSGI middleware: refuse a Host the app cannot use before Flask reads it.

    Flask binds its URL map to the Host as it sets up the request, before
    any handler runs: an unusable one (a label over 63 characters) left the
    request with no way to build links, so even the error page failed. Here
    such a Host is replaced with a harmless stand-in and the request marked;
    :func:`_refuse_checked_host` then answers with the friendly 400.
    """

    def __init__(self, app: WSGIApplication, trusted: Collection[str]) -> None:
        self.app = app
        self.trusted = tuple(trusted)

    def __call__(self, environ, start_response):  # type: ignore[no-untyped-def]
        """Check the host the request names (after any proxy's headers); pass the request on."""
        if "HTTP_HOST" in environ:
            host = environ["HTTP_HOST"]
        elif self.trusted:
            # HTTP/1.0 may leave Host out: Werkzeug then names the server's
            # own address, which must be trusted too.
            host = get_host(environ)
        else:
            host = None  # nothing a client chose
        trusted = () if _local_health_check(environ) else self.trusted
        if host is not None and not usable_host(host, trusted):
            environ["HTTP_HOST"] = STAND_IN_HOST
            environ[REFUSED_HOST] = True
        return self.app(environ, start_response)


#: The health check's path: answered on loopback whatever the Host.
HEALTH_CHECK = "/healthz"


def _local_health_check(environ) -> bool:  # type: ignore[no-untyped-def]
    """True for ``/healthz`` asked from this machine, which names no public host.

    ``curl http://127.0.0.1:8000/healthz`` sends ``Host: 127.0.0.1:8000``;
    the answer is two bytes with no link in it, so that Host can do no harm.
    Behind a trusted proxy the client is the one the proxy names (ProxyFix
    runs first), so a request through nginx is judged as usual.
    """
    if environ.get("PATH_INFO") != HEALTH_CHECK:
        return False
    try:
        return ipaddress.ip_address(environ.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def _refuse_checked_host() -> None:
    if request.environ.get(REFUSED_HOST):
        abort(400)


def _relative_redirect(response: Response) -> Response:
    # Werkzeug writes its own redirects (a missing trailing slash, doubled
    # slashes) as absolute addresses built from the Host header. Within this
    # site a path is enough, and it cannot be pointed elsewhere.
    location = response.headers.get("Location")
    if location:
        parts = urlsplit(location)
        # Werkzeug lower-cases the host it writes: compare names as hosts are.
        same_host = host_name(parts.netloc) == host_name(request.host)
        if parts.scheme == request.scheme and same_host:
            # One leading slash: "//x" would name another host.
            path = "/" + parts.path.lstrip("/")
            response.headers["Location"] = urlunsplit(("", "", path, parts.query, parts.fragment))
    return response


@bp.get(HEALTH_CHECK)
def healthz() -> Response:
    """For load balancers: 200 and two bytes once the app has started (content is checked)."""
    # The safety layer adds Cache-Control: no-store to every page, this included.
    return Response("ok", mimetype="text/plain")
