"""Promises checked against the real production server: gunicorn with our config, in a subprocess.

- the logs never carry what was sent (canary values in every field);
- a long journey creates or changes no file;
- two instances sharing only the secret accept each other's forms;
- a 10 MiB post gets a friendly 413 at once, and the server keeps serving.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest

from screening.settings import CONFIG_DIR_ENV

from ..http_bodies import multipart, multipart_type
from ..live_server import Client, Server, http_request, raw_response, split_response
from ..pages import read_page, token_from

pytestmark = pytest.mark.server

ANSWERS = [("danger", "no"), ("minor", "unsure"), ("control", "never-alone"), ("work", "owes-debt")]
TICKED = ["#danger-no", "#minor-unsure", "#control-never-alone", "#work-owes-debt"]


# --- logs -------------------------------------------------------------------


class Canaries:
    """Unique values to send; afterwards, none may be found in any log."""

    def __init__(self) -> None:
        self.run = uuid.uuid4().hex[:8]
        self.count = 0

    def __call__(self) -> str:
        self.count += 1
        return f"CANARY{self.run}X{self.count}"

    def pattern(self) -> re.Pattern:
        return re.compile(f"CANARY{self.run}", re.I)


def test_no_canary_sent_in_any_field_reaches_the_logs(run_server):
    server = run_server()
    canary = Canaries()
    browser = server.client()
    token = browser.token()
    header = {"User-Agent": canary(), "Referer": f"http://127.0.0.1/{canary()}", "X-Note": canary()}

    # A valid post, with canaries in every extra field, the query string and headers.
    valid = browser.post(
        f"/check?note={canary()}",
        [*ANSWERS, ("csrf_token", token), ("notes", canary()), (canary(), canary())],
        headers=header,
    )
    assert "What to do next" in valid.page().h1.get_text()
    # Invalid posts: a canary as every answer, as the token, as field names.
    invalid = [("csrf_token", token), ("danger", canary()), ("minor", canary())]
    invalid += [(group, canary()) for group in ("control", "work", "physical", "talk")]
    assert browser.post("/check", invalid, headers=header).status == 200
    assert browser.post("/check", [("csrf_token", canary()), *ANSWERS]).status == 200
    assert browser.post("/en/check", [(canary(), canary())] * 3).status == 200
    # Refused bodies and methods, multipart, and pages with a canary query.
    assert browser.post("/check", [("notes", canary() * 5000)]).status == 413
    assert browser.post("/check", [("work", canary())] * 200).status == 413
    body = multipart([("danger", canary()), ("f", canary(), canary())])
    assert browser.request("POST", "/check", body, {"Content-Type": multipart_type()}).status == 200
    assert browser.request("PUT", "/check", canary().encode()).status == 405
    for path in ("/", "/resources", "/staying-safe", "/no-such-page", "/exit"):
        assert browser.get(f"{path}?q={canary()}", headers=header).status in {200, 303, 404}
    # Malformed requests gunicorn refuses itself, quoting the line or header
    # in its own error message unless told not to.
    bad_line = f"GET /check?{canary()} HTTP/1.1 {canary()}\r\nHost: 127.0.0.1\r\n\r\n".encode()
    assert raw_response(server.base_url, bad_line).startswith(b"HTTP/1.1 400")
    bad_header = f"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n{canary()}\x01: v\r\n\r\n".encode()
    assert raw_response(server.base_url, bad_header).startswith(b"HTTP/1.1 400")

    server.stop()
    log = server.output()
    assert canary.count >= 25
    leaked = [line for line in log.splitlines() if canary.pattern().search(line)]
    assert not leaked, "\n".join(leaked)
    # The log is really there, and names method, path, status and time.
    access = re.findall(r'"(GET|POST|PUT) (/[^ "]*)" (\d{3}) \d+ \d+ms', log)
    assert ("POST", "/check", "200") in access
    assert ("POST", "/check", "413") in access
    assert ("PUT", "/check", "405") in access
    assert "Invalid request refused" in log


FORGED_LINE = '[28/Nov/2026:03:00:00 +0000] "GET /forged" 200 0 0ms'


def test_a_path_cannot_forge_or_break_a_log_line(run_server):
    # Found by an outside attack: the access log wrote the decoded path, so
    # %0a began a second, forged line.
    server = run_server(workers=1)
    controls = ["%0a", "%0d", "%0d%0a", "%1b[2J", "%00", "%7f", "%c2%85", "%e2%80%a8", "%5c"]
    for control in controls:
        path = f"/x{control}{quote(FORGED_LINE, safe='/[]:+')}"
        reply = raw_response(
            server.base_url, f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
        )
        assert reply.startswith(b"HTTP/1.1 404"), reply[:100]
    server.stop()
    log = server.output()
    lines = log.split("\n")
    forged = [line for line in lines if "forged" in line]
    # One access line per request, each starting with its own time stamp
    # and naming the path it was really sent.
    assert len(forged) == len(controls), forged
    for line in forged:
        assert re.match(r'\[[^\]]+\] "GET /x', line), line
        assert "\\" in line.split("forged")[0], f"the character sent shows as an escape: {line}"
        assert line.endswith("ms"), line
        assert line.isprintable(), repr(line)
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]", log), "a control character"


# --- nothing written ----------------------------------------------------------


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every file and folder under ``folder``: kind, size, mtime, and a hash of contents.

    Tests run as root, which writes through read-only permissions, so the
    proof is this comparison, not the permissions.
    """
    found: dict[str, tuple] = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        found[str(path.relative_to(folder))] = (
            stat.S_IFMT(info.st_mode),
            info.st_size,
            info.st_mtime_ns,
            digest,
        )
    return found


def make_read_only(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        path.chmod(path.stat().st_mode & ~0o222)


def open_files_under(server: Server, folders: list[Path]) -> list[str]:
    """Files the server processes hold open under ``folders``, deleted ones included.

    A temporary file that is unlinked at once leaves no name to find later,
    but it shows in /proc as ``<path> (deleted)`` while it is open.
    """
    found = []
    for pid in server.pids():
        fd_dir = Path(f"/proc/{pid}/fd")
        for fd in fd_dir.iterdir() if fd_dir.exists() else []:
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if any(target.startswith(str(folder)) for folder in folders):
                found.append(f"{pid}: {target}")
    return found


def journey(browser: Client, rounds: int) -> int:
    """A worker's visits, over and over, with the usual mistakes; return the request count."""
    sent = 0
    for round_number in range(rounds):
        for path in ("/", "/resources", "/staying-safe", "/en/check", "/no-such-page"):
            browser.get(path)
            sent += 1
        token = browser.token()
        assert (
            "What to do next"
            in browser.post("/check", [*ANSWERS, ("csrf_token", token)]).page().h1.get_text()
        )
        browser.post("/check", [("csrf_token", token), ("danger", "maybe")])
        browser.post("/check", [*ANSWERS, ("csrf_token", "stale")])
        browser.post("/check", [("notes", "x" * 70_000)])
        boundary = f"b{round_number}"
        body = multipart([("csrf_token", token), ("f", "z" * 30_000, "a.jpg")], boundary)
        browser.request("POST", "/check", body, {"Content-Type": multipart_type(boundary)})
        browser.request("DELETE", "/check")
        sent += 7
    return sent


def test_a_long_journey_creates_or_changes_no_file(run_server, config, tmp_path):
    workdir = tmp_path / "work"
    workdir.mkdir()
    (workdir / "README").write_text("The server's working folder.\n")
    scratch = tmp_path / "scratch"  # HOME and TMPDIR: must stay empty
    scratch.mkdir()
    make_read_only(config)
    make_read_only(workdir)
    watched = [config, workdir, scratch]
    before = {str(folder): snapshot(folder) for folder in watched}

    server = run_server(
        cwd=workdir,
        env={
            CONFIG_DIR_ENV: str(config),
            "HOME": str(scratch),
            "TMPDIR": str(scratch),
            "XDG_CACHE_HOME": str(scratch / "cache"),
        },
    )
    sent = journey(server.client(), rounds=25)
    held_open = open_files_under(server, watched)
    server.stop()

    assert sent >= 300
    assert not held_open, held_open
    assert list(scratch.iterdir()) == []
    after = {str(folder): snapshot(folder) for folder in watched}
    assert after == before
    # The server did serve the journey from the copied config.
    assert server.output().count('"POST /check" 200') >= 25


# --- two instances -------------------------------------------------------------


def test_a_form_from_one_instance_is_accepted_by_another_with_the_same_secret(run_server):
    first = run_server(secret="shared-secret-of-32-bytes-or-more", workers=1)
    second = run_server(secret="shared-secret-of-32-bytes-or-more", workers=1)
    assert first.port != second.port
    browser = first.client()
    token = browser.token()
    browser.port = second.port  # the load balancer sends the post elsewhere
    result = browser.post("/check", [*ANSWERS, ("csrf_token", token)])
    assert result.status == 200
    assert "What to do next" in result.page().h1.get_text()


def test_with_different_secrets_the_form_comes_back_with_answers_kept(run_server):
    first = run_server(secret="one-secret-of-32-bytes-or-more-for-this-test", workers=1)
    second = run_server(secret="another-secret-of-32-bytes-or-more", workers=1)
    browser = first.client()
    token = browser.token()
    browser.port = second.port
    reply = browser.post("/check", [*ANSWERS, ("csrf_token", token)])
    assert reply.status == 200
    page = reply.page()
    assert "Please check and send again" in page.select_one("#token-notice").get_text()
    for selector in TICKED:
        assert page.select_one(selector).has_attr("checked"), selector
    # The fresh token the second instance gave works there.
    again = browser.post("/check", [*ANSWERS, ("csrf_token", token_from(page))])
    assert "What to do next" in again.page().h1.get_text()


# --- limits ----------------------------------------------------------------------


def test_ten_megabytes_get_a_friendly_413_at_once_and_the_server_keeps_serving(run_server):
    server = run_server(workers=1)  # one worker: a stuck worker would show
    size = 10 << 20
    headers = [
        ("Host", "127.0.0.1"),
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Content-Length", str(size)),
    ]
    # Only the start of the 10 MiB is sent: the answer must not wait for the rest.
    start = http_request("POST", "/check", headers, b"notes=" + b"x" * 65536, content_length=False)
    for _ in range(3):
        answer = split_response(raw_response(server.base_url, start, timeout=10))
        assert answer.status == 413, answer
        page = read_page(answer.body)
        assert "Too much was sent" in page.h1.get_text()
        assert server.client().get("/check").status == 200


def test_the_server_names_no_version_and_error_pages_leak_nothing(run_server):
    server = run_server(workers=1)
    browser = server.client()
    for path in ("/", "/no-such-page", "/static/site.css"):
        reply = browser.get(path)
        assert not re.search(r"\d", reply.headers.get("Server", "")), reply.headers["Server"]
        assert "X-Powered-By" not in reply.headers
    text = browser.get("/no-such-page").body.decode()
    assert not re.search(r"gunicorn|werkzeug|python|traceback|\d+\.\d+\.\d+", text, re.I)


# --- start-up ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "problem"),
    [
        ('LOCAL_RESOURCES = "/etc/passwd"', "LOCAL_RESOURCES: '/etc/passwd' must name a file"),
        ('LOCAL_RESOURCES = "content"', "content: (file): is a folder, not a file"),
        ('EXIT_URL = "https://x.example/\\r\\nSet-Cookie: a=b"', "EXIT_URL: must not contain"),
    ],
)
def test_a_config_problem_stops_the_server_with_one_line(run_server, config, setting, problem):
    (config / "settings.toml").write_text(setting + "\n")
    with pytest.raises(RuntimeError, match="gunicorn exited") as caught:
        # The server's environment leaves out the fixture's SCREENING_ settings.
        run_server(env={CONFIG_DIR_ENV: str(config)})
    output = str(caught.value)
    assert "Traceback" not in output, output
    (line,) = [line for line in output.splitlines() if problem in line]
    assert line.startswith(f"Error: {config}"), line
