"""The screening checklist: a Flask app that stores nothing.

``create_app`` reads like a table of contents: settings, content (with its
forms and scenarios, and the check of every number it shows), the proxy and
hosts, language, the safety layer (with what a request may send), the
layout, the static files, then the pages, every one a blueprint.
"""

from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from . import (
    checklist,
    fact_checks,
    handover,
    language,
    layout,
    operations,
    pocket_card,
    safety,
    statements,
    static_files,
    training,
)
from .app_data import AppData
from .config_files import ConfigError
from .settings import load_settings

__all__ = ["ConfigError", "__version__", "create_app"]

#: The release, as CHANGELOG.md names it; pyproject.toml reads it from here.
__version__ = "0.3.0"


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app. Raises :class:`ConfigError` (one line) if any file is wrong."""
    app = Flask(__name__)
    # Smaller pages: drop the line breaks and indentation template tags leave.
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    folders = load_settings(app, test_config)  # the shipped folder, and the organization's

    # Content is read and checked once, here; requests only look it up.
    data = AppData.load(folders)
    data.init_app(app)
    # Old confirmation dates are logged once; the app serves all the same.
    fact_checks.warn_about_old_confirmations(app, folders.shipped, data.facts)

    operations.init_app(app)
    CSRFProtect(app)
    language.init_app(app)
    safety.init_app(app)
    layout.init_app(app)

    static_files.init_app(app)  # versioned, compressed, cached at the exact address

    app.register_blueprint(checklist.bp)
    app.register_blueprint(training.bp)
    app.register_blueprint(pocket_card.bp)
    app.register_blueprint(handover.bp)
    app.register_blueprint(statements.bp)
    app.register_blueprint(safety.bp)  # quick exit, and what it does
    app.register_blueprint(operations.bp)  # the health check
    return app
