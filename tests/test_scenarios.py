"""Training scenarios: what the set covers, that each key agrees with the real
next steps, how a trainee's ticks are sorted, and how a broken file stops start-up."""

from __future__ import annotations

import re
import shutil
import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screening.app_data import app_data
from screening.next_steps import ACT_ON, Answers, plan
from screening.scenarios import COVERAGE, CUE_PLAYERS, LEVELS, compare

from .config_edits import replace_once, start_up_error
from .repository import ROOT, toml_strings


def test_the_scenarios_cover_everything_the_issues_ask_for(scenarios):
    assert len(scenarios) >= 12
    covered = set().union(*(s.covers for s in scenarios.values()))
    assert covered == set(COVERAGE), set(COVERAGE) - covered
    look_alikes = [s for s in scenarios.values() if s.verdict == "look-alike"]
    assert len(look_alikes) >= 3
    assert sum(s.key.minor == "yes" for s in scenarios.values()) >= 1
    assert sum(s.key.danger == "yes" for s in scenarios.values()) >= 1


@pytest.mark.parametrize("slug", sorted(ROOT.joinpath("config/scenarios/en").glob("*.toml")))
def test_each_scenario_is_complete_and_its_tags_agree_with_its_key(scenarios, slug):
    scenario = scenarios[slug.stem]
    key = scenario.key
    assert scenario.brief and scenario.person.says and scenario.person.if_separated
    # The tags are claims about the story; the key must back them up. A key
    # that answers "Not sure" acts on it, as the real checklist does.
    assert ("under-18" in scenario.covers) == (key.minor in ACT_ON)
    assert ("immediate-danger" in scenario.covers) == (key.danger in ACT_ON)
    assert ("look-alike" in scenario.covers) == (scenario.verdict == "look-alike")
    assert all(key.triage[name].why for name in ("danger", "minor"))
    if scenario.verdict == "look-alike":
        # Look-alikes show some signs but must not send anyone to 911 or the
        # child line, and they say what would have made it trafficking.
        assert key.present and key.danger == key.minor == "no"
        assert key.distinction
    else:
        assert not key.distinction


def test_the_debrief_shows_the_calls_the_real_journey_gives(app, client_request, scenarios):
    # Start-up already refuses a key whose calls differ from next_steps (see
    # test_key_steps_that_differ_from_the_real_journey); this checks that the
    # debrief page shows those calls, in that order, for every scenario.
    content = app_data(app).content["en"]
    for scenario in scenarios.values():
        key = scenario.key
        real = plan(Answers(key.danger, key.minor, frozenset(key.present)), content)
        answers = [("danger", key.danger), ("minor", key.minor)]
        page = client_request.post(f"/training/{scenario.slug}", answers)
        shown = [li["id"].removeprefix("key-step-") for li in page.select("li.practice-step")]
        assert shown == list(real.step_ids), scenario.slug
    assert plan(scenarios["motel-room"].key.answers, content).step_ids[0] == "emergency"
    # A child sold for sex, the man selling her outside, a move out of state
    # coming: when in doubt, act as if it is so, and 911 comes first.
    boyfriend = plan(scenarios["truck-stop-boyfriend"].key.answers, content)
    assert boyfriend.step_ids[:2] == ("emergency", "report-child")


def test_debrief_sorting_by_example(scenarios, checklist):
    scenario = scenarios["strawberry-crew"]
    ticked = frozenset({"owes-debt", "speaks-for-them", "guarded-workplace"})
    result = compare(scenario, ticked, checklist)
    assert [f.item.id for f in result.spotted] == ["speaks-for-them", "owes-debt"]
    assert [f.item.id for f in result.flagged_absent] == ["guarded-workplace"]
    assert "owes-debt" not in [f.item.id for f in result.missed]
    assert len(result.missed) == len(scenario.key.present) - 2
    flagged = result.flagged_absent[0]
    assert flagged.note == scenario.key.absent["guarded-workplace"]


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_debrief_sorting_holds_for_any_ticks(app, data):
    library = app_data(app).scenarios["en"]
    checklist = app_data(app).content["en"].checklist
    scenario = library[data.draw(st.sampled_from(sorted(library)))]
    ticked = frozenset(data.draw(st.sets(st.sampled_from(sorted(checklist.item_ids)))))
    result = compare(scenario, ticked, checklist)
    spotted = {f.item.id for f in result.spotted}
    missed = {f.item.id for f in result.missed}
    flagged = {f.item.id for f in result.flagged_absent}
    present = set(scenario.key.present)
    assert spotted == present & ticked
    assert missed == present - ticked
    assert flagged == ticked - present
    order = [i.id for g in checklist.groups for i in g.items]
    for part in (result.spotted, result.missed, result.flagged_absent):
        ids = [f.item.id for f in part]
        assert ids == sorted(ids, key=order.index)
        assert all(f.note for f in part)


# --- broken scenario files stop start-up with one line ----------------------

#: One mistake each in an English scenario: the scenario, the text replaced,
#: its replacement, and what the one-line error must say.
MISTAKES = {
    "unknown item id": (
        "motel-room",
        "owes-debt = ",
        "owes-money = ",
        "key.absent 'owes-money': is not an item in the checklist",
    ),
    "unknown key": (
        "motel-room",
        'focus = "Immediate danger',
        'fokus = "Immediate danger',
        "unknown key 'fokus'",
    ),
    "missing required field": (
        "roofing-job",
        'setting = "Construction',
        '# setting = "Construction',
        "(file): missing 'setting'",
    ),
    # TOML itself refuses a key twice in one table; across tables the loader does.
    "item both present and absent": (
        "motel-room",
        'owes-debt = "No debt',
        'fearful = "No debt',
        "key: item 'fearful' is listed as both present and absent",
    ),
    "item listed twice in one table": (
        "motel-room",
        'owes-debt = "No debt',
        'speaks-for-them = "No debt',
        "(file): not valid TOML",
    ),
    "item neither present nor absent": (
        "motel-room",
        'owes-debt = "No debt is mentioned."\n',
        "",
        "item 'owes-debt' is neither present nor absent",
    ),
    "key steps that differ from the real journey": (
        "motel-room",
        'steps = ["emergency", "call-hotline"',
        'steps = ["call-hotline", "emergency"',
        "key: steps ['call-hotline', 'emergency', 'law-enforcement'] are not what the checklist",
    ),
    "unknown verdict": (
        "motel-room",
        'verdict = "trafficking"',
        'verdict = "maybe"',
        "verdict 'maybe'",
    ),
    # A key rests only on what the trainee reads or hears.
    "reference that points at nothing": (
        "motel-room",
        'shown_by = ["person.says.4"]\n\n[key.present.controls-money]',
        'shown_by = ["person.says.9"]\n\n[key.present.controls-money]',
        "key.present 'holds-documents': shown_by 'person.says.9' points at nothing:"
        " person has 5 lines",
    ),
    "reference to a missing companion": (
        "motel-room",
        '"person.says.5"]',
        '"companion.says.1"]',
        "'companion.says.1' points at nothing: this scenario has no companion",
    ),
    # The background is the actor's, not something the trainee sees or hears.
    "reference to a role card's background": (
        "roofing-job",
        '"person.says.3"]',
        '"person.background.2"]',
        "shown_by 'person.background.2' should be brief.N, person.says.N, companion.says.N"
        " or cues.N:"
        " only what the trainee reads or hears counts",
    ),
    "present sign with no reference": (
        "motel-room",
        'shown_by = ["person.says.4"]\n',
        "",
        "key.present 'holds-documents': has no shown_by",
    ),
    # A bare note, as keys were written before they named their lines.
    "present sign without its table": (
        "hardware-store-lot",
        '[key.present.overcrowded-housing]\nnote = "Eight men',
        '[key.present]\novercrowded-housing = "Eight men',
        "key.present 'overcrowded-housing': should be a table",
    ),
    # Triage keys, resources and look-alikes.
    "safety answer without its reason": (
        "roofing-job",
        'why = "He is a man in his forties."\n',
        "",
        "key.minor: missing 'why'",
    ),
    "safety answer that also accepts itself": (
        "motel-room",
        'accept = ["unsure"]',
        'accept = ["yes"]',
        "key.danger: accept 'yes' should be another of",
    ),
    "resource the content does not have": (
        "truck-stop-boyfriend",
        'resources = ["ncmec"]',
        'resources = ["ncmc"]',
        "key: resource 'ncmc' is not in the en resources",
    ),
    "look-alike without its distinction": (
        "hardware-store-lot",
        "distinction = ",
        "# distinction = ",
        "key: missing 'distinction'",
    ),
    "distinction on a trafficking scenario": (
        "roofing-job",
        "[key.danger]",
        'distinction = "x"\n\n[key.danger]',
        "key: 'distinction' is only for a look-alike",
    ),
}


@pytest.mark.parametrize(("slug", "old", "new", "expected"), MISTAKES.values(), ids=MISTAKES)
def test_a_mistake_in_a_scenario_stops_start_up_with_one_line(config, slug, old, new, expected):
    path = config / "scenarios" / "en" / f"{slug}.toml"
    replace_once(path, old, new)
    assert expected in start_up_error(path)


def test_two_questions_are_too_few(config):
    path = config / "scenarios" / "en" / "motel-room.toml"
    text = path.read_text()
    start = text.index("questions = [")
    end = text.index("]", start)
    path.write_text(text[:start] + 'questions = ["One?", "Two?"' + text[end:])
    message = start_up_error(path)
    assert "has 2 debrief questions; give 3 to 5" in message


def test_duplicate_title(config):
    folder = config / "scenarios" / "en"
    copy = folder / "zz-copy.toml"
    copy.write_text((folder / "motel-room.toml").read_text())
    message = start_up_error(copy)
    assert "duplicate title" in message and "motel-room" in message


def test_bad_slug(config):
    folder = config / "scenarios" / "en"
    bad = folder / "Motel Room.toml"
    (folder / "motel-room.toml").rename(bad)
    assert "slug 'Motel Room'" in start_up_error(bad)


def test_english_folder_is_required(config):
    shutil.rmtree(config / "scenarios" / "en")
    start_up_error(config / "scenarios" / "en")


# A translation states the same facts as its English file, in its own words.
DISAGREEMENTS = {
    "a sign shown by another line": (
        'shown_by = ["person.says.3"]',
        'shown_by = ["person.says.2"]',
        "present signs and their lines: differs from the English file",
    ),
    "an accepted answer dropped": (
        'accept = ["yes"]',
        "accept = []",
        "safety answers: differs from the English file",
    ),
    "another age": ("age = 15", "age = 16", "person age: differs from the English file"),
}


@pytest.mark.parametrize(("old", "new", "expected"), DISAGREEMENTS.values(), ids=DISAGREEMENTS)
def test_a_translation_must_agree_with_english_on_every_fact(config, old, new, expected):
    path = config / "scenarios" / "es" / "truck-stop-boyfriend.toml"
    replace_once(path, old, new)
    assert expected in start_up_error(path)


@pytest.fixture
def second_language(config):
    """A Spanish scenarios folder made afresh from the English one.

    The real Spanish translations are replaced, so these tests see only the
    differences each one makes on purpose.
    """
    spanish = config / "scenarios" / "es"
    shutil.rmtree(spanish)
    shutil.copytree(config / "scenarios" / "en", spanish)
    return spanish


def test_another_language_with_the_same_slugs_loads(second_language, app_with):
    app = app_with()
    assert set(app_data(app).scenarios["es"]) == set(app_data(app).scenarios["en"])


def test_another_language_needs_every_english_slug(config, second_language):
    (second_language / "motel-room.toml").unlink()
    message = start_up_error(second_language)
    assert "scenario 'motel-room' has no file here" in message


def test_another_language_cannot_add_a_slug(config, second_language):
    extra = second_language / "extra-scenario.toml"
    text = (second_language / "motel-room.toml").read_text()
    extra.write_text(text.replace('title = "The motel room"', 'title = "Another room"'))
    message = start_up_error(extra)
    assert "no English version" in message


def test_another_language_without_content_is_refused(config):
    french = config / "scenarios" / "fr"
    shutil.copytree(config / "scenarios" / "en", french)
    message = start_up_error(french)
    assert "no content/fr" in message


# --- every part of a session: the level, the observer and the cues ------------


def set_session_parts(path, level="introductory", watch=None, cues=None):
    """Give a copied scenario file this level, observer card and cues in place of its own.

    The observer and the cues are tables, so the new ones go at the end.
    """
    watch = ["Whether the worker asks about danger first."] if watch is None else watch
    cues = [("companion", "After five minutes.", "A text arrives.")] if cues is None else cues
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'^level = ".*"$', f'level = "{level}"', text, count=1, flags=re.M)
    # Each table runs until the next blank line.
    text = re.sub(r"^(?:\[observer\]|\[\[cues\]\])\n(?:.+\n)+\n", "", text, flags=re.M)
    parts = [text, "\n[observer]\nwatch = [" + ", ".join(f'"{w}"' for w in watch) + "]\n"]
    for played_by, when, what in cues:
        parts.append(f'\n[[cues]]\nplayed_by = "{played_by}"\nwhen = "{when}"\nwhat = "{what}"\n')
    path.write_text("".join(parts), encoding="utf-8")


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_scenario_gives_everyone_in_the_group_a_part(app, language):
    for scenario in app_data(app).scenarios[language].values():
        assert scenario.level in LEVELS, scenario.slug
        assert scenario.observer.watch, scenario.slug
        assert scenario.cues, scenario.slug
        assert all(c.played_by in CUE_PLAYERS and c.when and c.what for c in scenario.cues)


def test_sales_crew_lets_the_worker_hear_tyler_before_the_van_comes(scenarios):
    # The van and the manager were the brief's last paragraph: the worker
    # read that she answers for him before meeting him. Now it is played.
    scenario = scenarios["sales-crew"]
    assert not any("van pulls in" in paragraph for paragraph in scenario.brief)
    (van,) = scenario.cues
    assert van.played_by == "companion" and "van pulls in" in van.what
    codes = [ref.code for ref in scenario.key.present["speaks-for-them"].shown_by]
    assert codes == ["cues.1", "companion.says.1"]


def test_level_observer_and_cues_are_read(config, app_with):
    for language in ("en", "es"):
        set_session_parts(
            config / "scenarios" / language / "motel-room.toml",
            level="advanced",
            watch=["Watch one.", "Watch two."],
            cues=[("observer", "When the worker sits down.", "Knock on the door.")],
        )
    scenario = app_data(app_with()).scenarios["en"]["motel-room"]
    assert scenario.level == "advanced"
    assert scenario.observer.watch == ("Watch one.", "Watch two.")
    (cue,) = scenario.cues
    assert (cue.played_by, cue.when, cue.what) == (
        "observer",
        "When the worker sits down.",
        "Knock on the door.",
    )


SESSION_MISTAKES = {
    "unknown level": (
        {"level": "expert"},
        "(file): level 'expert' should be one of introductory, intermediate, advanced",
    ),
    "empty observer card": ({"watch": []}, "observer: 'watch' should be a list of non-empty"),
    "no cues": ({"cues": []}, "(file): missing 'cues'"),
    "cue played by no one in the group": (
        {"cues": [("trainer", "At once.", "Knock.")]},
        "cues 1: played_by 'trainer' should be one of companion, observer, facilitator",
    ),
    "cue without a time": (
        {"cues": [("observer", " ", "Knock.")]},
        "cues 1: 'when' should be a non-empty str",
    ),
}


@pytest.mark.parametrize(("parts", "expected"), SESSION_MISTAKES.values(), ids=SESSION_MISTAKES)
def test_a_mistake_in_the_session_parts_stops_start_up(config, parts, expected):
    path = config / "scenarios" / "en" / "motel-room.toml"
    set_session_parts(path, **parts)
    assert expected in start_up_error(path)


def test_every_scenario_needs_a_level(config):
    path = config / "scenarios" / "en" / "motel-room.toml"
    replace_once(path, 'level = "introductory"\n', "")
    assert "(file): missing 'level'" in start_up_error(path)


def test_every_scenario_needs_an_observer_card(config):
    path = config / "scenarios" / "en" / "motel-room.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^\[observer\]\n(?:.+\n)+\n", "", text, flags=re.M), encoding="utf-8")
    assert "(file): missing 'observer'" in start_up_error(path)


def test_a_cue_can_show_a_sign(config, app_with):
    for language in ("en", "es"):
        path = config / "scenarios" / language / "motel-room.toml"
        set_session_parts(path)
        replace_once(path, 'shown_by = ["person.says.4"]', 'shown_by = ["cues.1"]')
    scenario = app_data(app_with()).scenarios["en"]["motel-room"]
    (reference,) = scenario.key.present["holds-documents"].shown_by
    assert (reference.code, reference.text) == ("cues.1", "A text arrives.")


def test_a_reference_to_a_missing_cue_stops_start_up(config):
    path = config / "scenarios" / "en" / "motel-room.toml"
    set_session_parts(path)
    replace_once(path, 'shown_by = ["person.says.4"]', 'shown_by = ["cues.2"]')
    assert "shown_by 'cues.2' points at nothing: cues has 1 lines" in start_up_error(path)


@pytest.mark.parametrize(
    ("spanish", "expected"),
    [
        ({"level": "advanced"}, "level: differs from the English file"),
        ({"cues": [("observer", "Luego.", "Un mensaje.")]}, "cues (who plays each): differs"),
    ],
)
def test_a_translation_has_the_same_level_and_cues(config, spanish, expected):
    set_session_parts(config / "scenarios" / "en" / "motel-room.toml")
    path = config / "scenarios" / "es" / "motel-room.toml"
    set_session_parts(path, **spanish)
    assert expected in start_up_error(path)


def test_a_role_card_can_say_the_person_has_limited_english(config, app_with):
    for language in ("en", "es"):
        path = config / "scenarios" / language / "motel-room.toml"
        replace_once(path, "[person]\n", "[person]\nlimited_english = true\n")
    scenarios = app_data(app_with()).scenarios["en"]
    assert scenarios["motel-room"].person.limited_english
    assert not scenarios["youth-drop-in"].person.limited_english


def test_limited_english_is_true_or_false(config):
    path = config / "scenarios" / "en" / "motel-room.toml"
    replace_once(path, "[person]\n", '[person]\nlimited_english = "yes"\n')
    assert "person: 'limited_english' should be a non-empty bool" in start_up_error(path)


#: Words the Spanish glossary for Missouri replaces (see /config/scenarios/README.md):
#: "alcance" for outreach, "reportar" for a report to an agency, US quotes,
#: "quien acompaña", "quienes capacitan", the state's name written one way.
NOT_THE_GLOSSARY = re.compile(
    r"[«»]|acercamiento|\bdenunci|\bMissouri\b|capacitador|\bel acompañante\b|\bvalorar"
    r"|\bchaqueta|\bsofá|para tener sexo|quienes explotan",
    re.IGNORECASE,
)


def glossary_slips(folder):
    """Each word in a Spanish scenario file that the glossary replaces, with its file."""
    return {
        (path.name, match.group(0))
        for path in sorted(folder.glob("*.toml"))
        for text in toml_strings(tomllib.loads(path.read_text(encoding="utf-8")))
        for match in NOT_THE_GLOSSARY.finditer(text)
    }


def test_the_spanish_scenarios_use_the_glossary_for_missouri():
    assert not glossary_slips(ROOT / "config/scenarios/es")
    assert NOT_THE_GLOSSARY.search("quien hace el acercamiento hace la denuncia «ya»")


# --- the keys rest on what the trainee sees and hears (issue 19) --------------


def test_truck_stop_triage_rests_on_what_the_worker_sees_and_hears(scenarios):
    scenario = scenarios["truck-stop-boyfriend"]
    key = scenario.key
    # What Jay makes her do is on her "will not say" list: a reason for a
    # safety answer cannot rest on it.
    for answer in key.triage.values():
        assert "sold" not in answer.why and "sells" not in answer.why
    assert any("24" in line for line in scenario.person.says)
    assert "tattoo" in scenario.brief[0]
    assert any("tattoo" in paragraph for paragraph in key.why)
    assert any("tattoo" in question for question in key.questions)


def test_one_long_day_is_not_long_hours_as_a_matter_of_course(scenarios):
    key = scenarios["hardware-store-lot"].key
    assert "excessive-hours" in key.absent
    assert "some days no work" in scenarios["hardware-store-lot"].person.says[-1]


def test_the_melon_crew_says_what_h2a_and_a_mayan_language_mean(scenarios):
    scenario = scenarios["strawberry-crew"]
    assert "Bootheel" in scenario.setting and "berry" not in scenario.setting
    assert "H-2A" in scenario.key.present["lives-at-work"].note
    assert scenario.person.limited_english
    assert any("K'iche'" in line for line in scenario.person.says)
    assert any("K'iche'" in paragraph for paragraph in scenario.key.why)
    assert any("K'iche'" in cue.what for cue in scenario.cues)


def test_the_roofer_is_not_assumed_to_have_no_id_and_learns_his_protections(scenarios):
    key = scenarios["roofing-job"].key
    assert "no papers to hold" not in key.absent["holds-documents"]
    why = " ".join(key.why)
    assert "T visa" in why and "Continued Presence" in why


def test_the_nurse_at_the_feed_store_must_report_earl_as_an_eligible_adult(scenarios):
    key = scenarios["farm-hand"].key
    why = " ".join(key.why)
    for words in ("eligible adult", "RSMo 192.2405", "Adult Abuse and Neglect Hotline", "nurse"):
        assert words in why
    assert any("report" in question for question in key.questions)


def test_every_role_with_limited_english_is_marked(scenarios):
    marked = {
        scenario.slug
        for scenario in scenarios.values()
        for role in (scenario.person, scenario.companion)
        if role and role.limited_english
    }
    assert {"night-shift-aide", "strawberry-crew", "live-in-housekeeper"} <= marked


def test_adult_sex_trafficking_without_a_violent_captor_is_covered(scenarios):
    # The motel room is the only adult sex-trafficking case, and its captor
    # is armed; trainees also need one where nobody raises a hand.
    calm = [
        s
        for s in scenarios.values()
        if "sex-trafficking" in s.covers
        and s.verdict == "trafficking"
        and s.key.minor == "no"
        and s.key.danger == "no"
        and {"unexplained-injuries", "signs-of-confinement"} <= set(s.key.absent)
    ]
    assert [s.slug for s in calm] == ["massage-spa"]


def test_a_child_sold_for_sex_by_a_relative_is_covered(scenarios):
    family = [
        s
        for s in scenarios.values()
        if {"sex-trafficking", "family-trafficker", "under-18"} <= s.covers
    ]
    assert [s.slug for s in family] == ["school-nurse"]
    key = family[0].key
    assert "ncmec" in key.resources
    assert any("RSMo 210.115" in paragraph for paragraph in key.why)
