"""Load the content folder into :mod:`screening.content` objects, checking every entry.

``config/content/<language>/`` holds ``checklist.toml``, ``resources.toml``
and ``steps.toml``; an organization may add its own resources file
(``LOCAL_RESOURCES``). Every file is checked thoroughly (unknown keys,
missing fields, wrong types, duplicate ids, ids referenced but not defined)
and every language must define the same ids as English. Each resource is
dated from the confirmed facts it shows (:mod:`screening.facts`). Start-up
stops at the first problem (:func:`load_library`); ``screening
check-config`` lists them all (:func:`library_problems`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import MappingProxyType

from .config_files import ConfigError, Fields, check_unique, inside_config, read_toml
from .content import (
    CHANNEL_KINDS,
    HOTLINE_STEP,
    NOTE_IDS,
    RESOURCE_PAGES,
    STEP_IDS,
    TRIAGE_IDS,
    Channel,
    Checklist,
    Content,
    Group,
    Item,
    Note,
    Purpose,
    Question,
    Resource,
    Source,
    Step,
)
from .english_names import english_pattern, mark_all, mark_english
from .facts import Fact, Facts, channel_fact_kinds, load_facts, oldest, shape_problem

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
    steps = _load_steps(base / "steps.toml", resources, pattern)
    notes = _load_notes(base / "steps.toml", resources, pattern)
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
        _load_steps(base / "steps.toml", resources)
        _load_notes(base / "steps.toml", resources)
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
    entry = Fields(path, where, table).only("kind", "value", "label", "body", "caveat")
    kind = entry.get("kind")
    value = entry.get("value")
    if kind not in CHANNEL_KINDS:
        entry.fail(f"kind {kind!r} should be one of {', '.join(CHANNEL_KINDS)}")
    problem = shape_problem(value, *channel_fact_kinds(kind))
    if problem:
        entry.fail(problem)
    body = entry.get("body", required=False, default="")
    if body and not re.fullmatch(r"[A-Za-z0-9]+", body):
        entry.fail("body should be a single word")
    caveat = entry.get("caveat", required=False, default="")
    return Channel(kind, value, entry.get("label"), body, caveat=caveat)


def _load_resources(
    path: Path, facts: Facts
) -> tuple[tuple[Purpose, ...], dict[str, Resource], tuple[str, ...]]:
    """The national and state resources file: the purposes (headings), the resources,
    and the names its language keeps in English (``kept_in_english``)."""
    top = Fields(path, "(file)", read_toml(path)).only("purposes", "resources", "kept_in_english")
    english = top.get("kept_in_english", list, required=False, default=[])
    if not all(isinstance(name, str) and name.strip() for name in english):
        top.fail("kept_in_english should list the names kept in English, as written")
    purposes = []
    for n, table in enumerate(top.tables("purposes"), 1):
        entry = Fields(path, f"purpose #{n}", table).only("id", "title", "page")
        page = entry.get("page")
        if page not in RESOURCE_PAGES:
            entry.fail(f"page {page!r} is not one of {', '.join(RESOURCE_PAGES)}")
        purposes.append(Purpose(entry.ident(), entry.get("title"), page))
    check_unique(path, "purpose", [p.id for p in purposes])
    for page in RESOURCE_PAGES:
        if not any(p.page == page for p in purposes):
            top.fail(f"no purpose is shown on the {page!r} resources page (`page`)")
    resources = _resource_entries(path, top, purposes, facts, known={}, local=False)
    return tuple(purposes), resources, tuple(english)


def _mark_resource(resource: Resource, pattern: re.Pattern[str] | None) -> Resource:
    """A resource whose words mark the names kept in English (see screening.english_names)."""
    if pattern is None:
        return resource
    return dataclasses.replace(
        resource,
        name=mark_english(resource.name, pattern),
        description=mark_english(resource.description, pattern),
        hours=mark_english(resource.hours, pattern),
        languages=mark_english(resource.languages, pattern),
        earlier=mark_english(resource.earlier, pattern),
        channels=tuple(
            dataclasses.replace(
                channel,
                label=mark_english(channel.label, pattern),
                caveat=mark_english(channel.caveat, pattern),
            )
            for channel in resource.channels
        ),
    )


def _load_local_resources(
    path: Path, purposes: tuple[Purpose, ...], known: Mapping[str, Resource], facts: Facts
) -> dict[str, Resource]:
    """An organization's own resources, under the shipped purposes, with ids of their own.

    Its ``[[facts]]`` (the numbers it confirms) are read by :mod:`screening.facts`.
    """
    top = Fields(path, "(file)", read_toml(path)).only("resources", "facts")
    return _resource_entries(path, top, purposes, facts, known=known, local=True)


def _resource_entries(
    path: Path,
    top: Fields,
    purposes: tuple[Purpose, ...],
    facts: Facts,
    known: Mapping[str, Resource],
    local: bool,
) -> dict[str, Resource]:
    purpose_ids = {p.id for p in purposes}
    resources: dict[str, Resource] = {}
    for n, table in enumerate(top.tables("resources"), 1):
        entry = Fields(path, f"resource #{n}", table)
        ident = entry.ident()
        entry.entry = f"resource {ident!r}"
        entry.only(
            "id",
            "purpose",
            "name",
            "for",
            "hours",
            "languages",
            "earlier",
            "source",
            "facts",
            "channels",
        )
        if ident in resources or ident in known:
            entry.fail("duplicate id")
        purpose = entry.get("purpose")
        if purpose not in purpose_ids:
            entry.fail(f"purpose {purpose!r} is not one of {', '.join(sorted(purpose_ids))}")
        channels = tuple(
            _load_channel(path, f"resource {ident!r} channel #{m}", channel)
            for m, channel in enumerate(entry.tables("channels"), 1)
        )
        channels, shown = _date_channels(entry, channels, facts)
        earlier = entry.get("earlier", required=False, default="")
        _check_eras(entry, channels, earlier, facts)
        resources[ident] = Resource(
            id=ident,
            purpose=purpose,
            name=entry.get("name"),
            description=entry.get("for"),
            hours=entry.text("hours"),
            languages=entry.text("languages"),
            source=_source(entry, shown),
            channels=channels,
            earlier=earlier,
            facts=tuple(fact.id for fact in shown),
            confirmed=oldest(shown),
            local=local,
        )
    return resources


def _date_channels(
    entry: Fields, channels: tuple[Channel, ...], facts: Facts
) -> tuple[tuple[Channel, ...], list[Fact]]:
    """Each channel dated by its fact, and every fact the resource shows.

    The facts shown are those its words state (the ids in ``facts``) and
    those listing its channels' numbers and addresses. Where several facts
    list the same value (711 is a relay for more than one service), the ones
    ``facts`` names are meant; without one named, all count, so the oldest
    date wins. A channel no fact lists stays undated: the check of what
    content shows (screening.fact_checks) names it.
    """
    stated: dict[str, Fact] = {}
    for ident in entry.get("facts", list, required=False, default=[]):
        if not isinstance(ident, str) or ident not in facts.by_id:
            entry.fail(f"fact {ident!r} is not listed in sources.toml (or your [[facts]])")
        stated[ident] = facts.by_id[ident]
    shown: dict[str, Fact] = {}
    dated = []
    for channel in channels:
        listing = _listing(channel, facts, set(stated))
        shown |= {f.id: f for f in listing}
        dated.append(dataclasses.replace(channel, confirmed=oldest(listing)))
    return tuple(dated), list((shown | stated).values())


def _check_eras(entry: Fields, channels: tuple[Channel, ...], earlier: str, facts: Facts) -> None:
    """A fact found only on pages from before the hotline's 2025 change is shown with a caveat.

    A channel showing one needs its own ``caveat``; a fact the words state
    (an id in ``facts`` that lists no channel) belongs in ``earlier``, the
    one paragraph that says so, and ``earlier`` is for nothing else.
    """
    stated = set(entry.get("facts", list, required=False, default=[]))
    on_channels: set[str] = set()
    for n, channel in enumerate(channels, 1):
        listing = _listing(channel, facts, stated)
        on_channels |= {fact.id for fact in listing}
        older = [fact.id for fact in listing if fact.before_change]
        if older and not channel.caveat:
            problem = (
                f"shows {older[0]}, found only on pages from before the hotline's 2025"
                " change of operator: give it a caveat that says so"
            )
            raise ConfigError(entry.path, f"{entry.entry} channel #{n}", problem)
    older_words = sorted(
        ident for ident in stated - on_channels if facts.by_id[ident].before_change
    )
    if older_words and not earlier:
        entry.fail(
            f"states {older_words[0]}, found only on pages from before the hotline's 2025"
            " change of operator: say it in `earlier`, which begins with that caveat"
        )
    if earlier and not older_words:
        entry.fail(
            "`earlier` is for facts from before the hotline's 2025 change of operator,"
            " and none of its `facts` is one"
        )


def _listing(channel: Channel, facts: Facts, stated: set[str]) -> list[Fact]:
    """The facts a channel shows: those listing its value, narrowed to the ones ``facts`` names."""
    listing = facts.for_channel(channel.kind, channel.value)
    return [f for f in listing if f.id in stated] or list(listing)


def _source(entry: Fields, shown: list[Fact]) -> str:
    """The page the resource links as its source: one its facts were confirmed against.

    Given, it must be one of those pages; left out, it is the first page of
    the first fact shown.
    """
    pages = [page for fact in shown for page in fact.sources]
    source = entry.get("source", required=False, default="")
    if source and pages and source not in pages:
        entry.fail(f"source {source} is not a page any of its facts was confirmed against")
    if source and not source.startswith(("https://", "http://")):
        entry.fail("source should be the web address the facts were checked against")
    return source or (pages[0] if pages else "")


def _load_steps(
    path: Path, resources: Mapping[str, Resource], pattern: re.Pattern[str] | None = None
) -> dict[str, Step]:
    top = Fields(path, "(file)", read_toml(path)).only("steps", "notes")
    steps: dict[str, Step] = {}
    keys = ("title", "body", "law", "resources")
    for ident, entry in _fixed_entries(top, "steps", "step", STEP_IDS, *keys):
        body = entry.paragraphs("body")
        linked = []
        for resource_id in entry.get("resources", list):
            if resource_id not in resources:
                entry.fail(f"resource {resource_id!r} is not defined in resources.toml")
            linked.append(resources[resource_id])
        title = mark_english(entry.get("title"), pattern)
        law = entry.paragraphs("law") if "law" in entry.table else ()
        steps[ident] = Step(
            ident, title, mark_all(body, pattern), tuple(linked), mark_all(law, pattern)
        )
    # The hand-over page shows the hotline's number: the first resource of
    # this step must have one.
    hotline = steps[HOTLINE_STEP].resources
    if not hotline or not hotline[0].channels_of("call"):
        problem = "its first resource needs a call channel (the hand-over page shows it)"
        raise ConfigError(path, f"step {HOTLINE_STEP!r}", problem)
    return steps


def _load_notes(
    path: Path, resources: Mapping[str, Resource], pattern: re.Pattern[str] | None = None
) -> dict[str, Note]:
    """The lines shown beside the steps for some answers (``[[notes]]`` in steps.toml).

    Which appear is :func:`screening.next_steps.note_ids_for`'s to decide;
    each has its words and the resource whose number it gives.
    """
    top = Fields(path, "(file)", read_toml(path))
    notes: dict[str, Note] = {}
    for ident, entry in _fixed_entries(top, "notes", "note", NOTE_IDS, "text", "resource"):
        resource_id = entry.get("resource")
        if resource_id not in resources:
            entry.fail(f"resource {resource_id!r} is not defined in resources.toml")
        if not resources[resource_id].channels_of("call"):
            entry.fail(f"resource {resource_id!r} needs a call channel (the note gives its number)")
        text = mark_english(entry.get("text"), pattern)
        notes[ident] = Note(ident, text, resources[resource_id])
    return notes


def _fixed_entries(
    top: Fields, key: str, kind: str, known: tuple[str, ...], *keys: str
) -> Iterator[tuple[str, Fields]]:
    """Each table under ``key`` with its id: one of the ``known`` ids, each once, none missing.

    For the steps and notes, whose ids the next-steps logic uses; ``keys``
    are the keys each table may have besides its id.
    """
    seen: set[str] = set()
    for n, table in enumerate(top.tables(key), 1):
        entry = Fields(top.path, f"{kind} #{n}", table).only("id", *keys)
        ident = entry.ident()
        entry.entry = f"{kind} {ident!r}"
        if ident not in known:
            entry.fail(f"unknown {kind} (the {kind}s are: {', '.join(known)})")
        if ident in seen:
            entry.fail("duplicate id")
        seen.add(ident)
        yield ident, entry
    for ident in known:
        if ident not in seen:
            top.fail(f"{kind} {ident!r} is missing")


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
