"""The checks that content keeps to the list of confirmed facts, and that the list is fresh.

Every phone number, text code, statute and link the app shows must be one
the list (:mod:`screening.facts`) holds: a wrong number is a harm.
:func:`unconfirmed_problems` reads every content and scenario file the app
shows and names each one the list lacks; start-up stops at the first,
``screening check-config`` lists them all. :func:`old_confirmations` names
each fact last confirmed longer ago than ``RECONFIRM_AFTER_MONTHS``: a
warning for the deployer, never a reason to stop serving.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterator
from pathlib import Path

from flask import Flask

from .config_files import ConfigError, read_toml
from .content_loader import CONTENT_FILES, available_languages, local_resources_file
from .facts import SOURCES_FILE, STATUTE, Facts, channel_fact_words, digits, statute_key

#: A US phone number however it is written: 1-800-555-0100, (800) 555 0100,
#: 800.555.0100, +1 800 555 0100 or ten digits in a row.
PHONE_IN_TEXT = re.compile(
    r"(?<![\w.-])(?:\+?1[-. ]?)?(?:\(\d{3}\)\s?|\d{3}[-. ]?)\d{3}[-. ]?\d{4}(?![\w-])"
)
#: A three-digit service number (911, 711, 211...) or a five- or six-digit
#: text code standing on its own: not part of a longer number, an amount
#: ($250,000), a decimal or a statute's section (210.110).
SHORT_NUMBER_IN_TEXT = re.compile(r"(?<![\w.,$-])(?:[2-9]11|\d{5,6})(?![\w,-]|\.\d)")


def unconfirmed_in(text: str, facts: Facts) -> list[str]:
    """Each number, text code or statute in ``text`` that ``facts`` does not list, as written."""
    numbers = facts.numbers()
    found = [n for n in PHONE_IN_TEXT.findall(text) if digits(n) not in numbers]
    found += [n for n in SHORT_NUMBER_IN_TEXT.findall(text) if n not in numbers]
    found += [m.group(0) for m in STATUTE.finditer(text) if statute_key(m) not in facts.statutes]
    return found


def shown_files(folder: Path, local_base: Path | None = None) -> list[Path]:
    """Every content and scenario file whose words the app may show."""
    files: list[Path] = []
    for language in available_languages(folder):
        files += [folder / "content" / language / name for name in CONTENT_FILES]
        local = local_resources_file(local_base, language)
        if local is not None and local not in files:
            files.append(local)
    scenarios = folder / "scenarios"
    files += sorted(scenarios.glob("*/*.toml")) if scenarios.is_dir() else []
    return files


def unconfirmed_problems(
    folder: Path, facts: Facts, base_local: Path | None = None, own_facts: str = ""
) -> list[ConfigError]:
    """One problem for each number, text code, statute or link shown that ``facts`` does not list.

    A channel's number must be listed as its kind (a call as a phone, a text
    as a text code or phone) and a channel's web address as a web address;
    a number or statute written anywhere in the words must be listed at all.
    Also refuses ``[[facts]]`` in a translated local file: they belong in
    the one file every language shares.
    """
    listed = SOURCES_FILE + (f" or {own_facts}" if own_facts else "")
    problems = []
    for path in shown_files(folder, base_local):
        data = read_toml(path)
        if "facts" in data and path != base_local:
            problems.append(
                ConfigError(path, "facts", f"belong in {base_local or SOURCES_FILE}, not here")
            )
        for entry, key, text, channel_kind in _texts(data):
            if channel_kind is not None and key == "value":
                if not facts.for_channel(channel_kind, text):
                    what = channel_fact_words(channel_kind)
                    problem = f"{text} is not listed in {listed} as {what}"
                    problems.append(ConfigError(path, entry, problem))
                continue
            for shown in unconfirmed_in(text, facts):
                what = "a statute" if STATUTE.fullmatch(shown) else "a number"
                problem = f"{key} shows {shown}, {what} not listed in {listed}"
                problems.append(ConfigError(path, entry, problem))
    return problems


def check_shown(
    folder: Path, facts: Facts, base_local: Path | None = None, own_facts: str = ""
) -> None:
    """Stop at the first thing shown that the list does not hold (start-up)."""
    problems = unconfirmed_problems(folder, facts, base_local, own_facts)
    if problems:
        raise problems[0]


# --- old dates --------------------------------------------------------------------


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` calendar months earlier (or that month's last day)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def old_confirmations(
    folder: Path, facts: Facts, months: int, today: datetime.date
) -> list[ConfigError]:
    """One line (file, entry, date) for each fact last confirmed more than ``months`` ago.

    These are warnings, in the same one-line shape as problems: the facts may
    well still be right, but nobody has looked for a while.
    """
    limit = months_before(today, months)
    return [
        ConfigError(
            fact.file or folder / SOURCES_FILE,
            f"fact {fact.id!r}",
            f"last confirmed {fact.confirmed}, more than {months} months ago:"
            " confirm it against its sources, then update `confirmed` and `how`",
        )
        for fact in facts.by_id.values()
        if fact.confirmed < limit
    ]


def warn_about_old_confirmations(app: Flask, folder: Path, facts: Facts) -> None:
    """Log one warning at start-up if any fact is old; the app serves all the same."""
    months = app.config["RECONFIRM_AFTER_MONTHS"]
    old = old_confirmations(folder, facts, months, datetime.date.today())
    if old:
        app.logger.warning(
            "%d confirmed facts were last confirmed more than %d months ago (first: %s);"
            " `screening check-config` lists them",
            len(old),
            months,
            old[0],
        )


# --- reading the files ------------------------------------------------------------


def _texts(data: object, entry: str = "(file)") -> Iterator[tuple[str, str, str, str | None]]:
    """``(entry, key, text, channel kind)`` for every string in a TOML document.

    A table in an array is named as the loaders name it: ``resource 'nhth'``
    when it has an id, ``channel #2`` when not. The organization's own
    ``[[facts]]`` are the list itself, so they are not read as content.
    """
    if not isinstance(data, dict):
        return
    is_channel = isinstance(data.get("kind"), str) and "value" in data and "label" in data
    channel_kind = data["kind"] if is_channel else None
    for key, value in data.items():
        if entry == "(file)" and key == "facts":
            continue
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                yield entry, key, text, channel_kind
        if isinstance(value, dict):
            yield from _texts(value, _within(entry, key))
        elif isinstance(value, list):
            for n, table in enumerate(value, 1):
                if isinstance(table, dict):
                    ident = table.get("id")
                    name = f"{ident!r}" if isinstance(ident, str) else f"#{n}"
                    yield from _texts(table, _within(entry, f"{key.removesuffix('s')} {name}"))


def _within(entry: str, name: str) -> str:
    return name if entry == "(file)" else f"{entry} {name}"
