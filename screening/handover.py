"""The hand-over page: a screen the worker turns around to show the person.

In large, plain words: they are not in trouble with this worker, free help is
there at any hour and in their language, and calling is their choice; then
the hotline's number and chat, and the names of languages to point to. The
number and chat come from the content (the hotline the next steps name), so
the facts live in one place. Nothing on it names trafficking in large type,
the header shows the neutral site name and leaves out the organization's
(which may name the subject too: "Anti-Trafficking Task Force"), because
someone may be looking over the person's shoulder. It has a neutral address
for the same reason.
"""

from __future__ import annotations

from flask import Blueprint, render_template

from .app_data import app_data
from .current import current_content
from .language import page_route
from .layout import NEUTRAL_SITE_NAME

bp = Blueprint("handover", __name__)


@page_route(bp, "/for-you")
def for_you() -> str:
    """Free help, their choice, the hotline's number and chat, and "point to your language"."""
    hotline = current_content().hotline
    return render_template(
        "handover/for_you.html",
        call=hotline.channels_of("call")[0],
        chats=hotline.channels_of("chat"),
        spoken_languages=app_data().spoken_languages,
        site_name=str(NEUTRAL_SITE_NAME),
        organization_name="",
    )
