"""Every phone number the app shows, on any page, is one config/sources.toml confirms.

A wrong number is a harm, so this looks at every page and page state the app
can show (both languages, results, training, errors: the same list the
browser suite walks), however the number is written. The files behind the
pages are read for numbers, text codes and statutes in test_confirmed_facts.
"""

from __future__ import annotations

import pytest

from screening.fact_checks import PHONE_IN_TEXT
from screening.facts import digits

from .page_list import open_state
from .pages import numbers_on, parse
from .repository import allowed_phone_numbers


@pytest.mark.page_states
def test_every_number_on_every_page_state_is_confirmed(client_request, state):
    page = parse(open_state(client_request, state).data)
    unconfirmed = numbers_on(page) - allowed_phone_numbers()
    assert not unconfirmed, f"{state.name}: {sorted(unconfirmed)}"


def test_the_search_finds_numbers_however_they_are_written():
    text = "Call (800) 555-0199 or 800.555.0199, +1 800 555 0199, 8005550199; RSMo 210.110."
    assert {digits(n) for n in PHONE_IN_TEXT.findall(text)} == {"8005550199"}
    assert len(PHONE_IN_TEXT.findall(text)) == 4
