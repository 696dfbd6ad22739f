"""A real nginx on loopback, in front of two gunicorn instances, serving the app at /screening/.

nginx runs the deploy files (``deploy/nginx-screening.conf``, the site; the
location it includes; the upstream) as they are, with only the listening
ports, the certificate (a self-signed one for 127.0.0.1), the instances'
ports and the access log's path substituted: the site a deployer installs is
the one tested. A small main config generated into a temporary folder
includes them (``nginx -p TMP -c nginx.conf``, with its pid, logs and
temporary files there too) and runs nginx in the foreground without a master
process, so the test owns exactly one process and stops it by its id.
"""

from __future__ import annotations

import shutil
import signal
import ssl
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from .. import live_server
from ..live_server import free_port, self_signed_certificate, wait_until_listening
from ..repository import ROOT

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SITE = ROOT / "deploy" / "nginx-screening.conf"
LOCATION = ROOT / "deploy" / "nginx-screening-location.conf"
UPSTREAM = ROOT / "deploy" / "nginx-screening-upstream.conf"
PREFIX = "/screening"
SECRET = "shared-by-every-instance-32-bytes-long"

#: What a site file needs around it: Debian's nginx.conf, cut to the bone.
MAIN_CONFIG = """\
daemon off;
master_process off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {tmp}/access.log;
    # As Debian's nginx.conf has it: text/html compressed for every client.
    gzip on;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {upstream};
    include {site};
}}
"""


#: Where the deploy files write the access log; the tests write it in their folder.
ACCESS_LOG = "/var/log/nginx/screening-access.log"
SITE_TEXT = SITE.read_text()


def site_for_test(
    text: str, *, https_port: int, http_port: int, cert: Path, key: Path, log_dir: Path
) -> str:
    """The site file with only the machine-specific values replaced.

    Each value must appear exactly once, so an edit to the deploy file that
    this does not expect fails loudly instead of testing something else.
    """
    replacements = {
        "listen 443 ssl;": f"listen 127.0.0.1:{https_port} ssl;",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "/etc/ssl/certs/screening.example.org.pem": str(cert),
        "/etc/ssl/private/screening.example.org.key": str(key),
    }
    if text is SITE_TEXT or ACCESS_LOG in text:
        # The shipped site must name it; an intranet's own site may not.
        replacements[ACCESS_LOG] = str(log_dir / "screening-access.log")
    return _replace_once(SITE, text, replacements)


def location_for_test(text: str, log_dir: Path) -> str:
    """The location file with the access log's path replaced."""
    return _replace_once(LOCATION, text, {ACCESS_LOG: str(log_dir / "screening-access.log")})


def upstream_for_test(text: str, ports: list[int]) -> str:
    """The upstream file with the instances' ports (and its per-server settings) kept."""
    line = "    server 127.0.0.1:{} max_fails=0;\n"
    shipped = line.format(8000) + line.format(8001)
    ours = "".join(line.format(port) for port in ports)
    return _replace_once(UPSTREAM, text, {shipped: ours})


def _replace_once(path: Path, text: str, replacements: dict[str, str]) -> str:
    for old, new in replacements.items():
        assert text.count(old) == 1, f"{path}: expected {old!r} exactly once"
        text = text.replace(old, new)
    return text


@dataclass
class Nginx:
    """The running proxy: its port, and the instances behind it."""

    port: int
    http_port: int
    instances: list[live_server.Server]
    tls: ssl.SSLContext
    error_log: Path

    def client(self) -> live_server.Client:
        """A fresh client that talks HTTPS to nginx, trusting its certificate."""
        return live_server.Client(self.port, tls=self.tls)

    @property
    def origin(self) -> str:
        """The address a browser sees."""
        return f"https://127.0.0.1:{self.port}"


@pytest.fixture(scope="module")
def instances(tmp_path_factory) -> Iterator[list[live_server.Server]]:
    """Two app instances sharing nothing but the secret, trusting one proxy."""
    logs = tmp_path_factory.mktemp("instances")
    env = {"FLASK_TRUSTED_PROXIES": "1"}
    started: list[live_server.Server] = []
    try:
        for _ in range(2):
            started.append(live_server.start(logs, secret=SECRET, env=env, workers=1))
        yield started
    finally:
        for server in started:
            server.stop()


@contextmanager
def running_nginx(
    tmp: Path,
    instances: list[live_server.Server],
    edit: Callable[[str], str] = lambda text: text,
    site_text: str | None = None,
) -> Iterator[Nginx]:
    """nginx on free loopback ports, running the deploy files before ``instances``.

    ``edit`` changes the location file (as its comments say a deployer may);
    ``site_text`` replaces the site file (an intranet's own host, say).
    """
    port, http_port = free_port(), free_port()
    cert, key = self_signed_certificate(tmp)
    site = tmp / "site.conf"
    site.write_text(
        site_for_test(
            site_text or SITE_TEXT,
            https_port=port,
            http_port=http_port,
            cert=cert,
            key=key,
            log_dir=tmp,
        )
    )
    # The site includes snippets/screening-location.conf, relative to the
    # main config's folder, as in /etc/nginx.
    (tmp / "snippets").mkdir(exist_ok=True)
    (tmp / "snippets" / "screening-location.conf").write_text(
        location_for_test(edit(LOCATION.read_text()), tmp)
    )
    upstream = tmp / "upstream.conf"
    upstream.write_text(upstream_for_test(UPSTREAM.read_text(), [i.port for i in instances]))
    conf = tmp / "nginx.conf"
    conf.write_text(MAIN_CONFIG.format(tmp=tmp, site=site, upstream=upstream))
    log = tmp / "stderr.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [NGINX, "-p", str(tmp), "-c", str(conf), "-e", str(tmp / "error.log")],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_listening(port, process, tmp / "error.log", seconds=15)
        tls = ssl.create_default_context(cafile=cert)
        yield Nginx(port, http_port, instances, tls, tmp / "error.log")
    finally:
        # SIGQUIT: nginx finishes what it is sending, then exits.
        process.send_signal(signal.SIGQUIT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def nginx(tmp_path_factory, instances) -> Iterator[Nginx]:
    """nginx on free loopback ports, running the deploy file in front of both instances."""
    with running_nginx(tmp_path_factory.mktemp("nginx"), instances) as proxy:
        yield proxy
