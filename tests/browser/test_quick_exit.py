"""Quick exit in a real browser: by the button and by Shift pressed three times.

The exit destination is a neutral HTTPS page on another loopback port (set
through FLASK_EXIT_URL), so the whole exit runs for real: the cover, the
/exit response that clears the site's data, the redirect, and Back.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Error, Page, expect

from .test_journeys import answer_and_send, assert_results

pytestmark = [pytest.mark.browser, pytest.mark.server]


def results_page(new_phone, **options) -> Page:
    """A phone showing next steps for real answers (a sign ticked, both triage answered)."""
    page, _ = new_phone(**options)
    page.goto("/check")
    answer_and_send(page, touch=False)
    assert_results(page)
    return page


def assert_left_without_a_trace(page: Page, live_server, exit_site: str) -> None:
    """On the neutral site, with no cookie for the app, and Back shows no answers."""
    expect(page).to_have_url(exit_site)
    expect(page.locator("h1")).to_have_text("Local weather")
    assert page.context.cookies(live_server.base_url) == []
    page.go_back()
    # The results page was replaced in history: Back reaches the blank form
    # (or the page before it), never the answers.
    expect(page.locator("body")).not_to_contain_text("What to do next")
    expect(page.locator("body")).not_to_contain_text("What you noticed")
    assert page.locator("input:checked").count() == 0


def watch_for_cover(page: Page) -> list[dict]:
    """Report what the page looks like the moment the exit cover goes in.

    A mutation observer reads the page as the cover is added, before the
    next page arrives, and logs it; the test collects the log.
    """
    seen: list[dict] = []
    marker = "exit-cover "

    def collect(message) -> None:
        if message.text.startswith(marker):
            seen.append(json.loads(message.text.removeprefix(marker)))

    page.on("console", collect)
    page.evaluate(
        """() => new MutationObserver(() => {
            const cover = document.querySelector(".exit-cover");
            if (!cover) return;
            const box = cover.getBoundingClientRect();
            console.log("exit-cover " + JSON.stringify({
                covers: box.width >= innerWidth && box.height >= innerHeight
                    && getComputedStyle(cover).visibility === "visible",
                mainHidden: getComputedStyle(document.querySelector("main")).visibility
                    === "hidden",
                title: document.title,
            }));
        }).observe(document.body, {childList: true})"""
    )
    return seen


@pytest.mark.parametrize("how", ["button", "shift"])
def test_quick_exit_covers_clears_and_cannot_be_undone(new_phone, live_server, exit_site, how):
    page = results_page(new_phone)
    assert page.context.cookies(live_server.base_url), "the form's cookie should be set"
    seen = watch_for_cover(page)
    with page.expect_navigation(url=exit_site):
        if how == "button":
            page.tap("#exit-this-page")
        else:
            for _ in range(3):
                page.keyboard.press("Shift")
    assert seen == [{"covers": True, "mainHidden": True, "title": ""}]
    assert_left_without_a_trace(page, live_server, exit_site)


def test_quick_exit_without_javascript(new_phone, live_server, exit_site):
    page = results_page(new_phone, javascript=False)
    page.tap("#exit-this-page")
    expect(page).to_have_url(exit_site)
    assert page.context.cookies(live_server.base_url) == []
    # Without a script the results stay in history, but they were never
    # cached (no-store) and are not posted again without asking: Back
    # shows no answers.
    with pytest.raises(Error, match="ERR_CACHE_MISS"):
        page.go_back()  # Chromium's "confirm form resubmission" page, not the answers
    expect(page.locator("body")).not_to_contain_text("What you noticed")


def test_two_shift_presses_or_other_keys_do_not_exit(new_phone, live_server):
    page = results_page(new_phone)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("a")
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert_results(page)
