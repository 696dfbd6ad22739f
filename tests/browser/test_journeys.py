"""The whole journey in a real browser: by touch on a phone (JS on and off), and by keyboard.

Every request each journey makes is recorded, and all of them must go to
the app's own origin: no fonts, analytics or CDNs, nothing a watcher on the
network could see beyond this one site.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from ..page_list import all_page_states
from .conftest import open_state

pytestmark = [pytest.mark.browser, pytest.mark.server]

# What a user would see as "can take focus", in page order, with a radio
# group counted once (Tab enters a group once; arrows move within it).
FOCUSABLE_IN_ORDER = """() => {
    const all = [...document.querySelectorAll(
        "a[href], button, input:not([type=hidden]), select, textarea, "
        + "[tabindex]:not([tabindex='-1'])"
    )].filter(el => !el.disabled && el.getClientRects().length);
    const seen = new Set();
    return all.filter(el => {
        if (el.type !== "radio") return true;
        if (seen.has(el.name)) return false;
        seen.add(el.name);
        return true;
    }).map(el => el.id || el.getAttribute("href") || el.textContent.trim());
}"""

# The focused element: its key, whether the focus is drawn, and whether it is
# actually visible (on screen and not under the sticky header).
FOCUSED = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const drawn = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
        || style.boxShadow !== "none";
    const box = el.getBoundingClientRect();
    const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(box.top + Math.min(box.height, 40) / 2, 0), innerHeight - 1);
    const top = document.elementFromPoint(x, y);
    const label = el.labels && el.labels[0];
    const uncovered = !!top
        && (el.contains(top) || top.contains(el) || (label && label.contains(top)));
    return {
        key: el.id || el.getAttribute("href") || el.textContent.trim(),
        drawn, uncovered, tag: el.tagName,
    };
}"""


def answer_and_send(page: Page, *, touch: bool) -> None:
    """Answer both safety questions and tick a sign, the way a phone user does."""
    act = page.tap if touch else page.click
    act("label[for=danger-yes]")
    act("label[for=minor-unsure]")
    act("label[for=control-speaks-for-them]")
    act("#checklist-form button[type=submit]")


def assert_results(page: Page) -> None:
    """The next steps: 911 first, the Missouri report, and the sign shown back."""
    expect(page.locator("h1")).to_have_text("What to do next")
    steps = page.locator("ol.steps > li")
    expect(steps.first).to_have_id("step-emergency")
    expect(steps.nth(1)).to_have_id("step-report-child")
    expect(page.locator("a[href='tel:911']").first).to_be_visible()
    expect(page.locator("section[aria-labelledby=noticed-title]")).to_contain_text(
        "Someone else answers for them"
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
def test_whole_journey_on_a_phone(new_phone, live_server, javascript):
    page, recorder = new_phone(javascript=javascript)
    page.goto("/")
    page.tap("a.button--start")
    expect(page.locator("h1")).to_have_text("What have you noticed?")

    # Sent blank: the form comes back with the problems listed first.
    page.tap("#checklist-form button[type=submit]")
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error:"))
    if javascript:
        expect(summary).to_be_focused()

    # Following the summary's first link lands on the first question's answers.
    page.tap("#error-summary a >> nth=0")
    expect(page).to_have_url(re.compile(r"#danger-yes$"))
    expect(page.locator("#danger-yes")).to_be_in_viewport()

    answer_and_send(page, touch=True)
    assert_results(page)

    # Change the answers: the form comes back filled in, and resends.
    page.tap("button[value=change]")
    expect(page.locator("#danger-yes")).to_be_checked()
    expect(page.locator("#control-speaks-for-them")).to_be_checked()
    page.tap("#checklist-form button[type=submit]")
    assert_results(page)

    # Everyone to contact opens beside the results, which stay as they were.
    # The link, not the law enforcement step's words "see everyone you can contact".
    with page.context.expect_page() as opened:
        page.tap("a:has-text('See everyone you can contact')")
    contacts = opened.value
    expect(contacts.locator("h1")).to_have_text("More help and contacts")
    expect(contacts.locator("a[href='tel:+18664879243']")).to_be_visible()
    # The calls to make now are one tap away, at the top.
    contacts.tap("main a:text-is('Whom to contact')")
    expect(contacts.locator("h1")).to_have_text("Whom to contact")
    expect(contacts.locator("a[href='tel:+18883737888']")).to_be_visible()
    assert_results(page)

    assert recorder.foreign(live_server.base_url) == []
    assert any(url.endswith("/resources/more") for url in recorder.urls)
    assert any(url.endswith("/resources") for url in recorder.urls)


def test_phone_layout_has_no_sideways_scroll_and_big_enough_targets(new_phone):
    """At 320 px, nothing overflows and every tap target is at least 44 x 44 CSS px."""
    page, _ = new_phone(viewport={"width": 320, "height": 640})
    paths = (
        *("/", "/check", "/resources", "/resources/more", "/es/resources/more"),
        *("/staying-safe", "/card", "/for-you", "/es/for-you"),
    )
    for path in paths:
        page.goto(path)
        # clientWidth, not innerWidth: a phone zooms out to show a page that
        # is too wide, and innerWidth grows with it.
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow} px"
        small = page.evaluate(
            """() => [...document.querySelectorAll("a[href], button, input:not([type=hidden])")]
                // Links inside a sentence are exempt (WCAG 2.5.8), and the
                // skip link is off screen until focused.
                .filter(el => el.getClientRects().length && !el.matches(".skip-link")
                              && getComputedStyle(el).display !== "inline")
                .map(el => [el.id || el.textContent.trim(), el.getBoundingClientRect()])
                .filter(([, box]) => box.width < 44 || box.height < 44)
                .map(([key, box]) =>
                    `${key}: ${Math.round(box.width)}x${Math.round(box.height)}`)"""
        )
        assert small == [], f"{path}: targets under 44 x 44: {small}"


# Everything drawn as a button (a filled or bordered box, whatever its class),
# with the room between its text and each side of its box, inside the border.
# Plain links have neither fill nor border, so they are not measured.
BUTTON_TEXT_ROOM = """() => [...document.querySelectorAll("a[href], button")]
    .filter(el => {
        const style = getComputedStyle(el);
        const filled = style.backgroundColor !== "rgba(0, 0, 0, 0)";
        const bordered = parseFloat(style.borderLeftWidth) > 0;
        return el.getClientRects().length && (filled || bordered)
            && !el.matches(".skip-link") && el.textContent.trim();
    })
    .map(el => {
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        const text = document.createRange();
        text.selectNodeContents(el);
        const words = text.getBoundingClientRect();
        return {
            key: el.id || el.textContent.trim(),
            left: words.left - (box.left + parseFloat(style.borderLeftWidth)),
            right: (box.right - parseFloat(style.borderRightWidth)) - words.right,
        };
    })"""

#: Room enough for the eye to see the text sits inside a button, not on its edge.
MIN_BUTTON_ROOM_PX = 8


def test_every_button_has_room_on_both_sides_of_its_text(new_phone):
    """Call buttons, the start button, the language switch...: text never flush with an edge."""
    page, _ = new_phone()
    cramped = []
    for state in all_page_states():
        assert open_state(page, state) == state.status
        for button in page.evaluate(BUTTON_TEXT_ROOM):
            if min(button["left"], button["right"]) < MIN_BUTTON_ROOM_PX:
                room = f"{button['left']:.0f} px left, {button['right']:.0f} px right"
                cramped.append(f"{state.name}: {button['key']!r}: {room}")
    assert cramped == [], "\n".join(dict.fromkeys(cramped))


def tab_through(page: Page, stop_at: str, limit: int = 200) -> list[dict]:
    """Press Tab until the element keyed ``stop_at`` has focus; return every stop."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
        if stops[-1]["key"] == stop_at:
            return stops
    raise AssertionError(f"Tab never reached {stop_at!r}; stops: {[s['key'] for s in stops]}")


def assert_focus_follows_the_page(page: Page, stops: list[dict]) -> None:
    """Tab visits focusable things in page order, each with a visible, uncovered focus."""
    expected = page.evaluate(FOCUSABLE_IN_ORDER)
    keys = [stop["key"] for stop in stops]
    assert keys == expected[: len(keys)]
    hidden = [stop["key"] for stop in stops if not (stop["drawn"] and stop["uncovered"])]
    assert hidden == [], f"focus not visible on: {hidden}"


def test_whole_journey_by_keyboard_alone(new_phone):
    page, _ = new_phone(viewport={"width": 1024, "height": 768}, is_mobile=False, has_touch=False)
    page.goto("/")
    stops = tab_through(page, "/check")
    assert stops[0]["key"] == "#main"  # the skip link comes first
    assert_focus_follows_the_page(page, stops)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("What have you noticed?")

    # Straight to the button and send blank: focus lands on the problems.
    submit_key = page.locator("#checklist-form button[type=submit]").text_content().strip()
    stops = tab_through(page, submit_key)
    assert_focus_follows_the_page(page, stops)
    page.keyboard.press("Enter")
    expect(page.locator("#error-summary")).to_be_focused()
    assert page.evaluate(FOCUSED)["drawn"]

    # From the summary, its first link, to the first question.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#danger-yes")).to_be_focused()
    page.keyboard.press("Space")  # Yes
    page.keyboard.press("Tab")
    expect(page.locator("#minor-yes")).to_be_focused()
    page.keyboard.press("ArrowRight")  # arrows move within a radio group: No
    expect(page.locator("#minor-no")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the first sign
    stops = tab_through(page, submit_key)
    assert all(stop["drawn"] and stop["uncovered"] for stop in stops)
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("What to do next")
    expect(page.locator("ol.steps > li").first).to_have_id("step-emergency")
    expect(page.locator("ol.steps > li").nth(1)).to_have_id("step-call-hotline")
    stops = tab_through(page, "tel:911")
    assert_focus_follows_the_page(page, stops)


def test_the_person_can_point_to_their_language_without_anything_being_sent(new_phone):
    """On the hand-over page a tap marks a language, with scripts off, and nothing is sent."""
    page, recorder = new_phone(javascript=False)
    page.goto("/for-you")
    address = page.url
    sent = len(recorder.requests)
    tile = {
        tag: page.locator(f".language-tiles > label:has(b[lang={tag}])") for tag in ("vi", "ar")
    }
    tile["vi"].tap()  # the whole tile: the radio lies over it
    expect(tile["vi"].locator("input")).to_be_checked()
    tile["ar"].tap()
    expect(tile["ar"].locator("input")).to_be_checked()
    expect(tile["vi"].locator("input")).not_to_be_checked()
    assert page.url == address
    assert len(recorder.requests) == sent
    # The marked tile stands out: its border takes the go color.
    border = tile["ar"].evaluate("l => getComputedStyle(l).borderColor")
    plain = tile["vi"].evaluate("l => getComputedStyle(l).borderColor")
    assert border != plain
