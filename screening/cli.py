"""The ``screening`` command: ``check-config`` before a deploy, ``serve`` to run it.

A click command group, as Flask's own ``flask`` command is; ``screening
--version`` prints the release.

``screening check-config`` reads the settings and every content file the way
start-up does, and prints ``OK`` or one line per problem (file, entry,
problem), exiting 1 on problems, so it can guard a deployment script. A fact
last confirmed too long ago is a warning (one line each, on stderr), not a
problem: the app serves with it, and the deployer is told to confirm it again.
"""

from __future__ import annotations

import datetime
import logging
import os
import secrets
import sys

import click
from flask import Flask
from gunicorn.util import parse_address

from . import __version__, create_app
from .config_files import ConfigError
from .content_loader import library_problems
from .fact_checks import old_confirmations, unconfirmed_problems
from .facts import load_facts
from .gunicorn_conf import DEFAULT_BIND, exposed_addresses
from .settings import (
    LOOPBACK_HOSTS,
    ORGANIZATION_DIR_ENV,
    config_dir,
    load_settings,
    repeated_settings,
)

#: A stand-in secret, so the files can be checked where no secret is set.
_CHECK_SECRET = "check-config-only"


@click.group(help=__doc__.splitlines()[0])
@click.version_option(__version__, prog_name="screening", message="%(prog)s %(version)s")
def cli() -> None:
    """The ``screening`` command group (the installed script's entry point)."""


@cli.command("check-config")
def check_config_command() -> None:
    """Check settings and content; print OK or one line per problem."""
    sys.exit(check_config())


@cli.command()
@click.option("--bind", help="Address to listen on (127.0.0.1:8000).")
@click.option("--workers", type=click.IntRange(min=1), help="Worker processes (2).")
def serve(bind: str | None, workers: int | None) -> None:
    """Serve the app with gunicorn (the production server)."""
    run_server(bind, workers)


#: Said by check-config when visitors would name a host the settings refuse.
HOSTS_HINT = (
    "Note: TRUSTED_HOSTS is the default (this machine's own names), but %s:"
    " set it to the host name visitors use (README, Deploying)"
)


def trusted_hosts_hint(config: dict, bind: str) -> str | None:
    """A hint when the default hosts meet visitors from elsewhere; None when not.

    Visitors come from elsewhere when the server listens beyond loopback
    (``bind``, as ``SCREENING_BIND`` gives it) or sits behind a proxy: then
    they name the public host, which the loopback names refuse.
    """
    if sorted(config["TRUSTED_HOSTS"]) != sorted(LOOPBACK_HOSTS):
        return None
    exposed = exposed_addresses(parse_address(part.strip()) for part in bind.split(","))
    if exposed:
        return HOSTS_HINT % f"the server listens on {', '.join(exposed)}"
    if config["TRUSTED_PROXIES"]:
        return HOSTS_HINT % "requests come through a proxy"
    return None


def _check_files() -> tuple[list[ConfigError], list[ConfigError], list[ConfigError]]:
    """The problems; the warnings (facts confirmed too long ago); the notes.

    The notes name each entry of the organization's folder that overrides
    or repeats a shipped one.
    """
    app = Flask(__name__)
    secret = {} if os.environ.get("FLASK_SECRET_KEY") else {"SECRET_KEY": _CHECK_SECRET}
    try:
        folders = load_settings(app, secret)
        facts = load_facts(folders.shipped, *folders.own_facts_files())
    except ConfigError as error:
        return [error], [], []
    folder, local = folders.shipped, folders.local_resources
    problems = library_problems(folder, local, facts) or unconfirmed_problems(
        folder, facts, local, folders.own_facts_names()
    )
    if problems:
        return problems, [], []
    # Finally start the app itself, so OK means exactly "the app will start".
    # Its start-up warning about old dates is left out: the lines below
    # name every such fact.
    logger = logging.getLogger("screening")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        create_app(secret)
    except ConfigError as error:
        return [error], [], []
    finally:
        logger.setLevel(level)
    months = app.config["RECONFIRM_AFTER_MONTHS"]
    warnings = old_confirmations(folder, facts, months, datetime.date.today())
    return [], warnings, [*repeated_settings(folders), *facts.notes]


def _describe() -> str:
    """The version, and the folders the configuration is read from."""
    organization = os.environ.get(ORGANIZATION_DIR_ENV)
    own = f"organization folder: {organization}" if organization else "no organization folder"
    return f"screening {__version__}; shipped configuration: {config_dir()}; {own}"


def check_config() -> int:
    """Print ``OK``, or each problem on its own line; return 0 or 1.

    First, on stderr, the version and the folders in use. Warnings and
    notes go to stderr too, one line each, before ``OK``: they never fail it.
    """
    click.echo(_describe(), err=True)
    problems, warnings, notes = _check_files()
    for problem in problems:
        click.echo(problem)
    if problems:
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        return 1
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    for note in notes:
        click.echo(f"note: {note}", err=True)
    click.echo("OK")
    if not os.environ.get("FLASK_SECRET_KEY"):
        click.echo("Note: FLASK_SECRET_KEY is not set; the app needs it to start.", err=True)
    app = Flask(__name__)
    load_settings(app, {"SECRET_KEY": _CHECK_SECRET})
    hint = trusted_hosts_hint(app.config, os.environ.get("SCREENING_BIND", DEFAULT_BIND))
    if hint:
        click.echo(hint, err=True)
    return 0


def run_server(bind: str | None, workers: int | None) -> None:
    """Replace this process with gunicorn and the project's server settings."""
    if bind:
        os.environ["SCREENING_BIND"] = bind
    if workers:
        os.environ["SCREENING_WORKERS"] = str(workers)
    if not os.environ.get("FLASK_SECRET_KEY"):
        # One secret for every worker of this run, so a form shown by one
        # worker is accepted by another. Forms do not survive a restart.
        os.environ["FLASK_SECRET_KEY"] = secrets.token_hex(32)
        click.echo("FLASK_SECRET_KEY is not set: using a new one for this run.", err=True)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        "python:screening.gunicorn_conf",
        "screening:create_app()",
    ]
    os.execv(sys.executable, command)


if __name__ == "__main__":
    cli()
