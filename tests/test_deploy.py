"""The files in deploy/ are sound as written: the nginx site and the systemd unit.

tests/proxy/ runs the nginx site itself; these check what a run cannot show
(every proxied location replaces every forwarded header) and verify the
systemd unit with systemd's own tool where it is installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .repository import ROOT

DEPLOY = ROOT / "deploy"
UNIT = DEPLOY / "screening@.service"
FORWARDED = ("Host", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host")
FORWARDED += ("X-Forwarded-Port", "X-Forwarded-Prefix")


def _locations(text: str) -> dict[str, str]:
    """``{location line: its body}`` for each location block (an ``if {}`` inside included)."""
    locations = {}
    for match in re.finditer(r"location\s+([^{]+)\{", text):
        depth, end = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            end += 1
        locations[match.group(1).strip()] = text[match.end() : end - 1]
    return locations


def test_every_proxied_location_sets_every_forwarded_header():
    # A header left unset would pass on whatever the client sent, and the
    # app trusts these headers (TRUSTED_PROXIES = 1).
    locations = _locations((DEPLOY / "nginx-screening-location.conf").read_text())
    proxied = {name: body for name, body in locations.items() if "proxy_pass" in body}
    assert proxied, "no location passes requests to the app"
    for name, body in proxied.items():
        for header in FORWARDED:
            assert re.search(rf"proxy_set_header\s+{header}\s+\S", body), f"{name}: {header}"
        assert "proxy_buffering on;" in body and "proxy_request_buffering on;" in body, name


def _unit_for_this_machine(folder: Path) -> Path:
    """The unit, pointed at this environment's commands instead of /opt/screening/bin."""
    text = UNIT.read_text()
    unit = folder / "screening@8000.service"
    unit.write_text(text.replace("/opt/screening/bin/", f"{Path(sys.executable).parent}/"))
    return unit


def _systemd_analyze(*args: str) -> subprocess.CompletedProcess:
    tool = shutil.which("systemd-analyze")
    if tool is None:
        pytest.skip("systemd-analyze is not installed")
    return subprocess.run([tool, *args], capture_output=True, text=True, timeout=60)


def test_the_systemd_unit_verifies_cleanly(tmp_path):
    result = _systemd_analyze("verify", str(_unit_for_this_machine(tmp_path)))
    # verify exits 0 on lines it ignores, so any output at all is a failure.
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr
    assert not result.stdout.strip(), result.stdout


def test_the_systemd_unit_takes_away_what_the_app_does_not_need(tmp_path):
    # systemd rates a unit's exposure from 0 (locked down) to 10: at most 2.
    result = _systemd_analyze(
        "security", "--offline=true", "--threshold=20", str(_unit_for_this_machine(tmp_path))
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr


def test_the_units_listen_where_the_site_sends_requests():
    # The server the tests start (live_server.start), on loopback only, on the
    # ports the nginx upstream names for `systemctl start screening@8000 screening@8001`.
    service = dict(
        line.split("=", 1) for line in UNIT.read_text().splitlines() if line[:1].isupper()
    )
    assert service["ExecStart"].endswith(
        '/gunicorn -c python:screening.gunicorn_conf "screening:create_app()"'
    )
    assert service["Environment"] == "SCREENING_BIND=127.0.0.1:%i"
    site = (DEPLOY / "nginx-screening-upstream.conf").read_text()
    upstream = re.search(r"upstream screening \{([^}]*)\}", site).group(1)
    assert re.findall(r"server (\S+)[^;]*;", upstream) == ["127.0.0.1:8000", "127.0.0.1:8001"]


def test_the_unit_reloads_gracefully_and_the_site_includes_the_location():
    # systemctl reload: gunicorn's graceful reload (new workers, old ones finish).
    service = dict(
        line.split("=", 1) for line in UNIT.read_text().splitlines() if line[:1].isupper()
    )
    assert service["ExecReload"] == "/bin/kill -s HUP $MAINPID"
    # A host of its own uses the same location file a shared host includes.
    site = (DEPLOY / "nginx-screening.conf").read_text()
    assert "include snippets/screening-location.conf;" in site
    assert "location" not in re.sub(r"(?m)#.*$", "", site).replace("screening-location", "")
