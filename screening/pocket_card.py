"""The pocket card: the groups of signs, when to make which call, and a QR code, on one page.

Everything on it comes from the same content files as the checklist and the
next steps, so the card never disagrees with the app. The QR code holds the
address of this deployment's checklist, as the visitor reached it (behind a
proxy's path prefix too), so a trainer's printed cards send a phone straight
there.
"""

from __future__ import annotations

from dataclasses import dataclass

import segno
from flask import Blueprint, render_template, url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from . import next_steps
from .content import Step
from .current import current_content
from .language import page_route

bp = Blueprint("card", __name__)

#: What the card says before each call, for each rule of next_steps.STEP_RULES
#: (where "not sure" counts as "yes", hence "may"). The steps, their order and
#: which rule each follows are next_steps'; the law-enforcement option
#: stays off: it is never the default call.
CONDITIONS = {
    "danger": _l("If anyone may be in immediate danger"),
    "minor": _l("If the person may be under 18"),
    next_steps.NEITHER: _l("If the person is an adult and no one is in danger"),
    next_steps.ALWAYS: _l("In every case, after any step above"),
}

#: A line to remember under a step: the duty that comes with the child
#: report, and the adult's own say over what is shared about them.
CARD_NOTES = {
    "report-child": _l(
        "If you are a mandated reporter (teachers and school officials, nurses, doctors,"
        " hospital and clinic staff, social workers and others: RSMo 210.115), you must"
        " report at once, and give your name."
    ),
    "their-wishes": _l(
        "You can get the hotline's advice without naming them. Share what identifies them"
        " only if they agree: with it, if anyone is 17 or under or in danger, the hotline"
        " may report to police or child protective services."
    ),
}


@dataclass(frozen=True)
class CardStep:
    """A next step as the card shows it: when it applies, and a line to remember."""

    condition: str
    step: Step
    note: str = ""


@page_route(bp, "/card")
def pocket_card() -> str:
    """A one-page card to print and fold: what to look for, when to call whom, and a QR code."""
    content = current_content()
    steps = [
        CardStep(
            str(CONDITIONS[when]),
            content.steps[step_id],
            str(CARD_NOTES.get(step_id, "")),
        )
        for step_id, when in next_steps.STEP_RULES
        if when != next_steps.OPTION
    ]
    # The visitor's own address for the checklist: url_for applies the host,
    # scheme and path prefix that ProxyFix took from a trusted proxy.
    address = url_for("checklist.check", _external=True)
    return render_template(
        "card/pocket_card.html",
        checklist=content.checklist,
        steps=steps,
        address=address,
        qr_code=qr_svg(address),
    )


def qr_svg(address: str) -> Markup:
    """``address`` as a QR code: inline SVG, sized by the stylesheet, hidden from screen readers.

    Drawn for every request (2 to 5 ms): the address comes from the request
    (its host and any proxy prefix), and no cache is keyed on what a request
    carries. The SVG has no ``style`` attribute (the CSP forbids them), only
    ``stroke``; the printed address beside it serves anyone who cannot scan.
    Empty when the address is too long for any QR code (some 2,300
    characters: a trusted proxy's path prefix can be that long): the card
    then shows only the address.
    """
    try:
        code = segno.make(address, error="m", micro=False)
    except segno.DataOverflowError:
        return Markup("")
    svg = code.svg_inline(omitsize=True, dark="#000", svgclass="qr-code", lineclass=None)
    # Safe as Markup: given no title or description, segno writes only fixed
    # markup and numbers (the modules' path), never the address's text.
    return Markup(svg.replace("<svg ", '<svg aria-hidden="true" ', 1))
