"""The screening checklist: a Flask app that stores nothing.

``create_app`` reads like a table of contents: settings, content, forms,
language, the safety layer, then the pages.
"""

from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from . import (
    checklist,
    fragments,
    gettext_cache,
    handover,
    language,
    layout,
    operations,
    pocket_card,
    safety,
    static_files,
    training,
)
from .app_data import AppData
from .config_files import ConfigError
from .settings import load_settings

__all__ = ["ConfigError", "create_app"]


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app. Raises :class:`ConfigError` (one line) if any file is wrong."""
    app = Flask(__name__)
    # Smaller pages: drop the blank lines and indentation template tags leave.
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    folder = load_settings(app, test_config)

    # Content is read and checked once, here; requests only look it up.
    data = AppData.load(folder, app.config["LOCAL_RESOURCES"])
    data.init_app(app)

    operations.init_app(app)
    CSRFProtect(app)
    language.init_app(app, data.languages)
    gettext_cache.init_app(app)  # after Babel: one catalogue lookup per request
    safety.init_app(app)
    static_files.init_app(app)
    fragments.init_app(app)
    layout.init_app(app)

    app.register_blueprint(checklist.bp)
    app.register_blueprint(training.bp)
    app.register_blueprint(pocket_card.bp)
    app.register_blueprint(handover.bp)
    return app
