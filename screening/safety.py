"""The safety layer: security headers, no-store, the session cookie, error pages, one-line logs.

Everything here applies to every response in one place, so a new page is
safe without remembering anything. The two pages about leaving safely live
here too: quick exit (``/exit``) and what it does and does not do
(``/staying-safe``).

What a request may send is Werkzeug's to enforce (``MAX_CONTENT_LENGTH``,
``MAX_FORM_PARTS``), but for the few gaps :func:`_refuse_odd_bodies` fills.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
)
from flask.sessions import SecureCookieSessionInterface
from flask_babel import lazy_gettext as _l
from gunicorn.http.errors import ParseException
from werkzeug.exceptions import (
    BadRequest,
    ClientDisconnected,
    HTTPException,
    InternalServerError,
)

from .language import page_route
from .log_lines import ONE_LINE

bp = Blueprint("safety", __name__)

# Browser features the app never needs; turning them off limits what an
# injected script or a compromised frame could do.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "sync-xhr",
        "usb",
        "xr-spatial-tracking",
    )
)

HSTS = "max-age=63072000"
#: Added only when HSTS_INCLUDE_SUBDOMAINS is set: on a shared intranet host
#: every other name under the domain would be held to HTTPS too.
HSTS_SUBDOMAINS = "; includeSubDomains"

ERROR_MESSAGES = {
    400: (
        _l("Something went wrong with that request"),
        _l("The page could not understand what was sent. Go back and try again."),
    ),
    404: (_l("Page not found"), _l("There is no page at this address. It may have been mistyped.")),
    405: (
        _l("That action is not possible here"),
        _l("This page cannot be used in that way. Start again from the links below."),
    ),
    408: (
        _l("The page took too long to receive what was sent"),
        _l("Nothing you entered has been kept. Go back and send it again."),
    ),
    413: (
        _l("Too much was sent"),
        _l("The form sent more than this service accepts. Go back and send it again."),
    ),
    500: (
        _l("Sorry, there is a problem with this service"),
        _l("Nothing you entered has been kept. Try again in a moment."),
    ),
}


#: The app's one cookie, by a name of its own: on a shared intranet host,
#: another Flask app's cookie is "session", and each would overwrite the other.
COOKIE_NAME = "screening"


class PrivateSessionInterface(SecureCookieSessionInterface):
    """The session cookie holds only the form token, and is as locked down as the request allows.

    Over HTTPS it is ``Secure`` and named with the ``__Host-`` prefix, which
    the browser only accepts from this exact host, over HTTPS, for path ``/``.
    """

    def get_cookie_name(self, app: Flask) -> str:
        return f"__Host-{COOKIE_NAME}" if request.is_secure else COOKIE_NAME

    def get_cookie_secure(self, app: Flask) -> bool:
        return request.is_secure

    def get_cookie_path(self, app: Flask) -> str:
        # __Host- cookies must have path "/"; behind a path prefix that is
        # still this host's own cookie.
        return "/"

    def get_cookie_domain(self, app: Flask) -> None:
        return None


def init_app(app: Flask) -> None:
    """Install the headers, the cookie rules, the error pages and the log filter.

    The two pages (``bp``) are registered by ``create_app`` with the others.
    """
    # What the app logs names a path, which a client chooses: keep each
    # record on its own line (see log_lines).
    app.logger.addFilter(ONE_LINE)
    app.session_interface = PrivateSessionInterface()
    hsts = HSTS + (HSTS_SUBDOMAINS if app.config["HSTS_INCLUDE_SUBDOMAINS"] else "")
    app.after_request(_header_adder(security_headers(app.config["FRAME_ANCESTORS"]), hsts))
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    # gunicorn raises its parser's errors (a malformed chunk) from the body's
    # read, where Werkzeug turns only OSError and ValueError into a 400.
    app.register_error_handler(ParseException, lambda error: _http_error(BadRequest()))
    app.before_request(_refuse_odd_bodies)


def content_security_policy(frame_ancestors: list[str]) -> str:
    """The CSP: nothing but this origin's own stylesheet and script."""
    ancestors = " ".join(frame_ancestors) if frame_ancestors else "'none'"
    return "; ".join(
        (
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            # The favicon is an empty data: URL, so it costs no request.
            "img-src 'self' data:",
            "form-action 'self'",
            "base-uri 'none'",
            f"frame-ancestors {ancestors}",
        )
    )


def security_headers(frame_ancestors: list[str]) -> dict[str, str]:
    """The headers every response carries, whatever it is (built once, at start-up)."""
    headers = {
        "Content-Security-Policy": content_security_policy(frame_ancestors),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
        "Permissions-Policy": PERMISSIONS_POLICY,
    }
    if not frame_ancestors:
        headers["X-Frame-Options"] = "DENY"
    return headers


def _header_adder(fixed: dict[str, str], hsts: str) -> Callable[[Response], Response]:
    # The fixed headers are built once, at start-up, and closed over here.
    def add_headers(response: Response) -> Response:
        headers = response.headers
        headers.update(fixed)
        if request.is_secure:
            headers["Strict-Transport-Security"] = hsts
        if request.endpoint != "static" or response.status_code >= 400:
            # Pages may hold answers: never let a shared phone's cache keep them.
            # Only the versioned static files themselves may be cached; an error
            # page under /static/ is a page like any other.
            headers["Cache-Control"] = "no-store"
            # Added to, not replaced: a compressed page varies by encoding too.
            response.vary.update(("Accept-Language", "Cookie"))
        return response

    return add_headers


def _http_error(error: HTTPException) -> tuple[str, int, dict[str, str]]:
    code = error.code or 500
    if isinstance(error, ClientDisconnected) and isinstance(error.__context__, TimeoutError):
        # Werkzeug reads a body that missed the server's read deadline
        # (screening.gunicorn_worker) as one cut short: say what happened.
        code = 408
    title, message = ERROR_MESSAGES.get(code, ERROR_MESSAGES[400])
    # An error page stands apart from the page that was asked for: the
    # language switch must not offer to re-send a body that was refused (too
    # large, unreadable). See language.language_links.
    g.error_page = True
    page = render_template("errors/error.html", code=code, title=title, message=message)
    # Keep the headers the error itself carries (a 405's Allow); the page
    # brings its own Content-Type.
    headers = {name: value for name, value in error.get_headers() if name.lower() != "content-type"}
    return page, code, headers


def _unexpected_error(error: Exception) -> tuple[str, int, dict[str, str]]:
    # Logged with its traceback by Flask; the page shows none of it.
    # Only the type, method and path: an exception's message or locals could
    # quote what the worker sent. Tests and development get the traceback.
    current_app.logger.error(
        "Unhandled %s on %s %s",
        type(error).__name__,
        request.method,
        request.path,
        exc_info=error if (current_app.testing or current_app.debug) else None,
    )
    return _http_error(InternalServerError())


def _refuse_odd_bodies() -> None:
    """Refuse the bodies Werkzeug would let through but no page's form sends.

    Werkzeug answers 413 for a body announced over ``MAX_CONTENT_LENGTH`` or
    a multipart one of more than ``MAX_FORM_PARTS`` parts, and 400 for a
    body cut short. tests/test_limits.py shows what it leaves to the app.
    """
    if request.method != "POST":
        return
    # Flask-WTF reads a JSON body as form data, where a list or a number in
    # place of a string crashes the form.
    if request.is_json:
        abort(400)
    if request.content_length is None:
        # A chunked body: Werkzeug reads it up to MAX_CONTENT_LENGTH and stops
        # there, silently. Read it (kept for the form); reaching the limit is
        # taken as going past it, so nothing is answered from half a body.
        request.get_data()
        if getattr(request.stream, "is_exhausted", False):
            abort(413)
    # Werkzeug counts multipart parts only: hold the urlencoded form the pages
    # send to the same few, so 64 KiB of tiny fields is refused too.
    parts = sum(len(values) for _, values in request.form.lists())
    if parts > current_app.config["MAX_FORM_PARTS"]:
        abort(413)
    # A line break in a multipart part's name leaves the field nameless,
    # which Flask-WTF's token lookup cannot handle.
    if None in request.form:
        abort(400)


@page_route(bp, "/exit")
def exit_page() -> Response:
    """Leave at once: clear what the browser holds for this site, then go somewhere neutral."""
    response = redirect(current_app.config["EXIT_URL"], code=303)
    # "cache" and "storage" reach this origin only. "cookies" would reach
    # every cookie of the registered domain: under intranet.example.org it
    # would sign staff out of the intranet and their webmail. The app's own
    # cookie is expired by name instead.
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    interface = current_app.session_interface
    response.delete_cookie(
        interface.get_cookie_name(current_app),
        path=interface.get_cookie_path(current_app),
        secure=interface.get_cookie_secure(current_app),
        httponly=True,
        samesite="Lax",
    )
    return response


@page_route(bp, "/staying-safe")
def staying_safe() -> str:
    """What quick exit does and does not erase, and other ways to stay safe online."""
    exit_site = urlsplit(current_app.config["EXIT_URL"]).hostname
    return render_template("safety/staying_safe.html", exit_site=exit_site)
