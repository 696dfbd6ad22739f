"""Only confirmed facts: no page the app can show states a phone number, text code or
statute that config/sources.toml does not hold.

A wrong number is a harm, so this reads every page and page state (both
languages, results, training, errors: the list the browser suite walks),
its words and its tel: and sms: links, however a number is written there.
Start-up already refuses an unlisted fact in a content or scenario file
(test_sources); this is the one check of what reaches the screen, whichever
file (a template, the Spanish catalog, the settings) or code put it there.
"""

from __future__ import annotations

from types import MappingProxyType

import pytest

from screening.app_data import app_data
from screening.fact_checks import PHONE_IN_TEXT, unconfirmed_in
from screening.facts import Facts, digits

from .page_list import all_page_states, open_state
from .pages import numbers_on, parse

NOTHING_CONFIRMED = Facts(MappingProxyType({}))


def unconfirmed_on(page, facts: Facts) -> list[str]:
    """Each number, text code or statute on ``page`` (its text and its links) not in ``facts``."""
    found = unconfirmed_in(" ".join(page.get_text(" ").split()), facts)
    return found + sorted(numbers_on(page) - facts.numbers())


@pytest.mark.page_states
def test_every_number_text_code_and_statute_shown_is_confirmed(app, client_request, state):
    page = parse(open_state(client_request, state).data)
    unconfirmed = unconfirmed_on(page, app_data(app).facts)
    assert not unconfirmed, f"{state.name} states {unconfirmed}, not in sources.toml"


def test_the_pages_read_are_the_ones_that_state_facts(client_request):
    # Not vacuous: read with an empty list, the same pages state these.
    stated = {
        found
        for state in all_page_states()
        for found in unconfirmed_on(
            parse(open_state(client_request, state).data), NOTHING_CONFIRMED
        )
    }
    assert {"RSMo 210.110", "RSMo 210.115", "22 U.S.C. 7102", "8 CSR 30-4.060"} <= stated
    assert {"911", "711", "233733", "1-888-373-7888", "573-751-3403"} <= stated
    assert {"8883737888", "5737513448"} <= stated  # the tel: links' own digits


@pytest.mark.parametrize(
    ("planted", "found"),
    [
        ("Missouri makes it a felony (RSMo 566.209).", "RSMo 566.209"),
        ("See 18 U.S.C. § 1591.", "18 U.S.C. § 1591"),
        ("A state rule (8 CSR 30-4.020) says so.", "8 CSR 30-4.020"),
        ("Call 211 for local help.", "211"),
        ("Text INFO to 233734.", "233734"),
        ("Or call (888) 373-7889.", "(888) 373-7889"),
    ],
)
def test_an_unknown_fact_is_caught(app, planted, found):
    page = parse(f'<p>{planted} <a href="tel:+18883737889">Call</a></p>')
    unconfirmed = unconfirmed_on(page, app_data(app).facts)
    assert found in unconfirmed
    assert "8883737889" in unconfirmed  # a link's number, whatever its words


def test_what_is_not_a_fact_is_not_mistaken_for_one(app):
    # Amounts, years, hours and a statute's own section are not numbers to call.
    text = "Up to $250,000 and 20 years; since 2025; 8:00 a.m.; RSMo 210.110.1; 24 hours."
    assert unconfirmed_on(parse(f"<p>{text}</p>"), app_data(app).facts) == []
    assert app_data(app).facts.numbers() >= {"911", "711", "233733"}


def test_the_search_finds_numbers_however_they_are_written():
    text = "Call (800) 555-0199 or 800.555.0199, +1 800 555 0199, 8005550199; RSMo 210.110."
    assert {digits(n) for n in PHONE_IN_TEXT.findall(text)} == {"8005550199"}
    assert len(PHONE_IN_TEXT.findall(text)) == 4
