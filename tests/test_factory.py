"""The factory: settings from config/ and the environment, and the refusals."""

from __future__ import annotations

import pytest

from screening import ConfigError, create_app
from screening.settings import DEVELOPMENT_ENV, SETTINGS_FILE_ENV

from .config_edits import start_up_error
from .pages import ClientRequest


def test_testing_config():
    assert not create_app({"SECRET_KEY": "x"}).testing
    assert create_app({"TESTING": True, "SECRET_KEY": "x"}).testing


def test_refuses_to_start_without_a_secret(monkeypatch):
    monkeypatch.delenv("FLASK_SECRET_KEY", raising=False)
    monkeypatch.delenv(DEVELOPMENT_ENV, raising=False)
    with pytest.raises(ConfigError) as caught:
        create_app()
    message = str(caught.value)
    assert "\n" not in message
    assert "SECRET_KEY" in message and "FLASK_SECRET_KEY" in message


def test_secret_from_the_environment(monkeypatch):
    monkeypatch.setenv("FLASK_SECRET_KEY", "from-the-environment-32-bytes-long")
    assert create_app().secret_key == "from-the-environment-32-bytes-long"


def test_environment_overrides_the_settings_file(monkeypatch):
    monkeypatch.setenv("FLASK_SECRET_KEY", "x" * 32)
    monkeypatch.setenv("FLASK_ORGANIZATION_NAME", "Example County Outreach")
    app = create_app()
    assert app.config["ORGANIZATION_NAME"] == "Example County Outreach"
    assert "Example County Outreach" in ClientRequest(app.test_client()).get("/").get_text()


def test_refuses_debug_outside_development(monkeypatch):
    monkeypatch.delenv(DEVELOPMENT_ENV, raising=False)
    with pytest.raises(ConfigError, match="DEBUG"):
        create_app({"SECRET_KEY": "x", "DEBUG": True})
    monkeypatch.setenv(DEVELOPMENT_ENV, "1")
    assert create_app({"SECRET_KEY": "x", "DEBUG": True}).debug


def test_config_folder_can_move(config):
    (config / "settings.toml").write_text('ORGANIZATION_NAME = "Moved Folder Org"\n')
    app = create_app({"SECRET_KEY": "x"})
    assert app.config["ORGANIZATION_NAME"] == "Moved Folder Org"


def test_settings_file_can_be_replaced(monkeypatch, tmp_path):
    other = tmp_path / "org.toml"
    other.write_text('ORGANIZATION_NAME = "Other File Org"\nNEUTRAL_TITLE = true\n')
    monkeypatch.setenv(SETTINGS_FILE_ENV, str(other))
    page = ClientRequest(create_app({"SECRET_KEY": "x"}).test_client()).get("/")
    assert "Other File Org" in page.get_text()
    assert "trafficking" not in page.title.get_text().lower()


@pytest.mark.parametrize(
    ("line", "entry"),
    [
        ('ORGANISATON_NAME = "typo"', "ORGANISATON_NAME"),
        ("TRUSTED_PROXIES = true", "TRUSTED_PROXIES"),
        ('EXIT_URL = "http://example.com"', "EXIT_URL"),
        ('FRAME_ANCESTORS = ["*"]', "FRAME_ANCESTORS"),
        # Found by an outside attack: a line break passed, then every /exit was a 500.
        ('EXIT_URL = "https://x.example/\\r\\nSet-Cookie: a=b"', "EXIT_URL"),
        ('EXIT_URL = "https://x.example/\\ta"', "EXIT_URL"),
        ('EXIT_URL = "https://x.example/a b"', "EXIT_URL"),
        ('EXIT_URL = "https://"', "EXIT_URL"),
        ('EXIT_URL = "https:///weather"', "EXIT_URL"),
        ('EXIT_URL = "https://[::1/"', "EXIT_URL"),
        ('EXIT_URL = "https://x.example:99999/"', "EXIT_URL"),
        ('EXIT_URL = "https://x.example:port/"', "EXIT_URL"),
        ('TRUSTED_HOSTS = "intranet.example"', "TRUSTED_HOSTS"),
        ('TRUSTED_HOSTS = ["https://intranet.example"]', "TRUSTED_HOSTS"),
        ('TRUSTED_HOSTS = ["intranet.example/screening"]', "TRUSTED_HOSTS"),
        ('TRUSTED_HOSTS = ["intranet.example", 5]', "TRUSTED_HOSTS"),
    ],
)
def test_bad_settings_stop_start_up_with_one_line(monkeypatch, tmp_path, line, entry):
    bad = tmp_path / "settings.toml"
    bad.write_text(line + "\n")
    monkeypatch.setenv(SETTINGS_FILE_ENV, str(bad))
    assert start_up_error(bad).startswith(f"{bad}: {entry}: ")


def test_a_mistyped_environment_setting_stops_start_up(monkeypatch):
    monkeypatch.setenv("FLASK_EXIT_UR", "https://example.org/")
    with pytest.raises(ConfigError) as caught:
        create_app({"SECRET_KEY": "x"})
    assert str(caught.value) == "environment: FLASK_EXIT_UR: unknown setting (a typo?)"
    # Flask's own command-line variables are not settings, and pass.
    monkeypatch.delenv("FLASK_EXIT_UR")
    monkeypatch.setenv("FLASK_APP", "screening")
    monkeypatch.setenv("FLASK_RUN_PORT", "5001")
    assert create_app({"SECRET_KEY": "x"})
