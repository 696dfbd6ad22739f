"""The trainer's pages in a real browser: the banner, the group debrief, the pack in print."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.server]

BANNER_BOX = """() => {
    const box = document.querySelector(".practice-banner").getBoundingClientRect();
    return {top: box.top, bottom: box.bottom};
}"""


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("width", [320, 390])
def test_the_practice_banner_stays_in_view_while_scrolling(new_phone, lang, width):
    page, _ = new_phone(viewport={"width": width, "height": 844})
    page.goto(f"/{lang}/training/sales-crew")
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(100)
    assert page.evaluate("() => window.scrollY") > 1000
    box = page.evaluate(BANNER_BOX)
    assert box["top"] >= 0 and box["bottom"] <= 844
    # It leaves the page room: the banner takes under an eighth of the screen.
    assert box["bottom"] - box["top"] <= 844 / 8, box
    # What it covers is the practice banner, not the form's last button.
    assert page.evaluate("() => document.elementFromPoint(10, 5).closest('.practice-top') !== null")
