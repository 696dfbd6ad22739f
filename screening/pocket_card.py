"""The pocket card: the groups of signs and the key numbers on one printable page.

Everything on it comes from the same content files as the checklist and the
next steps, so the card never disagrees with the app.
"""

from __future__ import annotations

from flask import Blueprint, render_template

from .app_data import current_content
from .language import page_route

bp = Blueprint("card", __name__)

#: The next steps whose numbers belong on the card, in order of urgency. The
#: law-enforcement option stays off: it is never the default call.
CARD_STEPS = ("emergency", "report-child", "call-hotline")


@page_route(bp, "/card")
def pocket_card() -> str:
    """A one-page card to print and fold: what to look for, whom to call."""
    content = current_content()
    steps = [content.steps[step_id] for step_id in CARD_STEPS]
    return render_template("card/pocket_card.html", checklist=content.checklist, steps=steps)
