"""What every page's layout needs: the site's name and the organization's.

The language switch lives in :mod:`screening.language`; this module only
decides the words in the header and the browser tab, and keeps a phone
number on one line wherever a page prints one (``|whole_numbers``).
"""

from __future__ import annotations

import re

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

SITE_NAME = _l("Human trafficking screening checklist")
#: For workers who do not want the word "trafficking" on their screen: it
#: names the task, not the subject, in every language.
NEUTRAL_SITE_NAME = _l("Outreach checklist")
#: The hand-over page's name (header and tab): the person reads it, so it
#: names neither a checklist nor the subject, only what is on offer (a
#: person answers at any hour: confirmed since the 2025 change of operator).
HANDOVER_NAME = _l("Help, day or night")

#: A phone number a browser could break at its hyphens: 1-800-392-3738,
#: 573-751-3448, 1-800-THE-LOST.
_HYPHENATED_NUMBER = re.compile(
    r"(?<![\w-])(?:1-)?\d{3}-\d{3}-\d{4}(?![\w-])|(?<![\w-])1-\d{3}-[0-9A-Z]{3,4}-[0-9A-Z]{4}(?![\w-])"
)


def init_app(app: Flask) -> None:
    """Expose the layout's values to every template."""
    app.context_processor(_layout_context)
    app.add_template_filter(whole_numbers)


def whole_numbers(text: str) -> Markup:
    """``text``, escaped, each phone number in it kept on one line (a ``nb`` span: no break).

    The words around a number may wrap; the number itself never breaks at a
    hyphen, at 320 px or on paper.
    """
    return Markup(
        _HYPHENATED_NUMBER.sub(lambda m: f'<span class="nb">{m.group(0)}</span>', escape(text))
    )


def site_name() -> str:
    """The name in the header and tab: neutral when the organization asks for it."""
    return str(NEUTRAL_SITE_NAME if current_app.config["NEUTRAL_TITLE"] else SITE_NAME)


def _layout_context() -> dict:
    return {
        "site_name": site_name(),
        # Short, so the sticky header stays one or two lines on a 320 px
        # phone; the start page's heading gives the full name.
        "header_name": str(NEUTRAL_SITE_NAME),
        "organization_name": current_app.config["ORGANIZATION_NAME"],
    }
