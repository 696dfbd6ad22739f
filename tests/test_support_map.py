"""The whole support map, and the lines the real journey needs beside the steps.

Legal aid, Missouri's crime victims' compensation, the 988 Lifeline, the
Adult Abuse and Neglect Hotline, local police or sheriff, the FBI and the
immigration protections for victims: each its own card on the resources
page, each of its facts in config/sources.toml. On the results, a line for
an adult who may be 60 or older or have a disability, the other law
enforcement options beside HSI, and mandated reporters named so each
recognizes themselves. The two safety questions still decide the steps.
"""

from __future__ import annotations

import datetime
import itertools

import pytest

from screening.app_data import app_data
from screening.content import TRIAGE_VALUES
from screening.next_steps import Answers, note_ids_for, plan, step_ids_for

from .config_edits import replace_once, start_up_error
from .pages import channel_note
from .repository import ROOT

CHECKED = datetime.date(2026, 12, 3)

#: Each new card, and the facts (config/sources.toml) its words and channels state.
NEW_CARDS = {
    "mo-adult-abuse": {
        "mo-aps-hotline",
        "mo-aps-online",
        "relay-mo-aps",
        "mo-aps-who",
        "rsmo-192-2405",
    },
    "legal-aid": {"lsmo-web", "lsmo-programs", "lssm-helpline", "lssm-intake"},
    "mo-crime-victims-compensation": {"mo-cvc-web", "mo-cvc-pays", "mo-cvc-sworn-statement"},
    "lifeline-988": {"lifeline-988", "lifeline-988-spanish", "lifeline-988-missouri"},
    "local-police": {"emergency-911", "local-law-enforcement"},
    "fbi": {"fbi-human-trafficking", "fbi-investigates", "fbi-tip-phone", "fbi-tips-web"},
    "victim-protections": {
        "t-visa",
        "t-visa-eligibility",
        "continued-presence",
        "continued-presence-requested",
    },
}


def card(page, resource_id: str):
    """A resource's card on a page, by the id of its heading."""
    heading = page.select_one(f"#resource-{resource_id}")
    assert heading is not None, f"no card for {resource_id}"
    return heading.find_parent("section")


def words(element) -> str:
    return " ".join(element.get_text(" ").split())


def results(client_request, danger: str, minor: str, lang: str = ""):
    return client_request.post(f"{lang}/check", {"danger": danger, "minor": minor})


# --- the facts -------------------------------------------------------------------


def test_each_new_card_states_only_facts_listed_with_owner_pages_date_and_how(app):
    facts = app_data(app).facts.by_id
    for language in ("en", "es"):
        resources = app_data(app).content[language].resources
        for resource_id, expected in NEW_CARDS.items():
            resource = resources[resource_id]
            assert set(resource.facts) == expected, (language, resource_id)
            for ident in expected - {"emergency-911"}:
                fact = facts[ident]
                assert fact.owner and fact.sources and fact.how, ident
                assert fact.confirmed == CHECKED, ident


def test_what_the_owners_pages_do_not_confirm_is_marked_or_left_out(app):
    facts = app_data(app).facts.by_id
    # The FBI's tip line and form were seen only on pages others published.
    assert facts["fbi-tip-phone"].how == facts["fbi-tips-web"].how == "third-party"
    assert facts["rsmo-192-2405"].how == "third-party"
    values = " ".join(fact.value for fact in facts.values())
    # No hours for the adult hotline, no phone for compensation, no "press 3".
    assert "800-347-6881" not in values and "press 3" not in values.lower()
    assert "regardless of" not in values.lower()


# --- the resources page -------------------------------------------------------------


def test_the_adult_hotline_card_gives_its_number_online_report_and_whom_it_covers(
    client_request,
):
    page = client_request.get("/resources")
    adults = card(page, "mo-adult-abuse")
    assert adults.select_one("a[href='tel:+18003920210']")
    assert adults.select_one("a[href='https://health.mo.gov/abuse']")
    assert adults.select_one("a[href='tel:+18007352966']")
    text = words(adults)
    assert "60 or older" in text and "disabilit" in text
    assert "financial exploitation" in text
    # Its owner's pages give conflicting hours: none shown.
    assert "Hours" not in text


def test_the_support_map_has_legal_aid_compensation_and_crisis_help(client_request):
    page = client_request.get("/resources/more")
    legal = card(page, "legal-aid")
    assert legal.select_one("a[href='https://lsmo.org/']")
    assert legal.select_one("a[href='tel:+18004444863']")
    assert "125%" in words(legal) and "civil" in words(legal)
    compensation = card(page, "mo-crime-victims-compensation")
    assert compensation.select_one("a[href='https://dps.mo.gov/dir/programs/cvc/']")
    assert "$25,000" in words(compensation) and "sworn statement" in words(compensation)
    assert not compensation.select("a[href^='tel:']")
    crisis = card(page, "lifeline-988")
    assert crisis.select_one("a[href='tel:988']") and crisis.select_one("a[href^='sms:988']")
    assert "press 2 for Spanish" in words(crisis)
    assert "press 3" not in words(crisis)
    # MOCADSV stays the way to shelters, before the new cards.
    support = [h["id"] for h in page.select("#purpose-support ~ section .resource__name")]
    assert support[0] == "resource-mocadsv"


def test_law_enforcement_shows_police_the_fbi_and_the_protections_beside_hsi(client_request):
    page = client_request.get("/resources/more")
    section = page.select_one("#purpose-law-enforcement").find_parent("section")
    names = [h["id"].removeprefix("resource-") for h in section.select(".resource__name")]
    assert names == ["hsi-tips", "local-police", "fbi"]
    police = card(page, "local-police")
    assert "sheriff" in words(police) and police.select_one("a[href='tel:911']")
    fbi = card(page, "fbi")
    link = "https://www.fbi.gov/investigate/violent-crime/human-trafficking"
    assert fbi.select_one(f"a[href='{link}']")
    # The tip line and form are shown with what they rest on, in plain words.
    for href in ("tel:+18002255324", "https://tips.fbi.gov/"):
        caveat = channel_note(fbi.select_one(f"a[href='{href}']"))
        assert "not found on the FBI's own pages" in words(caveat)
    # Under a heading of their own, not a law enforcement option: on the
    # first page, for a person afraid to call, which the first link here names.
    protections = card(client_request.get("/resources"), "victim-protections")
    heading = protections.find_parent("section").h2.get_text()
    assert heading == "Immigration protections for victims"
    assert heading in page.select("main p")[1].get_text()
    assert not protections.select(".tag")
    text = words(protections)
    assert "T visa" in text and "Continued Presence" in text
    assert "cannot apply" in text
    assert "regardless" not in text
    assert protections.select_one("a[href='https://www.dhs.gov/continued-presence']")
    assert protections.select_one(
        "a[href='https://www.uscis.gov/policy-manual/volume-3-part-b-chapter-2']"
    )


def test_the_spanish_cards_say_reportar_and_keep_english_names_in_parentheses(client_request):
    page = client_request.get("/es/resources")
    page.main.extend(client_request.get("/es/resources/more").main.contents)
    for resource_id in NEW_CARDS:
        text = words(card(page, resource_id))
        assert "denunci" not in text.lower(), resource_id
    crisis = card(page, "lifeline-988")
    assert crisis.select_one("a[href='sms:988?body=AYUDA']")
    assert "presione 2" in words(crisis)
    adults = card(page, "mo-adult-abuse")
    assert "reportar" in words(adults).lower()
    # The official English name in parentheses, as the other Spanish entries
    # keep theirs, marked for a screen reader (kept_in_english).
    name = adults.select_one(".resource__name")
    assert "(Adult Abuse and Neglect Hotline)" in name.get_text()
    assert name.select_one("[lang=en]").get_text() == "Adult Abuse and Neglect Hotline"


# --- the results --------------------------------------------------------------------

COMBINATIONS = list(itertools.product(TRIAGE_VALUES, TRIAGE_VALUES))


@pytest.mark.parametrize(("danger", "minor"), COMBINATIONS)
def test_the_adult_line_is_information_for_an_adult_never_a_step(danger, minor):
    notes = note_ids_for(danger, minor)
    assert ("vulnerable-adult" in notes) is (minor == "no")
    # The steps are the two safety questions' alone.
    assert "vulnerable-adult" not in step_ids_for(danger, minor)


@pytest.mark.parametrize(("danger", "minor"), COMBINATIONS)
def test_the_results_show_the_adult_line_only_for_an_adult(client_request, danger, minor):
    page = results(client_request, danger, minor)
    line = page.select_one("#note-vulnerable-adult")
    assert (line is not None) is (minor == "no")
    if line is not None:
        text = words(line)
        assert "60 or older" in text and "disability" in text
        assert "must report" in text and "(RSMo 192.2405)" in text
        assert line.select_one("a[href='tel:+18003920210']")
        # After the steps: information beside them, not a step of its own.
        assert line.find_parent("li") is None


def test_the_plan_carries_the_adult_line_worded_by_the_content(app):
    content = app_data(app).content["en"]
    adult = plan(Answers("no", "no"), content)
    assert [note.id for note in adult.notes] == ["vulnerable-adult"]
    assert adult.notes[0].resource.id == "mo-adult-abuse"
    assert plan(Answers("no", "yes"), content).notes == ()


@pytest.mark.parametrize("lang", ["", "/es"])
def test_law_enforcement_step_names_police_and_the_fbi_and_the_protections(client_request, lang):
    page = results(client_request, "no", "no", lang)
    step = page.select_one("#step-law-enforcement")
    text = words(step)
    if lang:
        assert "policía local" in text and "alguacil" in text and "FBI" in text
    else:
        assert "local police" in text and "sheriff" in text and "FBI" in text
    assert "T visa" in text and "Continued Presence" in text
    assert step.select_one("a[href='https://www.dhs.gov/continued-presence']")


@pytest.mark.parametrize(
    ("lang", "named"),
    [
        ("", ["teachers", "school", "nurses", "clinic", "social workers", "child-care"]),
        ("/es", ["maestros", "escuela", "enfermeros", "clínica", "trabajadores sociales"]),
    ],
)
def test_mandated_reporters_are_named_so_each_recognizes_themselves(client_request, lang, named):
    text = words(results(client_request, "no", "yes", lang).select_one("#step-report-child"))
    for who in named:
        assert who in text, who
    assert "(RSMo 210.115)" in text


# --- the debriefs -----------------------------------------------------------------


@pytest.mark.parametrize("slug", ["truck-stop-boyfriend", "youth-drop-in"])
def test_debriefs_that_cite_the_cybertipline_show_its_address(client_request, scenarios, slug):
    assert "CyberTipline" in " ".join(scenarios[slug].key.why)
    page = client_request.post(f"/training/{slug}", {"danger": "no", "minor": "no"})
    other = page.select_one("#other-help").find_next_sibling("p")
    assert "report.cybertip.org" in other.get_text()


def test_an_adult_debrief_carries_the_adult_line_as_plain_text(client_request):
    page = client_request.post("/training/farm-hand", {"danger": "no", "minor": "no"})
    line = page.select_one("#key-note-vulnerable-adult")
    assert line is not None and "1-800-392-0210" in line.get_text()
    assert not page.select("a[href^='tel:']")


# --- start-up -------------------------------------------------------------------


def test_a_note_for_a_resource_that_is_not_defined_stops_start_up(config):
    steps = config / "content/es/steps.toml"
    replace_once(steps, 'resource = "mo-adult-abuse"', 'resource = "mo-adults"')
    message = start_up_error(steps)
    assert "note 'vulnerable-adult'" in message and "'mo-adults'" in message


def test_a_missing_note_stops_start_up(config):
    steps = config / "content/en/steps.toml"
    replace_once(steps, 'id = "vulnerable-adult"', 'id = "older-adult"')
    assert "note 'older-adult': unknown note" in start_up_error(steps)


def test_a_new_cards_number_dropped_from_the_list_stops_start_up(config):
    text = (config / "sources.toml").read_text()
    start = text.index('[[facts]]\nid = "mo-aps-hotline"')
    end = text.index("[[facts]]", start + 1)
    (config / "sources.toml").write_text(text[:start] + text[end:])
    message = start_up_error()
    assert "resource 'mo-adult-abuse' channel #1" in message and "1-800-392-0210" in message


def test_the_shipped_files_hold_the_new_entries_once():
    for language in ("en", "es"):
        text = (ROOT / "config/content" / language / "resources.toml").read_text()
        for resource_id in NEW_CARDS:
            assert text.count(f'id = "{resource_id}"') == 1, (language, resource_id)


@pytest.mark.parametrize("slug", ["roofing-job", "hardware-store-lot"])
def test_debriefs_of_workers_wary_of_immigration_show_more_than_hsi(client_request, slug):
    page = client_request.post(f"/training/{slug}", {"danger": "no", "minor": "no"})
    text = words(page.select_one("#key-step-law-enforcement"))
    assert "local police or sheriff" in text and "FBI" in text
    assert "T visa" in text and "Continued Presence (DHS)" in text


@pytest.mark.parametrize(
    ("lang", "named"),
    [
        ("en", ["teachers", "school", "nurses", "clinic staff", "social workers"]),
        ("es", ["maestros", "escuela", "enfermeros", "clínicas", "trabajadores sociales"]),
    ],
)
def test_the_pocket_card_names_mandated_reporters_too(client_request, lang, named):
    card_page = client_request.get(f"/{lang}/card")
    line = next(
        p for p in card_page.select(".pocket-card__numbers p") if "RSMo 210.115" in p.get_text()
    )
    for who in named:
        assert who in line.get_text(), who
