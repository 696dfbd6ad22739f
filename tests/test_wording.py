"""American English and US Spanish in what the app and its README say.

The readers are in Missouri: "check the box", "program", "organization";
Spanish as spoken in the United States and Mexico: "presione", the Shift key
by the name US keyboards print on it, "lugar", and nothing that casts the
person as guilty ("confesión"). The practice scenarios' own stories are
left to the training work that writes them.
"""

from __future__ import annotations

import re
import tomllib

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from .pages import ROOT, toml_strings

NOT_AMERICAN = re.compile(
    r"\btick(?:s|ed|ing)?\b|programme|organis|recognis|favour|colour|behaviour|licence"
    r"|\bflat\b|\bpractise",
    re.IGNORECASE,
)
NOT_US_SPANISH = re.compile(
    r"\bpuls(?:e|a|ar|ando)\b|mayús|\bsitio\b|confesi[oó]n|\bcoche\b|\bordenador\b|\bvosotros\b",
    re.IGNORECASE,
)


def _interface_messages() -> list[str]:
    """Every UI string, as the code and templates write it."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = {**DEFAULT_KEYWORDS, "_l": None}
    return [
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / "screening", method_map, options_map, keywords=keywords
        )
    ]


def _content_strings(language: str) -> list[str]:
    return [
        text
        for path in sorted((ROOT / "config" / "content" / language).glob("*.toml"))
        for text in toml_strings(tomllib.loads(path.read_text(encoding="utf-8")))
    ]


def test_the_interface_and_english_content_speak_american_english():
    texts = _interface_messages() + _content_strings("en")
    assert len(texts) > 100
    found = {match.group(0) for text in texts for match in NOT_AMERICAN.finditer(text)}
    assert not found, found


def test_the_readme_speaks_american_english():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # Setting names keep the spelling a deployer may already use.
    prose = readme.replace("ORGANISATION_NAME", "")
    assert not NOT_AMERICAN.findall(prose), NOT_AMERICAN.findall(prose)


def test_spanish_speaks_as_in_the_united_states():
    with (ROOT / "screening/translations/es/LC_MESSAGES/messages.po").open("rb") as file:
        catalog = read_po(file, locale="es")
    interface = set(_interface_messages())
    texts = [m.string for m in catalog if m.id in interface and isinstance(m.string, str)]
    texts += _content_strings("es")
    assert len(texts) > 100
    found = {match.group(0) for text in texts for match in NOT_US_SPANISH.finditer(text)}
    assert not found, found


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("Tick any that apply.", NOT_AMERICAN),
        ("A coalition of member programmes.", NOT_AMERICAN),
        ("Pulse Mayús tres veces.", NOT_US_SPANISH),
        ("No insista en una confesión.", NOT_US_SPANISH),
        ("No borra este sitio del historial.", NOT_US_SPANISH),
    ],
)
def test_the_word_lists_catch_what_they_are_for(text, pattern):
    assert pattern.search(text)
