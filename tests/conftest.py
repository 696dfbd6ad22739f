"""Shared fixtures: the app, its test client, and a page fetcher that checks every page.

CSRF stays on in every test: forms are submitted with the token read from
the page, as a browser would.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from screening import create_app
from screening.app_data import app_data
from screening.settings import CONFIG_DIR_ENV, SETTINGS_FILE_ENV

from .pages import ROOT, check_page, multi, parse, token_from


@pytest.fixture(scope="session")
def app():
    """One app for the session: content is loaded once, as in production."""
    return create_app({"TESTING": True, "SECRET_KEY": "test-secret"})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def get_page(client) -> Callable[..., BeautifulSoup]:
    """GET a URL, check the status and the page's basics, return it parsed."""

    def get(path: str, status: int = 200, **kwargs) -> BeautifulSoup:
        response = client.get(path, **kwargs)
        assert response.status_code == status, response.data[:500]
        soup = parse(response.data)
        check_page(soup)
        return soup

    return get


@pytest.fixture
def submit(client, get_page) -> Callable[..., tuple[int, BeautifulSoup]]:
    """Fetch the form, then POST ``data`` with its token; return status and parsed page."""

    def post(data: dict | list, path: str = "/check", status: int = 200) -> BeautifulSoup:
        token = token_from(get_page(path))
        body = list(data.items()) if isinstance(data, dict) else list(data)
        body.append(("csrf_token", token))
        response = client.post(path, data=multi(body))
        assert response.status_code == status, response.data[:500]
        soup = parse(response.data)
        check_page(soup)
        return soup

    return post


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
    monkeypatch.setenv("FLASK_SECRET_KEY", "x")
    return folder
