"""Restarts without errors: requests through nginx while each instance restarts in turn.

The README's rolling restart: stop one instance, start it, wait until it
answers, then the other. nginx (the deploy files: max_fails=0 and
proxy_next_upstream) must send every request to whichever instance is up,
so the visitor sees no error. A graceful reload (SIGHUP, the unit's
ExecReload) must not show one either.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from dataclasses import dataclass, field

import pytest

from .. import live_server
from .conftest import PREFIX, SECRET, Nginx, running_nginx

pytestmark = pytest.mark.server

#: Bounds on the request loop: it stops at whichever comes first.
MAX_REQUESTS = 3000
MAX_SECONDS = 120.0
PATHS = (f"{PREFIX}/en/", f"{PREFIX}/es/check", f"{PREFIX}/en/resources")


@dataclass
class Load:
    """Requests sent one after another through nginx, and the answers that were not 200."""

    nginx: Nginx
    sent: int = 0
    errors: list[str] = field(default_factory=list)
    done: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        deadline = time.monotonic() + MAX_SECONDS
        while not self.done.is_set() and self.sent < MAX_REQUESTS and time.monotonic() < deadline:
            path = PATHS[self.sent % len(PATHS)]
            self.sent += 1
            try:
                status = self.nginx.client().get(path).status
            except OSError as error:
                self.errors.append(f"{path}: {error!r}")
                continue
            if status != 200:
                self.errors.append(f"{path}: {status}")


def restart(server: live_server.Server, log_dir) -> live_server.Server:
    """Stop an instance as systemd does (SIGTERM) and start it again on its port."""
    server.stop()
    env = {"FLASK_TRUSTED_PROXIES": "1", "SCREENING_BIND": f"127.0.0.1:{server.port}"}
    return live_server.start(log_dir, secret=SECRET, env=env, workers=1)


def test_a_rolling_restart_and_a_reload_show_no_error(tmp_path):
    logs = tmp_path / "instances"
    logs.mkdir()
    env = {"FLASK_TRUSTED_PROXIES": "1"}
    servers = [live_server.start(logs, secret=SECRET, env=env, workers=1) for _ in range(2)]
    try:
        (tmp_path / "nginx").mkdir()
        with running_nginx(tmp_path / "nginx", servers) as nginx:
            load = Load(nginx)
            loop = threading.Thread(target=load.run)
            loop.start()
            try:
                time.sleep(1)
                for n in range(len(servers)):
                    servers[n] = restart(servers[n], logs)  # returns once it answers
                    time.sleep(0.5)
                before_reload = load.sent
                os.kill(servers[0].process.pid, signal.SIGHUP)
                time.sleep(3)
            finally:
                load.done.set()
                loop.join(timeout=MAX_SECONDS)
            print(
                f"\nrolling restart: {load.sent} requests sent through nginx"
                f" ({load.sent - before_reload} during the reload), {len(load.errors)} errors"
            )
            assert load.errors == [], load.errors[:10]
            assert load.sent > 50, "too few requests to have crossed both restarts"
            assert "no live upstreams" not in nginx.error_log.read_text()
    finally:
        for server in servers:
            server.stop()
