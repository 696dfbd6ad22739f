"""Running behind a proxy, and the health check load balancers poll.

Behind a reverse proxy the app learns the visitor's scheme, host, port and
path prefix (``/screening``) from ``X-Forwarded-*`` headers, but only from as
many proxies as ``TRUSTED_PROXIES`` says. With the default, 0, such headers
are ignored: anyone can send them, and trusting them would let a client
forge HTTPS, the host in links and the path prefix.
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response
from werkzeug.middleware.proxy_fix import ProxyFix

bp = Blueprint("operations", __name__)


def init_app(app: Flask) -> None:
    """Trust the configured number of proxies, and add ``/healthz``."""
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app,
            x_for=proxies,
            x_proto=proxies,
            x_host=proxies,
            x_port=proxies,
            x_prefix=proxies,
        )
    app.register_blueprint(bp)


@bp.get("/healthz")
def healthz() -> Response:
    """For load balancers: 200 and two bytes once the app has started (content is checked)."""
    # The safety layer adds Cache-Control: no-store to every page, this included.
    return Response("ok", mimetype="text/plain")
