"""Trainer mode through Flask's test client (and, for printing, a real Chromium):
the scenario list, the practice form, the debrief, the cards, and the banner."""

from __future__ import annotations

import re

import pytest

from screening.app_data import app_data
from screening.next_steps import Answers, plan
from screening.scenarios import by_title, title_order

from .repository import ROOT

BANNER_NOTE = "Do not call any number shown here during the exercise"


def group_of(checklist, item_id: str) -> str:
    return next(g.id for g in checklist.groups for i in g.items if i.id == item_id)


def key_answers(scenario, checklist) -> list[tuple[str, str]]:
    """The scenario's key as a trainee would send it: both triage answers, every present sign."""
    key = scenario.key
    ticks = [(group_of(checklist, item_id), item_id) for item_id in key.present]
    return [("danger", key.danger), ("minor", key.minor), *ticks]


def debrief_ids(page, section: str) -> list[str]:
    return [li["data-item"] for li in page.select(f"#{section} li.finding")]


def assert_practice(page) -> None:
    banner = page.select_one("aside.practice-banner")
    assert banner is not None, "no practice banner"
    assert banner.select_one(".practice-banner__title").get_text() == "Practice"
    assert BANNER_NOTE in banner.get_text()
    # Straight after the header, before the page's heading.
    assert banner.find_next("h1") is page.h1


# --- the list ----------------------------------------------------------------


def test_the_list_shows_every_scenario_with_setting_whom_you_meet_and_a_guide(
    client_request, scenarios
):
    page = client_request.get("/training")
    assert_practice(page)
    assert page.h1.get_text() == "Practice scenarios for trainers"
    items = page.select(".scenario-summary")
    assert len(items) == len(scenarios) >= 12
    for item, scenario in zip(items, by_title(scenarios.values()), strict=True):
        assert item.h3.a["href"] == f"/training/{scenario.slug}"
        facts = item.select_one(".facts").get_text(" ")
        assert scenario.setting in facts and scenario.meets in facts
        assert item.select_one(f"a[href='/training/{scenario.slug}/cards']")
    guide = page.select_one("section[aria-labelledby=guide-title]")
    assert len(guide.select("ol li")) >= 4
    assert "not proof" in guide.get_text()


def test_the_footer_links_to_training(client_request):
    assert client_request.get("/").select_one("footer a[href='/training']")


def _key_words(cards_page, scenario) -> list[str]:
    """What the key knows and a trainee must not read before the role-play."""
    key = scenario.key
    return [
        scenario.focus,
        cards_page.select_one("#card-key .verdict").get_text().strip(),
        *key.why,
        *(answer.why for answer in key.triage.values()),
        *(evidence.note for evidence in key.present.values()),
        "911",
    ]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_trainees_list_and_brief_give_nothing_of_the_key_away(app, client_request, language):
    listing = client_request.get(f"/{language}/training").select_one("main")
    for scenario in app_data(app).scenarios[language].values():
        cards = client_request.get(f"/{language}/training/{scenario.slug}/cards")
        brief = client_request.get(f"/{language}/training/{scenario.slug}").select_one("main")
        # The checklist form is the real one, the same on /check; what the
        # scenario adds to the page is everything else.
        brief.select_one("form").decompose()
        item = listing.select_one(f".scenario-summary:has(a[href$='/training/{scenario.slug}'])")
        for where, text in (("list", item.get_text(" ")), ("brief", brief.get_text(" "))):
            for words in _key_words(cards, scenario):
                assert words not in text, (scenario.slug, where, words)
            assert not re.search(rf"\b{scenario.person.age}\b", text), (scenario.slug, where)


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_present_sign_points_at_a_line_the_trainee_reads_or_hears(
    app, client_request, language
):
    for scenario in app_data(app).scenarios[language].values():
        brief = client_request.get(f"/{language}/training/{scenario.slug}")
        paragraphs = [p.get_text() for p in brief.select("#brief-title ~ p")]
        cards = client_request.get(f"/{language}/training/{scenario.slug}/cards")
        said = {
            part: [li.get_text() for li in cards.select(f"#card-{part} ol.says > li")]
            for part in ("person", "companion")
        }
        for item_id, evidence in scenario.key.present.items():
            assert evidence.shown_by, (scenario.slug, item_id)
            for ref in evidence.shown_by:
                # The brief as the trainee reads it on the practice page, or a
                # line a role card tells the actor to say: never a background.
                if ref.part == "cues":
                    # A cue is played in front of the worker; its card is in the
                    # session pack. The debrief names it as a cue.
                    assert scenario.cues[ref.number - 1].what == ref.text
                    continue
                lines = paragraphs if ref.part == "brief" else said[ref.part]
                assert lines[ref.number - 1] == ref.text, (scenario.slug, item_id, ref.code)


# --- the practice form ----------------------------------------------------------


def test_the_practice_page_has_the_brief_and_the_real_checklist_form(client_request, scenarios):
    real = client_request.get("/check").select_one("form")
    scenario = scenarios["strawberry-crew"]
    page = client_request.get("/training/strawberry-crew")
    assert_practice(page)
    assert page.h1.get_text() == "Practice: The melon crew"
    brief = page.select_one("section[aria-labelledby=brief-title]").get_text()
    assert all(paragraph in brief for paragraph in scenario.brief)
    form = page.select_one("form")
    assert form["action"] == "/training/strawberry-crew"
    fields = {
        (i["name"], i.get("value")) for i in form.select("input") if i["name"] != "csrf_token"
    }
    real_fields = {
        (i["name"], i.get("value")) for i in real.select("input") if i["name"] != "csrf_token"
    }
    assert fields == real_fields
    assert [legend.get_text() for legend in form.select("legend")] == [
        legend.get_text() for legend in real.select("legend")
    ]


# --- the debrief ------------------------------------------------------------------


SLUGS = sorted(path.stem for path in (ROOT / "config" / "scenarios" / "en").glob("*.toml"))


@pytest.mark.parametrize("slug", SLUGS)
def test_sending_the_exact_key_misses_nothing_and_flags_nothing(
    client_request, app, scenarios, checklist, slug
):
    scenario = scenarios[slug]
    page = client_request.post(f"/training/{slug}", key_answers(scenario, checklist))
    assert_practice(page)
    assert page.h1.get_text() == f"Practice debrief: {scenario.title}"
    order = [i.id for g in checklist.groups for i in g.items if i.id in scenario.key.present]
    assert debrief_ids(page, "spotted") == order
    assert debrief_ids(page, "missed") == []
    assert debrief_ids(page, "flagged-absent") == []
    assert "You missed none" in page.select_one("#missed").get_text()
    assert not page.select(".triage--different")
    assert "same calls, in the same order" in page.select_one("#your-calls").get_text()
    # The calls listed are the real next-steps function's, for the key's answers.
    key = scenario.key
    real = plan(Answers(key.danger, key.minor), app_data(app).content["en"])
    shown = [li["id"].removeprefix("key-step-") for li in page.select("li.practice-step")]
    assert shown == list(real.step_ids)


def test_sending_nothing_lists_every_present_sign_as_missed(client_request, scenarios, checklist):
    scenario = scenarios["truck-stop-boyfriend"]
    page = client_request.post("/training/truck-stop-boyfriend", [])
    assert_practice(page)
    order = [i.id for g in checklist.groups for i in g.items if i.id in scenario.key.present]
    assert debrief_ids(page, "missed") == order
    assert debrief_ids(page, "spotted") == []
    assert debrief_ids(page, "flagged-absent") == []
    for row in page.select(".triage-table tbody tr"):
        assert "Not answered" in row.get_text()
    assert "unanswered" in page.select_one("section[aria-labelledby=triage-title]").get_text()
    # Each missed sign carries the key's explanation, and where the story shows it.
    first = page.select_one("#missed li.finding")
    evidence = scenario.key.present[order[0]]
    assert evidence.note in first.get_text()
    shown_in = first.select_one(".shown-in").get_text()
    for ref in evidence.shown_by:
        where = "the brief, paragraph" if ref.part == "brief" else f"the {ref.part}'s card, line"
        assert f"{where} {ref.number}" in shown_in


def test_signs_ticked_though_absent_are_flagged_with_the_keys_reason(
    client_request, scenarios, checklist
):
    scenario = scenarios["hardware-store-lot"]
    page = client_request.post(
        "/training/hardware-store-lot",
        [
            ("danger", "no"),
            ("minor", "yes"),
            ("work", "excessive-hours"),
            ("work", "little-or-no-pay"),
            ("work", "owes-debt"),
            ("control", "holds-documents"),
        ],
    )
    assert debrief_ids(page, "spotted") == ["little-or-no-pay"]
    # One fourteen-hour day is not long hours as a matter of course.
    flagged_ids = ["holds-documents", "excessive-hours", "owes-debt"]
    assert debrief_ids(page, "flagged-absent") == flagged_ids
    flagged = page.select_one("#flagged-absent").get_text()
    assert scenario.key.absent["holds-documents"] in flagged
    assert scenario.key.absent["excessive-hours"] in flagged
    assert set(debrief_ids(page, "missed")) == set(scenario.key.present) - {"little-or-no-pay"}
    minor_row = page.select_one("#triage-minor")
    assert "Different" in minor_row.get_text() and "triage--different" in minor_row["class"]
    assert "Your safety answers would have led to" in page.select_one("#your-calls").get_text()
    assert "look-alike" in page.select_one(".verdict").get_text()
    assert "You checked 3 signs it does not contain" in page.get_text()


def test_an_accepted_safety_answer_is_not_marked_different_and_shows_the_reason(
    client_request, scenarios
):
    key = scenarios["truck-stop-boyfriend"].key
    assert key.danger == "unsure" and key.triage["danger"].accepts("yes")
    page = client_request.post(
        "/training/truck-stop-boyfriend", [("danger", "yes"), ("minor", "yes")]
    )
    row = page.select_one("#triage-danger")
    assert "triage--accepted" in row["class"]
    assert "Also accepted" in row.get_text() and "Different" not in row.get_text()
    assert key.triage["danger"].why in page.select_one("#triage-why-danger").get_text()
    # "Yes" and "Not sure" give the same calls.
    assert "same calls" in page.select_one("#your-calls").get_text()

    # "No" is a different answer, and the reason says why 911 comes first.
    page = client_request.post(
        "/training/truck-stop-boyfriend", [("danger", "no"), ("minor", "yes")]
    )
    row = page.select_one("#triage-danger")
    assert "triage--different" in row["class"] and "Different" in row.get_text()
    assert key.triage["danger"].why in page.select_one("#triage-why-danger").get_text()
    assert "Your safety answers would have led to" in page.select_one("#your-calls").get_text()


def test_an_accepted_answer_with_other_calls_says_the_key_accepts_them(
    client_request, app, scenarios
):
    key = scenarios["youth-drop-in"].key
    assert key.danger == "no" and key.triage["danger"].accepts("unsure")
    page = client_request.post("/training/youth-drop-in", [("danger", "unsure"), ("minor", "yes")])
    assert not page.select(".triage--different")
    calls = page.select_one("#your-calls").get_text()
    emergency = app_data(app).content["en"].steps["emergency"]
    assert "which the key also accepts" in calls and emergency.title in calls


def test_the_truck_stop_key_points_to_ncmec(scenarios):
    # A missing child sold for sex: NCMEC's CyberTipline and missing-child line.
    assert "ncmec" in scenarios["truck-stop-boyfriend"].key.resources


@pytest.mark.parametrize("slug", SLUGS)
def test_the_debrief_and_the_key_card_show_the_other_help_a_key_names(
    client_request, app, scenarios, checklist, slug
):
    scenario = scenarios[slug]
    page = client_request.post(f"/training/{slug}", key_answers(scenario, checklist))
    cards = client_request.get(f"/training/{slug}/cards").select_one("#card-key").get_text()
    heading = page.select_one("#other-help")
    if not scenario.key.resources:
        assert heading is None
        return
    shown = " ".join(p.get_text() for p in heading.find_next_siblings("p"))
    for resource_id in scenario.key.resources:
        resource = app_data(app).content["en"].resources[resource_id]
        for text in (shown, cards):
            assert resource.name in text
            assert all(channel.label in text for channel in resource.channels)
    # As plain text, like every number on a practice page: nothing to tap.
    assert not page.select("a[href^='tel:'], a[href^='sms:']")


@pytest.mark.parametrize("slug", SLUGS)
def test_a_look_alike_debrief_says_where_the_line_is(client_request, scenarios, checklist, slug):
    scenario = scenarios[slug]
    page = client_request.post(f"/training/{slug}", key_answers(scenario, checklist))
    line = page.select_one("#distinction")
    if scenario.verdict == "look-alike":
        assert scenario.key.distinction in line.find_next("p").get_text()
    else:
        assert line is None


def test_a_look_alike_with_unfair_pay_points_to_the_labor_offices(scenarios):
    # Exploitation that is not trafficking is still worth acting on: the
    # debrief names the help that deals with pay, not help the app cannot give.
    underpaid = [
        s
        for s in scenarios.values()
        if s.verdict == "look-alike" and "little-or-no-pay" in s.key.present
    ]
    assert underpaid
    for scenario in underpaid:
        assert {"dol-whd", "mo-labor-standards"} <= set(scenario.key.resources), scenario.slug


def test_a_practice_result_can_never_pass_for_a_real_one(client_request, scenarios, checklist):
    scenario = scenarios["motel-room"]
    page = client_request.post("/training/motel-room", key_answers(scenario, checklist))
    assert page.h1.get_text().startswith("Practice debrief")
    assert page.title.get_text().startswith("Practice debrief")
    assert "What to do next" not in page.get_text()
    # None of the real result's parts: no numbered steps list, no tap-to-call.
    assert not page.select("ol.steps, li.step, .resource, .channel")
    assert not page.select("a[href^='tel:'], a[href^='sms:']")
    assert_practice(page)
    # And the real result never carries the practice banner.
    real = client_request.post("/check", {"danger": "yes", "minor": "no"})
    assert real.h1.get_text() == "What to do next"
    assert not real.select_one(".practice-banner")
    assert "Practice" not in real.select_one("main").get_text()


def test_the_debrief_is_not_redirected_and_nothing_goes_in_the_url(client_request):
    answers = {"danger": "yes", "minor": "no"}
    response = client_request.post_response("/training/motel-room", answers)
    assert "Location" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    assert response.request.path == "/training/motel-room"
    assert not response.request.query_string


def test_an_expired_token_gives_the_practice_form_back_with_answers_kept(client_request):
    client_request.get("/training/roofing-job")
    data = [("danger", "no"), ("work", "excessive-hours")]
    page = client_request.post("/training/roofing-job", data, token="stale")
    assert page.h1.get_text() == "Practice: The roofing job"
    assert page.select_one("#token-notice")
    assert page.select_one("#danger-no").has_attr("checked")
    assert page.select_one("#work-excessive-hours").has_attr("checked")
    assert not page.select(".findings")
    assert_practice(page)


def test_a_tampered_post_gives_the_form_back_not_a_debrief(client_request):
    page = client_request.post(
        "/training/roofing-job", [("danger", "perhaps"), ("minor", "no"), ("control", "made-up")]
    )
    assert page.title.get_text().startswith("Error: Practice: The roofing job")
    assert len(page.select(".error-summary a")) == 2
    assert not page.select(".findings")
    assert_practice(page)


# --- the cards ----------------------------------------------------------------------


def test_cards_hold_the_brief_each_role_and_the_key_without_buttons(client_request, scenarios):
    for scenario in scenarios.values():
        page = client_request.get(f"/training/{scenario.slug}/cards")
        assert_practice(page)
        cards = page.select(".print-cards > .print-card")
        expected = ["card-worker", "card-person"]
        if scenario.companion:
            expected.append("card-companion")
        expected.append("card-observer")
        players = dict.fromkeys(("companion", "observer", "facilitator"))
        expected += [
            f"card-cues-{p}" for p in players if any(c.played_by == p for c in scenario.cues)
        ]
        expected.append("card-key")
        assert [c["id"] for c in cards] == expected
        # Every card says which scenario it belongs to, so a loose sheet is not lost.
        assert all(scenario.title in c.select_one(".print-card__label").get_text() for c in cards)
        assert scenario.person.name in page.select_one("#card-person h2").get_text()
        person = page.select_one("#card-person").get_text()
        assert scenario.person.if_separated in person
        assert f"Your age: {scenario.person.age}" in person
        key = page.select_one("#card-key")
        # The key card keeps what the list and brief leave out.
        assert scenario.focus in key.get_text()
        assert f"age: {scenario.person.age}" in key.get_text()
        assert all(a.why in key.get_text() for a in scenario.key.triage.values())
        assert len(key.select("#key-present li")) == len(scenario.key.present)
        assert len(key.select("#key-absent li")) == len(scenario.key.absent)
        assert all(q in key.get_text() for q in scenario.key.questions)
        assert not page.select_one("main").select("button, form, input")


# --- every training page, errors included, shows the banner --------------------


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/training", 200),
        ("/training/night-shift-aide", 200),
        ("/training/night-shift-aide/cards", 200),
        ("/en/training/night-shift-aide", 200),
        ("/training/no-such-scenario", 404),
        ("/training/no-such-scenario/cards", 404),
        ("/training/motel-room/cards/extra", 404),
    ],
)
def test_every_training_page_shows_the_practice_banner(client_request, path, status):
    assert_practice(client_request.get(path, status=status))


def test_a_wrong_method_on_a_training_page_still_shows_the_banner(client_request):
    assert_practice(client_request.post("/training/motel-room/cards", token=None, status=405))


@pytest.mark.parametrize(
    ("path", "status"), [("/", 200), ("/check", 200), ("/resources", 200), ("/no-such-page", 404)]
)
def test_real_pages_carry_no_practice_banner(client_request, path, status):
    assert not client_request.get(path, status=status).select_one(".practice-banner")


def test_other_languages_fall_back_to_english_scenarios_marked_as_english(app, client_request):
    others = [code for code in app_data(app).languages if code != "en"]
    if not others:
        pytest.skip("only English content is installed")
    for language in others:
        page = client_request.get(f"/{language}/training/motel-room")
        assert page.html["lang"] == language
        assert page.select_one("aside.practice-banner")
        brief = page.select_one("section[aria-labelledby=brief-title]")
        own = language in app_data(app).scenarios
        assert brief.get("lang") == (None if own else "en")


# --- what the debrief leads with, and how the key reads (issue 17, item 11) --------


def test_a_safety_answer_that_differs_from_the_key_comes_before_the_counts(client_request):
    # Missing "under 18" on the uncle's restaurant: no Children's Division report.
    page = client_request.post(
        "/training/family-restaurant",
        [("danger", "no"), ("minor", "no"), ("work", "excessive-hours")],
    )
    main = page.select_one("main")
    first = main.select_one("#triage-differs")
    assert first is not None
    assert "Could the person be under 18?" in first.get_text()
    counts = main.select_one("#feedback-title")
    order = [el for el in main.find_all(True) if el is first or el is counts]
    assert order == [first, counts]
    # The calls it would have led to are said there, beside the difference.
    assert "would have led to" in first.get_text()


def test_when_both_safety_answers_match_nothing_is_flagged_first(
    client_request, scenarios, checklist
):
    page = client_request.post(
        "/training/family-restaurant", key_answers(scenarios["family-restaurant"], checklist)
    )
    assert page.select_one("#triage-differs") is None


def test_the_key_reads_yes_with_not_sure_also_accepted(client_request):
    page = client_request.post(
        "/training/truck-stop-boyfriend", [("danger", "no"), ("minor", "yes")]
    )
    key_cell = page.select_one("#triage-danger td:last-child").get_text(" ", strip=True)
    assert key_cell == "Not sure (Yes also accepted)"
    page = client_request.post("/training/sales-crew", [("danger", "no"), ("minor", "no")])
    assert page.select_one("#triage-minor td:last-child").get_text(" ", strip=True) == (
        "No (Not sure also accepted)"
    )
    assert "or:" not in page.select_one(".triage-table").get_text()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_scenario_list_is_sorted_by_title_in_each_language(app, client_request, language):
    page = client_request.get(f"/{language}/training")
    titles = [h3.get_text(strip=True) for h3 in page.select(".scenario-summary__title")]
    assert len(titles) == len(app_data(app).scenarios[language])
    assert titles == sorted(titles, key=title_order)
    # Leading articles and accents do not decide the order.
    assert title_order("La auxiliar") < title_order("El centro")
    assert title_order("The Ángel") == "angel"


def test_a_sign_shown_by_a_cue_says_so_in_the_key(client_request):
    key = client_request.get("/training/sales-crew/cards").select_one("#card-key").get_text()
    assert "Shown in: cue 1; the companion's card, line 1." in " ".join(key.split())


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_role_with_limited_english_is_told_how_to_play_it(app, client_request, language):
    guidance = {"en": "Never put on an accent", "es": "Nunca imite un acento"}[language]
    for scenario in app_data(app).scenarios[language].values():
        page = client_request.get(f"/{language}/training/{scenario.slug}/cards")
        for part, role in (("person", scenario.person), ("companion", scenario.companion)):
            if role is not None:
                card = page.select_one(f"#card-{part}").get_text()
                assert (guidance in card) == role.limited_english, (scenario.slug, part)
