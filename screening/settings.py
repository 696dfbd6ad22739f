"""Settings: ``config/settings.toml``, the organization's, then ``FLASK_*`` variables, validated.

The order follows Flask's own convention: defaults here, the shipped TOML
file, the organization's ``settings.toml`` (``SCREENING_ORG_DIR``, key by
key over the shipped one), then ``app.config.from_prefixed_env()`` (so
``FLASK_SECRET_KEY`` sets the secret), then the ``test_config`` a test
passes to the factory.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from flask import Flask
from pydantic import AfterValidator, Field
from werkzeug.urls import iri_to_uri

from .config_files import ConfigError, Table, read_toml, validate
from .config_folders import SETTINGS_FILE, ConfigFolders

#: Move the whole folder of settings and content elsewhere.
CONFIG_DIR_ENV = "SCREENING_CONFIG_DIR"
#: Use another settings file (the content still comes from the config folder).
SETTINGS_FILE_ENV = "SCREENING_SETTINGS"
#: The organization's own folder (settings, resources, facts), read over the
#: shipped configuration, so that an upgrade replaces only what ships.
ORGANIZATION_DIR_ENV = "SCREENING_ORG_DIR"
#: Allow Flask's debug mode. Nothing else turns development on.
DEVELOPMENT_ENV = "SCREENING_DEVELOPMENT"


_PACKAGE = Path(__file__).resolve().parent
#: The shipped config folder: inside the package when installed from a wheel
#: (pyproject.toml copies config/ there), beside it in a checkout.
_SHIPPED_CONFIG_DIRS = (_PACKAGE / "default_config", _PACKAGE.parent / "config")

#: The hosts trusted by default: this machine's own names only, so
#: `make serve` works and a forged Host never reaches a page (as Django's
#: ALLOWED_HOSTS does). A deployment names its own host (README, Deploying).
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")

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


def organization_dir() -> Path | None:
    """The organization's folder (``SCREENING_ORG_DIR``) or None; raises ConfigError if missing."""
    value = os.environ.get(ORGANIZATION_DIR_ENV)
    if not value:
        return None
    folder = Path(value)
    if not folder.is_dir():
        raise ConfigError(folder, "(folder)", f"not found ({ORGANIZATION_DIR_ENV})")
    return folder


def settings_file(folder: Path) -> Path:
    """The settings file in use: ``SCREENING_SETTINGS`` or ``settings.toml`` in ``folder``."""
    return Path(os.environ.get(SETTINGS_FILE_ENV) or folder / "settings.toml")


def development_mode() -> bool:
    """True only when a developer has said so in the environment."""
    return os.environ.get(DEVELOPMENT_ENV, "").lower() in {"1", "true", "yes"}


def load_settings(app: Flask, test_config: dict | None = None) -> ConfigFolders:
    """Fill ``app.config`` and check it; return the folders the configuration comes from.

    Raises :class:`ConfigError` (one line: file, entry, problem) on anything
    wrong, including a missing secret or debug mode outside development.
    """
    folder = config_dir()
    organization = organization_dir()
    path = settings_file(folder)
    app.config.update(DEFAULTS)
    app.config.update(_read_settings(path))
    if organization is not None and (organization / SETTINGS_FILE).exists():
        # Problems are then named in the organization's file, where they are
        # made: the shipped file holds only the defaults.
        path = organization / SETTINGS_FILE
        app.config.update(_read_settings(path))
    _check_environment()
    app.config.from_prefixed_env()
    if test_config:
        app.config.update(test_config)
    app.config.update(FIXED)
    _check(app, path)
    folders = ConfigFolders(folder, organization)
    return folders.with_local_resources(app.config["LOCAL_RESOURCES"])


def repeated_settings(folders: ConfigFolders) -> list[ConfigError]:
    """Each setting the organization's file gives the value the shipped one already has.

    Said by ``check-config``: such a line keeps the organization on today's
    value when an upgrade changes the shipped default.
    """
    if folders.organization is None or not (folders.organization / SETTINGS_FILE).exists():
        return []
    path = folders.organization / SETTINGS_FILE
    shipped = DEFAULTS | read_toml(settings_file(folders.shipped))
    return [
        ConfigError(
            path,
            key,
            "the same as the shipped setting: remove it here, to follow the shipped value",
        )
        for key, value in read_toml(path).items()
        if key in shipped and shipped[key] == value
    ]


def _read_settings(path: Path) -> dict[str, object]:
    data = read_toml(path)
    # Each file may give any of the settings; together they are checked in _check.
    for key in data:
        if key not in DEFAULTS:
            raise ConfigError(path, key, f"unknown setting (known: {', '.join(DEFAULTS)})")
    return data


#: FLASK_* variables that Flask's own command line reads (``flask run``
#: and its options), not settings; FLASK_DEBUG is refused outside
#: development by _check.
_FLASK_CLI = {
    "APP",
    "DEBUG",
    "SKIP_DOTENV",
    *(
        f"RUN_{option}"
        for option in (
            "HOST",
            "PORT",
            "CERT",
            "KEY",
            "RELOAD",
            "DEBUGGER",
            "WITH_THREADS",
            "EXTRA_FILES",
            "EXCLUDE_PATTERNS",
        )
    ),
}


def _check_environment() -> None:
    # Only the settings the README lists, and the secret. A mistyped
    # variable (FLASK_EXIT_UR) would otherwise be ignored in silence, and
    # Flask's, Flask-WTF's and Flask-Babel's own keys (FLASK_SERVER_NAME,
    # FLASK_WTF_CSRF_FIELD_NAME) can each make every page or POST fail.
    known = set(DEFAULTS) | {"SECRET_KEY"} | _FLASK_CLI
    for name in sorted(os.environ):
        if name.startswith("FLASK_") and name.removeprefix("FLASK_") not in known:
            raise ConfigError("environment", name, "unknown setting (a typo?)")
    secret = os.environ.get("FLASK_SECRET_KEY")
    if secret is not None and len(secret.encode()) < MIN_SECRET_BYTES:
        # The value itself is never printed.
        raise ConfigError(
            "environment",
            "FLASK_SECRET_KEY",
            f"must be at least {MIN_SECRET_BYTES} bytes (see README, Deploying, for a"
            " generator: it gives 64 hex characters)",
        )


#: The shortest secret taken: the form's token is signed with it.
MIN_SECRET_BYTES = 32
#: How long a form may stay valid, in seconds: a minute to a day.
CSRF_TIME_LIMITS = (60, 24 * 3600)
#: RECONFIRM_AFTER_MONTHS: a month to ten years.
RECONFIRM_MONTHS = (1, 120)
#: The longest LOCAL_RESOURCES path, and part of one, the app reads (bytes).
MAX_PATH, MAX_NAME = 1024, 255

#: One CSP source expression FRAME_ANCESTORS takes: 'self', or an https://
#: host source (host or *.host, optional port, optional path), never a
#: character that ends a source or a directive (space, ";", ",", quote).
_FRAME_SOURCE = re.compile(
    r"'self'"
    r"|https://(?:\*\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
    r"(?::(?:\*|(?P<port>[0-9]{1,5})))?"
    r"(?:/[A-Za-z0-9._~!$&()*+=:@%/-]*)?"
)


#: A host name or IPv4 address as TRUSTED_HOSTS takes it (a final dot
#: allowed); a leading dot matches every name under it. Or an IPv6 address
#: in brackets. No scheme, port or path.
_HOST_NAME = re.compile(r"\.?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.?|\[[0-9A-Fa-f:.]+\]")


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


def frame_source(source: str) -> bool:
    """True for a CSP source expression FRAME_ANCESTORS may hold (see _FRAME_SOURCE)."""
    found = _FRAME_SOURCE.fullmatch(source)
    return bool(found) and (found["port"] is None or 0 < int(found["port"]) <= 65535)


def local_resources_problem(setting: str) -> str | None:
    """Why ``setting`` cannot name a file at all, or None; whether it is inside is checked later."""
    if any(not char.isprintable() for char in setting):
        return "must not contain control characters (a NUL byte, a line break)"
    if len(setting.encode()) > MAX_PATH:
        return f"is too long for a path (over {MAX_PATH} bytes)"
    if any(len(part.encode()) > MAX_NAME for part in setting.split("/")):
        return f"has a name too long for a file (over {MAX_NAME} bytes)"
    return None


#: The longest ACCESSIBILITY_CONTACT shown: an address, a phone number or both.
MAX_CONTACT = 200


def _rule(problem_of: Callable[[object], str | None]) -> AfterValidator:
    """A setting checked by a function that says what is wrong with a value, or None."""

    def check(value: object) -> object:
        problem = problem_of(value)
        if problem:
            raise ValueError(problem)
        return value

    return AfterValidator(check)


def _between(low: int, high: int, unit: str) -> AfterValidator:
    return _rule(lambda n: None if low <= n <= high else f"must be {low} to {high} ({unit})")


def _host_problem(host: str) -> str | None:
    if _HOST_NAME.fullmatch(host):
        return None
    return (
        f'{host!r} is not a host name (like "intranet.example", or ".example.org"'
        " for every name under it)"
    )


def _frame_problem(origin: str) -> str | None:
    if frame_source(origin):
        return None
    return f"{origin!r} is not an https:// origin (like \"https://intranet.example\") or 'self'"


def _contact_problem(contact: str) -> str | None:
    # What the accessibility statement says on the organization's behalf: one line.
    if len(contact) <= MAX_CONTACT and contact.isprintable():
        return None
    return f"must be one line of at most {MAX_CONTACT} characters (an email address or phone)"


class Settings(Table):
    """Every setting a deployer may give (README, Settings), its type, its allowed values and
    its default. Anything else in a file is a typo, and a typo in a security setting must not
    pass silently."""

    ORGANIZATION_NAME: str = ""
    EXIT_URL: Annotated[str, _rule(exit_url_problem)] = "https://www.weather.gov/"
    FRAME_ANCESTORS: list[Annotated[str, _rule(_frame_problem)]] = Field(default_factory=list)
    NEUTRAL_TITLE: bool = False
    TRUSTED_PROXIES: Annotated[int, _rule(lambda n: None if n >= 0 else "must be 0 or more")] = 0
    TRUSTED_HOSTS: list[Annotated[str, _rule(_host_problem)]] = Field(
        default_factory=lambda: list(LOOPBACK_HOSTS)
    )
    WTF_CSRF_TIME_LIMIT: Annotated[
        int, _between(*CSRF_TIME_LIMITS, "seconds a form stays valid")
    ] = 3600
    LOCAL_RESOURCES: Annotated[str, _rule(local_resources_problem)] = ""
    RECONFIRM_AFTER_MONTHS: Annotated[int, _between(*RECONFIRM_MONTHS, "months")] = 12
    HSTS_INCLUDE_SUBDOMAINS: bool = False
    ACCESSIBILITY_CONTACT: Annotated[str, _rule(_contact_problem)] = ""
    LOG_RETENTION_DAYS: Annotated[int, _between(1, 400, "days")] = 14


#: Every setting with its default.
DEFAULTS: dict[str, object] = Settings().model_dump()


def _check(app: Flask, path: Path) -> None:
    config = app.config
    validate(Settings, path, {key: config[key] for key in DEFAULTS}, names=None)
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

