"""Helpers for reading pages as a browser would, and the facts pages must respect."""

from __future__ import annotations

import os
from pathlib import Path

from bs4 import BeautifulSoup

from screening.sources import PHONE_IN_TEXT, digits, load_facts

ROOT = Path(__file__).resolve().parent.parent


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


def allowed_phone_numbers() -> frozenset[str]:
    """The numbers config/sources.toml confirms (phones and text codes), as digits."""
    return load_facts(ROOT / "config").numbers()


def numbers_on(soup: BeautifulSoup) -> set[str]:
    """Every phone-like number in a page's text and tel:/sms: links, as digits."""
    found = {digits(m) for m in PHONE_IN_TEXT.findall(soup.get_text(" "))}
    for link in soup.select("a[href^='tel:'], a[href^='sms:']"):
        found.add(digits(link["href"].split(":", 1)[1].split("?")[0]))
    return found


def replace_once(path: Path, old: str, new: str) -> None:
    """Edit a copied config file: ``old`` must be there; its first occurrence becomes ``new``."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r} not found"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def in_ci() -> bool:
    """True when the run is CI's (``CI=true``, as .ci/run is started)."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}
