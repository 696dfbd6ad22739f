"""Load the content files (checklist, resources, next-step wording) into frozen objects.

Content lives in ``config/content/<language>/`` as TOML. It is read once, at
start-up, and checked thoroughly: unknown keys, missing fields, wrong types,
duplicate ids, and ids referenced but not defined. Any problem stops start-up
with a :class:`ConfigError` naming the file, the entry and the problem.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from .settings import ConfigError, read_toml

#: The triage answers. The next-steps logic depends on these values.
TRIAGE_VALUES = ("yes", "no", "unsure")
#: The step ids the next-steps logic uses; each must have wording.
STEP_IDS = ("emergency", "report-child", "call-hotline", "law-enforcement")
CHANNEL_KINDS = ("call", "text", "web")

_ID = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
_PHONE = re.compile(r"^(\d{3}|1-\d{3}-\d{3}-\d{4}|\d{3}-\d{3}-\d{4})$")
_SHORT_CODE = re.compile(r"^\d{5,6}$")


@dataclass(frozen=True)
class Source:
    """A public list of indicators that backs a checklist item."""

    id: str
    name: str
    url: str


@dataclass(frozen=True)
class Item:
    """One observable sign a worker can tick."""

    id: str
    label: str
    hint: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    """A group of signs, shown as one fieldset."""

    id: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Question:
    """A triage question, answered yes, no or not sure."""

    id: str
    question: str
    hint: str
    error: str


@dataclass(frozen=True)
class Checklist:
    """The triage questions and the groups of signs, in page order."""

    sources: Mapping[str, Source]
    triage: tuple[Question, ...]
    groups: tuple[Group, ...]

    @property
    def item_ids(self) -> frozenset[str]:
        """Every item id in the checklist."""
        return frozenset(item.id for group in self.groups for item in group.items)


@dataclass(frozen=True)
class Channel:
    """One way to reach a resource: a phone number, a text number or a web page."""

    kind: str
    value: str
    label: str
    body: str = ""

    @property
    def href(self) -> str:
        """The link a phone understands: ``tel:``, ``sms:`` or the web address."""
        if self.kind == "web":
            return self.value
        digits = re.sub(r"\D", "", self.value)
        if self.kind == "text":
            return f"sms:{digits}" + (f"?body={self.body}" if self.body else "")
        if len(digits) == 10:
            digits = "1" + digits
        return f"tel:+{digits}" if len(digits) == 11 else f"tel:{digits}"


@dataclass(frozen=True)
class Purpose:
    """A heading on the resources page."""

    id: str
    title: str


@dataclass(frozen=True)
class Resource:
    """An organisation or service to contact, with where its facts come from."""

    id: str
    purpose: str
    name: str
    description: str
    hours: str
    languages: str
    source: str
    reviewed: datetime.date
    channels: tuple[Channel, ...]
    local: bool = False


@dataclass(frozen=True)
class Step:
    """The wording of one next step and the resources it shows."""

    id: str
    title: str
    body: tuple[str, ...]
    resources: tuple[Resource, ...]


@dataclass(frozen=True)
class Content:
    """Everything one language's content files hold."""

    language: str
    checklist: Checklist
    purposes: tuple[Purpose, ...]
    resources: Mapping[str, Resource]
    steps: Mapping[str, Step]

    def resources_by_purpose(self) -> tuple[tuple[Purpose, tuple[Resource, ...]], ...]:
        """Resources under their purpose headings, in file order; empty headings left out."""
        grouped = []
        for purpose in self.purposes:
            members = tuple(r for r in self.resources.values() if r.purpose == purpose.id)
            if members:
                grouped.append((purpose, members))
        return tuple(grouped)


def available_languages(folder: Path) -> tuple[str, ...]:
    """Language codes with a content folder, English first."""
    root = folder / "content"
    found = sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    if "en" not in found:
        raise ConfigError(root / "en", "(folder)", "the English content folder is missing")
    return ("en", *(code for code in found if code != "en"))


def local_resources_file(folder: Path, setting: str, language: str) -> Path | None:
    """An organisation's resources file (``LOCAL_RESOURCES``) for one language.

    ``name.<lang>.toml`` beside ``name.toml`` if it exists, else ``name.toml``
    itself (Spanish pages then show the English entries); None if unset.
    """
    if not setting:
        return None
    path = folder / setting
    translated = path.with_name(f"{path.stem}.{language}{path.suffix}")
    return translated if translated.exists() else path


def load_content(folder: Path, language: str, local_resources: Path | None = None) -> Content:
    """Read and check one language's content from ``folder/content/<language>``.

    ``local_resources`` is an organisation's own resources file, added after
    the national and state ones and checked the same way.
    """
    checklist, purposes, resources, steps = _load_files(folder, language, local_resources)
    return Content(
        language=language,
        checklist=checklist,
        purposes=purposes,
        resources=MappingProxyType(resources),
        steps=MappingProxyType(steps),
    )


# --- reading and checking -------------------------------------------------


class Fields:
    """Checks one table's keys and types, naming file and entry on failure."""

    def __init__(self, path: Path, entry: str, table: object) -> None:
        self.path = path
        self.entry = entry
        if not isinstance(table, dict):
            self.fail("should be a table")
        self.table: dict = table

    def fail(self, problem: str) -> None:
        """Stop with one line: file, entry, problem."""
        raise ConfigError(self.path, self.entry, problem)

    def only(self, *keys: str) -> Fields:
        """Refuse keys other than ``keys`` (a typo would otherwise vanish)."""
        unknown = sorted(set(self.table) - set(keys))
        if unknown:
            self.fail(f"unknown key {unknown[0]!r} (allowed: {', '.join(keys)})")
        return self

    def get(self, key: str, kind: type = str, *, required: bool = True, default=None):
        """The value at ``key``, checked to be of ``kind`` (non-empty for required strings)."""
        if key not in self.table:
            if required:
                self.fail(f"missing {key!r}")
            return default
        value = self.table[key]
        if not isinstance(value, kind) or (kind is str and required and not value.strip()):
            self.fail(f"{key!r} should be a non-empty {kind.__name__}")
        return value

    def text(self, key: str) -> str:
        """A string that must be present but may be empty (meaning: not stated)."""
        value = self.get(key, str, required=False)
        if value is None:
            self.fail(f'missing {key!r} (use "" if the source does not say)')
        return value

    def ident(self, key: str = "id") -> str:
        """A stable id: lower-case letters, digits and dashes."""
        value = self.get(key)
        if not _ID.match(value):
            self.fail(f"{key} {value!r} should be lower-case letters, digits and dashes")
        return value

    def tables(self, key: str) -> list:
        """A non-empty array of tables."""
        value = self.get(key, list)
        if not value:
            self.fail(f"{key!r} is empty")
        return value


def _unique(path: Path, where: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise ConfigError(path, f"{where} {ident!r}", "duplicate id")
        seen.add(ident)


def _load_checklist(path: Path) -> Checklist:
    top = Fields(path, "(file)", read_toml(path)).only("sources", "triage", "groups")

    sources: dict[str, Source] = {}
    for key, table in top.get("sources", dict).items():
        entry = Fields(path, f"sources.{key}", table).only("name", "url")
        sources[key] = Source(key, entry.get("name"), entry.get("url", required=False, default=""))

    triage = []
    for n, table in enumerate(top.tables("triage"), 1):
        entry = Fields(path, f"triage #{n}", table).only("id", "question", "hint", "error")
        ident = entry.ident()
        entry.entry = f"triage {ident!r}"
        triage.append(
            Question(
                ident,
                entry.get("question"),
                entry.get("hint", required=False, default=""),
                entry.get("error"),
            )
        )
    if [q.id for q in triage] != ["danger", "minor"]:
        top.fail("triage must be exactly the questions 'danger' then 'minor'")

    groups = []
    for n, table in enumerate(top.tables("groups"), 1):
        entry = Fields(path, f"group #{n}", table).only("id", "title", "items")
        ident = entry.ident()
        entry.entry = f"group {ident!r}"
        items = []
        for m, item_table in enumerate(entry.tables("items"), 1):
            item = Fields(path, f"group {ident!r} item #{m}", item_table)
            item.only("id", "label", "hint", "sources")
            item_id = item.ident()
            item.entry = f"item {item_id!r}"
            tags = item.get("sources", list)
            for tag in tags:
                if tag not in sources:
                    item.fail(f"source {tag!r} is not defined under [sources]")
            items.append(
                Item(
                    item_id,
                    item.get("label"),
                    item.get("hint", required=False, default=""),
                    tuple(tags),
                )
            )
        if not 2 <= len(items) <= 4:
            entry.fail(f"has {len(items)} items; each group needs 2 to 4")
        groups.append(Group(ident, entry.get("title"), tuple(items)))

    _unique(path, "group", [g.id for g in groups])
    _unique(path, "item", [i.id for g in groups for i in g.items])
    # Group ids become form field names beside the triage ones.
    _unique(path, "question or group", [q.id for q in triage] + [g.id for g in groups])
    return Checklist(MappingProxyType(sources), tuple(triage), tuple(groups))


def _load_channel(path: Path, where: str, table: object) -> Channel:
    entry = Fields(path, where, table).only("kind", "value", "label", "body")
    kind = entry.get("kind")
    value = entry.get("value")
    if kind not in CHANNEL_KINDS:
        entry.fail(f"kind {kind!r} should be one of {', '.join(CHANNEL_KINDS)}")
    if kind == "call" and not _PHONE.match(value):
        entry.fail(f"{value!r} is not a phone number like 1-800-555-0100, 573-555-0100 or 911")
    if kind == "text" and not _SHORT_CODE.match(value) and not _PHONE.match(value):
        entry.fail(f"{value!r} is not a text number")
    if kind == "web" and not value.startswith("https://"):
        entry.fail(f"{value!r} should be an https:// address")
    body = entry.get("body", required=False, default="")
    if body and not re.fullmatch(r"[A-Za-z0-9]+", body):
        entry.fail("body should be a single word")
    return Channel(kind, value, entry.get("label"), body)


def _load_resources(
    path: Path,
    purposes: set[str] | None = None,
    local: bool = False,
    known: Mapping[str, Resource] | None = None,
) -> tuple[tuple[Purpose, ...], dict[str, Resource]]:
    top = Fields(path, "(file)", read_toml(path))
    purpose_list: list[Purpose] = []
    if purposes is None:
        top.only("purposes", "resources")
        for n, table in enumerate(top.tables("purposes"), 1):
            entry = Fields(path, f"purpose #{n}", table).only("id", "title")
            purpose_list.append(Purpose(entry.ident(), entry.get("title")))
        _unique(path, "purpose", [p.id for p in purpose_list])
        purposes = {p.id for p in purpose_list}
    else:
        top.only("resources")

    resources: dict[str, Resource] = {}
    for n, table in enumerate(top.tables("resources"), 1):
        entry = Fields(path, f"resource #{n}", table)
        entry.only(
            "id", "purpose", "name", "for", "hours", "languages", "source", "reviewed", "channels"
        )
        ident = entry.ident()
        entry.entry = f"resource {ident!r}"
        if ident in resources or (known and ident in known):
            entry.fail("duplicate id")
        purpose = entry.get("purpose")
        if purpose not in purposes:
            entry.fail(f"purpose {purpose!r} is not one of {', '.join(sorted(purposes))}")
        source = entry.text("source")
        if source and not source.startswith("https://"):
            entry.fail("source should be the https:// address the facts were checked against")
        reviewed = entry.get("reviewed", datetime.date)
        if isinstance(reviewed, datetime.datetime):
            entry.fail("reviewed should be a plain date, like 2026-11-27")
        channels = tuple(
            _load_channel(path, f"resource {ident!r} channel #{m}", channel)
            for m, channel in enumerate(entry.tables("channels"), 1)
        )
        resources[ident] = Resource(
            id=ident,
            purpose=purpose,
            name=entry.get("name"),
            description=entry.get("for"),
            hours=entry.text("hours"),
            languages=entry.text("languages"),
            source=source,
            reviewed=reviewed,
            channels=channels,
            local=local,
        )
    return tuple(purpose_list), resources


def _load_steps(path: Path, resources: Mapping[str, Resource]) -> dict[str, Step]:
    top = Fields(path, "(file)", read_toml(path)).only("steps")
    steps: dict[str, Step] = {}
    for n, table in enumerate(top.tables("steps"), 1):
        entry = Fields(path, f"step #{n}", table).only("id", "title", "body", "resources")
        ident = entry.ident()
        entry.entry = f"step {ident!r}"
        if ident not in STEP_IDS:
            entry.fail(f"unknown step (the steps are: {', '.join(STEP_IDS)})")
        if ident in steps:
            entry.fail("duplicate id")
        body = entry.get("body", list)
        if not body or not all(isinstance(p, str) and p.strip() for p in body):
            entry.fail("body should be a list of non-empty paragraphs")
        linked = []
        for resource_id in entry.get("resources", list):
            if resource_id not in resources:
                entry.fail(f"resource {resource_id!r} is not defined in resources.toml")
            linked.append(resources[resource_id])
        steps[ident] = Step(ident, entry.get("title"), tuple(body), tuple(linked))
    for ident in STEP_IDS:
        if ident not in steps:
            top.fail(f"step {ident!r} is missing")
    return steps


# Which file defines each kind of id, for naming it in a problem.
_ID_FILES = {
    "triage": "checklist.toml",
    "group": "checklist.toml",
    "item": "checklist.toml",
    "source": "checklist.toml",
    "purpose": "resources.toml",
    "resource": "resources.toml",
    "step": "steps.toml",
}


def content_ids(content: Content) -> dict[str, set[str]]:
    """The ids one language's content defines, by kind (for comparing languages)."""
    checklist = content.checklist
    return {
        "triage": {q.id for q in checklist.triage},
        "group": {g.id for g in checklist.groups},
        "item": set(checklist.item_ids),
        "source": set(checklist.sources),
        "purpose": {p.id for p in content.purposes},
        "resource": set(content.resources),
        "step": set(content.steps),
    }


def id_mismatches(folder: Path, library: Mapping[str, Content]) -> list[ConfigError]:
    """Every id that one language defines and English does not, or the other way round.

    The language switch re-sends a worker's answers to the other language, and
    the answers are item ids: an id missing in one language would silently
    drop a tick.
    """
    english = content_ids(library["en"])
    problems = []
    for language, content in library.items():
        ids = content_ids(content)
        for kind, expected in english.items():
            path = folder / "content" / language / _ID_FILES[kind]
            problems += [
                ConfigError(path, f"{kind} {ident!r}", "missing (English defines it)")
                for ident in sorted(expected - ids[kind])
            ]
            problems += [
                ConfigError(path, f"{kind} {ident!r}", "not defined in English")
                for ident in sorted(ids[kind] - expected)
            ]
    return problems


def check_same_ids(folder: Path, library: Mapping[str, Content]) -> None:
    """Stop start-up at the first id that differs between languages."""
    problems = id_mismatches(folder, library)
    if problems:
        raise problems[0]


def content_problems(
    folder: Path, language: str, local_resources: Path | None
) -> list[ConfigError]:
    """Check one language's files one by one, returning a problem per broken file.

    :func:`load_content` stops at the first problem, which suits start-up;
    ``screening check-config`` uses this to list every broken file at once.
    """
    problems: list[ConfigError] = []
    _load_files(folder, language, local_resources, problems)
    return problems


def _load_files(
    folder: Path,
    language: str,
    local_resources: Path | None,
    problems: list[ConfigError] | None = None,
) -> tuple:
    """Load one language's files in order: checklist, resources (and local ones), steps.

    Without ``problems`` the first broken file raises its ConfigError (start-up);
    with it, each broken file's error is recorded and the rest are still
    checked, as far as what they depend on loaded (check-config).
    """

    def attempt(load, *args, **kwargs):
        try:
            return load(*args, **kwargs)
        except ConfigError as error:
            if problems is None:
                raise
            problems.append(error)
            return None

    base = folder / "content" / language
    checklist = attempt(_load_checklist, base / "checklist.toml")
    purposes, resources = attempt(_load_resources, base / "resources.toml") or ((), None)
    if resources is not None and local_resources is not None:
        purpose_ids = {p.id for p in purposes}
        local = attempt(
            _load_resources, local_resources, purposes=purpose_ids, local=True, known=resources
        )
        if local is not None:
            resources = {**resources, **local[1]}
    steps = attempt(_load_steps, base / "steps.toml", resources) if resources is not None else None
    return checklist, purposes, resources, steps
