"""The hand-over page: a screen the worker turns around to show the person.

In large, plain words: they are not in trouble with this worker, help is
there at any hour, they can ask for an interpreter, and calling is their
choice; then
the hotline's number and chat, and the names of languages to point to. The
number and chat come from the content (the hotline the next steps name), so
the facts live in one place. Nothing on it names trafficking in large type,
the header and tab name only what is on offer ("Help, day or night") and leave out
the organization's name (which may name the subject too: "Anti-Trafficking
Task Force"), because someone may be looking over the person's shoulder. It
has a neutral address for the same reason. The results page shows the same
content (components/handover.html) as a view of its own, so the worker never
leaves the results to hand the phone over; this page is for links from
elsewhere (an intranet, a bookmark).
"""

from __future__ import annotations

from flask import Blueprint, render_template

from .app_data import app_data
from .current import current_content
from .language import page_route
from .layout import HANDOVER_NAME

bp = Blueprint("handover", __name__)


@page_route(bp, "/for-you")
def for_you() -> str:
    """Help at any hour, their choice, the hotline's number and chat, "point to your language"."""
    return render_template(
        "handover/for_you.html",
        hotline=current_content().hotline,
        spoken_languages=app_data().spoken_languages,
        site_name=str(HANDOVER_NAME),
        header_name=str(HANDOVER_NAME),
        organization_name="",
    )
