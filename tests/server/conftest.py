"""Fixtures for tests against the real production server (gunicorn in a subprocess)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from .. import live_server


@pytest.fixture
def run_server(tmp_path_factory) -> Iterator[Callable[..., live_server.Server]]:
    """Start gunicorn servers (``run_server(**options)``); all are stopped at the end."""
    started: list[live_server.Server] = []
    logs = tmp_path_factory.mktemp("server-logs")

    def run(**options) -> live_server.Server:
        server = live_server.start(logs, **options)
        started.append(server)
        return server

    yield run
    for server in started:
        server.stop()
