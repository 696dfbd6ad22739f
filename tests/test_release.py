"""Releases: one version, reported by the app and the package, and a changelog entry for it."""

from __future__ import annotations

import re
import tomllib

from click.testing import CliRunner

from screening import __version__
from screening.cli import cli

from .repository import ROOT

CHANGELOG = ROOT / "CHANGELOG.md"
#: What every release says, for the people each part is for.
SECTIONS = ("For workers", "For deployers", "Facts re-confirmed")


def releases() -> list[tuple[str, str]]:
    """Each ``## <version> (<date>)`` heading of the changelog, with the text under it."""
    parts = re.split(r"(?m)^## ", CHANGELOG.read_text(encoding="utf-8"))[1:]
    return [(part.split(" ", 1)[0], part) for part in parts]


def test_screening_version_prints_the_release():
    result = CliRunner().invoke(cli, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"screening {__version__}\n")


def test_the_package_takes_its_version_from_the_app():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "screening.__version__"}


def test_the_changelog_starts_with_this_release_and_says_what_changed_for_whom():
    (latest, text), *older = releases()
    assert latest == __version__
    assert re.match(rf"{re.escape(__version__)} \(\d{{4}}-\d{{2}}-\d{{2}}\)\n", text)
    for section in SECTIONS:
        assert f"### {section}" in text, section
    versions = [latest] + [version for version, _ in older]
    assert len(set(versions)) == len(versions), "each release once"
