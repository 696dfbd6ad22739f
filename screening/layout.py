"""What every page's layout needs: the site's name, the organisation, the language switch."""

from __future__ import annotations

from flask import Flask, current_app, request, url_for
from flask_babel import lazy_gettext as _l

SITE_NAME = _l("Human trafficking screening checklist")
NEUTRAL_SITE_NAME = _l("Outreach checklist")


def init_app(app: Flask) -> None:
    """Expose the layout's values to every template."""
    app.context_processor(_layout_context)


def site_name() -> str:
    """The name in the header and tab: neutral when the organisation asks for it."""
    return str(NEUTRAL_SITE_NAME if current_app.config["NEUTRAL_TITLE"] else SITE_NAME)


def same_page_in(language_code: str) -> str:
    """This page's address in another language (for the language switch)."""
    if request.endpoint and request.url_rule is not None and request.method == "GET":
        values = dict(request.view_args or {})
        values["lang"] = language_code
        return url_for(request.endpoint, **values)
    return url_for("checklist.start", lang=language_code)


def _layout_context() -> dict:
    return {
        "site_name": site_name(),
        "organisation_name": current_app.config["ORGANISATION_NAME"],
        "same_page_in": same_page_in,
    }
