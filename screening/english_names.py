"""English kept on purpose inside another language's content, marked ``lang="en"``.

A Spanish page keeps some English on purpose: an agency's official name
in brackets, a vanity number (1-800-THE-LOST), the word to text. A screen
reader must read those as English (WCAG 3.1.2, language of parts). The
language's ``resources.toml`` lists them (``kept_in_english``); the loaders
mark each one where the words are read in, so every page that shows them,
and every template, gets the mark without knowing about it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup, escape


def english_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for ``names`` as whole words, the longest first; None for no names."""
    ordered = sorted(set(names), key=len, reverse=True)
    if not ordered:
        return None
    return re.compile("|".join(rf"(?<!\w){re.escape(name)}(?!\w)" for name in ordered))


def mark_english(text: str, pattern: re.Pattern[str] | None) -> str:
    """``text`` with each name ``pattern`` finds inside ``<span lang="en">``.

    Text with no name comes back as it was (a plain string, escaped when
    shown); text with one comes back as escaped Markup.
    """
    if pattern is None or not pattern.search(text):
        return text
    parts: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(Markup('<span lang="en">%s</span>') % match.group(0))
        last = match.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


def mark_all(texts: Iterable[str], pattern: re.Pattern[str] | None) -> tuple[str, ...]:
    """:func:`mark_english` over each of ``texts``."""
    return tuple(mark_english(text, pattern) for text in texts)
