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

from .config_files import ConfigError, Fields, read_toml
from .content import STEP_IDS, TRIAGE_IDS, TRIAGE_VALUES, Checklist, Content
from .english_names import english_pattern, mark_all, mark_english
from .next_steps import step_ids_for
from .scenarios import (
    COVERAGE,
    CUE_PLAYERS,
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


def load_scenario(path: Path, language: str, content: Content) -> Scenario:
    """Read and check one scenario file against one language's ``content``."""
    # The slug is the file name; checked like any id because it goes in URLs.
    slug = Fields(path, "(file name)", {"slug": path.stem}).ident("slug")
    top = Fields(path, "(file)", read_toml(path))
    top.only(
        "title",
        "setting",
        "meets",
        "focus",
        "verdict",
        "covers",
        "brief",
        "person",
        "companion",
        "key",
        "level",
        "observer",
        "cues",
    )
    verdict = top.get("verdict")
    if verdict not in VERDICTS:
        top.fail(f"verdict {verdict!r} should be one of {', '.join(VERDICTS)}")
    covers = top.get("covers", list, required=False, default=[])
    for tag in covers:
        if tag not in COVERAGE:
            top.fail(f"covers {tag!r} is not one of {', '.join(COVERAGE)}")
    brief = top.paragraphs("brief")
    person = _role(path, "person", top.get("person", dict), age_required=True)
    companion_table = top.get("companion", dict, required=False)
    companion = _role(path, "companion", companion_table) if companion_table is not None else None
    level = top.get("level")
    if level not in LEVELS:
        top.fail(f"level {level!r} should be one of {', '.join(LEVELS)}")
    observer = _observer(path, top.get("observer", dict))
    cues = _cues(path, top.get("cues", list))
    lines = {
        "brief": brief,
        "person": person.says,
        "companion": companion and companion.says,
        "cues": tuple(cue.what for cue in cues),
    }
    return Scenario(
        slug=slug,
        language=language,
        title=top.get("title"),
        setting=top.get("setting"),
        meets=top.get("meets"),
        focus=top.get("focus"),
        verdict=verdict,
        covers=frozenset(covers),
        brief=brief,
        person=person,
        companion=companion,
        key=_key(path, top.get("key", dict), content, verdict, lines),
        level=level,
        observer=observer,
        cues=cues,
    )


def _observer(path: Path, table: dict) -> Observer:
    """The observer's card; what to watch is particular to each scenario."""
    entry = Fields(path, "observer", table).only("watch")
    return Observer(entry.paragraphs("watch"))


def _cues(path: Path, tables: list) -> tuple[Cue, ...]:
    """The off-stage events, in the order they happen; each names who plays it.

    Every scenario has at least one, so the third trainee (or the
    facilitator) always has something to play.
    """
    if not tables:
        raise ConfigError(path, "(file)", "missing 'cues': give at least one [[cues]]")
    cues = []
    for number, table in enumerate(tables, start=1):
        entry = Fields(path, f"cues {number}", table).only("played_by", "when", "what")
        played_by = entry.get("played_by")
        if played_by not in CUE_PLAYERS:
            entry.fail(f"played_by {played_by!r} should be one of {', '.join(CUE_PLAYERS)}")
        cues.append(Cue(played_by, entry.get("when"), entry.get("what")))
    return tuple(cues)


def _role(path: Path, where: str, table: dict, age_required: bool = False) -> Role:
    entry = Fields(path, where, table).only(
        "name", "age", "background", "says", "will_not_say", "if_separated", "limited_english"
    )
    age = entry.get("age", int, required=age_required)
    if age is not None and (isinstance(age, bool) or not 1 <= age <= 120):
        entry.fail(f"age {age!r} should be a whole number of years")
    return Role(
        name=entry.get("name"),
        age=age,
        background=entry.paragraphs("background"),
        says=entry.paragraphs("says"),
        will_not_say=entry.paragraphs("will_not_say"),
        if_separated=entry.get("if_separated"),
        limited_english=entry.get("limited_english", bool, required=False, default=False),
    )


def _key(
    path: Path,
    table: dict,
    content: Content,
    verdict: str,
    lines: Mapping[str, tuple[str, ...] | None],
) -> Key:
    entry = Fields(path, "key", table).only(
        *TRIAGE_IDS,
        "steps",
        "present",
        "absent",
        "why",
        "distinction",
        "resources",
        "questions",
    )
    triage = {name: _triage(path, name, entry.get(name, dict)) for name in TRIAGE_IDS}
    _check_steps(entry, {name: triage[name].answer for name in TRIAGE_IDS})
    checklist = content.checklist
    present = _present(path, entry.get("present", dict), checklist, lines)
    absent = _absent(path, entry.get("absent", dict), checklist)
    if not present:
        entry.fail("'present' is empty: every scenario shows at least one sign")
    both = sorted(set(present) & set(absent))
    if both:
        entry.fail(f"item {both[0]!r} is listed as both present and absent")
    unlisted = [i for g in checklist.groups for i in g.items if i.id not in present | absent]
    if unlisted:
        entry.fail(f"item {unlisted[0].id!r} is neither present nor absent: say which, and why")
    # A look-alike exists to teach where the line is, so it must say so; a
    # trafficking scenario has no line to draw.
    distinction = entry.get("distinction", required=verdict == "look-alike", default="")
    if distinction and verdict != "look-alike":
        entry.fail("'distinction' is only for a look-alike (what would have made it trafficking)")
    resources = tuple(entry.get("resources", list, required=False, default=[]))
    for resource in resources:
        if resource not in content.resources:
            entry.fail(f"resource {resource!r} is not in the {content.language} resources")
    questions = entry.paragraphs("questions")
    low, high = _QUESTIONS
    if not low <= len(questions) <= high:
        entry.fail(f"has {len(questions)} debrief questions; give {low} to {high}")
    # The debrief names agencies, some in English inside a translation.
    english = english_pattern(content.kept_in_english)
    return Key(
        triage=MappingProxyType(triage),
        present=MappingProxyType(present),
        absent=MappingProxyType(absent),
        why=mark_all(entry.paragraphs("why"), english),
        distinction=mark_english(distinction, english),
        resources=resources,
        questions=mark_all(questions, english),
    )


def _check_steps(entry: Fields, answers: dict[str, str]) -> None:
    """The key's ``steps`` must be the calls the real journey gives for its answers.

    The key states its calls in order so a trainer reads them in the file;
    they must be what the checklist gives, or the debrief would teach
    something the app does not do. The pages work them out from the answers
    (screening.next_steps), so they are checked here and not kept.
    """
    steps = tuple(entry.get("steps", list))
    for step in steps:
        if step not in STEP_IDS:
            entry.fail(f"step {step!r} is not one of {', '.join(STEP_IDS)}")
    expected = step_ids_for(**answers)
    if steps != expected:
        given = ", ".join(f"{name}={value!r}" for name, value in answers.items())
        entry.fail(
            f"steps {list(steps)} are not what the checklist gives for {given}: {list(expected)}"
        )


def _triage(path: Path, name: str, table: dict) -> TriageKey:
    entry = Fields(path, f"key.{name}", table).only("answer", "accept", "why")
    answer = entry.get("answer")
    if answer not in TRIAGE_VALUES:
        entry.fail(f"answer {answer!r} should be one of {', '.join(TRIAGE_VALUES)}")
    accept = entry.get("accept", list, required=False, default=[])
    for other in accept:
        if other not in TRIAGE_VALUES or other == answer:
            entry.fail(f"accept {other!r} should be another of {', '.join(TRIAGE_VALUES)}")
    # In the form's order (yes, no, not sure), so every page lists them alike.
    ordered = tuple(value for value in TRIAGE_VALUES if value in accept)
    return TriageKey(answer, ordered, entry.get("why"))


def _present(
    path: Path,
    table: dict,
    checklist: Checklist,
    lines: Mapping[str, tuple[str, ...] | None],
) -> dict[str, Evidence]:
    present = {}
    for item_id, value in table.items():
        where = f"key.present {item_id!r}"
        if item_id not in checklist.item_ids:
            raise ConfigError(path, where, "is not an item in the checklist")
        entry = Fields(path, where, value).only("note", "shown_by")
        codes = entry.get("shown_by", list, required=False, default=[])
        if not codes:
            entry.fail(
                "has no shown_by: name the lines of the brief or of a role card's says that show it"
            )
        shown_by = tuple(_reference(entry, code, lines) for code in codes)
        present[item_id] = Evidence(entry.get("note"), shown_by)
    return present


def _reference(entry: Fields, code: object, lines: Mapping[str, tuple[str, ...] | None]):
    match = _REFERENCE.match(code) if isinstance(code, str) else None
    if match is None:
        entry.fail(
            f"shown_by {code!r} should be brief.N, person.says.N, companion.says.N or cues.N:"
            " only what the trainee reads or hears counts"
        )
    part = match[1] or match[2]
    number = int(match[3])
    texts = lines[part]
    if texts is None:
        entry.fail(f"shown_by {code!r} points at nothing: this scenario has no companion")
    if number > len(texts):
        entry.fail(f"shown_by {code!r} points at nothing: {part} has {len(texts)} lines")
    return Reference(part, number, texts[number - 1])


def _absent(path: Path, table: dict, checklist: Checklist) -> dict[str, str]:
    notes = {}
    for item_id, note in table.items():
        where = f"key.absent {item_id!r}"
        if item_id not in checklist.item_ids:
            raise ConfigError(path, where, "is not an item in the checklist")
        if not isinstance(note, str) or not note.strip():
            raise ConfigError(path, where, "should explain, in a non-empty string")
        notes[item_id] = note
    return notes


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
