"""American English and US Spanish in what the app and its README say.

The readers are in Missouri: "check the box", "program", "organization";
Spanish as spoken in the United States and Mexico: "presione", the Shift key
by the name US keyboards print on it, "lugar", and nothing that casts the
person as guilty ("confesión"). Every string of every shipped config file
counts: content, practice scenarios, the confirmed facts' notes (TOML
comments are not read).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from .repository import ROOT, toml_strings

NOT_AMERICAN = re.compile(
    r"\btick(?:s|ed|ing)?\b|programme|organis|recognis|favour|colour|behaviour|licence|catalogue|labelled\b|neighbour"
    r"|\bflat\b|\bpractise",
    re.IGNORECASE,
)
NOT_US_SPANISH = re.compile(
    r"\bpuls(?:e|a|ar|ando)\b|mayús|\bsitio\b|confesi[oó]n|\bcoche\b|\bordenador\b|\bvosotros\b",
    re.IGNORECASE,
)


CATALOG = ROOT / "screening/translations/es/LC_MESSAGES/messages.po"


def _forms(message: str | tuple) -> tuple[str, ...]:
    """A message's text, or each form of a plural one (its singular, its plural)."""
    return tuple(form for form in (message if isinstance(message, tuple) else (message,)) if form)


def _interface_messages() -> list[str]:
    """Every UI string, as the code and templates write it, plurals in every form."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = {**DEFAULT_KEYWORDS, "_l": None}
    return [
        form
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / "screening", method_map, options_map, keywords=keywords
        )
        for form in _forms(message)
    ]


def _interface_translations(catalog: Path) -> list[str]:
    """Every translation of a UI string in ``catalog``: each of a plural's forms too."""
    interface = set(_interface_messages())
    with catalog.open("rb") as file:
        messages = list(read_po(file, locale="es"))
    return [
        form
        for message in messages
        if message.id and _forms(message.id)[0] in interface
        for form in _forms(message.string)
    ]


def _is_spanish(path: Path) -> bool:
    return "es" in path.relative_to(ROOT / "config").parts[:-1] or path.name.endswith(".es.toml")


def _content_strings(language: str) -> list[str]:
    """Every string of the shipped config files in that language."""
    return [
        text
        for path in sorted((ROOT / "config").rglob("*.toml"))
        if _is_spanish(path) == (language == "es")
        for text in toml_strings(tomllib.loads(path.read_text(encoding="utf-8")))
    ]


def test_the_interface_and_english_content_speak_american_english():
    texts = _interface_messages() + _content_strings("en")
    assert len(texts) > 100
    found = {match.group(0) for text in texts for match in NOT_AMERICAN.finditer(text)}
    assert not found, found


def test_the_readme_speaks_american_english():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert not NOT_AMERICAN.findall(readme), NOT_AMERICAN.findall(readme)


def test_spanish_speaks_as_in_the_united_states():
    texts = _interface_translations(CATALOG) + _content_strings("es")
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


def test_every_form_of_a_plural_translation_is_read(tmp_path):
    # Spanish has three plural forms; the last is the one shown for most counts.
    catalog = tmp_path / "messages.po"
    text = CATALOG.read_text(encoding="utf-8")
    last = text.index("msgstr[2] ", text.index("msgid_plural ")) + len("msgstr[2] ")
    catalog.write_text(text[:last] + '"Pulse aquí. "\n' + text[last:], encoding="utf-8")
    found = [t for t in _interface_translations(catalog) if NOT_US_SPANISH.search(t)]
    assert [t.split(". ")[0] for t in found] == ["Pulse aquí"]


#: Words a Spanish reader in Missouri would stumble on, in the interface and
#: the shipped content (the practice scenarios are held to it separately):
#: "acercamiento" for outreach (it is "alcance comunitario"); "denuncia" for a
#: report to the Children's Division (in Mexico, a criminal complaint to the
#: police); « » quotes (US Spanish uses “ ”); a companion cast as a man;
#: "capacitadores" for trainers; the hand-over's literal "no está en
#: problemas conmigo".
NOT_MISSOURI_SPANISH = re.compile(
    r"acercamiento|denunci|[«»]|\bel acompañante\b|\bun acompañante\b|\bal acompañante\b"
    r"|\bdel acompañante\b|capacitador|problemas conmigo",
    re.IGNORECASE,
)


def _content_and_interface_in_spanish() -> list[str]:
    files = [*sorted((ROOT / "config/content/es").glob("*.toml")), ROOT / "config/languages.toml"]
    files.append(ROOT / "config/local-resources.example.es.toml")
    strings = [
        text
        for path in files
        for text in toml_strings(tomllib.loads(path.read_text(encoding="utf-8")))
    ]
    return _interface_translations(CATALOG) + strings


def test_spanish_uses_the_words_of_missouri_outreach():
    texts = _content_and_interface_in_spanish()
    found = {m.group(0) for text in texts for m in NOT_MISSOURI_SPANISH.finditer(text)}
    assert not found, found
    joined = "\n".join(texts)
    assert "alcance comunitario" in joined
    assert "reportar" in joined
    # The state is "Misuri" in every sentence; "Relay Missouri" is a service's name.
    assert "Missouri" not in joined.replace("Relay Missouri", "")


@pytest.mark.parametrize(
    "text",
    [
        "Lista para el trabajo de acercamiento",
        "Haga la denuncia",
        "Responda «Sí»",
        "El acompañante",
    ],
)
def test_the_missouri_spanish_list_catches_what_it_is_for(text):
    assert NOT_MISSOURI_SPANISH.search(text)
