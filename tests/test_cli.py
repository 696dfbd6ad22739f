"""The ``screening`` command: ``check-config`` before a deploy, ``serve`` to run the app."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from screening import __version__
from screening.cli import check_config, cli
from screening.config_files import MAX_FILE_SIZE
from screening.settings import SETTINGS_FILE_ENV

from .config_edits import replace_once
from .repository import ROOT

SCRIPT = Path(sys.executable).parent / "screening"


def test_check_config_says_ok_for_the_shipped_config(config):
    result = CliRunner().invoke(cli, ["check-config"])
    assert (result.exit_code, result.stdout) == (0, "OK\n")
    assert result.stderr.startswith(f"screening {__version__}; shipped configuration: ")


def test_check_config_names_a_problem_on_one_line_and_exits_1(config):
    replace_once(config / "content/es/resources.toml", '"1-888-373-7888"', '"1-888-373-788"')
    result = CliRunner().invoke(cli, ["check-config"])
    assert result.exit_code == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith(str(config / "content/es/resources.toml"))
    assert "1 problem(s) found." in result.stderr
    assert "Traceback" not in result.output


def test_the_version_is_the_releases(config):
    result = CliRunner().invoke(cli, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"screening {__version__}\n")


def test_the_command_lists_its_commands():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "check-config" in result.stdout and "serve" in result.stdout


def test_serve_hands_its_options_to_gunicorn(monkeypatch):
    started = []
    monkeypatch.setattr(os, "execv", lambda path, argv: started.append(argv))
    for name in ("SCREENING_BIND", "SCREENING_WORKERS", "FLASK_SECRET_KEY"):
        monkeypatch.setenv(name, "")  # restored after the test, whatever serve sets
        monkeypatch.delenv(name)
    result = CliRunner().invoke(cli, ["serve", "--bind", "127.0.0.1:9000", "--workers", "3"])
    assert result.exit_code == 0, result.output
    (argv,) = started
    assert argv[1:] == [
        "-m",
        "gunicorn",
        "-c",
        "python:screening.gunicorn_conf",
        "screening:create_app()",
    ]
    assert (os.environ["SCREENING_BIND"], os.environ["SCREENING_WORKERS"]) == (
        "127.0.0.1:9000",
        "3",
    )
    assert len(os.environ["FLASK_SECRET_KEY"]) == 64
    assert "FLASK_SECRET_KEY is not set" in result.stderr


def test_serve_refuses_a_worker_count_that_is_not_a_number():
    result = CliRunner().invoke(cli, ["serve", "--workers", "many"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_check_config_names_a_broken_resource_and_fails(config, capsys):
    replace_once(config / "content/es/resources.toml", '"1-888-373-7888"', '"1-888-373-788"')
    assert check_config() == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1
    assert out[0].startswith(str(config / "content/es/resources.toml"))
    assert "resource 'nhth' channel #1" in out[0] and "not a phone number" in out[0]


def test_check_config_lists_every_problem_at_once(config, capsys):
    replace_once(config / "content/en/checklist.toml", 'id = "few-belongings"', 'id = "Few"')
    replace_once(config / "content/es/steps.toml", 'resources = ["nhth"]', 'resources = ["nhht"]')
    (config / "settings.toml").write_text("NEUTRAL_TITLE = false\n")
    assert check_config() == 1
    out = capsys.readouterr().out
    assert "content/en/checklist.toml: group 'living' item #4: id 'Few'" in out
    assert "content/es/steps.toml: step 'call-hotline': resource 'nhht'" in out
    assert len(out.splitlines()) == 2


def test_check_config_notices_an_id_missing_in_one_language(config, capsys):
    replace_once(config / "content/es/checklist.toml", 'id = "owes-debt"', 'id = "owes-money"')
    assert check_config() == 1
    out = capsys.readouterr().out
    assert "content/es/checklist.toml: item 'owes-debt': missing" in out
    assert "content/es/checklist.toml: item 'owes-money': not defined in English" in out


def test_check_config_names_a_bad_setting(config, capsys):
    (config / "settings.toml").write_text('EXIT_URL = "http://example.com"\n')
    assert check_config() == 1
    assert "settings.toml: EXIT_URL: must be an https://" in capsys.readouterr().out


UNUSABLE_CHARACTERS = "must not contain spaces, line breaks, control characters or backslashes"


@pytest.mark.parametrize(
    ("exit_url", "problem"),
    [
        ("https://x.example/\r\nSet-Cookie: a=b", UNUSABLE_CHARACTERS),
        ("https://x.example/\x1b[2J", UNUSABLE_CHARACTERS),
        ("https://", "must be an https:// address of a neutral site"),
    ],
)
def test_check_config_refuses_an_exit_url_that_would_break_quick_exit(
    config, monkeypatch, capsys, exit_url, problem
):
    # Found by an outside attack: this passed as OK, then every /exit was a 500.
    monkeypatch.setenv("FLASK_EXIT_URL", exit_url)
    assert check_config() == 1
    assert capsys.readouterr().out == f"{config / 'settings.toml'}: EXIT_URL: {problem}\n"


def test_check_config_checks_local_resources(config, capsys):
    (config / "settings.toml").write_text('LOCAL_RESOURCES = "missing.toml"\n')
    assert check_config() == 1
    assert "missing.toml: (file): not found" in capsys.readouterr().out


#: A local resources file in Latin-1, not UTF-8: "ñé" is two bytes no UTF-8 text holds.
NOT_UTF_8 = "# Condado de Jackson ñé\n[resources]\n".encode("latin-1")


def _make_local(config: Path, kind: str) -> str:
    """A LOCAL_RESOURCES value of one problematic kind; create what it names."""
    if kind == "not-utf-8":
        (config / "mine.toml").write_bytes(NOT_UTF_8)
        return "mine.toml"
    if kind == "fifo":
        os.mkfifo(config / "mine.toml")  # opening it would wait for a writer
        return "mine.toml"
    if kind == "too-large":
        (config / "mine.toml").write_text("#" * 2 * MAX_FILE_SIZE)  # twice the limit
        return "mine.toml"
    if kind == "link-outside":
        (config / "mine.toml").symlink_to("/etc/passwd")
        return "mine.toml"
    return {
        "outside": "../" * 12 + "etc/passwd",
        "absolute": "/etc/passwd",
        "root": "/",
        "folder": "content",
        "device": "/dev/zero",
    }[kind]


# Checks and start-up both, in a child process with a time limit: a file that
# never ends (/dev/zero) or never opens (a FIFO) must not hang either.
_CHECK_THEN_START = """
from screening import ConfigError, create_app
from screening.cli import check_config
from screening.settings import SETTINGS_FILE_ENV
check_config()
try:
    create_app()
except ConfigError as error:
    print("start-up:", error)
"""


def _check_then_start() -> tuple[str, str]:
    """What check-config, then start-up, printed: one line each; no traceback."""
    result = subprocess.run(
        [sys.executable, "-c", _CHECK_THEN_START],
        capture_output=True,
        text=True,
        env=os.environ,
        timeout=20,
    )
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2, lines
    return lines[0], lines[1]


#: A path out of the config folder is refused by name, before anything is opened.
OUTSIDE = "{config}: LOCAL_RESOURCES: {local!r} must name a file inside this config folder"
#: The one line check-config and start-up each give, by kind of unusable file.
UNUSABLE_LOCAL = {
    "outside": OUTSIDE,
    "absolute": OUTSIDE,
    "root": OUTSIDE,
    "folder": "{config}/content: (file): is a folder, not a file",
    "not-utf-8": "{config}/mine.toml: (file): is not UTF-8 text"
    f" (byte {NOT_UTF_8.index('ñ'.encode('latin-1')) + 1})",
    "fifo": "{config}/mine.toml: (file): is not a regular file",
    "device": OUTSIDE,
    "too-large": "{config}/mine.toml: (file):"
    f" is over {MAX_FILE_SIZE // 1024} KiB: is it the right file?",
    "link-outside": OUTSIDE,
}


@pytest.mark.parametrize(("kind", "expected"), UNUSABLE_LOCAL.items(), ids=UNUSABLE_LOCAL)
def test_a_local_resources_file_that_cannot_be_used_is_one_line_never_a_hang(
    config, kind, expected
):
    # Found by an outside attack: /etc/passwd was read (and reported as bad
    # TOML), a folder or non-UTF-8 file gave a traceback, /dev/zero hung.
    local = _make_local(config, kind)
    (config / "settings.toml").write_text(f'LOCAL_RESOURCES = "{local}"\n')
    line = expected.format(config=config, local=local)
    assert _check_then_start() == (line, f"start-up: {line}")


@pytest.mark.parametrize("settings", ["/dev/zero", "/", "/etc/passwd"])
def test_a_settings_file_that_cannot_be_used_is_one_line_never_a_hang(
    config, monkeypatch, settings
):
    monkeypatch.setenv(SETTINGS_FILE_ENV, settings)
    checked, started = _check_then_start()
    assert checked.startswith(f"{settings}: (file): "), checked
    assert started.startswith(f"start-up: {settings}: (file): "), started
    assert "root:" not in checked + started


def test_check_config_runs_without_a_secret(config, monkeypatch, capsys):
    # A deployer checks files before the secret exists on the machine.
    monkeypatch.delenv("FLASK_SECRET_KEY")
    assert check_config() == 0
    captured = capsys.readouterr()
    assert captured.out == "OK\n"
    assert "FLASK_SECRET_KEY" in captured.err


#: What check-config says when the shipped hosts would refuse every visitor.
HOSTS_HINT = "TRUSTED_HOSTS is the default"


@pytest.mark.parametrize(
    ("bind", "proxies", "hinted"),
    [
        ("127.0.0.1:8000", 0, False),
        ("0.0.0.0:8000", 0, True),
        ("192.0.2.7:8000", 0, True),
        ("[::]:8000", 0, True),
        ("127.0.0.1:8000", 1, True),  # behind a proxy, visitors name the public host
    ],
)
def test_check_config_hints_at_trusted_hosts_when_the_default_cannot_serve_visitors(
    config, monkeypatch, capsys, bind, proxies, hinted
):
    monkeypatch.setenv("SCREENING_BIND", bind)
    monkeypatch.setenv("FLASK_TRUSTED_PROXIES", str(proxies))
    assert check_config() == 0
    captured = capsys.readouterr()
    assert captured.out == "OK\n"
    assert (HOSTS_HINT in captured.err) == hinted, captured.err
    if hinted:
        (hint,) = [line for line in captured.err.splitlines() if HOSTS_HINT in line]
        assert "README" in hint


def test_check_config_gives_no_hint_once_the_host_is_set(config, monkeypatch, capsys):
    monkeypatch.setenv("SCREENING_BIND", "0.0.0.0:8000")
    (config / "settings.toml").write_text('TRUSTED_HOSTS = ["screening.example.org"]\n')
    assert check_config() == 0
    assert HOSTS_HINT not in capsys.readouterr().err


def test_the_installed_command_exits_non_zero_on_a_problem(config):
    replace_once(config / "content/en/resources.toml", 'purpose = "children"', 'purpose = "kids"')
    result = subprocess.run(
        [str(SCRIPT), "check-config"], capture_output=True, text=True, env=os.environ, timeout=60
    )
    assert result.returncode == 1
    assert "content/en/resources.toml: resource 'mo-child-abuse': purpose 'kids'" in result.stdout


@pytest.mark.server
def test_serve_starts_the_production_server(tmp_path):
    from .proxy.conftest import free_port

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "SCREENING_"))}
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [str(SCRIPT), "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/healthz")
                assert connection.getresponse().status == 200
                break
            except OSError:
                assert process.poll() is None, (tmp_path / "serve.log").read_text()
                assert time.monotonic() < deadline, "screening serve did not answer"
                time.sleep(0.1)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)
        log.close()
    # Started without FLASK_SECRET_KEY: it made one for the run, and said so.
    assert "FLASK_SECRET_KEY is not set" in (tmp_path / "serve.log").read_text()
