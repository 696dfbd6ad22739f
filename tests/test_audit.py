"""The dependency audit (tools/audit_dependencies.py): it says plainly when it could not audit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tools import audit_dependencies as audit

from .pages import ROOT

LOCK = Path("requirements/app.txt")

# What pip-audit 2.10 printed here, where PyPI's vulnerability data cannot
# be reached: no report, one fatal line (it was run with --strict).
UNREACHABLE = "ERROR:pip_audit._cli:babel: Dependency not found on PyPI and could not be audited"


def report(*packages: tuple[str, str, list[str]]) -> str:
    """pip-audit's JSON report for (name, version, advisory ids) packages."""
    dependencies = [
        {
            "name": name,
            "version": version,
            "vulns": [{"id": ident, "fix_versions": ["9.9.9"], "aliases": []} for ident in ids],
        }
        for name, version, ids in packages
    ]
    return json.dumps({"dependencies": dependencies, "fixes": []})


def test_an_unreachable_advisory_database_is_not_audited_never_no_vulnerabilities():
    verdict = audit.classify(LOCK, 1, "", UNREACHABLE + "\n")
    assert verdict.status == audit.NOT_AUDITED
    text = "\n".join(verdict.lines)
    assert "not audited" in text and "Dependency not found on PyPI" in text
    assert "no known vulnerabilities" not in text


def test_a_known_vulnerability_is_named_with_its_fix():
    stdout = report(("flask", "3.1.3", []), ("werkzeug", "3.1.9", ["PYSEC-0000-1", "GHSA-x"]))
    verdict = audit.classify(LOCK, 1, stdout, "")
    assert verdict.status == audit.VULNERABLE
    assert "werkzeug 3.1.9: PYSEC-0000-1 (fixed in: 9.9.9)" in "\n".join(verdict.lines)
    assert "GHSA-x" in "\n".join(verdict.lines)
    assert "flask" not in "\n".join(verdict.lines)


def test_a_clean_report_counts_the_packages_checked():
    verdict = audit.classify(LOCK, 0, report(("flask", "3.1.3", []), ("jinja2", "3.1.6", [])), "")
    assert verdict == audit.Verdict(audit.OK, ("app.txt: 2 packages, no known vulnerabilities",))


def test_a_vulnerability_in_one_file_wins_over_a_failed_audit_of_another(monkeypatch, capsys):
    outcomes = iter([(1, "", UNREACHABLE), (1, report(("pip", "1.0", ["PYSEC-1"])), "")])

    def fake_run(command, **kwargs):
        code, out, err = next(outcomes)
        return subprocess.CompletedProcess(command, code, out, err)

    monkeypatch.setattr(audit.subprocess, "run", fake_run)
    assert audit.main([Path("a.txt"), Path("b.txt")]) == audit.VULNERABLE
    printed = capsys.readouterr().out
    assert printed.startswith("Dependency audit FAILED")
    assert "a.txt: not audited" in printed and "pip 1.0: PYSEC-1" in printed


@pytest.mark.parametrize("lock", audit.LOCKS, ids=lambda path: path.name)
def test_the_audit_reads_the_lock_files_as_they_are(lock):
    command = audit.audit_command(lock)
    # The pinned, hashed versions themselves: nothing resolved, nothing skipped.
    assert {"--require-hashes", "--disable-pip", "--strict"} <= set(command)
    assert lock.is_relative_to(ROOT / "requirements") and lock.exists()


def test_the_real_audit_says_which_of_the_three_it_is():
    # Runs pip-audit itself: here, without its advisory database, it must say
    # NOT DONE (status 2); where the database answers, 0 or 1 with a report.
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "audit_dependencies.py")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    first = run.stdout.splitlines()[0]
    expected = {
        audit.OK: "Dependency audit: no known vulnerabilities",
        audit.VULNERABLE: "Dependency audit FAILED",
        audit.NOT_AUDITED: "Dependency audit NOT DONE",
    }
    assert run.returncode in expected, run.stderr
    assert first.startswith(expected[run.returncode]), run.stdout
    if run.returncode == audit.NOT_AUDITED:
        assert "no known vulnerabilities" not in run.stdout
