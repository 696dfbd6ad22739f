"""The production server for tests and benchmarks, and ways to talk to it.

:func:`serve` (or :func:`start`, for a server that outlives a ``with``)
runs gunicorn as ``make serve`` does (``-c python:screening.gunicorn_conf
'screening:create_app()'``) on a port the kernel picks on 127.0.0.1 and
returns once it answers; the :class:`Server` it gives knows its address,
its processes and its log. :class:`Client` reads pages as a browser without
JavaScript would, one cookie jar and forms sent with their token;
:func:`http_request` and :func:`raw_response` write a request byte by byte
and read the answer whole, for what a browser would never send. The
browser, server and proxy tests and ``benchmarks/`` all use these.
"""

from __future__ import annotations

import contextlib
import datetime
import email.parser
import http.client
import ipaddress
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .pages import parse, read_page, token_from
from .repository import ROOT

GUNICORN = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
APP = "screening:create_app()"
START_TIMEOUT = 30.0


@dataclass
class Server:
    """A running gunicorn. ``output()`` is everything it logged (complete once stopped)."""

    process: subprocess.Popen
    port: int
    log_path: Path

    @property
    def base_url(self) -> str:
        """Where it listens: ``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.port}"

    def client(self) -> Client:
        """A fresh client with no cookie."""
        return Client(self.port)

    def worker_pids(self) -> list[int]:
        """The worker processes' ids (children of the master)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(p) for p in children.read_text().split()] if children.exists() else []

    def pids(self) -> list[int]:
        """The master and its workers."""
        return [self.process.pid, *self.worker_pids()]

    def output(self) -> str:
        """stdout and stderr together: the access log and the error log."""
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        """Stop gracefully (SIGTERM), as a service manager would; kill if it hangs."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def app_free_environment() -> dict[str, str]:
    """This environment without the app's or gunicorn's settings: each server gets its own."""
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("FLASK_", "SCREENING_", "GUNICORN"))
    }


def start(
    log_dir: Path,
    *,
    app: str = APP,
    secret: str = "server-test-secret-of-32-bytes-or-more",
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    workers: int = 2,
    command: list[str] | None = None,
) -> Server:
    """Start gunicorn as production runs it; return once it answers ``GET /``.

    ``app`` is the application gunicorn loads (the benchmark's bare Flask app,
    say). ``command`` replaces the whole command line (an installed wheel's
    commands); it must listen on the port the kernel picks and log
    gunicorn's "Listening at" line. The caller stops the server.
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
            command or [GUNICORN, "-c", "python:screening.gunicorn_conf", app],
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


@contextlib.contextmanager
def serve(**options) -> Iterator[Server]:
    """:func:`start` with its log in a temporary folder; stopped when the block ends."""
    with tempfile.TemporaryDirectory() as folder:
        server = start(Path(folder), **options)
        try:
            yield server
        finally:
            server.stop()


def _answers(port: int) -> bool:
    try:
        return Client(port).get("/").status == 200
    except OSError:
        return False


# --- reading pages as served ------------------------------------------------


class Reply(NamedTuple):
    """One HTTP response, read whole: status, headers (any case), body."""

    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def page(self):
        """The body parsed as HTML, checked as every page is (``pages.read_page``)."""
        return read_page(self.body)


@dataclass
class Client:
    """Enough of a browser without JavaScript: one cookie jar, forms sent with their token."""

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
        return self.request("POST", path, urllib.parse.urlencode(pairs).encode(), sent)

    def token(self, path: str = "/check") -> str:
        """Open the form and read its security token."""
        reply = self.get(path)
        assert reply.status == 200, reply.body[:300]
        return token_from(reply.page())

    def submit(self, path: str, fields, target: str | None = None) -> Reply:
        """Open ``path``, then send ``fields`` and the page's token (if any) to ``target``."""
        token = token_from(parse(self.get(path).body))
        return self.post(target or path, [*fields, *([("csrf_token", token)] if token else [])])


# --- requests written byte by byte -----------------------------------------


def http_request(
    method: str,
    target: str | bytes,
    headers: Mapping[str, str] | Iterable[tuple[str, str] | bytes],
    body: bytes = b"",
    *,
    content_length: bool = True,
) -> bytes:
    """An HTTP/1.1 request written out byte by byte, ending ``Connection: close`` so the reply ends.

    ``headers`` is a mapping, or a list of (name, value) pairs and raw header
    lines (bytes), sent in that order, repeats and all; a bytes ``target``
    is sent as it is. ``content_length`` adds the body's length, as a
    browser would; a test of the framing itself turns it off and says how
    the body is framed in ``headers``.
    """
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    lines = [method.encode() + b" " + _latin1(target) + b" HTTP/1.1"]
    for header in pairs:
        if isinstance(header, bytes):
            lines.append(header)
        else:
            lines.append(_latin1(f"{header[0]}: {header[1]}"))
    if body and content_length:
        lines.append(b"Content-Length: %d" % len(body))
    lines += [b"Connection: close", b"", b""]
    return b"\r\n".join(lines) + body


def _latin1(text: str | bytes) -> bytes:
    # HTTP/1.1 header bytes are latin-1 (WSGI reads them so too).
    return text if isinstance(text, bytes) else text.encode("latin-1")


def raw_response(
    base_url: str,
    request_bytes: bytes,
    *,
    timeout: float = 10,
    end_sending: bool = False,
    tls: ssl.SSLContext | None = None,
) -> bytes:
    """Send bytes as they are (even a malformed request); every byte of the answer until it closes.

    ``end_sending``: close our side for writing once sent, so a server
    waiting for more of a cut-short body sees the end instead of waiting
    (not over TLS). ``tls``: talk HTTPS, trusting this context.
    Raises ``TimeoutError`` (an OSError) if no complete answer comes within
    ``timeout`` seconds in all.
    """
    parsed = urllib.parse.urlsplit(base_url)
    deadline = time.monotonic() + timeout
    plain = socket.create_connection((parsed.hostname, parsed.port), timeout=timeout)
    with tls.wrap_socket(plain, server_hostname=parsed.hostname) if tls else plain as connection:
        try:
            connection.sendall(request_bytes)
            if end_sending:
                connection.shutdown(socket.SHUT_WR)
        except OSError:
            # The server answered (and closed) before reading it all; the
            # answer, if any, is read below, within the same deadline.
            pass
        chunks = []
        while True:
            connection.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                chunk = connection.recv(65536)
            except (ConnectionResetError, ssl.SSLEOFError):
                break  # it answered, then reset (or closed) without more
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def split_response(raw: bytes) -> Reply:
    """Status, headers and body of a raw response; an interim ``1xx`` response is skipped."""
    while True:
        head, _, body = raw.partition(b"\r\n\r\n")
        status_line, _, header_text = head.decode("latin-1").partition("\r\n")
        found = re.match(r"HTTP/1\.[01] (\d{3})", status_line)
        assert found, f"no status line in {raw[:200]!r}"
        status = int(found.group(1))
        if not 100 <= status < 200:
            headers = email.parser.Parser(_class=http.client.HTTPMessage).parsestr(header_text)
            return Reply(status, headers, body)
        raw = body


# --- loopback ports and certificates -------------------------------------------


def free_port() -> int:
    """A TCP port nobody is listening on right now, on loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(port: int, process: subprocess.Popen, log: Path, seconds=20.0) -> None:
    """Return once ``port`` accepts connections; fail with the server's log if it never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited ({process.returncode}):\n{log.read_text()}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"server did not listen on {port} within {seconds} s:\n{log.read_text()}")


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, valid for a day, written to ``folder``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path
