"""Training scenarios: the model, and sorting a trainee's ticks against a key.

A scenario is a worker brief, role cards, and a facilitator key. The key is
provable from the story: every sign it marks present names the line(s) of
the brief, or of what a role card ``says``, that show it (a
:class:`Reference`), so a debrief never marks a trainee wrong for missing
something they could not see or hear. Loading and checking the files is
:mod:`screening.scenario_loader`'s job; the rules a key follows for each
checklist item are written down in ``config/scenarios/README.md``.

:func:`compare` sorts a trainee's ticks against a scenario's key. It is pure,
like :mod:`screening.next_steps`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, ValidationInfo, field_validator

from .config_files import Paragraphs, Table, Text, Tuple
from .content import TRIAGE_VALUES, Checklist, Item
from .next_steps import Answers

#: Whether the person in a scenario is trafficked, or the case only looks like it.
VERDICTS = ("trafficking", "look-alike")

#: What a scenario can be tagged as covering; the tests check that the set of
#: scenarios covers all of them. The README's coverage table explains them.
COVERAGE = (
    "agriculture",
    "construction",
    "domestic-work",
    "hospitality",
    "traveling-sales",
    "sex-trafficking",
    "labor-trafficking",
    "us-born-teen",
    "us-born-labor",
    "boyfriend-recruiter",
    "adult-man",
    "male-sex-trafficking",
    "lgbtq",
    "disability",
    "family-trafficker",
    "does-not-self-identify",
    "under-18",
    "immediate-danger",
    "look-alike",
)

#: How much a scenario asks of a group, for a trainer choosing a set.
LEVELS = ("introductory", "intermediate", "advanced")

#: Who in the session plays a cue: the third trainee on the companion's or
#: the observer's card, or the facilitator, from outside the group.
CUE_PLAYERS = ("companion", "observer", "facilitator")


def _years(age: int | None) -> int | None:
    if age is not None and not 1 <= age <= 120:
        raise ValueError(f"age {age!r} should be a whole number of years")
    return age


class Role(Table):
    """A role card: who to play, what they will and will not say, and how they react."""

    name: Text
    #: Required on the person's card (the loader checks), optional on the companion's.
    age: Annotated[int | None, AfterValidator(_years)] = None
    background: Paragraphs
    says: Paragraphs
    will_not_say: Paragraphs
    if_separated: Text
    #: The card then tells the actor how to play limited English with respect.
    limited_english: bool = False


class Observer(Table):
    """The observer's card: what the third trainee watches for, in this scenario."""

    watch: Paragraphs


class Cue(Table):
    """An event off-stage (a text, a call, a van pulling in): who plays it, when, and what."""

    played_by: Literal[CUE_PLAYERS]
    when: Text
    what: Text


@dataclass(frozen=True)
class Reference:
    """One line the trainee sees or hears: a paragraph of the brief, a line a role
    says, or a cue played during the role-play (``part`` is ``"cues"``)."""

    part: str
    number: int
    text: str

    @property
    def code(self) -> str:
        """How the scenario file writes it: ``brief.2``, ``person.says.1``, ``cues.1``."""
        if self.part in ("brief", "cues"):
            return f"{self.part}.{self.number}"
        return f"{self.part}.says.{self.number}"


@dataclass(frozen=True)
class Evidence:
    """Why a sign is present: the key's note, and the lines of the story that show it."""

    note: str
    shown_by: tuple[Reference, ...]


class TriageKey(Table):
    """The key's answer to one safety question, other answers it accepts, and why."""

    answer: Literal[TRIAGE_VALUES]
    accept: Tuple[Literal[TRIAGE_VALUES]] = ()
    why: Text

    @field_validator("accept")
    @classmethod
    def _others_in_form_order(
        cls, accept: tuple[str, ...], info: ValidationInfo
    ) -> tuple[str, ...]:
        for other in accept:
            if other == info.data.get("answer"):
                raise ValueError(
                    f"accept {other!r} should be another of {', '.join(TRIAGE_VALUES)}"
                )
        # In the form's order (yes, no, not sure), so every page lists them alike.
        return tuple(value for value in TRIAGE_VALUES if value in accept)

    def accepts(self, given: str | None) -> bool:
        """True for the key's answer or an alternative it accepts."""
        return given == self.answer or given in self.accept

    def verdict(self, given: str | None) -> str:
        """``same``, ``accepted`` (an alternative the key accepts) or ``different``."""
        if given == self.answer:
            return "same"
        return "accepted" if self.accepts(given) else "different"


@dataclass(frozen=True)
class Key:
    """The facilitator's key: which signs are in the scenario, the triage, and the debrief."""

    triage: Mapping[str, TriageKey]
    present: Mapping[str, Evidence]
    absent: Mapping[str, str]
    why: tuple[str, ...]
    distinction: str
    resources: tuple[str, ...]
    questions: tuple[str, ...]

    @property
    def danger(self) -> str:
        """The key's answer to "Is anyone in immediate danger?"."""
        return self.triage["danger"].answer

    @property
    def minor(self) -> str:
        """The key's answer to "Could the person be under 18?"."""
        return self.triage["minor"].answer

    @property
    def answers(self) -> Answers:
        """The key as a worker's answers: its triage, and every present sign checked."""
        return Answers(self.danger, self.minor, frozenset(self.present))


@dataclass(frozen=True)
class Scenario:
    """One role-play scenario, in one language.

    ``setting`` and ``meets`` are all a trainee may know before the role-play;
    ``focus``, ``verdict`` and the person's age belong to the facilitator.
    ``level``, ``observer`` and ``cues`` are what a session needs besides the
    role cards: how hard the scenario is, the third trainee's card, and the
    events played from off-stage.
    """

    slug: str
    language: str
    title: str
    setting: str
    meets: str
    focus: str
    verdict: str
    covers: frozenset[str]
    brief: tuple[str, ...]
    person: Role
    companion: Role | None
    key: Key
    level: str
    observer: Observer
    cues: tuple[Cue, ...]


@dataclass(frozen=True)
class Finding:
    """One checklist item in a debrief, with the key's explanation and, if present, its lines."""

    item: Item
    note: str
    shown_by: tuple[Reference, ...] = ()


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
            evidence = present.get(item.id)
            if evidence is not None:
                finding = Finding(item, evidence.note, evidence.shown_by)
                (spotted if item.id in ticked else missed).append(finding)
            elif item.id in ticked:
                flagged.append(Finding(item, scenario.key.absent[item.id]))
    return Comparison(tuple(spotted), tuple(missed), tuple(flagged))


#: Words a title may start with that a list does not sort by, in each
#: language the scenarios are written in.
_ARTICLES = re.compile(r"^(?:the|a|an|el|la|los|las|un|una)\s+", re.IGNORECASE)


def title_order(title: str) -> str:
    """How a list sorts a title: without a leading article, accents or case.

    "The boyfriend..." sorts under B and "La auxiliar..." under A, as a
    library's catalog would, in English and in Spanish.
    """
    bare = _ARTICLES.sub("", title.strip())
    letters = unicodedata.normalize("NFKD", bare)
    return "".join(c for c in letters if not unicodedata.combining(c)).casefold()


def by_title(scenarios: Iterable[Scenario]) -> list[Scenario]:
    """Scenarios in the order a trainer reads a list: by title (see :func:`title_order`)."""
    return sorted(scenarios, key=lambda scenario: title_order(scenario.title))
