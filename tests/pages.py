"""Requesting pages and reading them as a browser would.

:class:`ClientRequest` sends each request through Flask's test client and
checks every page that comes back (:func:`read_page`); :func:`submission`
and :func:`token_from` send a form as a browser would; :func:`numbers_on`
reads the numbers a page shows.
"""

from __future__ import annotations

import functools
import re

import html5lib
from bs4 import BeautifulSoup, Tag
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict
from werkzeug.test import TestResponse

from screening.fact_checks import PHONE_IN_TEXT
from screening.facts import digits


def parse(html: bytes | str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def read_page(html: bytes | str) -> BeautifulSoup:
    """Parse a page the way every test should: checked (see :func:`check_page`), then returned."""
    text = html.decode() if isinstance(html, bytes) else html
    assert text.lstrip()[:15].lower() == "<!doctype html>", (
        "the page does not start with <!doctype html>"
    )
    error = parse_error(text)
    assert error is None, f"the HTML does not parse cleanly: {error}"
    soup = parse(text)
    check_page(soup)
    return soup


def check_page(soup: BeautifulSoup) -> None:
    """What every page must have, as a browser and a screen reader would read it.

    One <h1>, and a <title> that starts with it (after "Error: "); a
    language; no id used twice; every form with an action, and a token if it posts.
    """
    headings = soup.select("h1")
    assert len(headings) == 1, f"expected one <h1>, found {len(headings)}"
    heading = " ".join(headings[0].get_text().split())
    title = " ".join(soup.title.get_text().split())
    title = title.removeprefix("Error: ").removeprefix("Error: ")
    assert title.startswith(heading), f"<title> {title!r} does not start with <h1> {heading!r}"
    assert soup.html.get("lang"), "<html> has no lang"
    ids = [element["id"] for element in soup.select("[id]")]
    twice = sorted({name for name in ids if ids.count(name) > 1})
    assert not twice, f"ids used more than once: {twice}"
    for form in soup.select("form"):
        assert form.get("action"), f"a form without an action: {str(form)[:120]}"
        if form.get("method", "get").lower() == "get":
            continue  # sends nothing but choices in the address (the pack's chooser): no token
        token = form.select_one("input[type=hidden][name=csrf_token]")
        assert token and token.get("value"), f"a form without a token: {form['action']}"


#: A form's token: different on every page served, and never what makes HTML invalid.
_TOKEN_VALUE = re.compile(r'(name="csrf_token"[^>]*?value=")[^"]*')


def parse_error(html: str) -> str | None:
    """The first thing a browser's parser would have to repair, or None.

    html5lib's strict parse, as notifications-admin's ``client_request`` does:
    an element left open or closed out of order, a block inside a paragraph,
    an attribute given twice, a stray end tag... html5lib is pure Python, five
    times slower than html.parser, and most pages come back many times in a
    run, so each page is parsed once, its token left out.
    """
    return _strict_parse_error(_TOKEN_VALUE.sub(r"\1", html))


@functools.lru_cache(maxsize=2048)
def _strict_parse_error(html: str) -> str | None:
    parser = html5lib.HTMLParser(strict=True)
    try:
        parser.parse(html)
    except html5lib.html5parser.ParseError as error:
        (line, column), _, _ = parser.errors[-1]
        return f"line {line}, column {column}: {error}"
    return None


#: ``ClientRequest.post``'s default: read the token from the form page first.
FROM_THE_PAGE = object()


class ClientRequest:
    """Every request a test sends through Flask's test client, each answer checked.

    notifications-admin's ``client_request``: whatever the test is about,
    each HTML page that comes back must read as a page (:func:`read_page`),
    and the status must be the one the test expects. ``get`` and ``post``
    return the page parsed; ``get_response``, ``post_response`` and
    ``open`` return the response itself (for headers, cookies, non-pages).
    CSRF protection stays on: ``post`` sends the token the form's own page
    carries, as a browser would, unless given another (or ``token=None``).
    """

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def get(self, path: str, *, status: int = 200, **kwargs) -> BeautifulSoup:
        """GET ``path``; the page, parsed and checked."""
        return read_page(self.get_response(path, status=status, **kwargs).data)

    def post(self, path: str, data=(), *, status: int = 200, **kwargs) -> BeautifulSoup:
        """POST ``data`` (a dict or pairs; lists repeat a field); the page, parsed and checked."""
        return read_page(self.post_response(path, data, status=status, **kwargs).data)

    def get_response(self, path: str, *, status: int | None = 200, **kwargs) -> TestResponse:
        """GET ``path``; the response, its page (if any) checked."""
        return self.open(path, method="GET", status=status, **kwargs)

    def post_response(
        self, path: str, data=(), *, token=FROM_THE_PAGE, status: int | None = 200, **kwargs
    ) -> TestResponse:
        """POST ``data`` with the form's token (``token``: another one, or None for none)."""
        pairs = list(data.items()) if isinstance(data, dict) else list(data)
        if token is FROM_THE_PAGE:
            headers = {k: v for k, v in kwargs.items() if k in ("headers", "base_url")}
            token = token_from(self.get(path, **headers))
        if token is not None:
            pairs.append(("csrf_token", token))
        return self.open(path, method="POST", data=multi(pairs), status=status, **kwargs)

    def open(self, path: str, *, method: str, status: int | None = 200, **kwargs) -> TestResponse:
        """Any request; ``status=None`` accepts any status. An HTML answer must read as a page.

        A browser never shows a redirect's body, nor asks for one with HEAD
        or OPTIONS, so those are not checked.
        """
        response = self.client.open(path, method=method, **kwargs)
        if status is not None:
            assert response.status_code == status, response.data[:500]
        shown = method not in ("HEAD", "OPTIONS") and not response.location
        if shown and response.mimetype == "text/html":
            read_page(response.data)
        return response


def submission(soup: BeautifulSoup, button: Tag) -> tuple[str, list[tuple[str, str]]]:
    """What a browser sends when ``button`` is pressed: the address, and the form's fields.

    The form is the one the button names (``form="..."``) or the one it sits
    in; its hidden inputs, checked boxes and radios go, then the button's own
    name and value. The address is the button's ``formaction``, or the form's.
    """
    form = (
        soup.find("form", id=button["form"]) if button.get("form") else button.find_parent("form")
    )
    pairs = [
        (field["name"], field.get("value", ""))
        for field in form.select("input[name]")
        if field.get("type") == "hidden" or field.has_attr("checked")
    ]
    if button.get("name"):
        pairs.append((button["name"], button.get("value", "")))
    return button.get("formaction") or form["action"], pairs


def token_from(soup: BeautifulSoup) -> str | None:
    """The CSRF token a browser would send back (None if the page's form has none)."""
    field = soup.select_one("input[name=csrf_token]")
    return None if field is None else field["value"]


def multi(pairs: list[tuple[str, object]]) -> MultiDict:
    """Form fields as a browser sends them: a list value is the field repeated.

    Any other value is sent once, so a file given as Werkzeug's
    ``(stream, filename[, type])`` tuple stays one file.
    """
    flat = MultiDict()
    for key, value in pairs:
        for one in value if isinstance(value, list) else [value]:
            flat.add(key, one)
    return flat


def numbers_on(soup: BeautifulSoup) -> set[str]:
    """Every phone-like number in a page's text and tel:/sms: links, as digits."""
    found = {digits(m) for m in PHONE_IN_TEXT.findall(soup.get_text(" "))}
    for link in soup.select("a[href^='tel:'], a[href^='sms:']"):
        found.add(digits(link["href"].split(":", 1)[1].split("?")[0]))
    return found


def channel_note(link: Tag) -> Tag | None:
    """The note (date checked, caveat) that goes with a channel's link, or None.

    Right after the link; or, for a card's other channels that share one
    caveat (Resource.other_channels), the note just above their list.
    """
    note = link.find_next_sibling("p", class_="channel-note")
    if note is None and (group := link.find_parent("ul", class_="channels--more")):
        above = group.find_previous_sibling()
        if above is not None and "channel-note" in above.get("class", []):
            note = above
    return note
