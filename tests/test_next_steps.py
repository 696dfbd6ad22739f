"""The pure next-steps logic, on every triage combination, with and without ticks."""

from __future__ import annotations

import itertools

import pytest

from screening.app_data import app_data
from screening.content import TRIAGE_VALUES
from screening.next_steps import Answers, plan

COMBINATIONS = list(itertools.product(TRIAGE_VALUES, TRIAGE_VALUES))
SOME_TICKS = frozenset({"speaks-for-them", "holds-documents", "fearful"})


@pytest.fixture(scope="module")
def content(app):
    return app_data(app).content["en"]


@pytest.mark.parametrize("ticked", [frozenset(), SOME_TICKS], ids=["nothing-ticked", "ticked"])
@pytest.mark.parametrize(("danger", "minor"), COMBINATIONS)
def test_every_combination(content, danger, minor, ticked):
    ids = plan(Answers(danger, minor, ticked), content).step_ids

    # Possible danger: 911 before anything else; otherwise no 911 step.
    assert (ids[0] == "emergency") is (danger != "no")
    assert ids.count("emergency") == (0 if danger == "no" else 1)
    # A possible child: the Missouri report, and always before the hotline.
    assert ("report-child" in ids) is (minor != "no")
    if minor != "no":
        assert ids.index("report-child") < ids.index("call-hotline")
    # An adult with no one in danger: what they want comes first, and only
    # then ("Not sure" counts as yes).
    adult_and_safe = danger == "no" and minor == "no"
    assert ("their-wishes" in ids) is adult_and_safe
    assert (ids[0] == "their-wishes") is adult_and_safe
    # The national hotline always; law enforcement always last, as an option.
    assert "call-hotline" in ids
    assert ids[-1] == "law-enforcement"
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("danger", "minor"), COMBINATIONS)
def test_ticks_never_change_the_advice(content, danger, minor):
    # Counting signs would be a score; the advice depends on triage alone.
    without = plan(Answers(danger, minor), content).step_ids
    every_item = content.checklist.item_ids
    assert plan(Answers(danger, minor, every_item), content).step_ids == without


def test_noticed_signs_are_grouped_in_page_order(content):
    result = plan(Answers("no", "no", SOME_TICKS), content)
    assert [(g.id, [i.id for i in items]) for g, items in result.noticed] == [
        ("control", ["speaks-for-them", "holds-documents"]),
        ("behavior", ["fearful"]),
    ]
    assert plan(Answers("no", "no"), content).noticed == ()


def test_the_persons_wishes_step_says_to_ask_and_to_share_only_with_agreement(content):
    step = plan(Answers("no", "no"), content).steps[0]
    assert step.id == "their-wishes" and step.title == "Ask the person what they want"
    text = " ".join(step.body)
    assert "without giving their name" in text
    assert "only if they agree" in text
    assert "only if it is safe for them to carry it" in text


def test_steps_carry_their_resources(content):
    steps = {s.id: s for s in plan(Answers("yes", "yes"), content).steps}
    assert [r.id for r in steps["emergency"].resources] == ["emergency-911"]
    assert [r.id for r in steps["report-child"].resources] == ["mo-child-abuse"]
    assert [r.id for r in steps["call-hotline"].resources] == ["nhth"]
    assert [r.id for r in steps["law-enforcement"].resources] == ["hsi-tips", "victim-protections"]


def test_answers_refuse_values_outside_the_triage_choices():
    with pytest.raises(ValueError):
        Answers("maybe", "no")
