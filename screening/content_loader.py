"""Load the content folder into :mod:`screening.content` objects, checking every entry.

``config/content/<language>/`` holds ``checklist.toml``, ``resources.toml``
and ``steps.toml``; an organization may add its own resources file
(``LOCAL_RESOURCES``). Every file is checked thoroughly (unknown keys,
missing fields, wrong types, duplicate ids, ids referenced but not defined)
and every language must define the same ids as English. Start-up stops at
the first problem (:func:`load_library`); ``screening check-config`` lists
them all (:func:`library_problems`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from .config_files import ConfigError, Fields, check_unique, read_toml
from .content import (
    CHANNEL_KINDS,
    HOTLINE_STEP,
    STEP_IDS,
    TRIAGE_IDS,
    WEB_KINDS,
    Channel,
    Checklist,
    Content,
    Group,
    Item,
    Purpose,
    Question,
    Resource,
    Source,
    Step,
)

#: The files each language's folder holds.
CONTENT_FILES = ("checklist.toml", "resources.toml", "steps.toml")

_PHONE = re.compile(r"^(\d{3}|1-\d{3}-\d{3}-\d{4}|\d{3}-\d{3}-\d{4})$")
_SHORT_CODE = re.compile(r"^\d{5,6}$")


def available_languages(folder: Path) -> tuple[str, ...]:
    """Language codes with a content folder, English first."""
    root = folder / "content"
    found = sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    if "en" not in found:
        raise ConfigError(root / "en", "(folder)", "the English content folder is missing")
    return ("en", *(code for code in found if code != "en"))


def local_resources_file(folder: Path, setting: str, language: str) -> Path | None:
    """An organization's resources file (``LOCAL_RESOURCES``) for one language.

    ``name.<lang>.toml`` beside ``name.toml`` if it exists, else ``name.toml``
    itself (Spanish pages then show the English entries); None if unset.
    """
    if not setting:
        return None
    path = _inside_config(folder, setting, folder / setting)
    translated = path.with_name(f"{path.stem}.{language}{path.suffix}")
    return _inside_config(folder, setting, translated) if translated.exists() else path


def _inside_config(folder: Path, setting: str, path: Path) -> Path:
    # Only a file the organization put in its config folder: an absolute
    # path, "../" or a link out of the folder could name any file on the
    # machine, to be read and quoted in an error message.
    if not path.resolve().is_relative_to(folder.resolve()):
        raise ConfigError(
            folder, "LOCAL_RESOURCES", f"{setting!r} must name a file inside this config folder"
        )
    return path


def load_library(folder: Path, local_setting: str = "") -> dict[str, Content]:
    """Every language's content, checked; the first problem stops start-up."""
    library = _load_languages(folder, available_languages(folder), local_setting)
    problems = id_mismatches(folder, library)
    if problems:
        raise problems[0]
    return library


def load_content(folder: Path, language: str, local_resources: Path | None = None) -> Content:
    """Read and check one language's content from ``folder/content/<language>``.

    ``local_resources`` is an organization's own resources file, added after
    the national and state ones and checked the same way.
    """
    base = folder / "content" / language
    checklist = _load_checklist(base / "checklist.toml")
    purposes, resources = _load_resources(base / "resources.toml")
    if local_resources is not None:
        resources |= _load_local_resources(local_resources, purposes, resources)
    steps = _load_steps(base / "steps.toml", resources)
    return Content(
        language=language,
        checklist=checklist,
        purposes=purposes,
        resources=MappingProxyType(resources),
        steps=MappingProxyType(steps),
    )


def library_problems(folder: Path, local_setting: str = "") -> list[ConfigError]:
    """Every problem in the content folder, one per broken file, for ``check-config``.

    Each file is checked as far as the files it depends on loaded (the steps
    need the resources); the languages are compared only once all loaded.
    """
    try:
        languages = available_languages(folder)
    except ConfigError as error:
        return [error]
    problems: list[ConfigError] = []
    for language in languages:
        try:
            local = local_resources_file(folder, local_setting, language)
        except ConfigError as error:
            return [error]
        problems += _language_problems(folder, language, local)
    if problems:
        # Languages sharing one local file would each report its problem.
        return list({str(problem): problem for problem in problems}.values())
    return id_mismatches(folder, _load_languages(folder, languages, local_setting))


def _load_languages(folder: Path, languages: tuple[str, ...], local: str) -> dict[str, Content]:
    return {
        language: load_content(folder, language, local_resources_file(folder, local, language))
        for language in languages
    }


def _language_problems(folder: Path, language: str, local: Path | None) -> list[ConfigError]:
    base = folder / "content" / language
    problems: list[ConfigError] = []
    try:
        _load_checklist(base / "checklist.toml")
    except ConfigError as error:
        problems.append(error)
    try:
        purposes, resources = _load_resources(base / "resources.toml")
    except ConfigError as error:
        return [*problems, error]
    if local is not None:
        if not local.exists():
            problems.append(ConfigError(local, "(file)", "not found (LOCAL_RESOURCES)"))
        else:
            try:
                resources |= _load_local_resources(local, purposes, resources)
            except ConfigError as error:
                problems.append(error)
    try:
        _load_steps(base / "steps.toml", resources)
    except ConfigError as error:
        problems.append(error)
    return problems


# --- the files ---------------------------------------------------------------


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
    if tuple(q.id for q in triage) != TRIAGE_IDS:
        top.fail(f"triage must be exactly the questions {' then '.join(map(repr, TRIAGE_IDS))}")

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
        if not 2 <= len(items) <= 6:
            entry.fail(f"has {len(items)} items; each group needs 2 to 6")
        groups.append(Group(ident, entry.get("title"), tuple(items)))

    check_unique(path, "group", [g.id for g in groups])
    check_unique(path, "item", [i.id for g in groups for i in g.items])
    # Group ids become form field names beside the triage ones.
    check_unique(path, "question or group", [q.id for q in triage] + [g.id for g in groups])
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
    if kind in WEB_KINDS and not value.startswith("https://"):
        entry.fail(f"{value!r} should be an https:// address")
    body = entry.get("body", required=False, default="")
    if body and not re.fullmatch(r"[A-Za-z0-9]+", body):
        entry.fail("body should be a single word")
    return Channel(kind, value, entry.get("label"), body)


def _load_resources(path: Path) -> tuple[tuple[Purpose, ...], dict[str, Resource]]:
    """The national and state resources file: the purposes (headings), then the resources."""
    top = Fields(path, "(file)", read_toml(path)).only("purposes", "resources")
    purposes = []
    for n, table in enumerate(top.tables("purposes"), 1):
        entry = Fields(path, f"purpose #{n}", table).only("id", "title")
        purposes.append(Purpose(entry.ident(), entry.get("title")))
    check_unique(path, "purpose", [p.id for p in purposes])
    return tuple(purposes), _resource_entries(path, top, purposes, known={}, local=False)


def _load_local_resources(
    path: Path, purposes: tuple[Purpose, ...], known: Mapping[str, Resource]
) -> dict[str, Resource]:
    """An organization's own resources, under the shipped purposes, with ids of their own.

    Its ``[[facts]]`` (the numbers it confirms) are read by :mod:`screening.sources`.
    """
    top = Fields(path, "(file)", read_toml(path)).only("resources", "facts")
    return _resource_entries(path, top, purposes, known=known, local=True)


def _resource_entries(
    path: Path,
    top: Fields,
    purposes: tuple[Purpose, ...],
    known: Mapping[str, Resource],
    local: bool,
) -> dict[str, Resource]:
    purpose_ids = {p.id for p in purposes}
    resources: dict[str, Resource] = {}
    for n, table in enumerate(top.tables("resources"), 1):
        entry = Fields(path, f"resource #{n}", table)
        entry.only(
            "id", "purpose", "name", "for", "hours", "languages", "source", "reviewed", "channels"
        )
        ident = entry.ident()
        entry.entry = f"resource {ident!r}"
        if ident in resources or ident in known:
            entry.fail("duplicate id")
        purpose = entry.get("purpose")
        if purpose not in purpose_ids:
            entry.fail(f"purpose {purpose!r} is not one of {', '.join(sorted(purpose_ids))}")
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
    return resources


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
        body = entry.paragraphs("body")
        linked = []
        for resource_id in entry.get("resources", list):
            if resource_id not in resources:
                entry.fail(f"resource {resource_id!r} is not defined in resources.toml")
            linked.append(resources[resource_id])
        steps[ident] = Step(ident, entry.get("title"), body, tuple(linked))
    for ident in STEP_IDS:
        if ident not in steps:
            top.fail(f"step {ident!r} is missing")
    # The hand-over page shows the hotline's number: the first resource of
    # this step must have one.
    hotline = steps[HOTLINE_STEP].resources
    if not hotline or not hotline[0].channels_of("call"):
        problem = "its first resource needs a call channel (the hand-over page shows it)"
        raise ConfigError(path, f"step {HOTLINE_STEP!r}", problem)
    return steps


# --- the languages agree -------------------------------------------------------

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
    drop a check mark.
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
