"""Printing, in the real browser: the pocket card and the training cards."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def sheets_in(pdf: bytes) -> int:
    """How many pages a PDF from Chromium has."""
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_pocket_card_prints_on_one_letter_page(browser, live_server, lang):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.base_url}/{lang}/card")
    pdf = page.pdf(format="Letter")
    assert sheets_in(pdf) == 1
    # US letter is 612 x 792 points.
    assert b"/MediaBox [0 0 612 792]" in pdf
    context.close()


def test_training_cards_print_one_card_per_sheet_without_buttons(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.base_url}/training/strawberry-crew/cards")
    page.emulate_media(media="print")
    breaks = page.eval_on_selector_all(
        ".print-cards > .print-card", "cards => cards.map(c => getComputedStyle(c).breakAfter)"
    )
    assert breaks == ["page"] * (len(breaks) - 1) + ["auto"]
    hidden = page.eval_on_selector_all(
        ".site-header, .site-footer, .exit-button, .no-print, button",
        "nodes => nodes.map(n => n.offsetParent === null)",
    )
    assert hidden and all(hidden)
    # The banner still prints, so a loose sheet reads as practice.
    assert page.is_visible(".practice-banner")
    assert sheets_in(page.pdf(format="Letter")) >= len(breaks)
    context.close()
