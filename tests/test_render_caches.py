"""The rendering shortcuts change no byte of any page.

The app reuses some rendered HTML (``screening/fragments.py``), builds the
static files' addresses once (``static_files.py``) and looks translations up
its own way (``gettext_cache.py``). This renders every page state the app
can show (``tests/page_list.py``, which picks up new pages by itself) with
all of that on and off, and the two must be identical, byte for byte.

Each state is asked for in several ways in a row: plainly, behind a proxy
at one path prefix and then another, and with a Spanish browser. A piece of
HTML that started to depend on anything a request carries would be reused
from the first way in the later ones, and differ from the fresh render.
"""

from __future__ import annotations

import re

import pytest

from screening import create_app

from .page_list import PageState, open_state, page_states
from .pages import ClientRequest

SETTINGS = {"TESTING": True, "SECRET_KEY": "same-secret", "TRUSTED_PROXIES": 1}
CACHED = create_app(SETTINGS)
FRESH = create_app({**SETTINGS, "RENDER_CACHES": False})

#: The same state asked for in each of these ways, in this order.
WAYS = {
    "plain": {},
    "under /screening": {"X-Forwarded-Prefix": "/screening"},
    "under /other/place": {"X-Forwarded-Prefix": "/other/place"},
    "Spanish browser": {"Accept-Language": "es-MX,es;q=0.9"},
}

#: States the page list does not reach: a form given back unsent (by the
#: language switch or "Change your answers"), blank and half-filled, and a
#: form whose token has expired.
GIVEN_BACK = [
    PageState(name="/check given back blank", path="/check", post=(("action", "change"),)),
    PageState(
        name="/es/check given back half-filled",
        path="/es/check",
        post=(("action", "change"), ("minor", "no"), ("work", "owes-debt")),
    ),
    PageState(
        name="/training/motel-room given back half-filled",
        path="/training/motel-room",
        post=(("action", "change"), ("danger", "unsure")),
    ),
]

STATES = [*page_states(CACHED), *GIVEN_BACK]

#: The form's security token is random for each visitor, on purpose.
TOKEN = re.compile(r'(name="csrf_token" value=")[^"]*(")')


def render(app, state: PageState, headers: dict[str, str]) -> bytes:
    """The page a browser would get for ``state``, with its token blanked out."""
    response = open_state(ClientRequest(app.test_client()), state, headers=headers)
    return TOKEN.sub(r"\1TOKEN\2", response.get_data(as_text=True)).encode()


@pytest.mark.parametrize("state", STATES, ids=lambda state: state.name)
def test_every_page_state_is_the_same_with_and_without_the_shortcuts(state):
    for way, headers in WAYS.items():
        cached, fresh = render(CACHED, state, headers), render(FRESH, state, headers)
        assert cached == fresh, f"{state.name}, {way}: the shortcuts changed the page"


def test_the_comparison_sees_a_prefix_and_a_language():
    # Guards the test itself: the ways of asking really change the pages.
    check = PageState(name="/check", path="/check")
    pages = {way: render(FRESH, check, headers) for way, headers in WAYS.items()}
    assert len(set(pages.values())) == len(WAYS)
    assert b'action="/screening/check"' in pages["under /screening"]
    assert b'<html lang="es">' in pages["Spanish browser"]
