"""The facts as their owners state them now (issue 18).

The hotline changed operator in September 2025: each of its facts says in
config/sources.toml whether a source written since the change confirms it
(``era``), and wherever one found only on older pages is shown, a plain
caveat goes with it; start-up refuses one shown without. The worker reads
"Checked <date>", never how the check was made; the resources page says
that once, in a footnote.
"""

from __future__ import annotations

import re

import pytest

from screening.app_data import app_data

from .config_edits import replace_once, start_up_error
from .pages import channel_note

BEFORE = "As the hotline described it before its 2025 change of operator."
#: A channel's note begins with the day its fact was checked.
CHECKED = re.compile(r"Checked [A-Z][a-z]+ \d{1,2}, \d{4}\. ")


def _card(page, ident):
    return page.select_one(f"#resource-{ident}").find_parent("section")


def _text(element) -> str:
    return " ".join(element.get_text(" ").split())


# --- 1. the hotline, by era ----------------------------------------------------------


def test_every_hotline_fact_has_an_era(app):
    facts = app_data(app).facts.by_id
    hotline = [fact for ident, fact in facts.items() if ident.startswith("nhth-")]
    assert len(hotline) >= 10
    for fact in hotline:
        assert fact.era in ("since-2025", "before-2025", "program"), fact.id
    since = {f.id for f in hotline if f.era == "since-2025"}
    assert {"nhth-operator", "nhth-live", "nhth-confidential"} <= since
    assert "nhth-shares-with-law-enforcement" in since
    before = {f.id for f in hotline if f.era == "before-2025"}
    assert {"nhth-relay", "nhth-text", "nhth-chat", "nhth-tip-form", "nhth-languages"} <= before
    assert {"nhth-not-police", "nhth-anonymous-tips"} <= before


def test_an_era_that_is_not_one_of_the_three_stops_start_up(config):
    replace_once(config / "sources.toml", 'era = "since-2025"', 'era = "2025"')
    message = start_up_error(config / "sources.toml")
    assert "era '2025' should be one of" in message


def test_a_channel_from_before_the_change_shown_without_a_caveat_stops_start_up(config):
    resources = config / "content/en/resources.toml"
    caveat = f', caveat = "{BEFORE}"'
    label = '(BeFree; message and data charges may apply)"'
    replace_once(resources, label + caveat, label)
    message = start_up_error(resources)
    assert "resource 'nhth' channel #3: shows nhth-text" in message
    assert "before the hotline's 2025 change of operator" in message


def test_words_from_before_the_change_must_come_with_their_caveat(config):
    resources = config / "content/es/resources.toml"
    text = resources.read_text()
    start = text.index("earlier = ")
    resources.write_text(text[:start] + text[text.index("\n", start) + 1 :])
    message = start_up_error(resources)
    assert message.startswith(f"{resources}: resource 'nhth': ")
    assert "`earlier`" in message


def test_the_hotline_card_separates_what_is_confirmed_since_the_change(client_request):
    card = _card(client_request.get("/resources"), "nhth")
    description = _text(card.select_one(".resource__for"))
    assert "run by a non-profit" in description
    for older in ("200", "not the police", "anonymous"):
        assert older not in description
    earlier = _text(card.select_one(".resource__earlier"))
    assert earlier.startswith("As the hotline described itself before its 2025 change")
    assert "200" in earlier and "anonymous" in earlier
    # Anonymity is never mentioned without its limit.
    assert "17 or under" in earlier and "immediate danger" in earlier
    for link in card.select("a[href^='sms:'], a[href='tel:711'], a.channel--chat"):
        note = _text(channel_note(link))
        assert CHECKED.match(note) and BEFORE in note
    main_call = card.select_one("a[href='tel:+18883737888']")
    assert channel_note(main_call) is None


def test_the_hotline_cards_source_supports_run_by_a_non_profit(app, client_request):
    operator = app_data(app).facts.by_id["nhth-operator"]
    # The hotline's own "what we do" page still says Polaris runs it.
    assert not [page for page in operator.sources if "humantraffickinghotline.org" in page]
    card = _card(client_request.get("/resources"), "nhth")
    assert card.select_one(".reviewed a")["href"] in operator.sources


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_hand_over_says_only_what_is_confirmed_or_what_to_ask(client_request, lang):
    page = client_request.get(f"/{lang}/for-you")
    text = _text(page.select_one("main"))
    for older in ("200", "do not have to give your name", "not the police", "no tiene que dar"):
        assert older not in text
    ask = {"en": "Ask for an interpreter", "es": "Pida un intérprete"}[lang]
    assert ask in text


def test_anonymity_is_never_mentioned_without_its_limit(client_request):
    for lang in ("en", "es"):
        page = client_request.post(f"/{lang}/check", {"danger": "no", "minor": "no"})
        for step in page.select("ol.steps > li"):
            for paragraph in step.select(":scope > p"):
                words = paragraph.get_text().lower()
                if "anonym" in words or "anónim" in words or "sin dar su nombre" in words:
                    assert "17" in words, paragraph


# --- 2. Children's Division -------------------------------------------------------------


def test_report_online_links_the_page_that_describes_it(client_request):
    card = _card(client_request.get("/resources"), "mo-child-abuse")
    online = [a for a in card.select("a") if "online" in a.get_text()]
    assert [a["href"] for a in online] == [
        "https://dss.mo.gov/cd/keeping-kids-safe/mandated-reporters.htm"
    ]


def test_the_out_of_state_number_says_where_and_when_it_was_seen(app, client_request):
    fact = app_data(app).facts.by_id["mo-can-out-of-state"]
    assert fact.sources == ("https://dss.mo.gov/cd/rptcan.htm",)
    card = _card(client_request.get("/resources"), "mo-child-abuse")
    note = _text(channel_note(card.select_one("a[href='tel:+15737513448']")))
    assert CHECKED.match(note) and "older" in note


# --- 3. Missouri Division of Labor Standards ------------------------------------------------


def test_labor_standards_says_what_its_form_and_rule_say(client_request):
    card = _text(_card(client_request.get("/resources/more"), "mo-labor-standards"))
    assert "employer is told" not in card
    assert "RSMo 290.520" in card and "8 CSR 30-4.060" in card
    assert "cannot file it for them" in card and "cannot make the employer pay" in card
    source = _card(client_request.get("/resources/more"), "mo-labor-standards").select_one(
        ".reviewed a"
    )
    assert source["href"] == "https://lrforms.mo.gov/minimum_wage/MWCForm"


@pytest.mark.parametrize("slug", ["hardware-store-lot", "summer-sales"])
def test_wage_debriefs_do_not_promise_the_pay(app, slug):
    for lang in ("en", "es"):
        key = app_data(app).scenarios[lang][slug].key
        words = " ".join(key.why).lower()
        for promise in ("help getting the pay", "ayuda para cobrar"):
            assert promise not in words


# --- 4. NCMEC -----------------------------------------------------------------------------


def test_ncmec_shows_the_cybertipline_for_child_sex_trafficking(client_request):
    card = _card(client_request.get("/resources"), "ncmec")
    assert card.select_one("a[href='https://report.cybertip.org/']")
    assert "sex trafficking" in _text(card)
    # Its source is NCMEC's own page on trafficking, not another hotline's.
    assert "missingkids.org" in card.select_one(".reviewed a")["href"]


# --- 5 and 6. Wage and Hour Division; small ones ----------------------------------------------


def test_wage_and_hour_says_what_it_does_not_what_it_protects_from(client_request):
    card = _text(_card(client_request.get("/resources/more"), "dol-whd"))
    assert "immigration status" not in card
    assert "Hours vary by region" in card
    assert "with the worker's permission" in card and "court" in card


def test_relay_texts_and_the_statute_say_what_their_sources_say(client_request):
    page = client_request.post("/check", {"danger": "no", "minor": "yes"})
    relay = page.select_one("#step-call-hotline a[href='tel:711']").get_text()
    assert "Deaf, hard of hearing or speech-impaired" in relay
    text = page.select_one("#step-call-hotline a[href^='sms:']").get_text()
    assert "message and data charges may apply" in text
    assert "abuse or neglect (RSMo 210.110)" in _text(page.select_one("#step-report-child"))


# --- 8. plain words for the worker --------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "checked"), [("/resources", "Checked"), ("/es/resources", "Revisado")]
)
def test_worker_pages_say_checked_and_the_footnote_says_what_it_means(
    client_request, path, checked
):
    page = client_request.get(path)
    for card in page.select(".resource"):
        assert _text(card.select_one(".reviewed")).startswith(checked)
    text = _text(page)
    for deployers_words in ("stored copy", "live page", "copia guardada", "página en vivo"):
        assert deployers_words not in text
    footnote = page.select_one("#checked-means")
    assert footnote and f"“{checked}”" in _text(footnote)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_worker_page_says_how_a_fact_was_checked(client_request, lang):
    pages = [
        client_request.get(f"/{lang}/for-you"),
        client_request.get(f"/{lang}/card"),
        client_request.post(f"/{lang}/check", {"danger": "yes", "minor": "yes"}),
    ]
    for page in pages:
        text = _text(page).lower()
        for words in ("stored copy", "live page", "last confirmed", "not confirmed again"):
            assert words not in text
