"""The list of confirmed facts: ``config/sources.toml`` and an organization's own ``[[facts]]``.

An organization's entry with a shipped fact's id re-confirms that fact: it
must say the same thing (kind and value), and the later of the two
confirmations is the one used, so an upgrade that confirms the fact again
wins over an older local date. Each such entry is noted (it overrides the
shipped fact, or duplicates it) for ``screening check-config``.

Each fact says what it is (a phone number, a text code, a web address, a
statute or a sentence), whose it is, the pages it was confirmed against,
the date it was last ``confirmed`` and ``how``. The content loader dates
each resource from the facts it shows; :mod:`screening.fact_checks` checks
that the content shows nothing the list does not hold, and which dates are
old.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, model_validator

from .config_files import ConfigError, Id, Table, Tables, Text, Tuple, loaded, read_toml, validate

SOURCES_FILE = "sources.toml"
FACT_KINDS = ("phone", "text-code", "web", "email", "statute", "fact")
#: How a fact was confirmed, from the strongest to the weakest; see the
#: header of config/sources.toml.
HOW = ("owner-page", "stored-copy", "third-party")
#: For the hotline's facts, which side of its September 2025 change of
#: operator the sources stand on; see the header of config/sources.toml.
ERAS = ("since-2025", "before-2025", "program")
#: The era whose facts are shown only with a caveat.
BEFORE_CHANGE = "before-2025"

#: A statute or rule as content cites it: "RSMo 210.115" (a subsection,
#: 210.115.1, cites the same section), "22 U.S.C. 7102" (with or without
#: "§") or a Missouri rule, "8 CSR 30-4.060".
STATUTE = re.compile(
    r"\bRSMo\s+(\d+\.\d+)|\b(\d+)\s+U\.\s?S\.\s?C\.\s+(?:§+\s*)?(\d+)"
    r"|\b(\d+)\s+CSR\s+(\d+-\d+\.\d+)"
)

#: How each kind of fact's value is written (a "fact" is a sentence, of any
#: shape), and what to call it when a value is not: the facts list and the
#: content's channels are checked against the same shapes.
_SHAPES: dict[str, tuple[re.Pattern[str], str]] = {
    "phone": (
        re.compile(r"\d{3}|1-\d{3}-\d{3}-\d{4}|\d{3}-\d{3}-\d{4}"),
        "a phone number like 1-800-555-0100, 573-555-0100 or 911",
    ),
    "text-code": (re.compile(r"\d{5,6}"), "a text code (5 or 6 digits)"),
    "web": (re.compile(r"https://\S+"), "an https:// address"),
    "email": (re.compile(r"[^@\s]+@[^@\s]+\.[a-z]+"), "an email address"),
    "statute": (STATUTE, "a statute like RSMo 210.115, 22 U.S.C. 7102 or 8 CSR 30-4.060"),
}


def shape_problem(value: str, *kinds: str) -> str:
    """Empty if ``value`` is written as one of ``kinds`` of fact; else the problem, in words."""
    shapes = [_SHAPES[kind] for kind in kinds if kind in _SHAPES]
    if not shapes or any(pattern.fullmatch(value) for pattern, _ in shapes):
        return ""
    return f"{value!r} is not {' or '.join(name for _, name in shapes)}"


#: For each kind of channel, the kinds of fact that can list what it shows,
#: and those in words: a call is a phone number; a text goes to a text code
#: or a phone number; anything else (a chat, a web page) is a web address.
_CHANNEL_FACTS: dict[str, tuple[tuple[str, ...], str]] = {
    "call": (("phone",), "a phone number"),
    "text": (("text-code", "phone"), "a text code or phone number"),
}
_OTHER_CHANNEL = (("web",), "a web address")


def channel_fact_kinds(channel_kind: str) -> tuple[str, ...]:
    """The kinds of fact that can list what a resource's channel of ``channel_kind`` shows."""
    return _CHANNEL_FACTS.get(channel_kind, _OTHER_CHANNEL)[0]


def channel_fact_words(channel_kind: str) -> str:
    """What a channel of ``channel_kind`` shows, in words: "a phone number", "a web address"..."""
    return _CHANNEL_FACTS.get(channel_kind, _OTHER_CHANNEL)[1]


def digits(number: str) -> str:
    """A number as bare digits, without the US country code (``1-888-373-7888``: ``8883737888``)."""
    bare = re.sub(r"\D", "", number)
    return bare[1:] if len(bare) == 11 and bare.startswith("1") else bare


def statute_key(match: re.Match[str]) -> str:
    """A :data:`STATUTE` match in one spelling: ``RSMo 210.115``, ``22 U.S.C. 7102``..."""
    section, title, usc_section, csr_title, rule = match.groups()
    if section:
        return f"RSMo {section}"
    return f"{title} U.S.C. {usc_section}" if title else f"{csr_title} CSR {rule}"


def _web_addresses(sources: tuple[str, ...]) -> tuple[str, ...]:
    if not sources or not all(s.startswith(("https://", "http://")) for s in sources):
        raise ValueError("sources should list the web addresses the fact was confirmed against")
    return sources


def _not_in_future(confirmed: datetime.date) -> datetime.date:
    if confirmed > datetime.date.today():
        raise ValueError(f"confirmed {confirmed} is in the future")
    return confirmed


class Fact(Table):
    """One confirmed fact: what it says, whose it is, where and when it was confirmed."""

    id: Id
    kind: Literal[FACT_KINDS]
    value: Text
    owner: Text
    sources: Annotated[Tuple[str], AfterValidator(_web_addresses)]
    confirmed: Annotated[datetime.date, AfterValidator(_not_in_future)]
    how: Literal[HOW]
    note: str = ""
    #: For the hotline's facts, one of :data:`ERAS`; empty for the others.
    era: Literal[(*ERAS, "")] = ""
    #: From an organization's own file rather than the shipped sources.toml.
    local: bool = loaded(False)
    #: The organization's file it comes from (None: the shipped list).
    file: Path | None = loaded(None)

    @model_validator(mode="after")
    def _written_as_its_kind(self) -> Fact:
        problem = shape_problem(self.value, self.kind)
        if problem:
            raise ValueError(problem)
        return self

    @property
    def before_change(self) -> bool:
        """True when only pages written before the hotline's 2025 change of operator state it."""
        return self.era == BEFORE_CHANGE


class _FactsFile(Table):
    """The shipped ``sources.toml``: nothing but ``[[facts]]``."""

    facts: Tables[Fact]


class _OwnFacts(Table):
    """An organization's file of ``[[facts]]`` (its sources.toml or its resources file)."""

    model_config = ConfigDict(extra="ignore")
    facts: Tuple[Fact] = ()


@dataclass(frozen=True)
class Facts:
    """The list in use, by id, in file order (the shipped list, then the organization's)."""

    by_id: Mapping[str, Fact]
    #: The organization's entries that override or duplicate shipped facts.
    notes: tuple[ConfigError, ...] = ()

    def values(self, *kinds: str) -> frozenset[str]:
        """The values of every fact of these kinds, exactly as listed."""
        return frozenset(fact.value for fact in self.by_id.values() if fact.kind in kinds)

    def numbers(self, *kinds: str) -> frozenset[str]:
        """The phone numbers and text codes (or only ``kinds`` of them), as digits."""
        if not kinds:
            return self._every_number
        return frozenset(digits(value) for value in self.values(*kinds))

    @cached_property
    def _every_number(self) -> frozenset[str]:
        # Worked out once: start-up checks every string of the content against it.
        return self.numbers("phone", "text-code")

    @cached_property
    def statutes(self) -> frozenset[str]:
        """The statutes, each in the one spelling :func:`statute_key` gives."""
        return frozenset(
            statute_key(match)
            for value in self.values("statute")
            for match in [STATUTE.fullmatch(value)]
            if match
        )

    def for_channel(self, kind: str, value: str) -> tuple[Fact, ...]:
        """The facts that list what a resource's channel shows (see :func:`channel_fact_kinds`).

        Numbers match however they are written; a web address, exactly.
        """
        kinds = channel_fact_kinds(kind)
        if kinds == ("web",):
            return tuple(f for f in self.by_id.values() if f.kind == "web" and f.value == value)
        wanted = digits(value)
        return tuple(
            f for f in self.by_id.values() if f.kind in kinds and digits(f.value) == wanted
        )


def oldest(facts: Iterable[Fact]) -> datetime.date | None:
    """The earliest ``confirmed`` date among ``facts``: a group is only as fresh as that."""
    return min((fact.confirmed for fact in facts), default=None)


def load_facts(folder: Path, *own_files: Path) -> Facts:
    """Read and check ``folder/sources.toml``, then the organization's files of ``[[facts]]``."""
    facts = _read_facts(folder / SOURCES_FILE, {}, local=False, required=True)
    shipped = dict(facts)
    notes: list[ConfigError] = []
    for path in own_files:
        for fact in _read_facts(path, facts, local=True, required=False).values():
            notes += _layer(facts, shipped.get(fact.id), fact)
    return Facts(MappingProxyType(facts), tuple(notes))


def _layer(facts: dict[str, Fact], shipped: Fact | None, own: Fact) -> list[ConfigError]:
    """Add the organization's ``own`` fact to ``facts``; note it if it re-confirms a shipped one."""
    if shipped is None:
        facts[own.id] = own
        return []
    entry = f"fact {own.id!r}"
    if shipped.confirmed < own.confirmed:
        facts[own.id] = own
        problem = (
            f"overrides the shipped fact: confirmed {own.confirmed} here,"
            f" {shipped.confirmed} in the shipped list"
        )
    else:
        problem = (
            f"duplicates the shipped fact, confirmed {shipped.confirmed} there: remove it here"
        )
    return [ConfigError(own.file or "", entry, problem)]


def _read_facts(
    path: Path, known: Mapping[str, Fact], *, local: bool, required: bool
) -> dict[str, Fact]:
    file = validate(_FactsFile if required else _OwnFacts, path, read_toml(path))
    facts: dict[str, Fact] = {}
    for fact in file.facts:
        entry = f"fact {fact.id!r}"
        if fact.id in facts or (fact.id in known and known[fact.id].local):
            raise ConfigError(path, entry, "duplicate id")
        shipped = known.get(fact.id)
        if shipped and (shipped.kind, shipped.value) != (fact.kind, fact.value):
            raise ConfigError(
                path,
                entry,
                f"re-confirms the shipped fact, which is the {shipped.kind}"
                f" {shipped.value!r}: keep its kind and value (to show another,"
                " add a fact and a resource of your own)",
            )
        facts[fact.id] = fact.model_copy(update={"local": local, "file": path if local else None})
    return facts
