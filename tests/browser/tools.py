"""The machinery the browser tests and the benchmarks share.

Debian's Chromium and the flags that make it behave on a closed network, the
production server (gunicorn, as ``make serve`` runs it) in a subprocess on a
free loopback port, a stand-in HTTPS "neutral site" for quick exit, a small
HTTP client that reads pages as served (cookies and all), raw requests
written byte by byte and their answers read whole (tests/server and
tests/proxy use them too), the Nu HTML Checker and Lighthouse.
"""

from __future__ import annotations

import contextlib
import datetime
import email.parser
import http.client
import http.server
import ipaddress
import json
import os
import re
import secrets
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[2]
NODE_BIN = ROOT / "node_modules" / ".bin"
CHROMIUM = Path("/usr/bin/chromium")
#: Playwright adds --headless and --no-sandbox itself; Lighthouse gets them all.
#: The rest keep Chromium off the network it would otherwise call at start-up
#: (updates, sync, QUIC probes), which a closed CI network refuses, and out of
#: the small /dev/shm of a container.
CHROMIUM_FLAGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


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


@dataclass
class Server:
    """A running gunicorn: its address, its master process and its log file."""

    base_url: str
    process: subprocess.Popen
    log: Path

    def worker_pids(self) -> list[int]:
        """The worker processes' ids (children of the master)."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()]


@contextlib.contextmanager
def gunicorn(
    app_spec: str = "screening:create_app()",
    env: dict[str, str] | None = None,
    extra_args: tuple[str, ...] = (),
) -> Iterator[Server]:
    """Run ``app_spec`` under gunicorn with the project's settings file, as ``make serve`` does."""
    port = free_port()
    environment = {
        **os.environ,
        "FLASK_SECRET_KEY": secrets.token_hex(32),
        **(env or {}),
        "SCREENING_BIND": f"127.0.0.1:{port}",
    }
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "gunicorn.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "-c",
                    "python:screening.gunicorn_conf",
                    *extra_args,
                    app_spec,
                ],
                cwd=ROOT,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_until_listening(port, process, log)
            yield Server(f"http://127.0.0.1:{port}", process, log)
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


# --- a neutral HTTPS site on loopback, the quick exit's destination ---------

NEUTRAL_PAGE = b"""<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Local weather</title>
<h1>Local weather</h1><p>Sunny, 21 degrees.</p></html>"""


class _NeutralHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(NEUTRAL_PAGE)))
        self.end_headers()
        self.wfile.write(NEUTRAL_PAGE)

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def neutral_site() -> Iterator[str]:
    """Serve a plain page over HTTPS on loopback (self-signed); yield its address.

    The app only accepts an https:// exit address, so the stand-in is HTTPS
    too; the test browser context is told to accept its certificate.
    """
    with tempfile.TemporaryDirectory() as folder:
        cert, key = self_signed_certificate(Path(folder))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _NeutralHandler)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"https://127.0.0.1:{server.server_address[1]}/"
        finally:
            server.shutdown()
            server.server_close()


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


# --- reading pages as served ------------------------------------------------


class LiveClient:
    """GET and POST against the live server with a cookie jar, as a browser without JS would."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect()
        )

    def request(self, path: str, data: list[tuple[str, str]] | None = None) -> tuple[int, str]:
        """Status and body of a GET (or a POST of ``data``)."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base_url + path, data=body, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read().decode()

    def submit(self, path: str, fields, target: str | None = None) -> tuple[int, str]:
        """Fetch ``path``, then POST ``fields`` and the page's token (if any) to ``target``."""
        _, html = self.request(path)
        token = token_in(html)
        data = list(fields) + ([("csrf_token", token)] if token else [])
        return self.request(target or path, data)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def token_in(html: str) -> str | None:
    """The CSRF token in a page's form, if it has one."""
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', html
    )
    return match.group(1) if match else None


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


class Answer(NamedTuple):
    """The final response to one raw request: status, headers (any case), body."""

    status: int
    headers: http.client.HTTPMessage
    body: bytes


def split_response(raw: bytes) -> Answer:
    """Status, headers and body of a raw response; an interim ``1xx`` response is skipped."""
    while True:
        head, _, body = raw.partition(b"\r\n\r\n")
        status_line, _, header_text = head.decode("latin-1").partition("\r\n")
        found = re.match(r"HTTP/1\.[01] (\d{3})", status_line)
        assert found, f"no status line in {raw[:200]!r}"
        status = int(found.group(1))
        if not 100 <= status < 200:
            headers = email.parser.Parser(_class=http.client.HTTPMessage).parsestr(header_text)
            return Answer(status, headers, body)
        raw = body


# --- the Nu HTML Checker and Lighthouse --------------------------------------


def nu_check(files: list[Path]) -> list[dict]:
    """Run the Nu HTML Checker once over ``files``; return its error messages."""
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stdout or "{}").get("messages", [])
    if result.returncode not in (0, 1) or (result.returncode == 1 and not messages):
        raise RuntimeError(f"vnu failed ({result.returncode}): {result.stderr}")
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]


def lighthouse(url: str) -> tuple[dict[str, int], list[str]]:
    """Lighthouse 12.2.3, mobile: the three category scores, and the audits that lost points."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        flags = " ".join(
            ["--headless=new", "--no-sandbox", *CHROMIUM_FLAGS, f"--user-data-dir={folder}/profile"]
        )
        command = [
            str(NODE_BIN / "lighthouse"),
            url,
            f"--chrome-flags={flags}",
            "--only-categories=performance,accessibility,best-practices",
            "--form-factor=mobile",
            "--output=json",
            f"--output-path={report}",
            "--quiet",
        ]
        # Lighthouse sometimes fails to record a trace (NO_NAVSTART) on a busy
        # machine; that is its own glitch, not the page's, so try once more.
        for attempt in range(2):
            run = subprocess.run(
                command,
                env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
                capture_output=True,
                text=True,
                timeout=180,
                check=False,
            )
            if run.returncode == 0:
                break
            if attempt == 1:
                raise RuntimeError(f"lighthouse failed on {url}: {run.stderr[-2000:]}")
        data = json.loads(report.read_text())
    scores = {
        name: round((category["score"] or 0) * 100) for name, category in data["categories"].items()
    }
    weighted = {
        ref["id"]
        for category in data["categories"].values()
        for ref in category["auditRefs"]
        if ref.get("weight")
    }
    failed = [
        f"{audit_id}: {audit['title']} ({audit['score']})"
        for audit_id, audit in data["audits"].items()
        if audit_id in weighted and audit.get("score") is not None and audit["score"] < 1
    ]
    return scores, failed
