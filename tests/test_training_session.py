"""Running a session: the observer and cue cards, the facilitator's guide, the session
pack, and the group debrief (issue 19, items 1 to 4), through Flask's test client."""

from __future__ import annotations

import gzip
import itertools
import re

import pytest
from werkzeug.datastructures import MultiDict

from screening.app_data import app_data
from screening.group_debrief import GroupAnswers, compare_groups
from screening.session_pack import SUGGESTED_SETS, read_choice, rotation, session_plan

from .test_training import assert_practice

KNOWN = ("sales-crew", "summer-sales", "truck-stop-boyfriend", "motel-room", "farm-hand")


# --- the observer's and the cues' cards --------------------------------------------


def test_the_observer_card_has_the_generic_watch_list_and_the_scenarios_own(
    client_request, scenarios
):
    for scenario in scenarios.values():
        card = client_request.get(f"/training/{scenario.slug}/cards").select_one("#card-observer")
        text = card.get_text(" ")
        for words in ("safety questions", "questions asked", "Consent", "written down"):
            assert words in text, (scenario.slug, words)
        assert scenario.observer.watch
        assert all(line in text for line in scenario.observer.watch), scenario.slug


def test_cue_cards_say_who_plays_each_cue_and_when_numbered_as_the_key_counts(
    client_request, scenarios
):
    # The summer sales job: a cue for the observer, then one for the facilitator.
    assert [cue.played_by for cue in scenarios["summer-sales"].cues] == ["observer", "facilitator"]
    page = client_request.get("/training/summer-sales/cards")
    ids = [c["id"] for c in page.select(".print-cards > .print-card")]
    assert ids[-4:] == ["card-observer", "card-cues-observer", "card-cues-facilitator", "card-key"]
    for number, cue in enumerate(scenarios["summer-sales"].cues, start=1):
        card = page.select_one(f"#card-cues-{cue.played_by}")
        item = card.select_one(f"ol.cues li[value='{number}']")
        assert cue.when in item.get_text() and cue.what in item.get_text()
    assert "cue card" in page.select_one("#card-observer").get_text()
    assert not page.select_one("#card-cues-companion")


def test_a_role_with_limited_english_is_told_how_to_play_it_without_an_accent(client_request):
    page = client_request.get("/en/training/live-in-housekeeper/cards")
    advice = page.select_one("#card-person .limited-english").get_text(" ")
    assert "interpreter" in advice and "Never put on an accent" in advice
    assert not page.select_one("#card-companion .limited-english")


def test_the_list_shows_each_scenarios_level(app, client_request):
    names = {
        "en": {
            "introductory": "Introductory",
            "intermediate": "Intermediate",
            "advanced": "Advanced",
        },
        "es": {"introductory": "inicial", "intermediate": "intermedio", "advanced": "avanzado"},
    }
    for language, label in (("en", "Level: "), ("es", "Nivel: ")):
        page = client_request.get(f"/{language}/training")
        for scenario in app_data(app).scenarios[language].values():
            item = page.select_one(f".scenario-summary:has(a[href$='/training/{scenario.slug}'])")
            assert item.select_one(".level").get_text() == label + names[language][scenario.level]


# --- the facilitator's guide --------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_guide_has_objectives_a_content_warning_soar_the_rules_and_the_debrief(
    app, client_request, language
):
    page = client_request.get(f"/{language}/training/guide")
    assert_practice(page) if language == "en" else None
    sections = [h2["id"] for h2 in page.select("main h2")]
    assert sections == [
        "objectives-title",
        "warning-title",
        "soar-title",
        "rules-title",
        "round-title",
        "debrief-title",
        "sets-title",
        "sources-title",
    ]
    # The child sex trafficking roles are named, from the scenarios' own tags.
    scenarios = app_data(app).scenarios[language]
    named = page.select_one("#child-roles").get_text()
    for scenario in scenarios.values():
        child = {"sex-trafficking", "under-18"} <= scenario.covers
        assert (scenario.title in named) == child, scenario.slug
    assert page.select_one("#rule-accents") and page.select_one("#rule-images")
    sources = [a["href"] for a in page.select(".guide-sources a")]
    assert "https://nhttac.acf.hhs.gov/soar/" in sources
    assert "https://nhttac.acf.hhs.gov/soar/eguide/ask" in sources
    # No pictures at all, sensational or not.
    assert not page.select("main img, main svg, main picture")


def test_the_guide_words_the_warning_and_the_opt_out(client_request):
    text = client_request.get("/training/guide").select_one("main").get_text(" ")
    assert "Content warning:" in text
    assert "without giving a reason" in text
    assert "Never put on an accent" in text
    assert "avoid in-depth questions" in text


def test_each_suggested_set_has_three_known_scenarios_and_a_pack_link(app, client_request):
    scenarios = app_data(app).scenarios["en"]
    for set_id, slugs in SUGGESTED_SETS:
        assert len(slugs) == 3 and set(slugs) <= set(scenarios), set_id
    page = client_request.get("/training/guide")
    for set_id, slugs in SUGGESTED_SETS:
        block = page.select_one(f"#set-{set_id}")
        link = block.select_one("a[href^='/training/pack?']")["href"]
        assert link == "/training/pack?" + "&".join(f"scenario={slug}" for slug in slugs)
        titles = [li.get_text(" ", strip=True) for li in block.select("ul li")]
        assert [t.startswith(scenarios[s].title) for t, s in zip(titles, slugs, strict=True)]


# --- the session pack: the choice -----------------------------------------------------


def choice(*pairs):
    return read_choice(MultiDict(pairs), KNOWN)


def test_reading_the_choice_in_the_address():
    assert choice().problem == "none"
    assert choice(("scenario", "sales-crew"), ("edit", "1")).problem == "none"
    assert choice(("scenario", "sales-crew")).problem == "too-few"
    assert choice(("scenario", "sales-crew"), ("scenario", "sales-crew")).problem == "too-few"
    five = [("scenario", slug) for slug in KNOWN]
    assert choice(*five).problem == "too-many"
    unknown = choice(("scenario", "sales-crew"), ("scenario", "../etc"), ("scenario", "motel-room"))
    assert unknown.problem == "unknown" and unknown.slugs == ("sales-crew", "motel-room")
    good = choice(("scenario", "motel-room"), ("scenario", "sales-crew"), ("size", "large"))
    assert good.problem is None and good.slugs == ("motel-room", "sales-crew") and good.large
    assert not choice(("scenario", "a"), ("size", "huge")).large


@pytest.mark.parametrize("count", [2, 3, 4])
def test_the_plan_fills_ninety_minutes_with_rounds_of_about_25(count):
    plan = session_plan(count)
    assert plan[0].start == 0 and plan[-1].start + plan[-1].minutes == 90
    for before, after in itertools.pairwise(plan):
        assert after.start == before.start + before.minutes
    rounds = [slot for slot in plan if slot.what == "round"]
    assert [slot.scenario for slot in rounds] == list(range(count))
    assert all(18 <= slot.minutes <= 25 and sum(slot.parts) == slot.minutes for slot in rounds)


def test_the_plan_refuses_a_session_it_cannot_hold():
    for count in (0, 1, 5):
        with pytest.raises(ValueError):
            session_plan(count)


def test_the_parts_rotate_so_everyone_plays_the_worker():
    rounds = rotation(3)
    assert sorted(worker for worker, _, _ in rounds) == ["A", "B", "C"]
    assert all(len(set(parts)) == 3 for parts in rounds)


# --- the session pack: the pages ---------------------------------------------------------


def test_the_chooser_lists_every_scenario_by_title_with_large_print(app, client_request):
    page = client_request.get("/training/pack")
    assert_practice(page)
    assert page.h1.get_text() == "Session pack"
    form = page.select_one("main form")
    assert form["method"] == "get" and form["action"] == "/training/pack"
    boxes = form.select("input[name=scenario]")
    assert len(boxes) == len(app_data(app).scenarios["en"])
    assert form.select_one("input[name=size][value=large]")
    assert not page.select_one(".error-summary")


@pytest.mark.parametrize(
    "query",
    [
        "scenario=sales-crew",
        "scenario=sales-crew&scenario=motel-room&scenario=farm-hand&scenario=roofing-job"
        "&scenario=summer-sales",
        "scenario=sales-crew&scenario=no-such-thing",
        "scenario=",
        "scenario=%00&scenario=%ff%fe",
        "scenario=" + "x" * 500,
    ],
)
def test_a_choice_that_makes_no_pack_gives_the_chooser_again_with_a_400(client_request, query):
    page = client_request.get(f"/training/pack?{query}", status=400)
    assert page.h1.get_text() == "Session pack"
    assert page.title.get_text().startswith("Error: Session pack")
    summary = page.select_one(".error-summary")
    assert summary and summary.select_one("a[href='#pack-scenarios']")
    # What could be kept is kept.
    if "sales-crew" in query:
        assert page.select_one("#pack-sales-crew").has_attr("checked")


THREE = "scenario=sales-crew&scenario=summer-sales&scenario=truck-stop-boyfriend"


def test_the_pack_for_three_scenarios_has_the_plan_every_card_and_an_answer_sheet(
    client_request, scenarios, checklist
):
    page = client_request.get(f"/training/pack?{THREE}")
    assert_practice(page)
    assert page.h1.get_text() == "Session pack"
    sheets = page.select(".print-cards .print-card")
    ids = [sheet["id"] for sheet in sheets]
    assert ids[0] == "pack-plan" and ids[-1] == "answer-sheet"
    for slug in ("sales-crew", "summer-sales", "truck-stop-boyfriend"):
        scenario = scenarios[slug]
        mine = [i.removeprefix(f"{slug}-") for i in ids if i.startswith(f"{slug}-")]
        expected = ["card-worker", "card-person"]
        expected += ["card-companion"] if scenario.companion else []
        expected += ["card-observer"]
        assert mine[: len(expected)] == expected, slug
        assert mine[-1] == "card-key"
        key = page.select_one(f"#{slug}-card-key").get_text()
        assert scenario.focus in key
    plan = page.select_one("#pack-plan")
    rows = plan.select("#pack-timetable tbody tr")
    dash = "\N{EN DASH}"
    assert f"0{dash}10 min" in rows[0].get_text() and f"85{dash}90 min" in rows[-1].get_text()
    assert [scenarios[s].title in plan.select_one("#pack-timetable").get_text() for s in KNOWN[:3]]
    assert len(plan.select("#pack-rotation tbody tr")) == 3
    # The boy at the truck stop is 15: the plan carries the content warning.
    assert "The boyfriend at the truck stop" in plan.select_one(".card--caution").get_text()
    sheet = page.select_one("#answer-sheet")
    assert len(sheet.select(".answer-boxes li")) == 2 * 3 + len(checklist.item_ids)
    # Nothing to fill in on screen and nothing sent: the pack is paper.
    assert not page.select("main input, main button, main form")
    assert not page.select_one(".print-cards--large")


def test_large_print_is_an_option_in_the_address(client_request):
    page = client_request.get(f"/training/pack?{THREE}&size=large")
    assert page.select_one(".print-cards.print-cards--large")
    toggle = page.select_one(".no-print a[href*='scenario=sales-crew']").get_text()
    assert toggle == "The same pack in regular print"


@pytest.mark.parametrize("path", [f"/training/pack?{THREE}", "/es/training/massage-spa/cards"])
def test_long_printed_pages_are_compressed_for_a_browser_that_accepts_them(client_request, path):
    # The pack and a scenario's cards: long, and with no token or answer on them.
    plain = client_request.get_response(path)
    assert "Content-Encoding" not in plain.headers
    assert b"csrf_token" not in plain.data
    packed = client_request.client.get(path, headers={"Accept-Encoding": "gzip, br"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert packed.headers["Cache-Control"] == "no-store"
    # Whatever might keep a copy is told that it differs by encoding too.
    assert {"Accept-Encoding", "Accept-Language", "Cookie"} <= set(packed.vary)
    assert gzip.decompress(packed.data) == plain.data
    # The chooser carries no token either, but forms elsewhere never compress.
    check = client_request.open("/check", method="GET", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in check.headers


def test_the_pack_in_spanish_keeps_the_choice_and_translates_the_plan(client_request):
    page = client_request.get(f"/es/training/pack?{THREE}")
    assert page.h1.get_text() == "Paquete para la sesión"
    assert "El novio en la parada de camioneros" in page.select_one("#pack-plan").get_text()
    switch = page.select_one("nav.language-switch a")
    assert switch["href"] == f"/en/training/pack?{THREE}"


# --- the group debrief ----------------------------------------------------------------------


def three_groups(scenario):
    """A careful group, an over-flagger, and one that skips the age question (sales-crew)."""
    present = list(scenario.key.present)
    careful = [("g1-danger", "no"), ("g1-minor", "no")] + [("g1-signs", i) for i in present[:-2]]
    over = [("g2-danger", "yes"), ("g2-minor", "unsure")]
    over += [("g2-signs", i) for i in present]
    over += [("g2-signs", "holds-documents"), ("g2-signs", "guarded-workplace")]
    misses = [("g3-danger", "no"), ("g3-signs", present[0]), ("g3-signs", "holds-documents")]
    return [("groups", "3"), *careful, *over, *misses]


def test_the_form_has_a_column_per_group_and_every_sign(client_request, checklist):
    page = client_request.get("/training/sales-crew/groups")
    assert_practice(page)
    assert page.h1.get_text() == "Group debrief: The sales crew"
    form = page.select_one("#group-form")
    assert form["action"] == "/training/sales-crew/groups" and form["method"] == "post"
    assert [th.get_text() for th in form.select("thead th")] == ["Group 1", "Group 2", "Group 3"]
    for number in (1, 2, 3):
        assert form.select_one(f"select[name=g{number}-danger]")
        signs = {i["value"] for i in form.select(f"input[name=g{number}-signs]")}
        assert signs == set(checklist.item_ids)
    six = client_request.get("/training/sales-crew/groups?groups=6")
    assert len(six.select("#group-form thead th")) == 6
    for odd in ("7", "1", "x", "-3", "99999999999999999999"):
        page = client_request.get(f"/training/sales-crew/groups?groups={odd}")
        assert len(page.select("#group-form thead th")) == 3


def test_three_groups_compared_with_the_key_and_each_other(client_request, scenarios):
    scenario = scenarios["sales-crew"]
    response = client_request.post_response("/training/sales-crew/groups", three_groups(scenario))
    assert response.headers["Cache-Control"] == "no-store"
    assert "Location" not in response.headers and not response.request.query_string
    from .pages import read_page

    page = read_page(response.data)
    assert_practice(page)
    main = page.select_one("main")
    # First: the groups whose safety answers the key does not accept.
    differs = main.select_one("#triage-differs")
    assert [li["id"] for li in differs.select("li")] == ["differs-group2", "differs-group3"]
    assert "Not answered" in differs.select_one("#differs-group3").get_text()
    assert "Call 911" in differs.select_one("#differs-group2").get_text() or "911" in (
        differs.select_one("#differs-group2").get_text()
    )
    counts = main.select_one("#counts-title")
    order = [el for el in main.find_all(True) if el is differs or el is counts]
    assert order == [differs, counts]
    # The safety table: "Not sure" to the age question is accepted for group 2.
    group2 = main.select_one("#safety-group2")
    assert "Also accepted" in group2.get_text() and "Different" in group2.get_text()
    assert (
        main.select_one(".group-table__key")
        .get_text(" ", strip=True)
        .endswith("No (Not sure also accepted)")
    )
    # The counts, group by group.
    rows = [
        [cell.get_text() for cell in tr.select("td")]
        for tr in main.select("#group-counts tbody tr")
    ]
    total = len(scenario.key.present)
    assert rows == [
        [str(total - 2), "2", "0"],
        [str(total), "0", "2"],
        ["1", str(total - 1), "1"],
    ]
    # Each sign, the most missed first, says who missed it.
    present = main.select("#group-present li.finding")
    assert len(present) == total
    first = present[0].get_text(" ")
    assert "Missed by: Group 1, Group 3." in first
    assert (
        "Every group spotted it."
        in main.select_one(
            f"#group-present li[data-item='{next(iter(scenario.key.present))}']"
        ).get_text()
    )
    flagged = main.select("#group-flagged li.finding")
    assert [li["data-item"] for li in flagged] == ["holds-documents", "guarded-workplace"]
    assert "Checked by: Group 2, Group 3." in flagged[0].get_text()
    assert scenario.key.absent["holds-documents"] in flagged[0].get_text()
    assert all(q in main.get_text() for q in scenario.key.questions)
    assert not page.select("a[href^='tel:'], a[href^='sms:']")


def test_change_the_answers_gives_the_form_back_filled_in(client_request, scenarios):
    page = client_request.post(
        "/training/sales-crew/groups",
        [*three_groups(scenarios["sales-crew"]), ("action", "change")],
    )
    assert page.select_one("#group-form")
    assert page.select_one("select[name=g2-danger] option[value=yes]").has_attr("selected")
    assert page.select_one("input[name=g2-signs][value=holds-documents]").has_attr("checked")
    assert not page.select_one(".error-summary")


def test_the_comparison_carries_the_answers_for_change_and_the_language_switch(
    client_request, scenarios
):
    data = three_groups(scenarios["sales-crew"])
    page = client_request.post("/training/sales-crew/groups", data)
    hidden = page.select("#group-answers input[type=hidden]")
    carried = sorted((i["name"], i["value"]) for i in hidden if i["name"] != "csrf_token")
    assert carried == sorted(data)
    switch = page.select_one("nav.language-switch button[form=group-answers]")
    assert switch["formaction"] == "/es/training/sales-crew/groups"
    spanish = client_request.post("/es/training/sales-crew/groups", data)
    assert spanish.h1.get_text() == "Análisis en grupo: La cuadrilla de ventas"


def test_a_form_sent_empty_asks_for_one_groups_answers(client_request):
    page = client_request.post("/training/sales-crew/groups", [])
    assert page.title.get_text().startswith("Error: Group debrief")
    link = page.select_one(".error-summary a")
    assert link["href"] == "#g1-danger" and page.select_one("#g1-danger")
    assert "at least one group" in link.get_text()


def test_a_tampered_value_is_named_and_the_rest_kept(client_request):
    page = client_request.post(
        "/training/sales-crew/groups",
        [("g1-danger", "perhaps"), ("g1-signs", "cut-off"), ("g5-signs", "made-up")],
    )
    links = [a["href"] for a in page.select(".error-summary a")]
    assert links == ["#g1-danger", "#g5-signs"]
    # The fifth column is shown, so the link has somewhere to go.
    assert page.select_one("#g5-signs")
    assert page.select_one("input[name=g1-signs][value=cut-off]").has_attr("checked")


def test_an_expired_token_gives_the_form_back_with_everything_kept(client_request, scenarios):
    client_request.get("/training/sales-crew/groups")
    data = three_groups(scenarios["sales-crew"])
    page = client_request.post("/training/sales-crew/groups", data, token="stale")
    assert page.select_one("#token-notice")
    assert page.select_one("select[name=g3-danger] option[value=no]").has_attr("selected")
    assert page.select_one("input[name=g2-signs][value=guarded-workplace]").has_attr("checked")
    assert not page.select_one("#triage-differs")


def test_an_unknown_scenario_is_a_404_with_the_banner(client_request):
    assert_practice(client_request.get("/training/no-such/groups", status=404))


def test_compare_groups_orders_signs_by_how_many_groups_missed_them(scenarios, checklist):
    scenario = scenarios["sales-crew"]
    present = [i.id for g in checklist.groups for i in g.items if i.id in scenario.key.present]
    groups = [
        GroupAnswers(1, {"danger": "no", "minor": "no"}, frozenset(present[1:])),
        GroupAnswers(4, {"danger": None, "minor": "no"}, frozenset(present[2:])),
    ]
    result = compare_groups(scenario, groups, checklist)
    assert [row.item.id for row in result.present][:2] == [present[0], present[1]]
    assert result.present[0].not_checked_by == (1, 4)
    assert result.present[1].not_checked_by == (4,) and result.present[1].checked_by == (1,)
    assert [g.number for g in result.differing] == [4]
    assert result.groups[0].step_ids == ("their-wishes", "call-hotline", "law-enforcement")
    assert result.groups[1].step_ids is None
    assert re.fullmatch(r"\d+", str(result.groups[0].spotted))
