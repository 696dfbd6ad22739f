"""Nothing is left in English on a Spanish page: UI strings and content ids.

UI strings are extracted afresh from the code and templates on every run,
so a string someone adds without a translation fails here, not in front of
an outreach worker.
"""

from __future__ import annotations

import re

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from .config_edits import replace_once, start_up_error
from .repository import ROOT

TRANSLATIONS = ROOT / "screening" / "translations"
LANGUAGES = ["es"]
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def extracted() -> dict[str | tuple[str, str], None]:
    """Every msgid in screening/ now, as ``pybabel extract -F babel.cfg -k _l`` finds them."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}
    found = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT / "screening", method_map, options_map, keywords=keywords
    ):
        found[message] = None
    return found


def catalog(language: str):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as file:
        return read_po(file, locale=language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_ui_string_has_a_translation_in_every_plural_form(language):
    translations = catalog(language)
    plurals = translations.num_plurals
    # Babel 2.19 gives Spanish three plural forms; a missing or empty third
    # one would silently fall back to English.
    assert plurals == get_plural(language).num_plurals
    missing = []
    for msgid in extracted():
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        message = translations.get(key)
        if message is None or message.fuzzy:
            missing.append(key)
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        forms_missing = isinstance(msgid, tuple) and len(strings) != plurals
        if forms_missing or not all(s.strip() for s in strings):
            missing.append(key)
    assert not missing, "untranslated:\n" + "\n".join(missing)


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder(language):
    for message in catalog(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(_PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            # A singular form may leave out %(num)s ("una señal"), nothing else.
            assert set(_PLACEHOLDER.findall(string)) <= expected, (message.id, string)
            assert expected - {"num"} <= set(_PLACEHOLDER.findall(string)), (message.id, string)
        for tag in re.findall(r"<[^>]+>", ids[0]):
            assert all(tag in s for s in strings), (message.id, tag)


def _key(value):
    # read_mo gives plural ids and strings as lists, read_po as tuples.
    return tuple(value) if isinstance(value, list | tuple) else value


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_mo_file_matches_the_po_file(language):
    # The .mo is what the app reads; a .po edited without compiling changes nothing.
    folder = TRANSLATIONS / language / "LC_MESSAGES"
    with (folder / "messages.mo").open("rb") as file:
        compiled = {_key(m.id): _key(m.string) for m in read_mo(file) if m.id}
    source = {_key(m.id): _key(m.string) for m in catalog(language) if m.id and not m.fuzzy}
    assert compiled == source, "run: pybabel compile -d screening/translations"


def test_start_up_refuses_an_id_that_one_language_lacks(config):
    # The shipped languages agree whenever the app starts (every test's app
    # does); this shows that start-up is what checks it. Scenarios: see
    # test_scenarios (a translation that differs from its English file).
    replace_once(config / "content/es/checklist.toml", 'id = "owes-debt"', 'id = "owes-money"')
    message = start_up_error(config / "content/es/checklist.toml")
    assert "item 'owes-debt': missing (English defines it)" in message
