"""The organization's folder, layered over the shipped configuration, and an upgrade through it.

What the organization owns (its settings, its resources with their facts,
its re-confirmations of shipped facts) lives in ``SCREENING_ORG_DIR``; what
ships with the app stays in the package. An upgrade replaces the shipped
folder and must bring its new facts and wording while keeping every local
entry; ``check-config`` says which local entries override or duplicate
shipped ones.
"""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path

import pytest

from screening import create_app
from screening.app_data import app_data
from screening.cli import check_config
from screening.settings import CONFIG_DIR_ENV, ORGANIZATION_DIR_ENV, SETTINGS_FILE_ENV

from .config_edits import replace_once, start_up_error
from .pages import ClientRequest
from .repository import ROOT

TODAY = datetime.date.today()
EXAMPLE = ROOT / "config" / "local-resources.example.toml"
#: A shipped resource whose one fact the organization re-confirms.
RECONFIRMED = "mocadsv-web"
#: A step's wording that the new version changes.
OLD_WORDING = "Call 911 now"
NEW_WORDING = "Call 911 at once"


def shipped_version(root: Path, name: str, confirmed: datetime.date, wording: str) -> Path:
    """A copy of the shipped config, every fact confirmed on ``confirmed``, one step reworded."""
    folder = root / name
    shutil.copytree(ROOT / "config", folder)
    sources = folder / "sources.toml"
    text = re.sub(
        r"(?m)^confirmed = \d{4}-\d{2}-\d{2}$", f"confirmed = {confirmed}", sources.read_text()
    )
    sources.write_text(text)
    if wording != OLD_WORDING:
        replace_once(folder / "content" / "en" / "steps.toml", OLD_WORDING, wording)
    return folder


@pytest.fixture
def organization(monkeypatch, tmp_path) -> Path:
    """An organization's folder: settings, a local resource with its facts, one re-confirmation."""
    folder = tmp_path / "org"
    folder.mkdir()
    (folder / "settings.toml").write_text(
        'ORGANIZATION_NAME = "Example County Outreach"\nLOCAL_RESOURCES = "local-resources.toml"\n'
    )
    shutil.copy(EXAMPLE, folder / "local-resources.toml")
    (folder / "sources.toml").write_text(
        f"""[[facts]]
id = "{RECONFIRMED}"
kind = "web"
value = "https://mocadsv.org/"
owner = "Missouri Coalition Against Domestic and Sexual Violence"
sources = ["https://mocadsv.org/"]
confirmed = {TODAY - datetime.timedelta(days=1)}
how = "owner-page"
"""
    )
    monkeypatch.setenv(ORGANIZATION_DIR_ENV, str(folder))
    monkeypatch.delenv(SETTINGS_FILE_ENV, raising=False)
    monkeypatch.setenv("FLASK_SECRET_KEY", "x" * 32)
    return folder


def use_shipped(monkeypatch, folder: Path) -> None:
    monkeypatch.setenv(CONFIG_DIR_ENV, str(folder))


def check_config_notes(capsys) -> list[str]:
    assert check_config() == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1] == "OK"
    return [line for line in captured.err.splitlines() if line.startswith("note: ")]


def test_an_upgrade_brings_the_new_shipped_facts_and_wording_and_keeps_every_local_one(
    organization, monkeypatch, tmp_path, capsys
):
    old_date, new_date = TODAY - datetime.timedelta(days=30), TODAY
    mine = TODAY - datetime.timedelta(days=1)
    version_1 = shipped_version(tmp_path, "v1", old_date, OLD_WORDING)
    version_2 = shipped_version(tmp_path, "v2", new_date, NEW_WORDING)

    # Version 1 with the organization's folder: its settings, its resource
    # and its newer re-confirmation of one shipped fact all apply.
    use_shipped(monkeypatch, version_1)
    app = create_app({"SECRET_KEY": "x"})
    data = app_data(app)
    assert data.content["en"].resources["mocadsv"].confirmed == mine
    assert data.content["en"].resources["nhth"].confirmed == old_date
    client = ClientRequest(app.test_client())
    page = client.get("/en/resources/more").get_text()
    assert "Example County outreach coordinator" in page
    assert "Example County Outreach" in page
    assert OLD_WORDING in client.post("/en/check", {"danger": "yes", "minor": "no"}).get_text()
    notes = check_config_notes(capsys)
    assert notes == [
        f"note: {organization / 'sources.toml'}: fact {RECONFIRMED!r}: overrides the shipped"
        f" fact: confirmed {mine} here, {old_date} in the shipped list"
    ]

    # The upgrade: a new shipped folder, the same organization folder.
    use_shipped(monkeypatch, version_2)
    app = create_app({"SECRET_KEY": "x"})
    data = app_data(app)
    assert data.content["en"].resources["mocadsv"].confirmed == new_date
    assert data.content["en"].resources["nhth"].confirmed == new_date
    assert data.content["en"].resources["example-county-outreach"].local
    client = ClientRequest(app.test_client())
    page = client.get("/en/resources/more").get_text()
    assert "Example County outreach coordinator" in page
    assert "Example County Outreach" in page
    results = client.post("/en/check", {"danger": "yes", "minor": "no"}).get_text()
    assert NEW_WORDING in results and OLD_WORDING not in results
    notes = check_config_notes(capsys)
    assert notes == [
        f"note: {organization / 'sources.toml'}: fact {RECONFIRMED!r}: duplicates the shipped"
        f" fact, confirmed {new_date} there: remove it here",
    ]


def test_check_config_names_a_local_setting_that_repeats_the_shipped_one(
    organization, monkeypatch, capsys
):
    use_shipped(monkeypatch, ROOT / "config")
    with (organization / "settings.toml").open("a") as settings:
        settings.write('EXIT_URL = "https://www.weather.gov/"\n')
    notes = check_config_notes(capsys)
    assert (
        f"note: {organization / 'settings.toml'}: EXIT_URL: the same as the shipped setting:"
        " remove it here, to follow the shipped value" in notes
    )


def test_check_config_reports_the_version_and_the_folders_in_use(organization, capsys):
    from screening import __version__

    assert check_config() == 0
    err = capsys.readouterr().err
    assert f"screening {__version__}" in err
    assert f"organization folder: {organization}" in err


def test_local_resources_are_found_in_the_organization_folder_only(organization):
    (organization / "settings.toml").write_text('LOCAL_RESOURCES = "../elsewhere.toml"\n')
    message = start_up_error(organization)
    assert "LOCAL_RESOURCES" in message and "inside" in message


def test_a_missing_organization_folder_is_one_line(monkeypatch, tmp_path):
    missing = tmp_path / "nowhere"
    monkeypatch.setenv(ORGANIZATION_DIR_ENV, str(missing))
    message = start_up_error(missing)
    assert message == f"{missing}: (folder): not found ({ORGANIZATION_DIR_ENV})"


def test_a_reconfirmation_must_keep_the_shipped_value(organization):
    replace_once(
        organization / "sources.toml",
        'value = "https://mocadsv.org/"',
        'value = "https://mocadsv.example/"',
    )
    message = start_up_error(organization / "sources.toml")
    assert message.startswith(f"{organization / 'sources.toml'}: fact {RECONFIRMED!r}: ")
    assert "https://mocadsv.org/" in message


def test_an_unknown_key_in_the_organization_folder_settings_is_refused(organization):
    (organization / "settings.toml").write_text('EXIT_URLL = "https://www.weather.gov/"\n')
    message = start_up_error(organization / "settings.toml")
    assert message.startswith(f"{organization / 'settings.toml'}: EXIT_URLL: unknown setting")
