"""The production server, for tests: gunicorn with the project's config, in a subprocess.

:func:`start` launches ``gunicorn -c python:screening.gunicorn_conf`` on a
port the kernel picks on 127.0.0.1, waits until it answers, and returns a
:class:`Server` whose output (stdout and stderr, i.e. every log line) the
test can read once it has stopped. :class:`Browser` is a small HTTP client
that keeps the one cookie and reads forms as a browser would.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from ..pages import read_page, token_from

GUNICORN = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30.0


@dataclass
class Server:
    """A running gunicorn. ``output()`` is everything it logged (call after ``stop()``)."""

    process: subprocess.Popen
    port: int
    log_path: Path

    def stop(self) -> None:
        """Stop gracefully (SIGTERM), as a service manager would; kill if it hangs."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def output(self) -> str:
        """stdout and stderr together: the access log and the error log."""
        return self.log_path.read_text(errors="replace")

    @property
    def base_url(self) -> str:
        """Where it listens: ``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.port}"

    def browser(self) -> Browser:
        """A fresh client with no cookie."""
        return Browser(self.port)

    def pids(self) -> list[int]:
        """The master and its workers."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        workers = [int(p) for p in children.read_text().split()] if children.exists() else []
        return [self.process.pid, *workers]


def app_free_environment() -> dict[str, str]:
    """This environment without the app's or gunicorn's settings: each test sets its own."""
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("FLASK_", "SCREENING_", "GUNICORN"))
    }


def start(
    log_dir: Path,
    *,
    secret: str = "server-test-secret-of-32-bytes-or-more",
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    workers: int = 2,
    command: list[str] | None = None,
) -> Server:
    """Start gunicorn as production would run it; return once it answers ``GET /``.

    ``command`` replaces the usual ``gunicorn -c python:screening.gunicorn_conf
    'screening:create_app()'`` (for an installed wheel's commands); it must
    listen on the port the kernel picks and log gunicorn's "Listening at" line.
    """
    environment = app_free_environment()
    environment.update(
        FLASK_SECRET_KEY=secret,
        SCREENING_BIND="127.0.0.1:0",
        SCREENING_WORKERS=str(workers),
        PYTHONUNBUFFERED="1",
    )
    environment.update(env or {})
    log_path = log_dir / f"gunicorn-{len(list(log_dir.glob('gunicorn-*')))}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command or [GUNICORN, "-c", "python:screening.gunicorn_conf", "screening:create_app()"],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=environment,
            cwd=cwd or ROOT,
        )
    deadline = time.monotonic() + START_TIMEOUT
    port = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log_path.read_text()}")
        if port is None:
            found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", log_path.read_text())
            port = int(found.group(1)) if found else None
        if port is not None and _answers(port):
            return Server(process, port, log_path)
        time.sleep(0.1)
    process.kill()
    process.wait(timeout=10)
    raise RuntimeError(f"gunicorn did not answer within {START_TIMEOUT}s:\n{log_path.read_text()}")


def _answers(port: int) -> bool:
    try:
        return Browser(port).get("/").status == 200
    except OSError:
        return False


@dataclass
class Reply:
    """One HTTP response, read whole."""

    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def page(self):
        """The body parsed as HTML, checked as every page is (``pages.read_page``)."""
        return read_page(self.body)


@dataclass
class Browser:
    """Enough of a browser for these tests: one cookie jar, forms posted as urlencoded bodies."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    #: Speak HTTPS, trusting this context's certificates (a proxy in front), or plain HTTP.
    tls: ssl.SSLContext | None = None

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> Reply:
        """Send one request on a new connection (gunicorn's sync workers close each one)."""
        if self.tls is not None:
            connection = http.client.HTTPSConnection(
                "127.0.0.1", self.port, timeout=30, context=self.tls
            )
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            sent = dict(headers or {})
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            reply = Reply(response.status, response.headers, response.read())
        finally:
            connection.close()
        for cookie in reply.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return reply

    def get(self, path: str, headers: dict | None = None) -> Reply:
        """GET a path."""
        return self.request("GET", path, headers=headers)

    def post(self, path: str, pairs: list[tuple[str, str]], headers: dict | None = None) -> Reply:
        """POST ``pairs`` as a form would (urlencoded)."""
        sent = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        return self.request("POST", path, urlencode(pairs).encode(), sent)

    def token(self, path: str = "/check") -> str:
        """Open the form and read its security token."""
        reply = self.get(path)
        assert reply.status == 200, reply.body[:300]
        return token_from(reply.page())
