"""Every phone number the app shows, anywhere, is one config/sources.toml confirms.

A wrong number is a harm, so this looks everywhere a number could hide: every
page and page state the app can show (both languages, results, training,
errors: the same list the browser suite walks), and every text in every
content and scenario file, however the number is written.
"""

from __future__ import annotations

import tomllib

import pytest

from screening import create_app
from screening.fact_checks import PHONE_IN_TEXT
from screening.facts import digits

from .page_list import open_state, page_states
from .pages import ROOT, allowed_phone_numbers, numbers_on, parse, toml_strings

STATES = page_states(create_app({"TESTING": True, "SECRET_KEY": "collect"}))


@pytest.mark.parametrize("state", STATES, ids=lambda state: state.name)
def test_every_number_on_every_page_state_is_confirmed(client_request, state):
    page = parse(open_state(client_request, state).data)
    unconfirmed = numbers_on(page) - allowed_phone_numbers()
    assert not unconfirmed, f"{state.name}: {sorted(unconfirmed)}"


# The local-resources examples are for deployers, with a made-up 555 number
# that they list themselves, and are never loaded; the list of facts is the
# yardstick; everything else under config/ is what the app shows.
CONTENT_FILES = sorted(
    path
    for path in (ROOT / "config").rglob("*.toml")
    if not path.name.startswith("local-resources.example") and path.name != "sources.toml"
)


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_number_in_every_content_file_is_confirmed(path):
    with path.open("rb") as file:
        data = tomllib.load(file)
    found = {
        digits(number) for text in toml_strings(data) for number in PHONE_IN_TEXT.findall(text)
    }
    assert found <= allowed_phone_numbers(), sorted(found - allowed_phone_numbers())


def test_the_search_finds_numbers_however_they_are_written():
    text = "Call (800) 555-0199 or 800.555.0199, +1 800 555 0199, 8005550199; RSMo 210.110."
    assert {digits(n) for n in PHONE_IN_TEXT.findall(text)} == {"8005550199"}
    assert len(PHONE_IN_TEXT.findall(text)) == 4
