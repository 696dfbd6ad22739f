"""Load the training scenarios from ``config/scenarios/<language>/``, checking every entry.

Each scenario is one TOML file; its slug is the file name (the format is
documented in ``config/scenarios/README.md``). Scenarios are read once at
start-up and checked against the content they are used with:

- every checklist item is either present or deliberately absent, with a note;
- every present item names the lines that show it (``brief.2``,
  ``person.says.1``, ``companion.says.3``), and each must point at a line
  that exists: a key rests only on what the trainee sees or hears;
- each safety answer says why, and may accept other answers, with the reason;
- the key's calls are the ones the real journey gives for its answers, and
  the resources it points to exist in that language's content;
- a translation agrees with the English file on every fact (answers, signs,
  lines, resources), so a trainer can switch language mid-session.

Any problem stops start-up with a :class:`ConfigError`: one line naming the
file, the entry and the problem.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Literal, NoReturn

from pydantic import AfterValidator

from .config_files import ID, ConfigError, Paragraphs, Table, Text, Tuple, read_toml, validate
from .content import STEP_IDS, TRIAGE_IDS, Checklist, Content
from .english_names import english_pattern, mark_all, mark_english
from .next_steps import step_ids_for
from .scenarios import (
    COVERAGE,
    LEVELS,
    VERDICTS,
    Cue,
    Evidence,
    Key,
    Observer,
    Reference,
    Role,
    Scenario,
    TriageKey,
)

_QUESTIONS = (3, 5)
#: What a key may point at: what the trainee playing the worker reads (the
#: brief) or hears (what a role card says). A role card's background is for
#: the actor only, so a key can never rest on it.
#: A cue is played in front of the worker, so it counts too.
_REFERENCE = re.compile(r"^(?:(brief|cues)|(person|companion)\.says)\.([1-9][0-9]*)$")


def load_scenarios(
    folder: Path, library: Mapping[str, Content]
) -> dict[str, Mapping[str, Scenario]]:
    """Every language folder under ``folder/scenarios``, checked; English is required.

    Another language folder needs content in that language and exactly the
    English slugs, with the same facts in each file.
    """
    root = folder / "scenarios"
    english = root / "en"
    if not english.is_dir():
        raise ConfigError(english, "(folder)", "the English scenarios folder is missing")
    found = sorted(p.name for p in root.iterdir() if p.is_dir())
    loaded: dict[str, Mapping[str, Scenario]] = {}
    for language in ("en", *(code for code in found if code != "en")):
        base = root / language
        if language not in library:
            raise ConfigError(base, "(folder)", f"there is no content/{language} for these")
        loaded[language] = _load_folder(base, language, library[language])
        missing = sorted(set(loaded["en"]) - set(loaded[language]))
        extra = sorted(set(loaded[language]) - set(loaded["en"]))
        if missing:
            raise ConfigError(base, "(folder)", f"scenario {missing[0]!r} has no file here")
        if extra:
            raise ConfigError(base / f"{extra[0]}.toml", "(file)", "there is no English version")
        for slug, scenario in loaded[language].items():
            _check_agrees(base / f"{slug}.toml", scenario, loaded["en"][slug])
    return loaded


def _load_folder(base: Path, language: str, content: Content) -> Mapping[str, Scenario]:
    scenarios: dict[str, Scenario] = {}
    titles: dict[str, str] = {}
    for path in sorted(base.glob("*.toml")):
        scenario = load_scenario(path, language, content)
        if scenario.title in titles:
            raise ConfigError(
                path, "title", f"duplicate title (also in {titles[scenario.title]}.toml)"
            )
        titles[scenario.title] = scenario.slug
        scenarios[scenario.slug] = scenario
    if not scenarios:
        raise ConfigError(base, "(folder)", "holds no scenario files")
    return MappingProxyType(scenarios)


class _Present(Table):
    note: Text
    shown_by: Tuple[str] = ()


class _Key(Table):
    """The facilitator's key as written: ``[key]``, its safety answers and its signs."""

    danger: TriageKey
    minor: TriageKey
    steps: Tuple[Literal[STEP_IDS]]
    present: dict[str, _Present]
    absent: dict[str, Text]
    why: Paragraphs
    distinction: str = ""
    resources: Tuple[str] = ()
    questions: Paragraphs


def _some_cues(cues: tuple[Cue, ...]) -> tuple[Cue, ...]:
    # Every scenario has at least one, so the third trainee (or the
    # facilitator) always has something to play.
    if not cues:
        raise ValueError("missing 'cues': give at least one [[cues]]")
    return cues


class _Scenario(Table):
    """One scenario file (config/scenarios/README.md)."""

    title: Text
    setting: Text
    meets: Text
    focus: Text
    verdict: Literal[VERDICTS]
    covers: Annotated[Tuple[Literal[COVERAGE]], AfterValidator(frozenset)] = frozenset()
    brief: Paragraphs
    person: Role
    companion: Role | None = None
    key: _Key
    level: Literal[LEVELS]
    observer: Observer
    #: The off-stage events, in the order they happen; each names who plays it.
    cues: Annotated[Tuple[Cue], AfterValidator(_some_cues)]


def load_scenario(path: Path, language: str, content: Content) -> Scenario:
    """Read and check one scenario file against one language's ``content``."""
    # The slug is the file name; checked like any id because it goes in URLs.
    if not ID.match(path.stem):
        problem = f"slug {path.stem!r} should be lower-case letters, digits and dashes"
        raise ConfigError(path, "(file name)", problem)
    file = validate(_Scenario, path, read_toml(path))
    if file.person.age is None:
        raise ConfigError(path, "person", "missing 'age'")
    lines = {
        "brief": file.brief,
        "person": file.person.says,
        "companion": file.companion and file.companion.says,
        "cues": tuple(cue.what for cue in file.cues),
    }
    return Scenario(
        slug=path.stem,
        language=language,
        title=file.title,
        setting=file.setting,
        meets=file.meets,
        focus=file.focus,
        verdict=file.verdict,
        covers=file.covers,
        brief=file.brief,
        person=file.person,
        companion=file.companion,
        key=_key(path, file.key, content, file.verdict, lines),
        level=file.level,
        observer=file.observer,
        cues=file.cues,
    )


def _key(
    path: Path,
    key: _Key,
    content: Content,
    verdict: str,
    lines: Mapping[str, tuple[str, ...] | None],
) -> Key:
    """The key, checked against the story's lines, the checklist, the journey and the content."""

    def fail(problem: str) -> NoReturn:
        raise ConfigError(path, "key", problem)

    triage = {name: getattr(key, name) for name in TRIAGE_IDS}
    _check_steps(path, key.steps, {name: triage[name].answer for name in TRIAGE_IDS})
    checklist = content.checklist
    present = {
        item_id: Evidence(entry.note, _shown_by(path, item_id, entry, checklist, lines))
        for item_id, entry in key.present.items()
    }
    for item_id in key.absent:
        if item_id not in checklist.item_ids:
            raise ConfigError(path, f"key.absent {item_id!r}", "is not an item in the checklist")
    if not present:
        fail("'present' is empty: every scenario shows at least one sign")
    both = sorted(set(present) & set(key.absent))
    if both:
        fail(f"item {both[0]!r} is listed as both present and absent")
    listed = set(present) | set(key.absent)
    unlisted = [i for g in checklist.groups for i in g.items if i.id not in listed]
    if unlisted:
        fail(f"item {unlisted[0].id!r} is neither present nor absent: say which, and why")
    # A look-alike exists to teach where the line is, so it must say so; a
    # trafficking scenario has no line to draw.
    if verdict == "look-alike" and not key.distinction.strip():
        fail("missing 'distinction'")
    if key.distinction and verdict != "look-alike":
        fail("'distinction' is only for a look-alike (what would have made it trafficking)")
    for resource in key.resources:
        if resource not in content.resources:
            fail(f"resource {resource!r} is not in the {content.language} resources")
    low, high = _QUESTIONS
    if not low <= len(key.questions) <= high:
        fail(f"has {len(key.questions)} debrief questions; give {low} to {high}")
    # The debrief names agencies, some in English inside a translation.
    english = english_pattern(content.kept_in_english)
    return Key(
        triage=MappingProxyType(triage),
        present=MappingProxyType(present),
        absent=MappingProxyType(dict(key.absent)),
        why=mark_all(key.why, english),
        distinction=mark_english(key.distinction, english),
        resources=key.resources,
        questions=mark_all(key.questions, english),
    )


def _check_steps(path: Path, steps: tuple[str, ...], answers: dict[str, str]) -> None:
    """The key's ``steps`` must be the calls the real journey gives for its answers.

    The key states its calls in order so a trainer reads them in the file;
    they must be what the checklist gives, or the debrief would teach
    something the app does not do. The pages work them out from the answers
    (screening.next_steps), so they are checked here and not kept.
    """
    expected = step_ids_for(**answers)
    if steps != expected:
        given = ", ".join(f"{name}={value!r}" for name, value in answers.items())
        problem = (
            f"steps {list(steps)} are not what the checklist gives for {given}: {list(expected)}"
        )
        raise ConfigError(path, "key", problem)


def _shown_by(
    path: Path,
    item_id: str,
    entry: _Present,
    checklist: Checklist,
    lines: Mapping[str, tuple[str, ...] | None],
) -> tuple[Reference, ...]:
    """The lines of the story that show a present sign, each one that exists."""
    where = f"key.present {item_id!r}"
    if item_id not in checklist.item_ids:
        raise ConfigError(path, where, "is not an item in the checklist")
    if not entry.shown_by:
        problem = (
            "has no shown_by: name the lines of the brief or of a role card's says that show it"
        )
        raise ConfigError(path, where, problem)
    return tuple(_reference(path, where, code, lines) for code in entry.shown_by)


def _reference(
    path: Path, where: str, code: str, lines: Mapping[str, tuple[str, ...] | None]
) -> Reference:
    match = _REFERENCE.match(code)
    if match is None:
        problem = (
            f"shown_by {code!r} should be brief.N, person.says.N, companion.says.N or cues.N:"
            " only what the trainee reads or hears counts"
        )
        raise ConfigError(path, where, problem)
    part = match[1] or match[2]
    number = int(match[3])
    texts = lines[part]
    if texts is None:
        problem = f"shown_by {code!r} points at nothing: this scenario has no companion"
        raise ConfigError(path, where, problem)
    if number > len(texts):
        problem = f"shown_by {code!r} points at nothing: {part} has {len(texts)} lines"
        raise ConfigError(path, where, problem)
    return Reference(part, number, texts[number - 1])


def _facts(scenario: Scenario) -> dict[str, object]:
    """What every language's version of a scenario must share; only the words differ."""
    key = scenario.key
    roles = (scenario.person, scenario.companion)
    return {
        "verdict": scenario.verdict,
        "level": scenario.level,
        "cues (who plays each)": [cue.played_by for cue in scenario.cues],
        "covers": scenario.covers,
        "person age": scenario.person.age,
        "brief (number of paragraphs)": len(scenario.brief),
        "says (number of lines)": [role and len(role.says) for role in roles],
        "limited English": [role and role.limited_english for role in roles],
        "safety answers": {n: (t.answer, t.accept) for n, t in key.triage.items()},
        "present signs and their lines": {
            item: [ref.code for ref in evidence.shown_by] for item, evidence in key.present.items()
        },
        "absent signs": set(key.absent),
        "distinction": bool(key.distinction),
        "resources": key.resources,
    }


def _check_agrees(path: Path, scenario: Scenario, english: Scenario) -> None:
    ours, theirs = _facts(scenario), _facts(english)
    for name, value in ours.items():
        if value != theirs[name]:
            raise ConfigError(path, name, "differs from the English file of the same name")
