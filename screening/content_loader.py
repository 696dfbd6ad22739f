"""Load the content folder into :mod:`screening.content` objects, checking every entry.

``config/content/<language>/`` holds ``checklist.toml``, ``resources.toml``
and ``steps.toml``; an organization may add its own resources file
(``LOCAL_RESOURCES``). Each file's shape (keys, types, allowed values) is
declared by its pydantic model (:mod:`screening.content`, and the file
models here); this module checks what a model cannot see alone: duplicate
ids, ids referenced but not defined, the facts each resource shows, and
that every language defines the same ids as English. Each resource is
dated from the confirmed facts it shows (:mod:`screening.facts`). Start-up
stops at the first problem (:func:`load_library`); ``screening
check-config`` lists them all (:func:`library_problems`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from .config_files import (
    ConfigError,
    Id,
    Paragraphs,
    T,
    Table,
    Tables,
    Text,
    Tuple,
    check_unique,
    inside_config,
    read_toml,
    validate,
)
from .content import (
    HOTLINE_STEP,
    NOTE_IDS,
    RESOURCE_PAGES,
    STEP_IDS,
    TRIAGE_IDS,
    Channel,
    Checklist,
    Content,
    Note,
    Purpose,
    Resource,
    Step,
)
from .english_names import english_pattern, mark_all, mark_english
from .facts import Fact, Facts, load_facts, oldest

#: The files each language's folder holds.
CONTENT_FILES = ("checklist.toml", "resources.toml", "steps.toml")


def available_languages(folder: Path) -> tuple[str, ...]:
    """Language codes with a content folder, English first."""
    root = folder / "content"
    found = sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    if "en" not in found:
        raise ConfigError(root / "en", "(folder)", "the English content folder is missing")
    return ("en", *(code for code in found if code != "en"))


def local_resources_file(base: Path | None, language: str) -> Path | None:
    """An organization's resources file (``LOCAL_RESOURCES``, found as ``base``) for one language.

    ``name.<lang>.toml`` beside ``name.toml`` if it exists, else ``name.toml``
    itself (Spanish pages then show the English entries); None if unset.
    """
    if base is None:
        return None
    translated = base.with_name(f"{base.stem}.{language}{base.suffix}")
    # The translated file, too, must not be a link out of the folder.
    return inside_config(base.parent, base.name, translated) if translated.exists() else base


def load_library(folder: Path, local: Path | None, facts: Facts) -> dict[str, Content]:
    """Every language's content, checked and dated from ``facts``; a problem stops start-up.

    ``local`` is the organization's resources file (``LOCAL_RESOURCES``), if any.
    """
    library = _load_languages(folder, available_languages(folder), local, facts)
    problems = id_mismatches(folder, library)
    if problems:
        raise problems[0]
    return library


def load_content(
    folder: Path, language: str, local_resources: Path | None = None, facts: Facts | None = None
) -> Content:
    """Read and check one language's content from ``folder/content/<language>``.

    ``local_resources`` is an organization's own resources file, added after
    the national and state ones and checked the same way. ``facts`` date the
    resources (default: the list in ``folder``).
    """
    facts = facts or load_facts(folder)
    base = folder / "content" / language
    checklist = _load_checklist(base / "checklist.toml")
    purposes, resources, english = _load_resources(base / "resources.toml", facts)
    if local_resources is not None:
        resources |= _load_local_resources(local_resources, purposes, resources, facts)
    pattern = english_pattern(english)
    resources = {ident: _mark_resource(r, pattern) for ident, r in resources.items()}
    steps, notes = _load_step_wording(base / "steps.toml", resources, pattern)
    return Content(
        language=language,
        checklist=checklist,
        purposes=purposes,
        resources=MappingProxyType(resources),
        steps=MappingProxyType(steps),
        notes=MappingProxyType(notes),
        kept_in_english=english,
    )


def library_problems(folder: Path, local_base: Path | None, facts: Facts) -> list[ConfigError]:
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
            local = local_resources_file(local_base, language)
        except ConfigError as error:
            return [error]
        problems += _language_problems(folder, language, local, facts)
    if problems:
        # Languages sharing one local file would each report its problem.
        return list({str(problem): problem for problem in problems}.values())
    return id_mismatches(folder, _load_languages(folder, languages, local_base, facts))


def _load_languages(
    folder: Path, languages: tuple[str, ...], local: Path | None, facts: Facts
) -> dict[str, Content]:
    return {
        language: load_content(folder, language, local_resources_file(local, language), facts)
        for language in languages
    }


def _language_problems(
    folder: Path, language: str, local: Path | None, facts: Facts
) -> list[ConfigError]:
    base = folder / "content" / language
    problems: list[ConfigError] = []
    try:
        _load_checklist(base / "checklist.toml")
    except ConfigError as error:
        problems.append(error)
    try:
        purposes, resources, _ = _load_resources(base / "resources.toml", facts)
    except ConfigError as error:
        return [*problems, error]
    if local is not None:
        if not local.exists():
            problems.append(ConfigError(local, "(file)", "not found (LOCAL_RESOURCES)"))
        else:
            try:
                resources |= _load_local_resources(local, purposes, resources, facts)
            except ConfigError as error:
                problems.append(error)
    try:
        _load_step_wording(base / "steps.toml", resources)
    except ConfigError as error:
        problems.append(error)
    return problems


# --- the files ---------------------------------------------------------------


class _Resources(Table):
    """``resources.toml``: the purposes (headings), the resources, and the names its language
    keeps in English."""

    purposes: Tables[Purpose]
    resources: Tables[Resource]
    kept_in_english: Tuple[Text] = ()


class _LocalResources(Table):
    """An organization's resources file; its ``[[facts]]`` are :mod:`screening.facts`' to read."""

    resources: Tables[Resource]
    facts: object = None


class _Step(Table):
    id: Id
    title: Text
    body: Paragraphs
    law: Paragraphs = ()
    resources: Tuple[str]


class _Note(Table):
    id: Id
    text: Text
    resource: Text


class _Steps(Table):
    """``steps.toml``: the wording of each next step, and the notes shown beside them."""

    steps: Tables[_Step]
    notes: Tables[_Note]


def _load_checklist(path: Path) -> Checklist:
    checklist = validate(Checklist, path, read_toml(path))
    if tuple(q.id for q in checklist.triage) != TRIAGE_IDS:
        problem = f"triage must be exactly the questions {' then '.join(map(repr, TRIAGE_IDS))}"
        raise ConfigError(path, "(file)", problem)
    for item in (item for group in checklist.groups for item in group.items):
        for tag in item.sources:
            if tag not in checklist.sources:
                problem = f"source {tag!r} is not defined under [sources]"
                raise ConfigError(path, f"item {item.id!r}", problem)
    groups, triage = checklist.groups, checklist.triage
    check_unique(path, "group", [g.id for g in groups])
    check_unique(path, "item", [i.id for g in groups for i in g.items])
    # Group ids become form field names beside the triage ones.
    check_unique(path, "question or group", [q.id for q in triage] + [g.id for g in groups])
    return checklist


def _load_resources(
    path: Path, facts: Facts
) -> tuple[tuple[Purpose, ...], dict[str, Resource], tuple[str, ...]]:
    """The national and state resources file: the purposes (headings), the resources,
    and the names its language keeps in English (``kept_in_english``)."""
    file = validate(_Resources, path, read_toml(path))
    check_unique(path, "purpose", [p.id for p in file.purposes])
    for page in RESOURCE_PAGES:
        if not any(p.page == page for p in file.purposes):
            problem = f"no purpose is shown on the {page!r} resources page (`page`)"
            raise ConfigError(path, "(file)", problem)
    resources = _resource_entries(path, file.resources, file.purposes, facts, {}, local=False)
    return file.purposes, resources, file.kept_in_english


def _mark_resource(resource: Resource, pattern: re.Pattern[str] | None) -> Resource:
    """A resource whose words mark the names kept in English (see screening.english_names)."""
    if pattern is None:
        return resource
    marked = ("name", "description", "hours", "languages", "earlier")
    return resource.model_copy(
        update={field: mark_english(getattr(resource, field), pattern) for field in marked}
        | {
            "channels": tuple(
                channel.model_copy(
                    update={
                        "label": mark_english(channel.label, pattern),
                        "caveat": mark_english(channel.caveat, pattern),
                    }
                )
                for channel in resource.channels
            )
        }
    )


def _load_local_resources(
    path: Path, purposes: tuple[Purpose, ...], known: Mapping[str, Resource], facts: Facts
) -> dict[str, Resource]:
    """An organization's own resources, under the shipped purposes, with ids of their own.

    Its ``[[facts]]`` (the numbers it confirms) are read by :mod:`screening.facts`.
    """
    file = validate(_LocalResources, path, read_toml(path))
    return _resource_entries(path, file.resources, purposes, facts, known, local=True)


def _resource_entries(
    path: Path,
    entries: tuple[Resource, ...],
    purposes: tuple[Purpose, ...],
    facts: Facts,
    known: Mapping[str, Resource],
    local: bool,
) -> dict[str, Resource]:
    """Each resource checked against the purposes and the facts, and dated by its facts."""
    purpose_ids = {p.id for p in purposes}
    resources: dict[str, Resource] = {}
    for resource in entries:
        entry = f"resource {resource.id!r}"
        if resource.id in resources or resource.id in known:
            raise ConfigError(path, entry, "duplicate id")
        if resource.purpose not in purpose_ids:
            problem = f"purpose {resource.purpose!r} is not one of {', '.join(sorted(purpose_ids))}"
            raise ConfigError(path, entry, problem)
        for ident in resource.facts:
            if ident not in facts.by_id:
                problem = f"fact {ident!r} is not listed in sources.toml (or your [[facts]])"
                raise ConfigError(path, entry, problem)
        channels, shown = _date_channels(resource, facts)
        _check_eras(path, resource, facts)
        resources[resource.id] = resource.model_copy(
            update={
                "source": _source(path, resource, shown),
                "channels": channels,
                "facts": tuple(fact.id for fact in shown),
                "confirmed": oldest(shown),
                "local": local,
            }
        )
    return resources


def _date_channels(resource: Resource, facts: Facts) -> tuple[tuple[Channel, ...], list[Fact]]:
    """Each channel dated by its fact, and every fact the resource shows.

    The facts shown are those its words state (the ids in ``facts``) and
    those listing its channels' numbers and addresses. Where several facts
    list the same value (711 is a relay for more than one service), the ones
    ``facts`` names are meant; without one named, all count, so the oldest
    date wins. A channel no fact lists stays undated: the check of what
    content shows (screening.fact_checks) names it.
    """
    stated = {ident: facts.by_id[ident] for ident in resource.facts}
    shown: dict[str, Fact] = {}
    dated = []
    for channel in resource.channels:
        listing = _listing(channel, facts, set(stated))
        shown |= {f.id: f for f in listing}
        dated.append(channel.model_copy(update={"confirmed": oldest(listing)}))
    return tuple(dated), list((shown | stated).values())


def _check_eras(path: Path, resource: Resource, facts: Facts) -> None:
    """A fact found only on pages from before the hotline's 2025 change is shown with a caveat.

    A channel showing one needs its own ``caveat``; a fact the words state
    (an id in ``facts`` that lists no channel) belongs in ``earlier``, the
    one paragraph that says so, and ``earlier`` is for nothing else.
    """
    entry = f"resource {resource.id!r}"
    stated = set(resource.facts)
    on_channels: set[str] = set()
    for n, channel in enumerate(resource.channels, 1):
        listing = _listing(channel, facts, stated)
        on_channels |= {fact.id for fact in listing}
        older = [fact.id for fact in listing if fact.before_change]
        if older and not channel.caveat:
            problem = (
                f"shows {older[0]}, found only on pages from before the hotline's 2025"
                " change of operator: give it a caveat that says so"
            )
            raise ConfigError(path, f"{entry} channel #{n}", problem)
    older_words = sorted(
        ident for ident in stated - on_channels if facts.by_id[ident].before_change
    )
    if older_words and not resource.earlier:
        problem = (
            f"states {older_words[0]}, found only on pages from before the hotline's 2025"
            " change of operator: say it in `earlier`, which begins with that caveat"
        )
        raise ConfigError(path, entry, problem)
    if resource.earlier and not older_words:
        problem = (
            "`earlier` is for facts from before the hotline's 2025 change of operator,"
            " and none of its `facts` is one"
        )
        raise ConfigError(path, entry, problem)


def _listing(channel: Channel, facts: Facts, stated: set[str]) -> list[Fact]:
    """The facts a channel shows: those listing its value, narrowed to the ones ``facts`` names."""
    listing = facts.for_channel(channel.kind, channel.value)
    return [f for f in listing if f.id in stated] or list(listing)


def _source(path: Path, resource: Resource, shown: list[Fact]) -> str:
    """The page the resource links as its source: one its facts were confirmed against.

    Given, it must be one of those pages; left out, it is the first page of
    the first fact shown.
    """
    pages = [page for fact in shown for page in fact.sources]
    source, entry = resource.source, f"resource {resource.id!r}"
    if source and pages and source not in pages:
        problem = f"source {source} is not a page any of its facts was confirmed against"
        raise ConfigError(path, entry, problem)
    if source and not source.startswith(("https://", "http://")):
        problem = "source should be the web address the facts were checked against"
        raise ConfigError(path, entry, problem)
    return source or (pages[0] if pages else "")


def _load_step_wording(
    path: Path, resources: Mapping[str, Resource], pattern: re.Pattern[str] | None = None
) -> tuple[dict[str, Step], dict[str, Note]]:
    """``steps.toml``, read once: the next steps' wording, and the notes beside them."""
    file = validate(_Steps, path, read_toml(path))
    return _steps(path, file, resources, pattern), _notes(path, file, resources, pattern)


def _steps(
    path: Path, file: _Steps, resources: Mapping[str, Resource], pattern: re.Pattern[str] | None
) -> dict[str, Step]:
    steps: dict[str, Step] = {}
    for step in _fixed_entries(path, file.steps, "step", STEP_IDS):
        for resource_id in step.resources:
            if resource_id not in resources:
                problem = f"resource {resource_id!r} is not defined in resources.toml"
                raise ConfigError(path, f"step {step.id!r}", problem)
        steps[step.id] = Step(
            step.id,
            mark_english(step.title, pattern),
            mark_all(step.body, pattern),
            tuple(resources[r] for r in step.resources),
            mark_all(step.law, pattern),
        )
    # The hand-over page shows the hotline's number: the first resource of
    # this step must have one.
    hotline = steps[HOTLINE_STEP].resources
    if not hotline or not hotline[0].channels_of("call"):
        problem = "its first resource needs a call channel (the hand-over page shows it)"
        raise ConfigError(path, f"step {HOTLINE_STEP!r}", problem)
    return steps


def _notes(
    path: Path, file: _Steps, resources: Mapping[str, Resource], pattern: re.Pattern[str] | None
) -> dict[str, Note]:
    """The lines shown beside the steps for some answers (``[[notes]]`` in steps.toml).

    Which appear is :func:`screening.next_steps.note_ids_for`'s to decide;
    each has its words and the resource whose number it gives.
    """
    notes: dict[str, Note] = {}
    for note in _fixed_entries(path, file.notes, "note", NOTE_IDS):
        resource = resources.get(note.resource)
        if resource is None:
            problem = f"resource {note.resource!r} is not defined in resources.toml"
            raise ConfigError(path, f"note {note.id!r}", problem)
        if not resource.channels_of("call"):
            problem = f"resource {note.resource!r} needs a call channel (the note gives its number)"
            raise ConfigError(path, f"note {note.id!r}", problem)
        notes[note.id] = Note(note.id, mark_english(note.text, pattern), resource)
    return notes


def _fixed_entries(
    path: Path, entries: tuple[T, ...], kind: str, known: tuple[str, ...]
) -> tuple[T, ...]:
    """The steps or notes, whose ids the next-steps logic uses: each known id once, none missing."""
    seen: set[str] = set()
    for entry in entries:
        if entry.id not in known:
            problem = f"unknown {kind} (the {kind}s are: {', '.join(known)})"
            raise ConfigError(path, f"{kind} {entry.id!r}", problem)
        if entry.id in seen:
            raise ConfigError(path, f"{kind} {entry.id!r}", "duplicate id")
        seen.add(entry.id)
    for ident in known:
        if ident not in seen:
            raise ConfigError(path, "(file)", f"{kind} {ident!r} is missing")
    return entries


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
        problems += _facts_mismatches(folder, language, content, library["en"])
        problems += _page_mismatches(folder, language, content, library["en"])
    return problems


def _page_mismatches(
    folder: Path, language: str, content: Content, english: Content
) -> list[ConfigError]:
    # Each purpose is on the same resources page in every language, so a
    # link to a card (and the language switch) lands where the card is.
    path = folder / "content" / language / "resources.toml"
    pages = {purpose.id: purpose.page for purpose in english.purposes}
    return [
        ConfigError(path, f"purpose {p.id!r}", f"page {p.page!r}, but {pages[p.id]!r} in English")
        for p in content.purposes
        if pages.get(p.id, p.page) != p.page
    ]


def _facts_mismatches(
    folder: Path, language: str, content: Content, english: Content
) -> list[ConfigError]:
    # A resource must show the same confirmed facts in every language, or
    # the two pages would give different numbers, or different dates. (A
    # channel no fact lists is left to the check of what content shows,
    # which names the number itself.)
    path = folder / "content" / language / "resources.toml"
    problems = []
    for ident, resource in content.resources.items():
        other = english.resources.get(ident)
        if other is None or resource.local:
            continue
        unlisted = any(c.confirmed is None for c in resource.channels + other.channels)
        if not unlisted and set(resource.facts) != set(other.facts):
            problem = "shows other confirmed facts than in English (numbers, addresses, `facts`)"
            problems.append(ConfigError(path, f"resource {ident!r}", problem))
    return problems
