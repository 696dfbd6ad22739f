"""``make check`` is the everyday loop; ``make test`` runs every test once, as CI does."""

from __future__ import annotations

import re
import shlex
import subprocess

from .repository import ROOT

FAST = "not browser and not server"


def planned(target: str) -> list[str]:
    """The commands ``make TARGET`` would run (``make --dry-run``, sub-makes included)."""
    return subprocess.run(
        ["make", "--dry-run", "--no-print-directory", target],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()


def pytest_runs(commands: list[str]) -> list[str]:
    """The marker expression of each pytest run among ``commands`` ("" for every test)."""
    runs = []
    for line in commands:
        if re.search(r'/pytest"?( |$)', line):
            words = shlex.split(line.split("pytest", 1)[1].lstrip('"'))
            runs.append(words[words.index("-m") + 1] if "-m" in words else "")
    return runs


def test_make_check_runs_ruff_and_only_the_fast_tests():
    commands = planned("check")
    assert any(line.endswith("ruff check .") for line in commands)
    assert pytest_runs(commands) == [FAST]


def test_make_test_runs_each_test_once_the_fast_ones_from_the_bare_copy():
    commands = planned("test")
    assert any(line.endswith("ruff check .") for line in commands)
    # The fast tier in the copy, then the rest here: every test, none twice.
    assert pytest_runs(commands) == [FAST, "browser or server"]
    copy_run = next(line for line in commands if FAST in line)
    assert 'PYTHONPATH="$copy/repo"' in copy_run
