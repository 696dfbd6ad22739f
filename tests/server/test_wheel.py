"""Installed like any Python app, it runs from anywhere.

A wheel is built from a bare copy of the repository and installed, with the
locked dependencies, into a fresh virtual environment. From an empty
working folder, with no path leading back to the checkout, the installed
``screening check-config`` says OK, and gunicorn (plain, and through
``screening serve``) serves the whole journey, static files included, from
the config the wheel carries. ``SCREENING_CONFIG_DIR`` still points it at
another folder. Building and installing takes about a minute.

An upgrade as the README gives it: a second version (new wording, every
fact confirmed again) installed into a venv beside the first, both run
with one organization folder. The new one shows the new wording and dates
and keeps the organization's settings and resources.
"""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from .. import live_server
from ..bare_copy import copy_repository, repository_files

pytestmark = pytest.mark.server

ANSWERS = [("danger", "no"), ("minor", "unsure"), ("control", "holds-documents")]


@dataclass
class Installed:
    """The wheel, the venv it is installed in, and an empty folder to run from."""

    wheel: Path
    venv: Path
    empty: Path

    def bin(self, name: str) -> str:
        return str(self.venv / "bin" / name)

    def run(self, *command: str, **env: str) -> subprocess.CompletedProcess:
        """Run an installed command from the empty folder, with only ``env`` set for the app."""
        return subprocess.run(
            [self.bin(command[0]), *command[1:]],
            cwd=self.empty,
            env={**_clean_environment(), **env},
            capture_output=True,
            text=True,
            timeout=120,
        )


#: What could lead Python back to the checkout or the test venv (empty means unset).
PATHS_BACK = {"PYTHONPATH": "", "PYTHONHOME": "", "PYTHONUSERBASE": "", "VIRTUAL_ENV": ""}


def _clean_environment() -> dict[str, str]:
    """This environment without the app's settings or any path back to the checkout."""
    return {**live_server.app_free_environment(), **PATHS_BACK}


def _run(*command: str | Path, cwd: Path | None = None) -> None:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=_clean_environment(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def _build_and_install(tmp: Path, source: Path) -> Installed:
    """A wheel built from ``source``, installed with the locked dependencies into a new venv."""
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", tmp / "dist", source)
    [wheel] = (tmp / "dist").glob("screening-*.whl")
    venv = tmp / "venv"
    _run(sys.executable, "-m", "venv", venv)
    pip = venv / "bin" / "pip"
    _run(pip, "install", "--quiet", "--require-hashes", "-r", source / "requirements/app.txt")
    _run(pip, "install", "--quiet", "--no-deps", wheel)
    empty = tmp / "empty"
    empty.mkdir()
    return Installed(wheel, venv, empty)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    tmp = tmp_path_factory.mktemp("wheel")
    return _build_and_install(tmp, copy_repository(tmp / "source"))


#: The next version's changes: a step reworded, every shipped fact confirmed today.
NEXT_VERSION = "9.9.9"
OLD_WORDING, NEW_WORDING = "Call 911 now", "Call 911 at once"
TODAY = datetime.date.today()


@pytest.fixture(scope="module")
def next_version(tmp_path_factory) -> Installed:
    tmp = tmp_path_factory.mktemp("next-wheel")
    source = copy_repository(tmp / "source")
    init = source / "screening" / "__init__.py"
    init.write_text(
        re.sub(r'__version__ = "[^"]+"', f'__version__ = "{NEXT_VERSION}"', init.read_text())
    )
    steps = source / "config" / "content" / "en" / "steps.toml"
    steps.write_text(steps.read_text().replace(OLD_WORDING, NEW_WORDING, 1))
    sources = source / "config" / "sources.toml"
    sources.write_text(
        re.sub(r"(?m)^confirmed = \d{4}-\d{2}-\d{2}$", f"confirmed = {TODAY}", sources.read_text())
    )
    return _build_and_install(tmp, source)


@pytest.fixture
def organization(tmp_path) -> Path:
    """One organization folder: settings, a local resource with its facts, one re-confirmation."""
    folder = tmp_path / "org"
    folder.mkdir()
    (folder / "settings.toml").write_text(
        'ORGANIZATION_NAME = "Example County Outreach"\nLOCAL_RESOURCES = "local.toml"\n'
    )
    example = Path(__file__).resolve().parents[2] / "config" / "local-resources.example.toml"
    shutil.copy(example, folder / "local.toml")
    shipped = (Path(__file__).resolve().parents[2] / "config" / "sources.toml").read_text()
    entry = shipped[shipped.index('[[facts]]\nid = "mocadsv-web"') :]
    entry = entry[: entry.index("\n\n")]
    reconfirmed = re.sub(
        r"(?m)^confirmed = .*$", f"confirmed = {TODAY - datetime.timedelta(days=1)}", entry
    )
    (folder / "sources.toml").write_text(reconfirmed + "\n")
    return folder


#: What the running app shows, printed by the installed Python.
SHOWN = """
from screening import __version__, create_app
from screening.app_data import app_data
app = create_app()
data = app_data(app)
print(__version__)
print(data.content["en"].steps["emergency"].title)
print(data.content["en"].resources["mocadsv"].confirmed)
print("example-county-outreach" in data.content["en"].resources, app.config["ORGANIZATION_NAME"])
"""


def test_an_upgrade_beside_the_old_venv_takes_new_facts_and_keeps_the_organizations(
    installed, next_version, organization
):
    env = {"SCREENING_ORG_DIR": str(organization), "FLASK_SECRET_KEY": "x" * 32}
    mine = TODAY - datetime.timedelta(days=1)
    before = installed.run("python", "-c", SHOWN, **env)
    assert before.returncode == 0, before.stderr
    version = before.stdout.splitlines()[0]
    assert before.stdout.splitlines()[1:] == [
        OLD_WORDING,
        str(mine),
        "True Example County Outreach",
    ]
    after = next_version.run("python", "-c", SHOWN, **env)
    assert after.returncode == 0, after.stderr
    assert after.stdout.splitlines() == [
        NEXT_VERSION,
        NEW_WORDING,
        str(TODAY),
        "True Example County Outreach",
    ]
    # check-config before the switch names the version and what the
    # organization's folder now duplicates.
    check = next_version.run("screening", "check-config", **env)
    assert check.returncode == 0 and check.stdout == "OK\n", check.stdout + check.stderr
    assert check.stderr.startswith(f"screening {NEXT_VERSION}; ")
    assert "fact 'mocadsv-web': duplicates the shipped fact" in check.stderr
    old_check = installed.run("screening", "check-config", **env)
    assert old_check.stderr.startswith(f"screening {version}; ")
    assert "fact 'mocadsv-web': overrides the shipped fact" in old_check.stderr


def test_the_wheel_holds_the_package_and_the_shipped_config(installed):
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    files = repository_files()
    expected = {name for name in files if name.startswith("screening/")}
    expected |= {
        "screening/default_config/" + name.removeprefix("config/")
        for name in files
        if name.startswith("config/")
    }
    assert expected - names == set()
    assert not {name for name in names if name.startswith(("tests/", "config/", "deploy/"))}


def test_the_installed_app_is_imported_from_the_venv_not_the_checkout(installed):
    result = installed.run("python", "-c", "import screening; print(screening.__file__)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(str(installed.venv / "lib")), result.stdout


def test_check_config_says_ok_from_an_empty_folder(installed):
    result = installed.run("screening", "check-config")
    print(result.stdout + result.stderr)
    assert result.returncode == 0
    assert result.stdout == "OK\n"
    assert list(installed.empty.iterdir()) == []


def test_screening_config_dir_still_points_it_elsewhere(installed, tmp_path):
    mine = tmp_path / "config"
    mine.mkdir()
    (mine / "settings.toml").write_text('EXIT_URL = "http://example.org/"\n')
    result = installed.run("screening", "check-config", SCREENING_CONFIG_DIR=str(mine))
    assert result.returncode == 1
    assert result.stdout.startswith(f"{mine / 'settings.toml'}: EXIT_URL: must be an https://")


@pytest.mark.parametrize(
    "command",
    [
        ["gunicorn", "--bind", "127.0.0.1:0", "--workers", "1", "screening:create_app()"],
        ["screening", "serve", "--bind", "127.0.0.1:0", "--workers", "1"],
    ],
    ids=["gunicorn", "screening serve"],
)
def test_gunicorn_serves_the_whole_journey_from_an_empty_folder(installed, tmp_path, command):
    server = live_server.start(
        tmp_path,
        env=PATHS_BACK,
        cwd=installed.empty,
        command=[installed.bin(command[0]), *command[1:]],
    )
    try:
        browser = server.client()
        start = browser.get("/en/")
        assert start.status == 200
        page = start.page()
        stylesheet = browser.get(page.select_one("link[rel=stylesheet]")["href"])
        assert stylesheet.status == 200
        assert stylesheet.headers["Content-Type"].startswith("text/css")
        assert b"{" in stylesheet.body
        token = browser.token("/en/check")
        result = browser.post("/en/check", [*ANSWERS, ("csrf_token", token)])
        assert result.status == 200
        steps = result.page()
        assert steps.h1.get_text(strip=True) == "What to do next"
        assert steps.select_one("#step-report-child") and steps.select_one("#step-call-hotline")
        resources = browser.get("/es/resources").page()
        assert resources.select_one("a[href='tel:+18883737888']")
    finally:
        server.stop()
    assert list(installed.empty.iterdir()) == []
