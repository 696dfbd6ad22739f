"""The "point to your language" list: load ``config/languages.toml``, checking every entry.

The hand-over page shows each language's name in its own script, so a person
who reads neither English nor Spanish can point to theirs and the worker can
ask the hotline for an interpreter. Each entry also names the language in
every interface language, for the worker. Start-up stops at the first
problem, with one line naming the file, the entry and the problem.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Annotated

from pydantic import AfterValidator, create_model

from .config_files import Table, Tables, Text, check_unique, read_toml, validate

LANGUAGES_FILE = "languages.toml"

#: A BCP 47 tag as ``lang`` takes it: a language (``vi``, ``quc``), then
#: optional subtags (``fa-AF``, ``zh-Hant``).
_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class SpokenLanguage:
    """One language a person can point to."""

    tag: str
    #: The language's own name, in its own script (``Tiếng Việt``, ``العربية``).
    name: str
    #: ``rtl`` when that name is written right to left, else ``ltr``.
    direction: str
    #: The name in each interface language, for the worker (``{"en": "Vietnamese"}``).
    names: Mapping[str, str]

    def name_for_worker(self, language: str) -> str:
        """The name in the page's language, or "" when it is the same as its own name."""
        name = self.names[language]
        return "" if name.casefold() == self.name.casefold() else name


def _language_tag(tag: str) -> str:
    if not _TAG.match(tag):
        raise ValueError(f"tag {tag!r} should be a language tag like 'vi' or 'fa-AF'")
    return tag


class _Entry(Table):
    tag: Annotated[str, AfterValidator(_language_tag)]
    name: Text


def load_spoken_languages(
    folder: Path, interface_languages: tuple[str, ...]
) -> tuple[SpokenLanguage, ...]:
    """Read and check ``folder/languages.toml``; each entry needs a name per interface language."""
    path = folder / LANGUAGES_FILE
    # An entry names the language in each interface language: a key per language.
    entry = create_model(
        "_Language", __base__=_Entry, **{c: (Text, ...) for c in interface_languages}
    )
    file = create_model("_Languages", __base__=Table, languages=(Tables[entry], ...))
    languages = [
        SpokenLanguage(
            language.tag,
            language.name.strip(),
            _direction(language.name.strip()),
            MappingProxyType(
                {code: getattr(language, code).strip() for code in interface_languages}
            ),
        )
        for language in validate(file, path, read_toml(path)).languages
    ]
    check_unique(path, "language", [language.tag for language in languages])
    return tuple(languages)


def _direction(text: str) -> str:
    # The first letter with a strong direction decides, as it does for the
    # browser's own "dir=auto"; deciding here lets the page say it outright.
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"
