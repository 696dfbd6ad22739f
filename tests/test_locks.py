"""The lock files pin exactly what pyproject.toml allows, so every install is the same.

``make serve`` installs ``requirements/app.txt`` and ``make test``
``requirements/test.txt``, both with ``--require-hashes``. A dependency added
to pyproject.toml without ``make lock`` would be missing from them (the
install fails on a fresh machine only), and a hand-edited pin could fall
outside the range the package promises: both are caught here.
"""

from __future__ import annotations

import re
import tomllib

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement

from .repository import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
_PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: str) -> dict[str, str]:
    """``{name: version}`` for the pins that apply to this interpreter; every pin is hashed."""
    lines = (ROOT / path).read_text().splitlines()
    found: dict[str, str] = {}
    for number, line in enumerate(lines):
        if not line or line[0] in "# ":
            continue
        match = _PIN.match(line)
        assert match, f"{path}:{number + 1}: not an exact pin: {line!r}"
        assert lines[number + 1].strip().startswith("--hash=sha256:"), f"{path}: {line} has no hash"
        name, version, marker = match.groups()
        if marker is None or Marker(marker).evaluate():
            found[_name(name)] = version
    return found


def _requirements(extra: str | None = None) -> list[Requirement]:
    listed = PYPROJECT["optional-dependencies"][extra] if extra else PYPROJECT["dependencies"]
    return [Requirement(text) for text in listed]


@pytest.mark.parametrize(
    ("lock", "requirements"),
    [
        ("requirements/app.txt", _requirements()),
        ("requirements/test.txt", _requirements() + _requirements("test")),
    ],
)
def test_every_dependency_is_pinned_inside_its_range(lock, requirements):
    pinned = pins(lock)
    for requirement in requirements:
        name = _name(requirement.name)
        assert name in pinned, f"{lock} lacks {name}: run `make lock`"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"{lock}: {name}=={pinned[name]} is outside {requirement}: run `make lock`"
        )


def test_the_app_runs_the_same_versions_it_is_tested_with():
    app, test = pins("requirements/app.txt"), pins("requirements/test.txt")
    assert {name: test.get(name) for name in app} == app
