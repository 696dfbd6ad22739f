"""The facilitator key's summary reads the same wherever a trainer meets it.

The key card (printed, and in the session pack), the practice debrief and
the group debrief each give the verdict, the focus, the person's age, why,
and for a look-alike where the line is: one piece of the page, said once.
"""

from __future__ import annotations

import pytest

from .test_training import key_answers

#: A look-alike, a child's case, an adult's case.
SLUGS = ["sales-crew", "motel-room", "summer-sales"]
TWO_GROUPS = [("groups", "2"), ("g1-danger", "no"), ("g1-minor", "no")]
TWO_GROUPS += [("g2-danger", "no"), ("g2-minor", "no")]


def summary(section) -> list[str]:
    """The summary's lines: the verdict, and what follows it up to the next subject."""
    verdict = section.select_one(".verdict")
    lines = [verdict.get_text(" ", strip=True)]
    for sibling in verdict.find_next_siblings(["p", "h3", "ol"]):
        text = sibling.get_text(" ", strip=True)
        if sibling.name != "p" and text != "Where the line is":
            break
        lines.append(text)
    return lines


@pytest.mark.parametrize("slug", SLUGS)
def test_the_key_card_and_both_debriefs_give_the_same_summary(
    client_request, scenarios, checklist, slug
):
    scenario = scenarios[slug]
    card = client_request.get(f"/training/{slug}/cards").select_one("#card-key")
    debrief = client_request.post(f"/training/{slug}", key_answers(scenario, checklist))
    groups = client_request.post(f"/training/{slug}/groups", TWO_GROUPS)
    why = "section[aria-labelledby=why-title]"
    said = summary(card)
    assert summary(debrief.select_one(why)) == said
    assert summary(groups.select_one(why)) == said
    text = " ".join(said)
    assert scenario.focus in text and str(scenario.person.age) in text
    assert all(paragraph in text for paragraph in scenario.key.why)
    assert (scenario.key.distinction or "") in text
    assert ("Where the line is" in said) == bool(scenario.key.distinction)
