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
    language,
    layout,
    operations,
    pocket_card,
    safety,
    static_files,
    training,
)
from .content import available_languages, check_same_ids, load_content, local_resources_file
from .forms import build_form_classes
from .scenarios import load_scenarios
from .settings import ConfigError, load_settings

__all__ = ["ConfigError", "create_app"]


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app. Raises :class:`ConfigError` (one line) if any file is wrong."""
    app = Flask(__name__)
    # Smaller pages: drop the blank lines and indentation template tags leave.
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    folder = load_settings(app, test_config)

    # Content is read and checked once, here; requests only look it up.
    local = app.config["LOCAL_RESOURCES"]
    languages = available_languages(folder)
    app.extensions["content"] = {
        code: load_content(folder, code, local_resources_file(folder, local, code))
        for code in languages
    }
    check_same_ids(folder, app.extensions["content"])
    app.extensions["forms"] = build_form_classes(app.extensions["content"])
    app.extensions["scenarios"] = load_scenarios(folder, app.extensions["content"])

    operations.init_app(app)
    CSRFProtect(app)
    language.init_app(app, languages)
    gettext_cache.init_app(app)  # after Babel: one catalogue lookup per request
    safety.init_app(app)
    static_files.init_app(app)
    fragments.init_app(app)
    layout.init_app(app)

    app.register_blueprint(checklist.bp)
    app.register_blueprint(training.bp)
    app.register_blueprint(pocket_card.bp)
    return app
