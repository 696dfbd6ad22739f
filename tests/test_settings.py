"""Settings that would break the checklist stop ``check-config`` and start-up with one line.

Found by an outside attack: settings that ``check-config`` called OK while
every POST failed (``FLASK_WTF_CSRF_TIME_LIMIT=-5``), Flask's own keys
(``FLASK_SERVER_NAME``) and typos under a known prefix accepted, a
directive injected into the Content-Security-Policy through
``FRAME_ANCESTORS``, a one-character secret, and tracebacks instead of one
line for ``RECONFIRM_AFTER_MONTHS`` and ``LOCAL_RESOURCES`` values. Each is
checked the way a deployer meets it: ``screening check-config``, then
start-up (:func:`check_then_start`).
"""

from __future__ import annotations

import pytest

from screening import ConfigError, create_app
from screening.cli import check_config
from screening.safety import content_security_policy

#: A secret as the README makes one: 64 hex characters.
SECRET = "0123456789abcdef" * 4


@pytest.fixture
def check_then_start(capsys):
    """What ``check-config``, then start-up, said: one line each, never a traceback."""

    def run() -> tuple[str, str]:
        assert check_config() == 1
        lines = capsys.readouterr().out.splitlines()
        assert len(lines) == 1, lines
        with pytest.raises(ConfigError) as caught:
            create_app()
        return lines[0], f"start-up: {caught.value}"

    return run


@pytest.fixture
def refused_in_environment(monkeypatch, check_then_start):
    """Set one environment variable; what check-config and start-up said."""

    def refuse(name: str, value: str) -> tuple[str, str]:
        monkeypatch.setenv(name, value)
        return check_then_start()

    return refuse


@pytest.fixture
def refused_in_file(config, check_then_start):
    """Make ``line`` the whole settings file; what check-config and start-up said."""

    def refuse(line: str) -> tuple[str, str]:
        (config / "settings.toml").write_text(line + "\n")
        return check_then_start()

    return refuse


# --- only the settings the README lists -----------------------------------------------

UNKNOWN = [
    "FLASK_WTF_CSRF_TIME_LIMT",  # a typo under a known prefix
    "FLASK_WTF_CSRF_FIELD_NAME",
    "FLASK_WTF_CSRF_ENABLED",
    "FLASK_BABEL_DEFAULT_LOCALE",
    "FLASK_RUN_PROT",
    "FLASK_SERVER_NAME",
    "FLASK_SESSION_COOKIE_DOMAIN",
    "FLASK_MAX_COOKIE_SIZE",
    "FLASK_TESTING",
    "FLASK_TRAP_HTTP_EXCEPTIONS",
    "FLASK_MAX_CONTENT_LENGTH",
    "FLASK_SECRET_KEY__X",
]


@pytest.mark.parametrize("name", UNKNOWN)
def test_a_setting_the_readme_does_not_list_is_unknown(refused_in_environment, name):
    checked, started = refused_in_environment(name, "10")
    line = f"environment: {name}: unknown setting (a typo?)"
    assert (checked, started) == (line, f"start-up: {line}")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("FLASK_APP", "screening"),
        ("FLASK_DEBUG", "0"),
        ("FLASK_RUN_PORT", "5001"),
        ("FLASK_RUN_HOST", "127.0.0.1"),
        ("FLASK_SKIP_DOTENV", "1"),
        ("FLASK_WTF_CSRF_TIME_LIMIT", "7200"),
        ("FLASK_RECONFIRM_AFTER_MONTHS", "120"),
    ],
)
def test_flasks_command_line_and_the_listed_settings_pass(config, monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    assert create_app()


@pytest.mark.parametrize("value", ["-5", "0", "59", "86401", '"3600"', "true", "null", "1.5"])
def test_the_form_time_limit_must_be_a_usable_number_of_seconds(
    config, refused_in_environment, value
):
    checked, started = refused_in_environment("FLASK_WTF_CSRF_TIME_LIMIT", value)
    assert checked.startswith(f"{config / 'settings.toml'}: WTF_CSRF_TIME_LIMIT: "), checked
    assert started == f"start-up: {checked}"


# --- FRAME_ANCESTORS: CSP source expressions only -------------------------------------


@pytest.mark.parametrize(
    "origin",
    [
        "https://a.example;report-uri",
        "https://a.example; script-src *",
        "https://a.example\treport-uri",
        "https://a.example,https://b.example",
        "https://a.example/x;y",
        "https://a.example'",
        "https://",
        "https://*",
        "https://a..example",
        "https://a.example:99999",
        "https://a.example:",
        "http://a.example",
        "'none'",
        "*",
    ],
)
def test_frame_ancestors_takes_only_source_expressions(config, refused_in_file, origin):
    # Found by an outside attack: "https://a.example;report-uri" injected a directive.
    quoted = origin.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    checked, started = refused_in_file(f'FRAME_ANCESTORS = ["{quoted}"]')
    assert checked.startswith(f"{config / 'settings.toml'}: FRAME_ANCESTORS: "), checked
    assert started == f"start-up: {checked}"


@pytest.mark.parametrize(
    "origin",
    [
        "https://intranet.example",
        "https://intranet.example:8443",
        "https://*.example.org",
        "https://intranet.example/portal/",
        "'self'",
    ],
)
def test_frame_ancestors_takes_an_https_source_or_self(app_with, origin):
    app = app_with(FRAME_ANCESTORS=[origin])
    policy = app.test_client().get("/").headers["Content-Security-Policy"]
    assert policy == content_security_policy([origin])
    assert policy.endswith(f"frame-ancestors {origin}")


# --- the secret -----------------------------------------------------------------------


@pytest.mark.parametrize("secret", ["x", "a" * 31, "é" * 15 + "a"])
def test_a_short_secret_stops_start_up_with_one_line(config, refused_in_environment, secret):
    checked, started = refused_in_environment("FLASK_SECRET_KEY", secret)
    assert checked.startswith("environment: FLASK_SECRET_KEY: "), checked
    assert "at least 32 bytes" in checked
    assert len(secret) == 1 or secret not in checked  # the secret is never printed
    assert started == f"start-up: {checked}"


@pytest.mark.parametrize("secret", ["a" * 32, "é" * 16, SECRET])
def test_a_secret_of_32_bytes_or_more_is_taken(config, monkeypatch, secret):
    monkeypatch.setenv("FLASK_SECRET_KEY", secret)
    assert create_app().secret_key == secret


# --- months and local files without tracebacks ----------------------------------------


@pytest.mark.parametrize("months", ["0", "121", "30000", "99999999999", "-1"])
def test_reconfirm_after_months_is_bound_to_ten_years(config, refused_in_file, months):
    # Found by an outside attack: 30000 gave "ValueError: year -474 is out
    # of range", 99999999999 an OverflowError, both as tracebacks.
    checked, started = refused_in_file(f"RECONFIRM_AFTER_MONTHS = {months}")
    expected = f"{config / 'settings.toml'}: RECONFIRM_AFTER_MONTHS: must be 1 to 120 (months)"
    assert (checked, started) == (expected, f"start-up: {expected}")


@pytest.mark.parametrize("months", ["1", "120"])
def test_reconfirm_after_months_from_one_to_120_is_taken(config, monkeypatch, months):
    monkeypatch.setenv("FLASK_RECONFIRM_AFTER_MONTHS", months)
    assert create_app().config["RECONFIRM_AFTER_MONTHS"] == int(months)


def _loop(config) -> str:
    (config / "loop.toml").symlink_to(config / "loop.toml")
    return "loop.toml"


def _loop_in_folder(config) -> str:
    (config / "a").symlink_to(config / "b")
    (config / "b").symlink_to(config / "a")
    return "a/local.toml"


UNUSABLE_PATHS = {
    "nul": lambda config: "mine\\u0000.toml",
    "name-too-long": lambda config: "m" * 300 + ".toml",
    "path-too-long": lambda config: "/".join(["m" * 200] * 30) + ".toml",
    "symlink-loop": _loop,
    "loop-in-folder": _loop_in_folder,
    "line-break": lambda config: "mine\\n.toml",
}


@pytest.mark.parametrize("kind", UNUSABLE_PATHS)
def test_an_unusable_local_resources_path_is_one_line(config, refused_in_file, kind):
    local = UNUSABLE_PATHS[kind](config)
    checked, started = refused_in_file(f'LOCAL_RESOURCES = "{local}"')
    assert "LOCAL_RESOURCES" in checked, checked
    assert started == f"start-up: {checked}"
    assert len(checked) < 400, "the line names the problem, not a screenful"
