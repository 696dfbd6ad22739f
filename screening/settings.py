"""Settings: ``config/settings.toml``, then ``FLASK_*`` environment variables, validated.

The order follows Flask's own convention: defaults here, the TOML file, then
``app.config.from_prefixed_env()`` (so ``FLASK_SECRET_KEY`` sets the secret),
then the ``test_config`` a test passes to the factory.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.urls import iri_to_uri

from .config_files import ConfigError, read_toml

#: Move the whole folder of settings and content elsewhere.
CONFIG_DIR_ENV = "SCREENING_CONFIG_DIR"
#: Use another settings file (the content still comes from the config folder).
SETTINGS_FILE_ENV = "SCREENING_SETTINGS"
#: Allow Flask's debug mode. Nothing else turns development on.
DEVELOPMENT_ENV = "SCREENING_DEVELOPMENT"


_PACKAGE = Path(__file__).resolve().parent
#: The shipped config folder: inside the package when installed from a wheel
#: (pyproject.toml copies config/ there), beside it in a checkout.
_SHIPPED_CONFIG_DIRS = (_PACKAGE / "default_config", _PACKAGE.parent / "config")

# Every key the settings file may hold, with its default. Anything else in the
# file is a typo, and a typo in a security setting must not pass silently.
DEFAULTS: dict[str, object] = {
    "ORGANIZATION_NAME": "",
    # The first spelling of the setting, still read (see _check).
    "ORGANISATION_NAME": "",
    "EXIT_URL": "https://www.weather.gov/",
    "FRAME_ANCESTORS": [],
    "NEUTRAL_TITLE": False,
    "TRUSTED_PROXIES": 0,
    "TRUSTED_HOSTS": [],
    "WTF_CSRF_TIME_LIMIT": 3600,
    "LOCAL_RESOURCES": "",
    "RECONFIRM_AFTER_MONTHS": 12,
}

_TYPES: dict[str, type | tuple[type, ...]] = {
    "ORGANIZATION_NAME": str,
    "ORGANISATION_NAME": str,
    "EXIT_URL": str,
    "FRAME_ANCESTORS": list,
    "NEUTRAL_TITLE": bool,
    "TRUSTED_PROXIES": int,
    "TRUSTED_HOSTS": list,
    "WTF_CSRF_TIME_LIMIT": (int, type(None)),
    "LOCAL_RESOURCES": str,
    "RECONFIRM_AFTER_MONTHS": int,
}

# Fixed settings: not for deployers to change, because the promises in the
# README (nothing stored, nothing leaked) depend on them.
FIXED: dict[str, object] = {
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "MAX_FORM_MEMORY_SIZE": 64 * 1024,
    # The largest form is the group debrief's full grid: six groups, each with
    # two safety answers and every sign (6 x 21 = 126), and a few fields more.
    "MAX_FORM_PARTS": 160,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_PERMANENT": False,
    "WTF_CSRF_CHECK_DEFAULT": False,
    "WTF_CSRF_SSL_STRICT": True,
    "TEMPLATES_AUTO_RELOAD": False,
}


def config_dir() -> Path:
    """The folder of settings and content: ``SCREENING_CONFIG_DIR``, else the shipped one."""
    if os.environ.get(CONFIG_DIR_ENV):
        return Path(os.environ[CONFIG_DIR_ENV])
    # Never the working folder: the app finds its files wherever it is started.
    return next((d for d in _SHIPPED_CONFIG_DIRS if d.is_dir()), _SHIPPED_CONFIG_DIRS[-1])


def settings_file(folder: Path) -> Path:
    """The settings file in use: ``SCREENING_SETTINGS`` or ``settings.toml`` in ``folder``."""
    return Path(os.environ.get(SETTINGS_FILE_ENV) or folder / "settings.toml")


def development_mode() -> bool:
    """True only when a developer has said so in the environment."""
    return os.environ.get(DEVELOPMENT_ENV, "").lower() in {"1", "true", "yes"}


def load_settings(app: Flask, test_config: dict | None = None) -> Path:
    """Fill ``app.config`` and check it; return the config folder.

    Raises :class:`ConfigError` (one line: file, entry, problem) on anything
    wrong, including a missing secret or debug mode outside development.
    """
    folder = config_dir()
    path = settings_file(folder)
    app.config.update(DEFAULTS)
    app.config.update(_read_settings(path))
    _check_environment(app)
    app.config.from_prefixed_env()
    if test_config:
        app.config.update(test_config)
    app.config.update(FIXED)
    _check(app, path)
    return folder


def _read_settings(path: Path) -> dict[str, object]:
    data = read_toml(path)
    for key in data:
        if key not in DEFAULTS:
            raise ConfigError(path, key, f"unknown setting (known: {', '.join(DEFAULTS)})")
    return data


#: FLASK_* variables that Flask's own command line reads, not settings.
_FLASK_CLI = {"APP", "ENV", "SKIP_DOTENV"}


def _check_environment(app: Flask) -> None:
    # A mistyped variable (FLASK_EXIT_UR) would otherwise be ignored in
    # silence, and the deployer would never learn the setting did not apply.
    known = set(DEFAULTS) | set(FIXED) | set(app.default_config) | _FLASK_CLI
    for name in sorted(os.environ):
        if not name.startswith("FLASK_"):
            continue
        key = name.removeprefix("FLASK_").split("__")[0]
        if key not in known and not key.startswith(("RUN_", "WTF_", "BABEL_")):
            raise ConfigError("environment", name, "unknown setting (a typo?)")


#: A host name or IPv4 address as TRUSTED_HOSTS takes it; a leading dot
#: matches every name under it. No scheme, port or path.
_HOST_NAME = re.compile(r"\.?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*")


def exit_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be quick exit's destination, or None when it can.

    Quick exit must work every time: the address has to be one a redirect
    can carry as it is, to a named host, over HTTPS.
    """
    if any(char.isspace() or not char.isprintable() or char == "\\" for char in url):
        return "must not contain spaces, line breaks, control characters or backslashes"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (parsing the port is the check)
        iri_to_uri(url)
    except ValueError as error:  # UnicodeError included: a host IDNA cannot encode
        return f"is not a usable address ({type(error).__name__})"
    if parts.scheme != "https" or not parts.hostname:
        return "must be an https:// address of a neutral site"
    return None


def _check(app: Flask, path: Path) -> None:
    config = app.config
    for key, expected in _TYPES.items():
        value = config[key]
        # bool is a subclass of int: TRUSTED_PROXIES = true is still a mistake.
        if isinstance(value, bool) and expected is not bool:
            value = object()
        if not isinstance(value, expected):
            raise ConfigError(path, key, f"has the wrong type ({type(config[key]).__name__})")
    problem = exit_url_problem(config["EXIT_URL"])
    if problem:
        raise ConfigError(path, "EXIT_URL", problem)
    for host in config["TRUSTED_HOSTS"]:
        if not isinstance(host, str) or not _HOST_NAME.fullmatch(host):
            raise ConfigError(
                path,
                "TRUSTED_HOSTS",
                f'{host!r} is not a host name (like "intranet.example", or ".example.org"'
                " for every name under it)",
            )
    if config["TRUSTED_PROXIES"] < 0:
        raise ConfigError(path, "TRUSTED_PROXIES", "must be 0 or more")
    if config["RECONFIRM_AFTER_MONTHS"] < 1:
        raise ConfigError(path, "RECONFIRM_AFTER_MONTHS", "must be 1 or more (months)")
    _one_organization_name(config, path)
    for origin in config["FRAME_ANCESTORS"]:
        if not isinstance(origin, str) or not origin.startswith("https://") or " " in origin:
            raise ConfigError(path, "FRAME_ANCESTORS", f"{origin!r} is not an https:// origin")
    testing = config.get("TESTING", False)
    if config.get("DEBUG") and not (development_mode() or testing):
        raise ConfigError(
            path,
            "DEBUG",
            f"debug mode is only allowed with {DEVELOPMENT_ENV}=1 (never in production)",
        )
    if not config.get("SECRET_KEY"):
        if development_mode() or testing:
            config["SECRET_KEY"] = os.urandom(32).hex()
        else:
            raise ConfigError(
                path, "SECRET_KEY", "not set: export FLASK_SECRET_KEY (see README, Run)"
            )


def _one_organization_name(config, path: Path) -> None:
    # ORGANIZATION_NAME is the setting; ORGANISATION_NAME, its first
    # spelling, still works on its own. Two different names would leave the
    # header to chance, so that stops start-up.
    american, first = config["ORGANIZATION_NAME"], config["ORGANISATION_NAME"]
    if american and first and american != first:
        raise ConfigError(
            path,
            "ORGANIZATION_NAME",
            f"and ORGANISATION_NAME name different organizations ({american!r}, {first!r}):"
            " keep only ORGANIZATION_NAME",
        )
    config["ORGANIZATION_NAME"] = american or first
