"""Pages are rendered the stock way: Flask's ``render_template`` and Jinja environment.

Nothing of the project's own stands between a template and its page (no
cache of rendered HTML or of translations), so a template reads as Flask's
documentation says it will. The one setting on top is whitespace: the tags'
own line breaks and indentation are dropped, which keeps the longest page
inside its first round trip (tests/browser/test_budgets.py).
"""

from __future__ import annotations

import flask
import flask.templating


def test_the_app_is_plain_flask_with_flasks_own_template_environment(app):
    assert type(app) is flask.Flask
    assert type(app.jinja_env) is flask.templating.Environment
    assert app.jinja_env.trim_blocks and app.jinja_env.lstrip_blocks
