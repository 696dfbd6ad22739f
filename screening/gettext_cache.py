"""Template translation, made cheap: one catalog lookup per request, one call per string.

Profiling put translation at about a quarter of a page's cost. Two reasons:
Flask-Babel finds the catalog afresh for every string (request context,
domain, locale: several proxy lookups each time), and Jinja's i18n extension
routes every ``_()`` through two wrapper calls (``_`` resolves ``gettext``,
which calls the real function through the template context). Here the
catalog is found once per request and kept on ``g``, and ``_``,
``gettext`` and ``ngettext`` are installed as direct functions that behave
exactly like Jinja's "newstyle" ones: the result is escaped-safe Markup
when autoescaping is on, and always used as a ``%`` format string with the
keyword arguments (``num`` filled in for plurals).
"""

from __future__ import annotations

from flask import Flask, g
from flask_babel import get_translations
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup


def init_app(app: Flask) -> None:
    """Replace the templates' translation functions (call after Flask-Babel's set-up)."""
    app.jinja_env.globals.update(_=gettext, gettext=gettext, ngettext=ngettext)


def _translations():
    # The language never changes within a request (nothing here forces
    # another locale), so one catalog serves every string of a page.
    try:
        return g._translations
    except AttributeError:
        g._translations = get_translations()
        return g._translations


@pass_eval_context
def gettext(eval_ctx: EvalContext, string: str, **variables) -> str:
    """The translation of ``string``, with ``%(name)s`` filled from ``variables``."""
    text = _translations().ugettext(string)
    if eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


@pass_eval_context
def ngettext(eval_ctx: EvalContext, singular: str, plural: str, num: int, **variables) -> str:
    """The plural form for ``num``, with ``%(num)s`` and ``variables`` filled in."""
    variables.setdefault("num", num)
    text = _translations().ungettext(singular, plural, num)
    if eval_ctx.autoescape:
        text = Markup(text)
    return text % variables
