"""The group debrief: several groups' answers to one scenario, side by side with its key.

A facilitator enters, for each group (up to :data:`MAX_GROUPS`), the two
safety answers and the signs the group checked, and gets one page comparing
them with the key and with each other. Like the real result, that page is
the answer to the POST: nothing is stored, and nothing goes in the address.

:func:`compare_groups` is pure (no Flask), like :func:`screening.scenarios.compare`;
the form is built from the checklist, once per language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from wtforms import Form
from wtforms.fields import FormField
from wtforms.fields.choices import SelectChoice

from .content import Checklist, Content, Item
from .forms import SignsField, TokenCheckedForm, TriageField, wants_change
from .next_steps import step_ids_for
from .scenarios import Scenario, compare

#: How many groups one form takes: a room of eighteen in groups of three.
MAX_GROUPS = 6
#: How many columns the form shows unless the address asks for more or fewer.
DEFAULT_GROUPS = 3
FEWEST_GROUPS = 2


def group_count(value: str | None) -> int:
    """The number of columns asked for (``?groups=4``, or the form's hidden field).

    Anything that is not a whole number from 2 to 6 gives the default: the
    facilitator can still choose, so there is nothing to refuse.
    """
    if value and value.isdigit() and FEWEST_GROUPS <= int(value) <= MAX_GROUPS:
        return int(value)
    return DEFAULT_GROUPS


@dataclass(frozen=True)
class GroupAnswers:
    """What one group sent: its number (from 1), its safety answers (or None) and its ticks."""

    number: int
    triage: dict[str, str | None]
    ticked: frozenset[str]


@dataclass(frozen=True)
class TriageCell:
    """One group's answer to one safety question, and how it stands against the key."""

    given: str | None
    verdict: str  # same, accepted or different


@dataclass(frozen=True)
class GroupResult:
    """One group against the key: its safety answers, its counts and the calls they lead to."""

    number: int
    triage: dict[str, TriageCell]
    spotted: int
    missed: int
    flagged: int
    step_ids: tuple[str, ...] | None  # None when a safety question was left unanswered

    @property
    def differs(self) -> bool:
        """True when a safety answer is one the key does not accept."""
        return any(cell.verdict == "different" for cell in self.triage.values())


@dataclass(frozen=True)
class SignRow:
    """One sign across the groups: which checked it, which did not, and the key's note."""

    item: Item
    note: str
    shown_by: tuple
    checked_by: tuple[int, ...]
    not_checked_by: tuple[int, ...]


@dataclass(frozen=True)
class GroupComparison:
    """The groups against the key and each other, ready to show."""

    groups: tuple[GroupResult, ...]
    #: Present signs, the ones most groups missed first.
    present: tuple[SignRow, ...]
    #: Absent signs at least one group checked, the most checked first.
    flagged: tuple[SignRow, ...]

    @property
    def differing(self) -> tuple[GroupResult, ...]:
        """Groups whose safety answers the key does not accept: the debrief starts with them."""
        return tuple(group for group in self.groups if group.differs)


def compare_groups(
    scenario: Scenario, groups: Sequence[GroupAnswers], checklist: Checklist
) -> GroupComparison:
    """Each group against ``scenario``'s key, and each sign across the groups."""
    key = scenario.key
    results = []
    for group in groups:
        sorted_ticks = compare(scenario, group.ticked, checklist)
        triage = {
            question.id: TriageCell(
                group.triage.get(question.id),
                key.triage[question.id].verdict(group.triage.get(question.id)),
            )
            for question in checklist.triage
        }
        answered = all(cell.given for cell in triage.values())
        results.append(
            GroupResult(
                number=group.number,
                triage=triage,
                spotted=len(sorted_ticks.spotted),
                missed=len(sorted_ticks.missed),
                flagged=len(sorted_ticks.flagged_absent),
                step_ids=step_ids_for(**{k: c.given for k, c in triage.items()})
                if answered
                else None,
            )
        )
    numbers = [group.number for group in groups]
    present, flagged = [], []
    for item in (item for group in checklist.groups for item in group.items):
        checked = tuple(group.number for group in groups if item.id in group.ticked)
        others = tuple(n for n in numbers if n not in checked)
        evidence = key.present.get(item.id)
        if evidence is not None:
            present.append(SignRow(item, evidence.note, evidence.shown_by, checked, others))
        elif checked:
            flagged.append(SignRow(item, key.absent[item.id], (), checked, others))
    # sorted() keeps checklist order among equals.
    present.sort(key=lambda row: -len(row.not_checked_by))
    flagged.sort(key=lambda row: -len(row.checked_by))
    return GroupComparison(tuple(results), tuple(present), tuple(flagged))


# --- the form ----------------------------------------------------------------------


class GroupTriageField(TriageField):
    """A safety answer chosen from a list whose first, blank option means "not answered"."""

    def process_formdata(self, valuelist: list[str]) -> None:
        super().process_formdata([value for value in valuelist if value != ""])


class GroupDebriefFormBase(TokenCheckedForm):
    """Up to six groups' answers; the fields are built per language by :func:`group_form`."""

    checklist: Checklist

    @property
    def entries(self) -> list:
        """Each group's part of the form (``g1`` to ``g6``), in order."""
        return [self[f"g{number}"] for number in range(1, MAX_GROUPS + 1)]

    def group_answers(self) -> list[GroupAnswers]:
        """The groups that answered anything, each with its number; blank groups are left out."""
        found = []
        for number, entry in enumerate(self.entries, start=1):
            triage = {q.id: entry[q.id].data for q in self.checklist.triage}
            ticked = frozenset(entry.signs.data or ())
            if any(triage.values()) or ticked:
                found.append(GroupAnswers(number, triage, ticked))
        return found

    def last_used(self) -> int:
        """The number of the last group sent with anything in it (0 for none), errors included."""
        used = [
            number
            for number, entry in enumerate(self.entries, start=1)
            if any(field.raw_data or field.errors for field in entry)
        ]
        return max(used, default=0)

    def check_answers(self) -> bool:
        """Mark what cannot be debriefed: a tampered value, or no group answered at all.

        An unanswered safety question is not an error: the debrief shows it
        as "Not answered", which is worth talking about.
        """
        ok = True
        for entry in self.entries:
            for question in self.checklist.triage:
                field = entry[question.id]
                if field.refused:
                    field.errors = [_l("Something here was not recognized. Choose again.")]
                    ok = False
            if entry.signs.unknown:
                entry.signs.errors = [
                    _l("Something in this group was not recognized. Look it over and send again.")
                ]
                ok = False
        if ok and not self.group_answers():
            first = self.entries[0][self.checklist.triage[0].id]
            first.errors = [_l("Enter at least one group's answers.")]
            ok = False
        return ok

    def problems(self) -> list:
        """Fields with errors, in page order, for the error summary."""
        return [
            field
            for entry in self.entries
            for field in (*(entry[q.id] for q in self.checklist.triage), entry.signs)
            if field.errors
        ]

    def has_problems(self) -> bool:
        """True when the token failed or a field has an error: the page and its tab say so."""
        return self.token_problem or bool(self.problems())

    def wants_change(self) -> bool:
        """True when the POST asks for the form back, filled in (the language switch, "Change")."""
        return wants_change()


def build_group_form_class(checklist: Checklist) -> type[GroupDebriefFormBase]:
    """The group form for one language: :data:`MAX_GROUPS` copies of the checklist's answers."""
    attrs: dict[str, object] = {}
    for question in checklist.triage:
        attrs[question.id] = GroupTriageField(question.question, question.error)
    choices = [
        SelectChoice(item.id, item.label) for group in checklist.groups for item in group.items
    ]
    attrs["signs"] = SignsField(_l("Signs the group checked"), choices=choices)
    entry = type("GroupEntry", (Form,), attrs)
    # Fixed, short names (g1-danger, g1-signs...): a group keeps its number
    # whichever groups are left blank, and a grid of 6 x 19 checkboxes stays light.
    fields: dict[str, object] = {"checklist": checklist}
    for number in range(1, MAX_GROUPS + 1):
        fields[f"g{number}"] = FormField(entry, label=_l("Group %(num)s", num=number))
    return type("GroupDebriefForm", (GroupDebriefFormBase,), fields)


def build_group_form_classes(content: Mapping[str, Content]) -> dict[str, type]:
    """One group form class per language, built at start-up (see AppData)."""
    return {language: build_group_form_class(c.checklist) for language, c in content.items()}
