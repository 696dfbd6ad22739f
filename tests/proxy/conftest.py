"""A real nginx on loopback, in front of two gunicorn instances, serving the app at /screening/.

nginx runs from a config generated into a temporary folder (``nginx -p TMP
-c nginx.conf``, with its pid, logs and temporary files there too), in the
foreground and without a master process, so the test owns exactly one
process and stops it by its id. It stands in for an organisation's TLS
terminating proxy: it tells the app the visitor used HTTPS and that the app
lives under ``/screening``.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..server import production

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PREFIX = "/screening"
SECRET = "shared-by-every-instance"

CONFIG = """\
daemon off;
master_process off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;

    upstream screening {{
{servers}
    }}

    server {{
        listen 127.0.0.1:{port};
        location = {prefix} {{ return 301 {prefix}/; }}
        location {prefix}/ {{
            proxy_pass http://screening/;
            # Buffered both ways, so a slow phone never holds a sync worker.
            proxy_buffering on;
            proxy_request_buffering on;
            proxy_set_header Host $http_host;
            # Set, never passed on: what a client sends in these is replaced.
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Forwarded-Host $host;
            proxy_set_header X-Forwarded-Port $server_port;
            proxy_set_header X-Forwarded-Prefix {prefix};
        }}
    }}
}}
"""


@dataclass
class Nginx:
    """The running proxy: its port, and the instances behind it."""

    port: int
    instances: list[production.Server]

    def browser(self) -> production.Browser:
        """A fresh client that talks to nginx."""
        return production.Browser(self.port)

    @property
    def origin(self) -> str:
        """The address a browser sees: HTTPS, because the proxy says so."""
        return f"https://127.0.0.1:{self.port}"


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited:\n{log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("nginx did not start listening")


@pytest.fixture(scope="module")
def instances(tmp_path_factory) -> Iterator[list[production.Server]]:
    """Two app instances sharing nothing but the secret, trusting one proxy."""
    logs = tmp_path_factory.mktemp("instances")
    env = {"FLASK_TRUSTED_PROXIES": "1"}
    started: list[production.Server] = []
    try:
        for _ in range(2):
            started.append(production.start(logs, secret=SECRET, env=env, workers=1))
        yield started
    finally:
        for server in started:
            server.stop()


@pytest.fixture(scope="module")
def nginx(tmp_path_factory, instances) -> Iterator[Nginx]:
    """nginx on a free loopback port, proxying /screening/ to both instances."""
    tmp = tmp_path_factory.mktemp("nginx")
    port = free_port()
    servers = "\n".join(f"        server 127.0.0.1:{s.port};" for s in instances)
    conf = tmp / "nginx.conf"
    conf.write_text(CONFIG.format(tmp=tmp, port=port, prefix=PREFIX, servers=servers))
    log = tmp / "stderr.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [NGINX, "-p", str(tmp), "-c", str(conf), "-e", str(tmp / "error.log")],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(port, process, tmp / "error.log")
        yield Nginx(port, instances)
    finally:
        # SIGQUIT: nginx finishes what it is sending, then exits.
        process.send_signal(signal.SIGQUIT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
