"""Installed like any Python app, it runs from anywhere.

A wheel is built from a bare copy of the repository and installed, with the
locked dependencies, into a fresh virtual environment. From an empty
working folder, with no path leading back to the checkout, the installed
``screening check-config`` says OK, and gunicorn (plain, and through
``screening serve``) serves the whole journey, static files included, from
the config the wheel carries. ``SCREENING_CONFIG_DIR`` still points it at
another folder. Building and installing takes about a minute.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..bare_copy import copy_repository, repository_files
from . import production

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
    return {**production.app_free_environment(), **PATHS_BACK}


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


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    tmp = tmp_path_factory.mktemp("wheel")
    source = copy_repository(tmp / "source")
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
    server = production.start(
        tmp_path,
        env=PATHS_BACK,
        cwd=installed.empty,
        command=[installed.bin(command[0]), *command[1:]],
    )
    try:
        browser = server.browser()
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
