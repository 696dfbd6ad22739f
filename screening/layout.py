"""What every page's layout needs: the site's name and the organization's.

The language switch lives in :mod:`screening.language`; this module only
decides the words in the header and the browser tab.
"""

from __future__ import annotations

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l

SITE_NAME = _l("Human trafficking screening checklist")
#: For workers who do not want the word "trafficking" on their screen: it
#: names the task, not the subject, in every language.
NEUTRAL_SITE_NAME = _l("Outreach checklist")


def init_app(app: Flask) -> None:
    """Expose the layout's values to every template."""
    app.context_processor(_layout_context)


def site_name() -> str:
    """The name in the header and tab: neutral when the organization asks for it."""
    return str(NEUTRAL_SITE_NAME if current_app.config["NEUTRAL_TITLE"] else SITE_NAME)


def _layout_context() -> dict:
    return {
        "site_name": site_name(),
        "organization_name": current_app.config["ORGANIZATION_NAME"],
    }
