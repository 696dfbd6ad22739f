"""Check the lock files for known vulnerabilities (pip-audit); say plainly when it could not.

``python tools/audit_dependencies.py [LOCK ...]`` (default: both files in
``requirements/``) runs pip-audit on exactly the pinned, hashed versions in
each lock file, without installing or resolving anything, and prints one of:

- ``Dependency audit: no known vulnerabilities ...`` (exit 0);
- the vulnerable packages, each with its advisory ids and fixed versions
  (exit 1);
- ``Dependency audit NOT DONE ...`` when no advisory database answered
  (exit 2). Nothing was checked then: that is never reported as "no known
  vulnerabilities".

``make audit`` runs it before a deploy; ``make test`` runs it too and fails
on a vulnerability, but only reports (exit 2 tolerated) when the advisory
database cannot be reached, as on a machine without internet access.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCKS = (ROOT / "requirements" / "app.txt", ROOT / "requirements" / "test.txt")

OK, VULNERABLE, NOT_AUDITED = 0, 1, 2


@dataclass(frozen=True)
class Verdict:
    """What one pip-audit run showed: a status (OK, VULNERABLE, NOT_AUDITED) and what to print."""

    status: int
    lines: tuple[str, ...]


def audit_command(lock: Path) -> list[str]:
    """pip-audit on the lock file's exact pins and hashes; every package must be looked up."""
    return [
        sys.executable,
        "-m",
        "pip_audit",
        "--requirement",
        str(lock),
        "--require-hashes",
        "--disable-pip",  # the lock is complete: nothing to resolve or install
        "--strict",  # a package the advisory service cannot look up is a failure, not a skip
        "--format",
        "json",
        "--progress-spinner",
        "off",
    ]


def classify(lock: Path, returncode: int, stdout: str, stderr: str) -> Verdict:
    """Read one pip-audit run: vulnerabilities found, none, or no audit at all."""
    report = _json_report(stdout)
    packages = report.get("dependencies", []) if report is not None else []
    found = [package for package in packages if package.get("vulns")]
    if found:
        lines = [f"{lock.name}: {len(found)} package(s) with known vulnerabilities:"]
        for package in found:
            for vuln in package["vulns"]:
                fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
                lines.append(
                    f"  {package['name']} {package.get('version', '?')}: {vuln['id']} "
                    f"(fixed in: {fixed})"
                )
        return Verdict(VULNERABLE, tuple(lines))
    if report is None or returncode != 0:
        # No report, or a failed run: pip-audit stopped before auditing (an
        # advisory service it could not reach, or a package it could not
        # look up there).
        reason = _last_line(stderr) or f"pip-audit exited with status {returncode}"
        return Verdict(NOT_AUDITED, (f"{lock.name}: not audited ({reason})",))
    return Verdict(OK, (f"{lock.name}: {len(packages)} packages, no known vulnerabilities",))


def _json_report(stdout: str) -> dict | None:
    try:
        report = json.loads(stdout)
    except ValueError:
        return None
    return report if isinstance(report, dict) else None


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def main(locks: list[Path]) -> int:
    """Audit each lock file; print the verdicts; return the worst status."""
    verdicts = []
    for lock in locks:
        run = subprocess.run(audit_command(lock), capture_output=True, text=True, timeout=600)
        verdicts.append(classify(lock, run.returncode, run.stdout, run.stderr))
    statuses = {verdict.status for verdict in verdicts}
    # A vulnerability found in one file is the news, whatever else happened.
    status = VULNERABLE if VULNERABLE in statuses else max(statuses)
    heading = {
        OK: "Dependency audit: no known vulnerabilities (pip-audit, lock files).",
        VULNERABLE: "Dependency audit FAILED: known vulnerabilities in the lock files.",
        NOT_AUDITED: (
            "Dependency audit NOT DONE: pip-audit could not look the packages up in an "
            "advisory database, so nothing was checked. Run `make audit` where it can, "
            "before a deploy."
        ),
    }[status]
    print(heading)
    for verdict in verdicts:
        for line in verdict.lines:
            print(f"  {line}")
    return status


if __name__ == "__main__":
    sys.exit(main([Path(arg) for arg in sys.argv[1:]] or list(LOCKS)))
