"""English kept on purpose inside a Spanish page is marked lang="en" (WCAG 3.1.2).

The agencies' official names, the vanity numbers and the words to text stay
in English on the Spanish pages, so a screen reader must read them as
English. This walks every Spanish page and page state (the list the browser
suite walks) and finds each English name it knows of that is not inside an
element marked lang="en".
"""

from __future__ import annotations

import re

import pytest
from bs4 import NavigableString

from .page_list import PageState, all_page_states, open_state
from .pages import parse

#: English names the Spanish content keeps on purpose, as written there.
ENGLISH = (
    "National Human Trafficking Hotline",
    "Child Abuse and Neglect Hotline",
    "Wage and Hour Division",
    "Division of Labor Standards",
    "HSI Tip Line",
    "1-800-THE-LOST",
    "1-866-4US-WAGE",
    "Relay Missouri",
    "BeFree",
    "CyberTipline",
    "MOLogin",
    "HELP",
)
_FOUND = re.compile("|".join(rf"(?<!\w){re.escape(name)}(?!\w)" for name in ENGLISH))


def is_spanish(state: PageState) -> bool:
    """A page state in Spanish."""
    return state.path.startswith("/es/")


def unmarked_english(page) -> list[str]:
    """Each known English name in the page's text whose nearest ``lang`` is not English."""
    found = []
    for text in page.find_all(string=True):
        if not isinstance(text, NavigableString) or text.parent.name in ("script", "style"):
            continue
        for match in _FOUND.finditer(str(text)):
            marked = text.find_parent(attrs={"lang": True})
            if marked is None or marked["lang"] != "en":
                found.append(match.group(0))
    return found


def test_the_spanish_pages_show_the_english_names():
    # Not vacuous: the pages walked are Spanish, and show the names.
    spanish = [state for state in all_page_states() if is_spanish(state)]
    assert len(spanish) >= 10
    assert {"/es/resources", "/es/card", "/es/check"} <= {state.path for state in spanish}


@pytest.mark.page_states(where=is_spanish)
def test_english_on_a_spanish_page_is_marked(client_request, state):
    page = parse(open_state(client_request, state).data)
    assert page.html["lang"] == "es"
    assert unmarked_english(page) == [], state.name


def test_the_resources_page_marks_each_name_it_keeps_in_english(client_request):
    page = client_request.get("/es/resources")
    marked = {span.get_text() for span in page.select("main [lang=en]")}
    assert {"Child Abuse and Neglect Hotline", "1-800-THE-LOST", "CyberTipline"} <= marked
    assert {"Relay Missouri", "BeFree", "HELP", "MOLogin"} <= marked
    # The word to text stays plain in the link the phone opens.
    assert page.select_one("a[href='sms:233733?body=HELP']")


def test_the_check_finds_an_unmarked_name():
    page = parse('<html lang="es"><p>Llame (Wage and Hour Division)</p></html>')
    assert unmarked_english(page) == ["Wage and Hour Division"]
    page = parse('<html lang="es"><p>Llame (<span lang="en">BeFree</span>)</p></html>')
    assert unmarked_english(page) == []
