"""Shared fixtures: the app, its test client, and ``client_request``, which checks every page.

CSRF stays on in every test: forms are submitted with the token read from
the page, as a browser would.
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from screening import create_app
from screening.app_data import app_data
from screening.settings import CONFIG_DIR_ENV, SETTINGS_FILE_ENV

from .page_list import all_page_states
from .pages import ClientRequest
from .repository import ROOT


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test marked ``page_states`` runs once per page state, given as ``state``.

    ``@pytest.mark.page_states(where=function)`` keeps only the states the
    function accepts. The list (``page_list.all_page_states``) is built once,
    when the first such test is collected.
    """
    marker = metafunc.definition.get_closest_marker("page_states")
    if marker is not None:
        where = marker.kwargs.get("where", lambda state: True)
        states = [state for state in all_page_states() if where(state)]
        metafunc.parametrize("state", states, ids=[state.name for state in states])


@pytest.fixture(scope="session")
def app_with() -> Callable[..., Flask]:
    """Start an app with these settings over the ones in use: ``app_with(NEUTRAL_TITLE=True)``.

    Each call starts a new app (about half a second), from the config folder
    in use at the time: the ``config`` fixture's copy, when the test has it.
    """

    def start(**settings) -> Flask:
        return create_app({"TESTING": True, "SECRET_KEY": "test-secret", **settings})

    return start


@pytest.fixture(scope="session")
def app(app_with):
    """One app for the session: content is loaded once, as in production."""
    return app_with()


@pytest.fixture(scope="module")
def client_with(app_with):
    """A client for an app with these settings (each app is started once: start-up is slow)."""
    started = functools.cache(lambda settings: app_with(**dict(settings)))
    return lambda **settings: ClientRequest(started(tuple(sorted(settings.items()))).test_client())


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def client_request(client) -> ClientRequest:
    """Every GET and POST of a test, each page checked as a browser would read it."""
    return ClientRequest(client)


@pytest.fixture
def scenarios(app):
    """The English practice scenarios, by slug."""
    return app_data(app).scenarios["en"]


@pytest.fixture
def checklist(app):
    """The English checklist content."""
    return app_data(app).content["en"].checklist


@pytest.fixture
def config(monkeypatch, tmp_path) -> Path:
    """A copy of the config folder, in use for this test (and a secret, as a deploy has)."""
    folder = tmp_path / "config"
    shutil.copytree(ROOT / "config", folder)
    monkeypatch.setenv(CONFIG_DIR_ENV, str(folder))
    monkeypatch.delenv(SETTINGS_FILE_ENV, raising=False)
    monkeypatch.setenv("FLASK_SECRET_KEY", "config-fixture-secret-of-32-bytes-or-more")
    return folder
