"""Training scenarios: load them from ``config/scenarios/<language>/``, check them, compare.

Each scenario is one TOML file; its slug is the file name. Scenarios are read
once at start-up and checked against the checklist they are used with: every
item id must exist, every item is either present or deliberately absent, and
the key's next steps must be the ones the real journey gives for the key's
triage answers. Any problem stops start-up with a :class:`ConfigError` naming
the file, the entry and the problem.

:func:`compare` sorts a trainee's ticks against a scenario's key. It is pure,
like :mod:`screening.next_steps`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from .config_files import ConfigError, Fields, read_toml
from .content import STEP_IDS, TRIAGE_IDS, TRIAGE_VALUES, Checklist, Content, Item
from .next_steps import Answers, step_ids_for

#: Whether the person in a scenario is trafficked, or the case only looks like it.
VERDICTS = ("trafficking", "look-alike")

#: What a scenario can be tagged as covering; the tests check that the set of
#: scenarios covers all of them.
COVERAGE = (
    "agriculture",
    "construction",
    "domestic-work",
    "hospitality",
    "sex-trafficking",
    "us-born-teen",
    "boyfriend-recruiter",
    "adult-man",
    "family-trafficker",
    "does-not-self-identify",
    "under-18",
    "immediate-danger",
    "look-alike",
)

_QUESTIONS = (3, 5)


@dataclass(frozen=True)
class Role:
    """A role card: who to play, what they will and will not say, and how they react."""

    name: str
    background: tuple[str, ...]
    says: tuple[str, ...]
    will_not_say: tuple[str, ...]
    if_separated: str


@dataclass(frozen=True)
class Key:
    """The facilitator's key: which signs are in the scenario, the triage, and the debrief."""

    danger: str
    minor: str
    steps: tuple[str, ...]
    present: Mapping[str, str]
    absent: Mapping[str, str]
    why: tuple[str, ...]
    questions: tuple[str, ...]

    def note(self, item_id: str) -> str:
        """The key's explanation for one checklist item, present or absent."""
        return self.present.get(item_id) or self.absent[item_id]

    @property
    def answers(self) -> Answers:
        """The key as a worker's answers: its triage, and every present sign checked."""
        return Answers(self.danger, self.minor, frozenset(self.present))


@dataclass(frozen=True)
class Scenario:
    """One role-play scenario, in one language."""

    slug: str
    language: str
    title: str
    setting: str
    focus: str
    verdict: str
    covers: frozenset[str]
    brief: tuple[str, ...]
    person: Role
    companion: Role | None
    key: Key


@dataclass(frozen=True)
class Finding:
    """One checklist item in a debrief, with the key's explanation."""

    item: Item
    note: str


@dataclass(frozen=True)
class Comparison:
    """A trainee's ticks sorted against the key, each list in checklist order."""

    spotted: tuple[Finding, ...]
    missed: tuple[Finding, ...]
    flagged_absent: tuple[Finding, ...]


def compare(scenario: Scenario, ticked: frozenset[str], checklist: Checklist) -> Comparison:
    """Sort ``ticked`` into signs spotted, signs missed, and signs flagged though absent."""
    spotted, missed, flagged = [], [], []
    present = scenario.key.present
    for group in checklist.groups:
        for item in group.items:
            finding = Finding(item, scenario.key.note(item.id))
            if item.id in present:
                (spotted if item.id in ticked else missed).append(finding)
            elif item.id in ticked:
                flagged.append(finding)
    return Comparison(tuple(spotted), tuple(missed), tuple(flagged))


# --- loading ---------------------------------------------------------------


def load_scenarios(
    folder: Path, library: Mapping[str, Content]
) -> dict[str, Mapping[str, Scenario]]:
    """Every language folder under ``folder/scenarios``, checked; English is required.

    Another language folder needs content in that language and exactly the
    English slugs, so a trainer can switch language mid-session.
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
        loaded[language] = _load_folder(base, language, library[language].checklist)
        missing = sorted(set(loaded["en"]) - set(loaded[language]))
        extra = sorted(set(loaded[language]) - set(loaded["en"]))
        if missing:
            raise ConfigError(base, "(folder)", f"scenario {missing[0]!r} has no file here")
        if extra:
            raise ConfigError(base / f"{extra[0]}.toml", "(file)", "there is no English version")
    return loaded


def _load_folder(base: Path, language: str, checklist: Checklist) -> Mapping[str, Scenario]:
    scenarios: dict[str, Scenario] = {}
    titles: dict[str, str] = {}
    for path in sorted(base.glob("*.toml")):
        scenario = load_scenario(path, language, checklist)
        if scenario.title in titles:
            raise ConfigError(
                path, "title", f"duplicate title (also in {titles[scenario.title]}.toml)"
            )
        titles[scenario.title] = scenario.slug
        scenarios[scenario.slug] = scenario
    if not scenarios:
        raise ConfigError(base, "(folder)", "holds no scenario files")
    return MappingProxyType(scenarios)


def load_scenario(path: Path, language: str, checklist: Checklist) -> Scenario:
    """Read and check one scenario file against ``checklist``."""
    # The slug is the file name; checked like any id because it goes in URLs.
    slug = Fields(path, "(file name)", {"slug": path.stem}).ident("slug")
    top = Fields(path, "(file)", read_toml(path))
    top.only(
        "title", "setting", "focus", "verdict", "covers", "brief", "person", "companion", "key"
    )
    verdict = top.get("verdict")
    if verdict not in VERDICTS:
        top.fail(f"verdict {verdict!r} should be one of {', '.join(VERDICTS)}")
    covers = top.get("covers", list, required=False, default=[])
    for tag in covers:
        if tag not in COVERAGE:
            top.fail(f"covers {tag!r} is not one of {', '.join(COVERAGE)}")
    companion = top.get("companion", dict, required=False)
    return Scenario(
        slug=slug,
        language=language,
        title=top.get("title"),
        setting=top.get("setting"),
        focus=top.get("focus"),
        verdict=verdict,
        covers=frozenset(covers),
        brief=top.paragraphs("brief"),
        person=_role(path, "person", top.get("person", dict)),
        companion=_role(path, "companion", companion) if companion is not None else None,
        key=_key(path, top.get("key", dict), checklist),
    )


def _role(path: Path, where: str, table: dict) -> Role:
    entry = Fields(path, where, table).only(
        "name", "background", "says", "will_not_say", "if_separated"
    )
    return Role(
        name=entry.get("name"),
        background=entry.paragraphs("background"),
        says=entry.paragraphs("says"),
        will_not_say=entry.paragraphs("will_not_say"),
        if_separated=entry.get("if_separated"),
    )


def _key(path: Path, table: dict, checklist: Checklist) -> Key:
    entry = Fields(path, "key", table).only(
        *TRIAGE_IDS, "steps", "present", "absent", "why", "questions"
    )
    answers = {}
    for name in TRIAGE_IDS:
        answers[name] = entry.get(name)
        if answers[name] not in TRIAGE_VALUES:
            entry.fail(f"{name} {answers[name]!r} should be one of {', '.join(TRIAGE_VALUES)}")
    steps = tuple(entry.get("steps", list))
    for step in steps:
        if step not in STEP_IDS:
            entry.fail(f"step {step!r} is not one of {', '.join(STEP_IDS)}")
    # The key states its calls in order so a trainer reads them in the file;
    # they must be what the real journey gives, or the debrief would teach
    # something the app does not do.
    expected = step_ids_for(**answers)
    if steps != expected:
        given = ", ".join(f"{name}={value!r}" for name, value in answers.items())
        entry.fail(
            f"steps {list(steps)} are not what the checklist gives for {given}: {list(expected)}"
        )
    present = _notes(path, "key.present", entry.get("present", dict), checklist)
    absent = _notes(path, "key.absent", entry.get("absent", dict), checklist)
    if not present:
        entry.fail("'present' is empty: every scenario shows at least one sign")
    both = sorted(set(present) & set(absent))
    if both:
        entry.fail(f"item {both[0]!r} is listed as both present and absent")
    unlisted = [i for g in checklist.groups for i in g.items if i.id not in present | absent]
    if unlisted:
        entry.fail(f"item {unlisted[0].id!r} is neither present nor absent: say which, and why")
    questions = entry.paragraphs("questions")
    low, high = _QUESTIONS
    if not low <= len(questions) <= high:
        entry.fail(f"has {len(questions)} debrief questions; give {low} to {high}")
    return Key(
        **answers,
        steps=steps,
        present=MappingProxyType(present),
        absent=MappingProxyType(absent),
        why=entry.paragraphs("why"),
        questions=questions,
    )


def _notes(path: Path, where: str, table: dict, checklist: Checklist) -> dict[str, str]:
    known = checklist.item_ids
    notes = {}
    for item_id, note in table.items():
        if item_id not in known:
            raise ConfigError(path, f"{where} {item_id!r}", "is not an item in the checklist")
        if not isinstance(note, str) or not note.strip():
            raise ConfigError(path, f"{where} {item_id!r}", "should explain, in a non-empty string")
        notes[item_id] = note
    return notes
