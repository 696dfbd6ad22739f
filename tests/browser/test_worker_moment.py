"""The worker's moment, on a phone: results that survive, 911 first, the call on the first screen.

A worker opens the results mid-conversation, hands the phone over, calls,
comes back. Everything here is measured in a real browser, as a phone shows
it (390 x 844, and 320 wide), in English and Spanish, with scripts on and
off where it matters. Playwright's Chromium runs with the back-forward cache
off, which is how a phone treats the results (a no-store answer to a POST):
so the results survive only if the worker never leaves their document.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import axe_violations
from .test_quick_exit import assert_left_without_a_trace

pytestmark = [pytest.mark.browser, pytest.mark.server]

LANGUAGES = ("en", "es")
#: A phone's first screen, in CSS px.
FIRST_SCREEN = 844
MAX_HEADER = 72
PREFIX = {"en": "", "es": "/es"}
RESULTS_TITLE = {"en": "What to do next", "es": "Qué hacer ahora"}


def results(page: Page, language: str, danger: str, minor: str | None, sign: bool = True) -> None:
    """Answer the checklist by touch (``minor=None`` leaves it blank) and send it."""
    page.goto(f"{PREFIX[language]}/check")
    page.tap(f"label[for=danger-{danger}]")
    if minor:
        page.tap(f"label[for=minor-{minor}]")
    if sign:
        page.tap("label[for=control-speaks-for-them]")
    send(page, "#checklist-form button[type=submit]")


def send(page: Page, selector: str) -> None:
    """Tap a button that sends a form, and wait for the page that comes back."""
    with page.expect_navigation():
        page.locator(selector).first.tap()


def documents(recorder, page: Page) -> int:
    """How many documents ``page`` (not a tab it opened) has asked for so far."""
    return sum(
        1
        for request in recorder.requests
        if request.resource_type == "document" and request.frame.page == page
    )


def top(page: Page, selector: str) -> dict:
    """The first visible match's box, measured with the page scrolled to the top."""
    return page.evaluate(
        """(selector) => {
            window.scrollTo(0, 0);
            const el = [...document.querySelectorAll(selector)]
                .find(e => e.getClientRects().length);
            if (!el) return null;
            const box = el.getBoundingClientRect();
            return {top: box.top, bottom: box.bottom, text: el.textContent.trim()};
        }""",
        selector,
    )


# --- 1. the results are never lost ------------------------------------------

# The links of the results' main area, with where each leads.
MAIN_LINKS = """() => [...document.querySelectorAll("main a[href]")]
    .map((a, index) => ({
        index, href: a.getAttribute("href"), target: a.target, rel: a.rel,
        inView: !!a.closest(".handover-view"),
        // "Start a new checklist" and the quick exit leave the results on purpose.
        leaves: a.matches(".actions a[href$='/check'], .exit-button"),
    }))
    .filter(link => !link.leaves)"""


def assert_same_results(page: Page, language: str, address: str, before: int, recorder) -> None:
    """Still the same results document: same address, no new request, the steps shown."""
    expect(page.locator("h1")).to_have_text(RESULTS_TITLE[language])
    expect(page.locator("ol.steps > li").first).to_be_visible()
    assert page.url.split("#")[0] == address
    assert documents(recorder, page) == before, "the results were loaded again"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
@pytest.mark.parametrize(("danger", "minor"), [("no", "no"), ("no", "unsure")])
def test_following_any_link_of_the_results_never_loses_them(
    new_phone, language, javascript, danger, minor
):
    page, recorder = new_phone(javascript=javascript)
    results(page, language, danger, minor)
    expect(page.locator("h1")).to_have_text(RESULTS_TITLE[language])
    address = page.url.split("#")[0]
    before = documents(recorder, page)
    links = page.evaluate(MAIN_LINKS)
    if (danger, minor) == ("no", "no"):
        # Handing the phone over is the next step: the screen is a view inside.
        assert any(link["inView"] for link in links), "no hand-over view in the results"
    else:
        # The first call is someone else's: the same screen opens in a new tab.
        assert not any(link["inView"] for link in links)
        assert any(link["href"].endswith("/for-you") for link in links), "no hand-over screen"
    followed = 0
    view = page.locator("#for-them")
    for link in links:
        element = page.locator("main a[href]").nth(link["index"])
        if link["inView"]:
            # Reached as the worker reaches it: by its same-page link.
            page.locator("a[href='#for-them']").first.tap()
            expect(view).to_be_in_viewport()
        href = link["href"]
        if href.startswith("#"):
            element.tap()
            if href == "#for-them":
                expect(view).to_be_in_viewport()
            else:
                expect(view).to_be_hidden()
            page.go_back()  # a fragment: Back stays in the document
        elif href.startswith(("tel:", "sms:")):
            assert not link["target"], href  # the phone's dialer opens over the page
        else:
            assert link["target"] == "_blank", f"{href} leaves the results"
            assert {"noopener", "noreferrer"} <= set(link["rel"].split()), href
            with page.context.expect_page() as opened:
                element.tap()
            opened.value.close()  # the worker closes the tab and is back
        if view.is_visible():
            page.go_back()  # Back closes the hand-over view
        followed += 1
        expect(view).to_be_hidden()
        assert_same_results(page, language, address, before, recorder)
    assert followed >= 6


# --- 2. a "yes" or "not sure" to danger always gets 911 ---------------------


def assert_911_first(page: Page, before: str | None = None) -> None:
    call = top(page, "a[href='tel:911']")
    assert call and call["bottom"] <= FIRST_SCREEN, call
    if before:
        other = top(page, before)
        assert other and call["top"] < other["top"], (call, other)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("danger", ["yes", "unsure"])
def test_danger_gets_911_on_whatever_page_comes_back(new_phone, language, danger):
    page, _ = new_phone()
    # The age question left blank: the form comes back with its problem.
    results(page, language, danger, None)
    expect(page.locator("#error-summary")).to_be_visible()
    assert_911_first(page, before="#error-summary")
    # The token gone (expired, or the page left open too long).
    page.goto(f"{PREFIX[language]}/check")
    page.tap(f"label[for=danger-{danger}]")
    page.tap("label[for=minor-no]")
    page.evaluate("document.querySelector('#checklist-form [name=csrf_token]').remove()")
    send(page, "#checklist-form button[type=submit]")
    expect(page.locator("#token-notice")).to_be_visible()
    assert_911_first(page, before="#token-notice")
    # The answers sent and accepted, then "change": 911 still comes first.
    page.tap("label[for=minor-no]")
    send(page, "#checklist-form button[type=submit]")
    expect(page.locator("h1")).to_have_text(RESULTS_TITLE[language])
    assert_911_first(page)
    send(page, "button[value=change]")
    expect(page.locator("#danger-" + danger)).to_be_checked()
    assert_911_first(page)


def test_no_911_panel_when_no_one_is_in_danger(new_phone):
    page, _ = new_phone()
    results(page, "en", "no", None)
    expect(page.locator("#error-summary")).to_be_visible()
    assert page.locator("a[href='tel:911']").count() == 0


# --- 3. the first call on the first screen ----------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", [390, 320])
@pytest.mark.parametrize(
    ("danger", "minor"), [("yes", "no"), ("no", "yes"), ("unsure", "unsure"), ("no", "unsure")]
)
def test_the_first_call_button_is_on_the_first_screen(new_phone, language, width, danger, minor):
    page, _ = new_phone(viewport={"width": width, "height": FIRST_SCREEN})
    results(page, language, danger, minor)
    call = top(page, "main a[href^='tel:']")
    assert call["bottom"] <= FIRST_SCREEN, call
    if danger == "no":
        # The Children's Division's number, then why, and the law, folded.
        assert "392-3738" in call["text"]
        expect(page.locator("#step-report-child details summary")).to_be_visible()
        expect(page.locator("#step-report-child details")).not_to_have_attribute("open", "")
        expect(page.locator("#step-report-child details")).to_contain_text("210.115")


# --- 4. the two safety answers, repeated ------------------------------------

ANSWER_LINES = {
    "en": ("Immediate danger: No", "Under 18: Not sure"),
    "es": ("Peligro inmediato: No", "Menor de 18 años: No lo sé"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_results_repeat_the_safety_answers_with_a_way_to_change_them(new_phone, language):
    page, _ = new_phone()
    results(page, language, "no", "unsure")
    answers = page.locator(".answers")
    for line in ANSWER_LINES[language]:
        expect(answers).to_contain_text(line)
    assert top(page, ".answers button")["bottom"] < top(page, "ol.steps")["top"]
    send(page, ".answers button[value=change]")
    expect(page.locator("#danger-no")).to_be_checked()
    expect(page.locator("#minor-unsure")).to_be_checked()
    expect(page.locator("#control-speaks-for-them")).to_be_checked()


# --- 5. a phone number never breaks; nor does a language's name -------------

# Every phone number in the page's visible text, with the number of lines it
# takes (a line is a distinct top among its boxes), and every word of a
# language tile's name that takes more than one line.
BROKEN = r"""() => {
    const number = /(?:\b1-)?\b\d{3}-\d{3}-\d{4}\b|\b1-\d{3}-[0-9A-Z]{3,4}-[0-9A-Z]{4}\b/g;
    const lines = (range) => new Set([...range.getClientRects()]
        .filter(r => r.width > 0).map(r => Math.round(r.top))).size;
    const broken = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let found = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!el.getClientRects().length) continue;
        const words = el.closest(".language-tiles") ? /\S+/g : number;
        for (const match of node.data.matchAll(words)) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            if (!range.getClientRects().length) continue;
            found += 1;
            if (lines(range) > 1) broken.push(match[0]);
        }
    }
    return {found, broken};
}"""


def assert_nothing_broken(page: Page, where: str) -> None:
    seen = page.evaluate(BROKEN)
    assert seen["found"] > 0, f"{where}: no numbers measured"
    assert seen["broken"] == [], f"{where}: broken across lines: {seen['broken']}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", [320, 390])
def test_no_phone_number_breaks_across_lines(new_phone, language, width):
    page, _ = new_phone(viewport={"width": width, "height": FIRST_SCREEN})
    prefix = PREFIX[language]
    for path in ("/resources", "/for-you", "/card"):
        page.goto(prefix + path)
        assert_nothing_broken(page, path)
    for danger, minor in (("yes", "yes"), ("no", "no")):
        results(page, language, danger, minor)
        assert_nothing_broken(page, f"results {danger}/{minor}")
        if danger == "no":  # the view is inside the results only for an adult not in danger
            page.locator("a[href='#for-them']").first.tap()
            assert_nothing_broken(page, "the hand-over view")
    # The card on paper: two columns of a letter sheet's printable width.
    page.set_viewport_size({"width": 720, "height": 960})
    page.emulate_media(media="print")
    page.goto(prefix + "/card")
    assert_nothing_broken(page, "the printed card")


# --- 6. the start button on the first screen ---------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("viewport", [(390, 844), (320, 568)], ids=["390x844", "320x568"])
def test_the_start_button_is_on_the_first_screen(new_phone, language, viewport):
    width, height = viewport
    page, _ = new_phone(viewport={"width": width, "height": height})
    page.goto(PREFIX[language] + "/")
    start = top(page, "a.button--start")
    assert start["bottom"] <= height, start
    # The safety card and what the tool is follow it.
    assert start["top"] < top(page, ".card--safety")["top"]


# --- 7. a header that leaves room for the page -------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_header_is_at_most_72_px_tall_at_320(new_phone, language):
    page, _ = new_phone(viewport={"width": 320, "height": 568})
    for path in ("/", "/check", "/resources", "/for-you", "/staying-safe", "/card", "/training"):
        page.goto(PREFIX[language] + path)
        height = page.evaluate("document.querySelector('.site-header').offsetHeight")
        assert height <= MAX_HEADER, f"{path}: the header is {height} px tall"
    # The full name stays on the start page's heading.
    page.goto(PREFIX[language] + "/")
    full = {"en": "Human trafficking", "es": "trata de personas"}[language]
    expect(page.locator("h1")).to_contain_text(full)
    expect(page.locator(".site-header")).not_to_contain_text(full)


# --- 8. the hand-over screen is for the person -------------------------------

NOT_FOR_THE_PERSON = re.compile(r"checklist|screening|trafficking|lista|detecci|trata\b", re.I)
SAYS_WHAT_IT_IS = {"en": ("Spanish", "interpreter"), "es": ("inglés", "intérprete")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_hand_over_screen_names_nothing_the_person_may_fear(new_phone, language):
    page, _ = new_phone()
    page.goto(PREFIX[language] + "/for-you")
    seen = page.evaluate(
        "() => document.querySelector('.site-header').innerText"
        " + ' ' + document.querySelector('h1').innerText + ' ' + document.title"
    )
    assert not NOT_FOR_THE_PERSON.search(seen), seen

    results(page, language, "no", "no")
    opener = page.locator("a[href='#for-them']").first
    for words in SAYS_WHAT_IT_IS[language]:
        expect(opener).to_contain_text(words)
    assert top(page, "a[href='#for-them']")["bottom"] <= FIRST_SCREEN
    opener.tap()
    view = page.locator("#for-them")
    expect(view).to_be_in_viewport()
    # The view covers the whole screen: what the person sees is the view alone.
    covered = page.evaluate(
        """() => [[5, 5], [innerWidth - 5, 5], [innerWidth / 2, innerHeight - 5]]
            .every(([x, y]) => document.getElementById("for-them")
                .contains(document.elementFromPoint(x, y)))"""
    )
    assert covered
    first_screen = page.evaluate(
        """() => [...document.querySelectorAll("#for-them *")]
            .filter(e => e.children.length === 0 && e.getClientRects().length
                && e.getBoundingClientRect().top < innerHeight)
            .map(e => e.textContent).join(" ")"""
    )
    assert not NOT_FOR_THE_PERSON.search(first_screen), first_screen
    assert axe_violations(page) == []
    back = page.locator("#for-them a[href^='#']").first
    expect(back).to_be_in_viewport()
    back.tap()
    expect(view).to_be_hidden()


# --- 9. one main call per resource -------------------------------------------

FILLED_PER_BOX = """() => [...document.querySelectorAll(".resource")].map(box => ({
    name: box.querySelector(".resource__name").textContent.trim(),
    filled: [...box.querySelectorAll("a[href]")].filter(a => a.getClientRects().length
        && getComputedStyle(a).backgroundColor !== "rgba(0, 0, 0, 0)").length,
}))"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_resource_has_one_main_call_button(new_phone, language):
    page, _ = new_phone()
    page.goto(PREFIX[language] + "/resources")
    boxes = page.evaluate(FILLED_PER_BOX)
    results(page, language, "yes", "yes")
    boxes += page.evaluate(FILLED_PER_BOX)
    assert len(boxes) > 8
    assert [box for box in boxes if box["filled"] > 1] == []
    assert sum(box["filled"] for box in boxes) >= 8


# --- 10. quick exit on a phone -----------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_shift_key_hint_shows_only_where_there_is_a_keyboard(new_phone, language):
    phone, _ = new_phone()
    desk, _ = new_phone(viewport={"width": 1024, "height": 768}, is_mobile=False, has_touch=False)
    for page in (phone, desk):
        page.goto(PREFIX[language] + "/")
    shift = ".shift-hint"
    expect(desk.locator(shift).first).to_be_visible()
    assert phone.locator(shift).count() > 0
    for hint in phone.locator(shift).all():
        expect(hint).to_be_hidden()
    # Staying safe says what Back does after an exit, with scripts and without.
    phone.goto(PREFIX[language] + "/staying-safe")
    says = {
        "en": ("taken out of the browser's history: Back then goes", "Back returns to the page"),
        "es": ("se quita del historial del navegador: después, Atrás", "Atrás vuelve a la página"),
    }[language]
    for words in says:
        expect(phone.locator("main")).to_contain_text(words)


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_the_hand_over_view_has_its_own_quick_exit(new_phone, live_server, exit_site, javascript):
    """The view covers the header, so it carries the exit button too, and it works the same."""
    page, _ = new_phone(javascript=javascript)
    results(page, "en", "no", "no")
    page.locator("a[href='#for-them']").first.tap()
    button = page.locator("#for-them .exit-button")
    expect(button).to_be_in_viewport()
    button.tap()
    expect(page).to_have_url(exit_site)
    if javascript:
        assert_left_without_a_trace(page, live_server, exit_site)
