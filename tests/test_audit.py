"""The dependency audit (tools/audit_dependencies.py): it says plainly when it could not audit.

pip-audit itself needs the network and runs once per ``make test`` (and in
``make audit``); here it answers with outputs canned from its JSON report
and its error lines, so these tests run offline and fast.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tools import audit_dependencies as audit

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


def test_a_report_without_vulnerabilities_from_a_failed_run_is_not_a_pass():
    # Whatever made pip-audit fail after writing its report, the run did not
    # finish: its "nothing found" is not "no known vulnerabilities".
    verdict = audit.classify(LOCK, 1, report(("flask", "3.1.3", [])), "ERROR: cache locked\n")
    assert verdict.status == audit.NOT_AUDITED
    text = "\n".join(verdict.lines)
    assert "not audited" in text and "cache locked" in text


def run_main(monkeypatch, capsys, *outcomes: tuple[int, str, str]) -> tuple[int, str]:
    """``main`` over one lock file per outcome, pip-audit answering each as canned here.

    Returns the exit status and what was printed; nothing reaches the network.
    """
    answers = iter(outcomes)

    def fake_run(command, **kwargs):
        code, out, err = next(answers)
        return subprocess.CompletedProcess(command, code, out, err)

    monkeypatch.setattr(audit.subprocess, "run", fake_run)
    status = audit.main([Path(f"{name}.txt") for name in "ab"[: len(outcomes)]])
    return status, capsys.readouterr().out


CLEAN = (0, report(("flask", "3.1.3", [])), "")
FOUND = (1, report(("pip", "1.0", ["PYSEC-1"])), "")
NOT_REACHED = (1, "", UNREACHABLE)


def test_a_vulnerability_in_one_file_wins_over_a_failed_audit_of_another(monkeypatch, capsys):
    status, printed = run_main(monkeypatch, capsys, NOT_REACHED, FOUND)
    assert status == audit.VULNERABLE
    assert printed.startswith("Dependency audit FAILED")
    assert "a.txt: not audited" in printed and "pip 1.0: PYSEC-1" in printed


def test_one_file_not_audited_makes_the_whole_audit_not_done(monkeypatch, capsys):
    status, printed = run_main(monkeypatch, capsys, CLEAN, NOT_REACHED)
    assert status == audit.NOT_AUDITED
    assert printed.startswith("Dependency audit NOT DONE")
    assert "Run `make audit` where it can" in printed
    assert "no known vulnerabilities" not in printed.splitlines()[0]
    assert "b.txt: not audited" in printed


def test_every_file_clean_is_the_only_pass(monkeypatch, capsys):
    status, printed = run_main(monkeypatch, capsys, CLEAN, CLEAN)
    assert status == audit.OK
    assert printed.startswith("Dependency audit: no known vulnerabilities")
    files = printed.splitlines()[1:]
    assert [line.split(":")[0].strip() for line in files] == ["a.txt", "b.txt"]
    assert all("no known vulnerabilities" in line for line in files)
