"""Settings for gunicorn, the production server: ``gunicorn -c python:screening.gunicorn_conf``.

The access log names method, path (never the query string), status and time:
no request body, no answer, no client address. Gunicorn's own warnings about
malformed requests are reworded so they quote nothing that was sent. Run
gunicorn behind a buffering proxy (nginx) in production; see the README.
"""

import ipaddress
import os
from collections.abc import Iterable

from gunicorn.glogging import Logger

from screening.log_lines import ONE_LINE, one_line

# Loopback unless told otherwise: only a proxy on the same machine reaches it.
DEFAULT_BIND = "127.0.0.1:8000"
bind = os.environ.get("SCREENING_BIND", DEFAULT_BIND)
workers = int(os.environ.get("SCREENING_WORKERS", "2"))
# A worker busy past `timeout` seconds is killed, and its client gets
# gunicorn's bare 500. A request must therefore be read well within it: each
# connection has `read_deadline` seconds from its start to send the whole
# request, or gets the app's 408 (or, if its headers never came, a closed
# connection and one log line). See screening/gunicorn_worker.py. Both can be
# shortened (tests do) or lengthened, the deadline always below the timeout.


def _seconds(name: str, default: str, kind: type[float] | type[int] = float) -> float:
    value = os.environ.get(name, default)
    try:
        seconds = kind(value)
    except ValueError:
        seconds = 0
    if not 0 < seconds <= 3600:
        # SystemExit: gunicorn (and check-config) stop with this one line.
        raise SystemExit(f"{name}={value!r}: must be a number of seconds, above 0 (at most 3600)")
    return seconds


timeout = int(_seconds("SCREENING_WORKER_TIMEOUT", "30", int))  # gunicorn takes whole seconds
read_deadline = _seconds("SCREENING_READ_TIMEOUT", "10")
if read_deadline >= timeout:
    raise SystemExit(
        f"SCREENING_READ_TIMEOUT ({read_deadline:g}) must be below"
        f" SCREENING_WORKER_TIMEOUT ({timeout:g}): a stalled request must end before"
        " its worker is killed"
    )
worker_class = "screening.gunicorn_worker.DeadlineSyncWorker"
# Load the app once in the master: a broken content file stops start-up at
# once with its one-line message, and workers share the loaded content.
preload_app = True
# Gunicorn 24+ opens a control socket under ~/.gunicorn by default: a file
# the app does not need, and this app writes no files.
control_socket_disable = True
# Each worker's heartbeat is a temporary file; keep it in memory (tmpfs)
# rather than on disk, where the default temporary folder usually is.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = "-"
errorlog = "-"
# %(U)s is the path without the query string, so nothing typed in a URL
# reaches the log either.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
# The app refuses bodies over 64 KiB itself; these bound the request line and
# headers before the app sees them. nginx in front (deploy/) refuses more
# first, so a request it passes on is never refused here with gunicorn's bare
# page: its request line and header lines stop at 4 KiB, and its 4 KiB
# buffers hold at most about 4,300 header lines (each is 4 bytes or more).
limit_request_line = 4094
limit_request_fields = 4500
limit_request_field_size = 8190


class QuietLogger(Logger):
    """Gunicorn's logger, minus the request details its error messages quote.

    For a malformed request gunicorn logs the offending request line or
    header, and for a crash outside the app the full URI: either can carry
    what a person typed (a query string, a header value). The log keeps that
    something went wrong, never the text. Every line it writes is one line:
    control characters in a path (``%0a``) are escaped, never written.
    """

    def __init__(self, cfg) -> None:  # type: ignore[no-untyped-def]
        super().__init__(cfg)
        self.error_log.addFilter(ONE_LINE)

    def atoms(self, resp, req, environ, request_time) -> dict:  # type: ignore[no-untyped-def]
        """The access log's values, each text one escaped to stay on its line."""
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: one_line(value) if isinstance(value, str) else value
            for key, value in atoms.items()
        }

    def warning(self, msg: str, *args, **kwargs) -> None:
        """Log a warning; an invalid request is named by its kind only."""
        if isinstance(msg, str) and msg.startswith("Invalid request from ip="):
            msg, args = "Invalid request refused (what was sent is not logged)", ()
        super().warning(msg, *args, **kwargs)

    def exception(self, msg: str, *args, **kwargs) -> None:
        """Log an error with its traceback, without the request's address."""
        if isinstance(msg, str) and msg.startswith("Error handling request"):
            msg, args = "Error handling request (address not logged)", ()
        super().exception(msg, *args, **kwargs)


logger_class = QuietLogger

# Whom to believe about the visitor's scheme, host and path is the app's
# decision alone (TRUSTED_PROXIES, through Werkzeug's ProxyFix). Gunicorn
# would otherwise believe X-Forwarded-Proto from any client on 127.0.0.1.
forwarded_allow_ips = ""


#: Said once at start-up when the server can be reached from other machines.
EXPOSED_WARNING = (
    "Listening on %s, not only on loopback: gunicorn's sync workers need a buffering "
    "proxy (nginx) in front, or a few slow clients can tie up every worker "
    "(see README, Deploying)"
)


def exposed_addresses(addresses: Iterable[object]) -> list[str]:
    """The listening addresses (as gunicorn parsed them) that other machines may reach.

    Unix sockets and inherited file descriptors are local by nature; a TCP
    address is local only on loopback. A host name other than ``localhost``
    cannot be judged here, so it counts as reachable.
    """
    exposed = []
    for address in addresses:
        if not isinstance(address, tuple):
            continue
        host, port = address
        try:
            local = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            local = False
        if not local:
            exposed.append(f"[{host}]:{port}" if ":" in host else f"{host or '*'}:{port}")
    return exposed


def when_ready(server) -> None:
    """Gunicorn hook, once the sockets are open: warn if they face the network."""
    exposed = exposed_addresses(server.cfg.address)
    if exposed:
        server.log.warning(EXPOSED_WARNING, ", ".join(exposed))
