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


def sheets_in(pdf: bytes) -> int:
    """How many pages a PDF from Chromium has."""
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


PACK = "/training/pack?scenario=sales-crew&scenario=summer-sales&scenario=truck-stop-boyfriend"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_group_debrief_by_touch_compares_three_groups(new_phone, lang):
    page, recorder = new_phone()
    prefix = "" if lang == "en" else "/es"
    page.goto(f"{prefix}/training/sales-crew/groups")
    # A careful group, an over-flagger, and one that skips the age question.
    page.select_option("select[name=g1-danger]", "no")
    page.select_option("select[name=g1-minor]", "no")
    for item in ("controls-money", "cut-off", "excessive-hours"):
        page.tap(f"input[name=g1-signs][value={item}]")
    page.select_option("select[name=g2-danger]", "yes")
    page.select_option("select[name=g2-minor]", "unsure")
    for item in ("controls-money", "holds-documents", "guarded-workplace"):
        page.tap(f"input[name=g2-signs][value={item}]")
    page.select_option("select[name=g3-danger]", "no")
    page.tap("input[name=g3-signs][value=fearful]")
    with page.expect_navigation():
        page.tap("#group-form button[type=submit]")
    assert page.url.endswith(f"{prefix}/training/sales-crew/groups")
    first = page.locator("main > h1 + .lead + *")
    assert first.get_attribute("id") == "triage-differs"
    assert page.locator("#triage-differs li").count() == 2
    assert page.locator("#group-counts tbody tr").count() == 3
    assert page.locator("#group-flagged li").count() == 2
    # It fits a phone: nothing pushes the page sideways.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert recorder.foreign(page.url.split("/training")[0].removesuffix("/es")) == []


def test_the_group_grid_scrolls_inside_its_box_at_320_px(new_phone):
    page, _ = new_phone(viewport={"width": 320, "height": 700})
    page.goto("/es/training/sales-crew/groups?groups=6")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    box = page.locator(".table-scroll")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    # Every checkbox is a 44 px target.
    size = page.locator("input[name=g6-signs]").first.bounding_box()
    assert size["width"] >= 44 and size["height"] >= 44


@pytest.mark.parametrize("large", [False, True])
def test_the_pack_prints_each_card_on_its_own_sheet(browser, live_server, large):
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.base_url + PACK + ("&size=large" if large else ""))
    page.emulate_media(media="print")
    cards = page.locator(".print-cards .print-card")
    count = cards.count()
    # The plan; worker, person, observer and key for each scenario (and the
    # sales crew's companion, and any cue cards); then the answer sheet.
    assert count >= 1 + 3 * 4 + 1 + 1
    breaks = cards.evaluate_all("cards => cards.map(c => getComputedStyle(c).breakAfter)")
    assert breaks[0] == "page" and breaks[-1] == "auto"
    starts = page.locator(".print-cards__scenario").evaluate_all(
        "nodes => nodes.map(n => getComputedStyle(n).breakBefore)"
    )
    assert starts == ["page"] * 3
    hidden = page.eval_on_selector_all(
        ".site-header, .site-footer, .exit-button, .no-print",
        "nodes => nodes.map(n => n.offsetParent === null)",
    )
    assert hidden and all(hidden)
    assert page.is_visible(".practice-banner")
    # Large print: 14 pt (18.67 px) body text, against 10.5 pt (14 px).
    size = (
        page.locator("#sales-crew-card-worker p")
        .nth(1)
        .evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    )
    assert size == pytest.approx(18.67 if large else 14, abs=0.1)
    # The answer sheet's boxes are drawn, to check with a pen.
    box = page.locator("#answer-sheet .answer-boxes li").first.evaluate(
        "el => getComputedStyle(el, '::before').borderTopWidth"
    )
    assert box == "2px"
    pdf = page.pdf(format="Letter")
    assert sheets_in(pdf) >= count
    context.close()


def test_the_guide_prints_without_the_header_and_with_its_sources_addresses(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.base_url + "/training/guide")
    page.emulate_media(media="print")
    assert page.locator(".site-header").evaluate("el => el.offsetParent === null")
    after = page.locator(".guide-sources a").first.evaluate(
        "el => getComputedStyle(el, '::after').content"
    )
    assert "https://nhttac.acf.hhs.gov/soar/" in after
    assert sheets_in(page.pdf(format="Letter")) <= 4
    context.close()
