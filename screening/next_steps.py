"""Turn a worker's answers into next steps. Pure: no Flask, no I/O.

The triage answers alone decide which steps appear and in what order. The
signs a worker checked are shown back, grouped, but never change the advice:
counting them would be a score, and signs are not proof either way.
"""

from __future__ import annotations

from dataclasses import dataclass

from .content import TRIAGE_IDS, TRIAGE_VALUES, Content, Group, Item, Note, Step

#: Answers that must be treated as "yes": when in doubt, act as if it is so.
ACT_ON = frozenset({"yes", "unsure"})


@dataclass(frozen=True)
class Answers:
    """What the worker said: the two triage answers and the ids of checked signs."""

    danger: str
    minor: str
    ticked: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        for name, value in self.triage().items():
            if value not in TRIAGE_VALUES:
                raise ValueError(f"{name} must be one of {TRIAGE_VALUES}")

    def triage(self) -> dict[str, str]:
        """The triage answers by question id, in page order."""
        return {question_id: getattr(self, question_id) for question_id in TRIAGE_IDS}


@dataclass(frozen=True)
class Plan:
    """What to show: the steps in order, the lines beside them, the checked signs by group."""

    steps: tuple[Step, ...]
    noticed: tuple[tuple[Group, tuple[Item, ...]], ...]
    notes: tuple[Note, ...]

    @property
    def step_ids(self) -> tuple[str, ...]:
        """The ids of the steps, in order."""
        return tuple(step.id for step in self.steps)


#: A step for every answer, after any other; one shown every time, but only ever as an option.
ALWAYS, OPTION = "always", "option"
#: A step for when neither triage question is answered "yes" or "not sure".
NEITHER = "neither"

#: When each step is shown, in order: a triage question's id ("danger",
#: "minor") when its answer is in ACT_ON, NEITHER, ALWAYS, or OPTION.
#: 911 comes first whenever danger is possible. A possible child means the
#: Missouri Children's Division report (mandated reporting) before the
#: national hotline. An adult with no one in danger decides what happens
#: next, so asking what they want comes first. The federal law-enforcement
#: tip line is always last and only ever an option. The pocket card states
#: these same rules (screening/pocket_card.py).
STEP_RULES: tuple[tuple[str, str], ...] = (
    ("emergency", "danger"),
    ("report-child", "minor"),
    ("their-wishes", NEITHER),
    ("call-hotline", ALWAYS),
    ("law-enforcement", OPTION),
)


def applies(when: str, danger: str, minor: str) -> bool:
    """True when a step with rule ``when`` (see :data:`STEP_RULES`) is shown for these answers."""
    acted_on = {name for name, answer in (("danger", danger), ("minor", minor)) if answer in ACT_ON}
    if when in (ALWAYS, OPTION):
        return True
    if when == NEITHER:
        return not acted_on
    return when in acted_on


def step_ids_for(danger: str, minor: str) -> tuple[str, ...]:
    """The ordered step ids for the two triage answers, by :data:`STEP_RULES`."""
    return tuple(step_id for step_id, when in STEP_RULES if applies(when, danger, minor))


def note_ids_for(danger: str, minor: str) -> tuple[str, ...]:
    """The ids of the lines shown beside the steps for the two triage answers.

    Information, never a step: the steps stay :func:`step_ids_for`'s. An
    adult (a clear "no" to under 18), whether or not anyone is in danger,
    may be 60 or older or have a disability that keeps them from protecting
    themselves; some professionals must then report to Missouri's Adult
    Abuse and Neglect Hotline, so every adult's results say so. ``danger``
    does not change the lines today; it is taken so both functions read the
    same answers.
    """
    del danger
    return ("vulnerable-adult",) if minor == "no" else ()


def plan(answers: Answers, content: Content) -> Plan:
    """The next steps and the noticed signs for ``answers``, worded by ``content``.

    Checked ids that the checklist does not know are ignored here; the form
    has already refused them.
    """
    steps = tuple(content.steps[i] for i in step_ids_for(answers.danger, answers.minor))
    noticed = []
    for group in content.checklist.groups:
        items = tuple(item for item in group.items if item.id in answers.ticked)
        if items:
            noticed.append((group, items))
    notes = tuple(content.notes[i] for i in note_ids_for(answers.danger, answers.minor))
    return Plan(steps=steps, noticed=tuple(noticed), notes=notes)
