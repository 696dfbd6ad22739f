"""The list of confirmed facts (``config/sources.toml``), and the check that content keeps to it.

Every phone number and text code the app shows must be one the list
confirms: a wrong number is a harm. :func:`load_facts` reads the list (and
an organization's own ``[[facts]]`` in its ``LOCAL_RESOURCES`` file);
:func:`number_problems` reads every content and scenario file the app shows
and names each number in it that the list does not hold. Start-up stops at
the first; ``screening check-config`` lists them all.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from .config_files import ConfigError, Fields, read_toml
from .content_loader import CONTENT_FILES, available_languages, local_resources_file

SOURCES_FILE = "sources.toml"
FACT_KINDS = ("phone", "text-code", "web", "email", "statute", "fact")
#: How a fact was confirmed; see the header of config/sources.toml.
HOW = ("stored-copy", "owner-page", "third-party")

_PHONE = re.compile(r"^(\d{3}|1-\d{3}-\d{3}-\d{4}|\d{3}-\d{3}-\d{4})$")
_TEXT_CODE = re.compile(r"^\d{5,6}$")

#: A US phone number however it is written: 1-800-555-0100, (800) 555 0100,
#: 800.555.0100, +1 800 555 0100 or ten digits in a row.
PHONE_IN_TEXT = re.compile(
    r"(?<![\w.-])(?:\+?1[-. ]?)?(?:\(\d{3}\)\s?|\d{3}[-. ]?)\d{3}[-. ]?\d{4}(?![\w-])"
)


def digits(number: str) -> str:
    """A number as bare digits, without the US country code (``1-888-373-7888``: ``8883737888``)."""
    bare = re.sub(r"\D", "", number)
    return bare[1:] if len(bare) == 11 and bare.startswith("1") else bare


@dataclass(frozen=True)
class Fact:
    """One confirmed fact: what it says, whose it is, where and when it was confirmed."""

    id: str
    kind: str
    value: str
    owner: str
    sources: tuple[str, ...]
    confirmed: datetime.date
    how: str
    note: str = ""
    #: From an organization's own resources file rather than sources.toml.
    local: bool = False


@dataclass(frozen=True)
class Facts:
    """The list in use, by id, in file order (the shipped list, then the organization's)."""

    by_id: Mapping[str, Fact]

    def values(self, *kinds: str) -> frozenset[str]:
        """The values of every fact of these kinds, exactly as listed."""
        return frozenset(fact.value for fact in self.by_id.values() if fact.kind in kinds)

    def numbers(self, *kinds: str) -> frozenset[str]:
        """The phone numbers and text codes (or only ``kinds`` of them), as digits."""
        return frozenset(digits(value) for value in self.values(*(kinds or ("phone", "text-code"))))


def load_facts(folder: Path, local_setting: str = "") -> Facts:
    """Read and check ``folder/sources.toml`` and the organization's own facts, if any."""
    facts = _read_facts(folder / SOURCES_FILE, {}, local=False, required=True)
    if local_setting:
        local = folder / local_setting
        if local.exists():
            facts |= _read_facts(local, facts, local=True, required=False)
    return Facts(MappingProxyType(facts))


def _read_facts(
    path: Path, known: Mapping[str, Fact], *, local: bool, required: bool
) -> dict[str, Fact]:
    data = read_toml(path)
    if required:
        Fields(path, "(file)", data).only("facts")
    tables = Fields(path, "(file)", data).tables("facts") if required or "facts" in data else []
    facts: dict[str, Fact] = {}
    for n, table in enumerate(tables, 1):
        entry = Fields(path, f"fact #{n}", table)
        entry.only("id", "kind", "value", "owner", "sources", "confirmed", "how", "note")
        ident = entry.ident()
        entry.entry = f"fact {ident!r}"
        if ident in facts or ident in known:
            entry.fail("duplicate id")
        kind, value = entry.get("kind"), entry.get("value")
        if kind not in FACT_KINDS:
            entry.fail(f"kind {kind!r} should be one of {', '.join(FACT_KINDS)}")
        _check_value(entry, kind, value)
        sources = entry.get("sources", list)
        if not sources or not all(
            isinstance(s, str) and s.startswith(("https://", "http://")) for s in sources
        ):
            entry.fail("sources should list the web addresses the fact was confirmed against")
        confirmed = entry.get("confirmed", datetime.date)
        if isinstance(confirmed, datetime.datetime):
            entry.fail("confirmed should be a plain date, like 2026-11-27")
        if confirmed > datetime.date.today():
            entry.fail(f"confirmed {confirmed} is in the future")
        how = entry.get("how")
        if how not in HOW:
            entry.fail(f"how {how!r} should be one of {', '.join(HOW)}")
        facts[ident] = Fact(
            id=ident,
            kind=kind,
            value=value,
            owner=entry.get("owner"),
            sources=tuple(sources),
            confirmed=confirmed,
            how=how,
            note=entry.get("note", required=False, default=""),
            local=local,
        )
    return facts


def _check_value(entry: Fields, kind: str, value: str) -> None:
    if kind == "phone" and not _PHONE.match(value):
        entry.fail(f"{value!r} is not a phone number like 1-800-555-0100, 573-555-0100 or 911")
    if kind == "text-code" and not _TEXT_CODE.match(value):
        entry.fail(f"{value!r} is not a text code (5 or 6 digits)")
    if kind == "web" and not value.startswith("https://"):
        entry.fail(f"{value!r} should be an https:// address")
    if kind == "email" and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", value):
        entry.fail(f"{value!r} is not an email address")


# --- the check ------------------------------------------------------------------


def shown_files(folder: Path, local_setting: str = "") -> list[Path]:
    """Every content and scenario file whose words the app may show."""
    files: list[Path] = []
    for language in available_languages(folder):
        files += [folder / "content" / language / name for name in CONTENT_FILES]
        local = local_resources_file(folder, local_setting, language)
        if local is not None and local not in files:
            files.append(local)
    scenarios = folder / "scenarios"
    files += sorted(scenarios.glob("*/*.toml")) if scenarios.is_dir() else []
    return files


def number_problems(folder: Path, facts: Facts, local_setting: str = "") -> list[ConfigError]:
    """One problem for each phone number or text code shown that ``facts`` does not list.

    A channel's number must be listed as its kind (a call as a phone, a text
    as a text code or phone); a number written anywhere in the words must be
    listed at all. Also refuses ``[[facts]]`` in a translated local file:
    they belong in the one file every language shares.
    """
    listed = SOURCES_FILE + (f" or {local_setting}" if local_setting else "")
    base_local = folder / local_setting if local_setting else None
    problems = []
    for path in shown_files(folder, local_setting):
        data = read_toml(path)
        if "facts" in data and path != base_local:
            problems.append(
                ConfigError(path, "facts", f"belong in {base_local or SOURCES_FILE}, not here")
            )
        for entry, key, text, channel_kind in _texts(data):
            if channel_kind is not None and key == "value":
                call = channel_kind == "call"
                kinds = ("phone",) if call else ("text-code", "phone")
                if digits(text) not in facts.numbers(*kinds):
                    kind = "phone number" if call else "text code or phone number"
                    problem = f"{text} is not listed in {listed} as a {kind}"
                    problems.append(ConfigError(path, entry, problem))
                continue
            for number in PHONE_IN_TEXT.findall(text):
                if digits(number) not in facts.numbers():
                    problem = f"{key} shows {number}, a number not listed in {listed}"
                    problems.append(ConfigError(path, entry, problem))
    return problems


def facts_problems(folder: Path, local_setting: str = "") -> list[ConfigError]:
    """Every problem with the list or the numbers shown, for ``check-config``."""
    try:
        facts = load_facts(folder, local_setting)
        return number_problems(folder, facts, local_setting)
    except ConfigError as error:
        return [error]


def check_numbers(folder: Path, local_setting: str = "") -> Facts:
    """Load the facts and stop at the first number shown that they do not list (start-up)."""
    facts = load_facts(folder, local_setting)
    problems = number_problems(folder, facts, local_setting)
    if problems:
        raise problems[0]
    return facts


def _texts(data: object, entry: str = "(file)") -> Iterator[tuple[str, str, str, str | None]]:
    """``(entry, key, text, channel kind)`` for every string in a TOML document.

    A table in an array is named as the loaders name it: ``resource 'nhth'``
    when it has an id, ``channel #2`` when not. The organization's own
    ``[[facts]]`` are the list itself, so they are not read as content.
    """
    if not isinstance(data, dict):
        return
    channel_kind = data.get("kind") if data.get("kind") in ("call", "text") else None
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
