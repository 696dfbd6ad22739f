"""Helpers for reading pages as a browser would, and the facts pages must respect."""

from __future__ import annotations

import os
import re
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def parse(html: bytes | str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def check_page(soup: BeautifulSoup) -> None:
    """What every page must have: one <h1>, and a <title> that starts with it."""
    headings = soup.select("h1")
    assert len(headings) == 1, f"expected one <h1>, found {len(headings)}"
    heading = " ".join(headings[0].get_text().split())
    title = " ".join(soup.title.get_text().split())
    title = title.removeprefix("Error: ").removeprefix("Error: ")
    assert title.startswith(heading), f"<title> {title!r} does not start with <h1> {heading!r}"
    assert soup.html.get("lang"), "<html> has no lang"


def token_from(soup: BeautifulSoup) -> str:
    """The CSRF token a browser would send back."""
    return soup.select_one("input[name=csrf_token]")["value"]


def multi(pairs: list[tuple[str, object]]):
    from werkzeug.datastructures import MultiDict

    flat = MultiDict()
    for key, value in pairs:
        for one in value if isinstance(value, list | tuple) else [value]:
            flat.add(key, one)
    return flat


def allowed_phone_numbers() -> set[str]:
    """The numbers shared/content-sources.md confirms (bold, in its Confirmed table)."""
    text = (SHARED / "content-sources.md").read_text()
    confirmed = text.split("## Not confirmed")[0]
    bold = [
        number
        for segment in re.findall(r"\*\*(.+?)\*\*", confirmed)
        for number in re.findall(r"(?:1-)?\d{3}-\d{3}-\d{4}|\b\d{3,6}\b", segment)
    ]
    # The Relay Missouri numbers are confirmed in the table but not in bold.
    relay = re.findall(r"Relay Missouri.*?\|", confirmed)[0]
    return {_digits(n) for n in bold + re.findall(r"1-800-\d{3}-\d{4}", relay)}


def _digits(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


#: A US phone number however it is written: 1-800-555-0100, (800) 555 0100,
#: 800.555.0100, +1 800 555 0100 or ten digits in a row.
PHONE_IN_TEXT = re.compile(
    r"(?<![\w.-])(?:\+?1[-. ]?)?(?:\(\d{3}\)\s?|\d{3}[-. ]?)\d{3}[-. ]?\d{4}(?![\w-])"
)


def numbers_on(soup: BeautifulSoup) -> set[str]:
    """Every phone-like number in a page's text and tel:/sms: links, as digits."""
    found = {_digits(m) for m in PHONE_IN_TEXT.findall(soup.get_text(" "))}
    for link in soup.select("a[href^='tel:'], a[href^='sms:']"):
        found.add(_digits(link["href"].split(":", 1)[1].split("?")[0]))
    return found


def in_ci() -> bool:
    """True when the run is CI's (``CI=true``, as .ci/run is started)."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}
