"""The browser tests' own machinery (the server they test is ``tests/live_server.py``'s).

Debian's Chromium and the flags that make it behave on a closed network, a
stand-in HTTPS "neutral site" for quick exit, the Nu HTML Checker and
Lighthouse.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import ssl
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from ..live_server import self_signed_certificate
from ..repository import ROOT

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
