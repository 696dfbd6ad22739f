"""The server listens on loopback unless told otherwise, and says so when it is not.

Gunicorn's sync workers each serve one client at a time, so a few clients
that send a request slowly can tie up every worker: the app must sit behind
a buffering proxy. These tests load ``screening.gunicorn_conf`` the way
``gunicorn -c python:screening.gunicorn_conf`` (and ``screening serve``) does.
"""

from __future__ import annotations

import sys
from types import SimpleNamespace

import pytest
from gunicorn.app.base import Application
from gunicorn.config import Config


class _Recorder:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def warning(self, msg: str, *args) -> None:
        self.lines.append(msg % args)


def _config(monkeypatch, bind: str | None) -> Config:
    """Gunicorn's settings after reading our config module, with ``SCREENING_BIND``."""
    if bind is None:
        monkeypatch.delenv("SCREENING_BIND", raising=False)
    else:
        monkeypatch.setenv("SCREENING_BIND", bind)
    settings = Application.get_config_from_module_name(Application, "screening.gunicorn_conf")
    config = Config()
    for key, value in settings.items():
        if key in config.settings:
            config.set(key, value)
    return config


def _start_up_lines(config: Config) -> list[str]:
    """What the ``when_ready`` hook logs when the server starts with ``config``."""
    log = _Recorder()
    config.when_ready(SimpleNamespace(cfg=config, log=log))
    return log.lines


@pytest.fixture(autouse=True)
def _fresh_module(monkeypatch):
    # The module reads SCREENING_BIND when imported: import it anew each time.
    monkeypatch.delitem(sys.modules, "screening.gunicorn_conf", raising=False)


def test_by_default_it_listens_on_loopback_and_says_nothing(monkeypatch):
    config = _config(monkeypatch, None)
    assert config.address == [("127.0.0.1", 8000)]
    assert _start_up_lines(config) == []


@pytest.mark.parametrize("bind", ["127.0.0.1:8001", "localhost:8000", "[::1]:8000", "unix:/x.sock"])
def test_loopback_and_unix_sockets_need_no_warning(monkeypatch, bind):
    assert _start_up_lines(_config(monkeypatch, bind)) == []


@pytest.mark.parametrize(
    ("bind", "named"),
    [
        ("0.0.0.0:8000", "0.0.0.0:8000"),
        ("[::]:8080", "[::]:8080"),
        ("192.0.2.10:8000", "192.0.2.10:8000"),
        ("screening.example:8000", "screening.example:8000"),
    ],
)
def test_any_other_address_gets_one_line_pointing_to_the_readme(monkeypatch, bind, named):
    lines = _start_up_lines(_config(monkeypatch, bind))
    assert len(lines) == 1 and "\n" not in lines[0]
    assert named in lines[0]
    assert "buffering proxy" in lines[0] and "README, Deploying" in lines[0]


def test_a_loopback_address_beside_an_exposed_one_is_not_named(monkeypatch):
    config = _config(monkeypatch, None)
    config.set("bind", ["127.0.0.1:8000", "0.0.0.0:9000"])
    [line] = _start_up_lines(config)
    assert "0.0.0.0:9000" in line and "8000" not in line


def test_a_request_must_be_read_before_its_worker_can_be_killed(monkeypatch):
    monkeypatch.delenv("SCREENING_READ_TIMEOUT", raising=False)
    monkeypatch.delenv("SCREENING_WORKER_TIMEOUT", raising=False)
    config = _config(monkeypatch, None)
    assert config.timeout == 30
    assert config.worker_class_str == "screening.gunicorn_worker.DeadlineSyncWorker"
    assert sys.modules["screening.gunicorn_conf"].read_deadline == 10


@pytest.mark.parametrize(
    ("read", "worker", "named"),
    [
        ("30", "30", "below SCREENING_WORKER_TIMEOUT (30)"),
        ("0", "30", "SCREENING_READ_TIMEOUT='0'"),
        ("soon", "30", "SCREENING_READ_TIMEOUT='soon'"),
        ("10", "-1", "SCREENING_WORKER_TIMEOUT='-1'"),
    ],
)
def test_an_unusable_deadline_stops_the_server_with_one_line(monkeypatch, read, worker, named):
    monkeypatch.setenv("SCREENING_READ_TIMEOUT", read)
    monkeypatch.setenv("SCREENING_WORKER_TIMEOUT", worker)
    with pytest.raises(SystemExit) as stopped:
        _config(monkeypatch, None)
    assert named in str(stopped.value)
    assert "\n" not in str(stopped.value)
