"""The real journey through Flask's test client: start, form, next steps, resources."""

from __future__ import annotations

import itertools
import re

import pytest

from screening.app_data import app_data
from screening.checklist import resource_url

from .pages import channel_note, parse

NHTH = "1-888-373-7888"
MO_HOTLINE = "1-800-392-3738"


def step_ids(soup) -> list[str]:
    return [li["id"].removeprefix("step-") for li in soup.select("ol.steps > li")]


def test_start_page_says_what_the_tool_is_not_and_how_to_stay_safe(client_request):
    page = client_request.get("/")
    text = page.get_text(" ")
    assert "not a diagnosis" in text
    assert "not a validated screening tool" in text
    assert "stores nothing" in text
    safety = page.select_one(".card--safety").get_text(" ")
    for phrase in ("alone", "professional", "confidentiality", "confront", "promises", "push"):
        assert phrase in safety
    assert page.select_one("a.button--start")["href"] == "/check"


def test_the_form_is_triage_first_then_five_groups_as_fieldsets(client_request):
    form = client_request.get("/check").select_one("form")
    assert form["autocomplete"] == "off"
    legends = [" ".join(f.legend.get_text().split()) for f in form.select("fieldset")]
    assert legends[:2] == ["Is anyone in immediate danger?", "Could the person be under 18?"]
    assert len(legends) == 7
    for box in form.select("input[type=checkbox], input[type=radio]"):
        assert form.select_one(f"label[for='{box['id']}']"), box["id"]
    assert form.select_one("input[name=csrf_token]")


@pytest.mark.parametrize("danger", ["yes", "unsure"])
def test_possible_danger_puts_911_first(client_request, danger):
    page = client_request.post("/check", {"danger": danger, "minor": "no"})
    first = page.select_one("ol.steps > li")
    assert first["id"] == "step-emergency"
    assert "Call 911 now" in first.h2.get_text()
    assert first.select_one("a[href='tel:911']")
    # Nothing but the page heading and the two answers that decided it comes before it.
    answers = page.select_one("main h1").find_next_sibling()
    assert answers["class"] == ["answers"] and answers.find_next_sibling() is first.parent
    said = "Yes" if danger == "yes" else "Not sure"
    assert " ".join(answers.get_text(" ").split()).startswith(f"Immediate danger: {said} .")
    assert first.get_text(" ").split()[:5] == ["Call", "911", "now", "Someone", "may"]


@pytest.mark.parametrize("minor", ["yes", "unsure"])
def test_a_possible_child_gets_the_missouri_hotline_and_mandated_reporting(client_request, minor):
    page = client_request.post("/check", {"danger": "no", "minor": minor})
    assert step_ids(page)[:2] == ["report-child", "call-hotline"]
    child = page.select_one("#step-report-child")
    assert MO_HOTLINE in child.get_text()
    assert child.select_one("a[href='tel:+18003923738']")
    assert "mandated reporter" in child.get_text()
    assert "RSMo 210.115" in child.get_text()
    assert NHTH in page.select_one("#step-call-hotline").get_text()


def test_nothing_checked_and_both_no_still_gives_the_hotline_and_the_caution(client_request):
    page = client_request.post("/check", {"danger": "no", "minor": "no"})
    assert step_ids(page) == ["their-wishes", "call-hotline", "law-enforcement"]
    hotline = page.select_one("#step-call-hotline")
    assert hotline.select_one("a[href='tel:+18883737888']")
    assert hotline.select_one("a[href^='sms:233733']")
    assert hotline.select_one("a[href='https://humantraffickinghotline.org/']")
    assert hotline.select_one("a[href='https://humantraffickinghotline.org/en/report-trafficking']")
    text = " ".join(hotline.get_text(" ").split())
    # The hotline as it is run now: it may share information with law
    # enforcement. A next step keeps to that: what the hotline said of itself
    # before 2025 (anonymous tips, not the police) is on the resources page,
    # with its caveat; here only its older channels, under theirs.
    assert "share information with law enforcement as appropriate" in text
    assert "As the hotline described it before its 2025 change of operator" in text
    assert "not the police and not immigration" not in text
    assert "Polaris" not in page.get_text()
    caution = page.select_one(".card--caution").get_text(" ")
    assert "do not prove" in caution and "does not mean the person is safe" in caution
    assert "You did not check any signs" in page.get_text()


@pytest.mark.parametrize(
    ("danger", "minor"), list(itertools.product(["yes", "no", "unsure"], repeat=2))
)
def test_every_result_says_what_to_tell_the_hotline_and_what_not_to_write_down(
    client_request, danger, minor
):
    page = client_request.post("/check", {"danger": danger, "minor": minor})
    card = page.select_one("section[aria-labelledby=call-title]")
    assert card.h2.get_text() == "When you call"
    text = card.get_text(" ")
    for point in ("who you are worried about", "where and when", "plates", "Do not approach"):
        assert point in text
    assert "in-depth questions" in text and "subpoenaed" in text
    # After the steps, and before the signs it points to ("listed below").
    assert card.find_previous("ol", class_="steps")
    assert card.find_next("section", attrs={"aria-labelledby": "noticed-title"})


def test_the_text_code_says_it_dates_from_before_the_change_of_operator(app, client_request):
    page = client_request.post("/check", {"danger": "yes", "minor": "yes"})
    text_link = page.select_one("#step-call-hotline a[href^='sms:233733']")
    note = " ".join(channel_note(text_link).get_text().split())
    checked = app_data(app).facts.by_id["nhth-text"].confirmed
    assert note == (
        f"Checked {checked:%B} {checked.day}, {checked.year}. "
        "As the hotline described it before its 2025 change of operator."
    )
    assert "message and data charges may apply" in text_link.get_text()


def test_the_relay_line_says_to_ask_for_the_hotline(client_request):
    page = client_request.post("/check", {"danger": "no", "minor": "no"})
    relay = page.select_one("#step-call-hotline a[href='tel:711']").get_text()
    assert "ask the relay operator for the hotline" in relay


def test_law_enforcement_is_only_a_labelled_option(client_request):
    page = client_request.post("/check", {"danger": "no", "minor": "no"})
    law = page.select_one("#step-law-enforcement")
    assert step_ids(page)[-1] == "law-enforcement"
    assert "Law enforcement option" in law.get_text()
    assert "1-866-347-2423" in law.get_text()
    # The HSI number appears nowhere else on the results page.
    others = [li for li in page.select("ol.steps > li") if li is not law]
    assert all("1-866-347-2423" not in li.get_text() for li in others)


def test_ticked_signs_are_shown_back_grouped(client_request, checklist):
    page = client_request.post(
        "/check",
        [
            ("danger", "no"),
            ("minor", "no"),
            ("control", "speaks-for-them"),
            ("control", "holds-documents"),
            ("living", "few-belongings"),
        ],
    )
    noticed = page.select_one("section[aria-labelledby=noticed-title]")
    assert [h.get_text() for h in noticed.select("h3")] == [
        "Isolation and control by someone else",
        "Poor living conditions",
    ]
    labels = {item.id: item.label for group in checklist.groups for item in group.items}
    assert [li.get_text() for li in noticed.select("li")] == [
        labels["speaks-for-them"],
        labels["holds-documents"],
        labels["few-belongings"],
    ]


SCORE_WORDS = re.compile(r"score|risk level|high risk|low risk|%|\b\d+ (?:of|out of) \d+\b", re.I)


@pytest.mark.parametrize(
    ("danger", "minor"), list(itertools.product(["yes", "no", "unsure"], repeat=2))
)
def test_no_score_anywhere(client_request, danger, minor, app):
    every = [(g.id, i.id) for g in app_data(app).content["en"].checklist.groups for i in g.items]
    for ticks in ([], every[:3], every):
        page = client_request.post("/check", [("danger", danger), ("minor", minor), *ticks])
        text = page.select_one("main").get_text(" ")
        assert not SCORE_WORDS.search(text), SCORE_WORDS.search(text)


def test_the_result_is_not_redirected_and_nothing_goes_in_the_url(client_request):
    answers = {"danger": "no", "minor": "no", "work": "owes-debt"}
    response = client_request.post_response("/check", answers)
    assert response.request.path == "/check"
    assert not response.request.query_string
    assert "Location" not in response.headers
    assert "What to do next" in parse(response.data).h1.get_text()


def test_change_your_answers_gives_the_form_back_filled_in(client_request):
    answers = [("danger", "unsure"), ("minor", "no"), ("work", "owes-debt")]
    page = client_request.post("/check", answers)
    change = page.select_one(".actions form")
    data = [(i["name"], i.get("value", "")) for i in change.select("input")]
    data.append(("action", "change"))
    form = client_request.post(change["action"], data, token=None)
    assert form.select_one("#danger-unsure").has_attr("checked")
    assert form.select_one("#minor-no").has_attr("checked")
    assert form.select_one("#work-owes-debt").has_attr("checked")
    assert not form.select_one(".error-summary")


# --- tampered and incomplete posts ----------------------------------------

TAMPERED = {
    "missing triage": [("control", "never-alone")],
    "invalid triage choice": [("danger", "perhaps"), ("minor", "no"), ("control", "never-alone")],
    "duplicate triage": [
        ("danger", "yes"),
        ("danger", "no"),
        ("minor", "no"),
        ("control", "never-alone"),
    ],
    "unknown item": [
        ("danger", "no"),
        ("minor", "no"),
        ("control", "never-alone"),
        ("control", "made-up-item"),
    ],
    "item in the wrong group": [
        ("danger", "no"),
        ("minor", "no"),
        ("control", "never-alone"),
        ("work", "fearful"),
    ],
}


@pytest.mark.parametrize("data", TAMPERED.values(), ids=TAMPERED.keys())
def test_tampered_posts_get_the_form_back_with_a_summary_and_ticks_kept(client_request, data):
    page = client_request.post("/check", data)
    summary = page.select_one(".error-summary")
    assert summary and summary.h2.get_text() == "There is a problem"
    assert page.title.get_text().startswith("Error: ")
    for link in summary.select("a"):
        target = page.select_one(link["href"])
        assert target is not None and target.name == "input", link["href"]
    assert page.select_one("#control-never-alone").has_attr("checked")


def test_each_missing_triage_answer_has_its_own_message(client_request):
    page = client_request.post("/check", [])
    messages = [a.get_text() for a in page.select(".error-summary a")]
    assert messages == [
        "Say whether anyone is in immediate danger, or choose Not sure",
        "Say whether the person could be under 18, or choose Not sure",
    ]
    assert [a["href"] for a in page.select(".error-summary a")] == ["#danger-yes", "#minor-yes"]


def test_a_valid_answer_is_kept_when_the_other_is_missing(client_request):
    page = client_request.post("/check", [("minor", "unsure"), ("physical", "deprived-of-care")])
    assert page.select_one("#minor-unsure").has_attr("checked")
    assert page.select_one("#physical-deprived-of-care").has_attr("checked")
    assert [a["href"] for a in page.select(".error-summary a")] == ["#danger-yes"]


# --- resources and every page ---------------------------------------------


RESOURCE_PAGES = ("/resources", "/resources/more")


def test_resources_page_groups_by_purpose_with_tap_targets_and_confirmed_dates(client_request):
    page = client_request.get("/resources")
    headings = [h.get_text() for h in page.select("main h2")]
    assert headings[0] == "Emergencies"
    more = client_request.get("/resources/more")
    assert "Law enforcement (an option, not the default)" in [
        h.get_text() for h in more.select("main h2")
    ]
    assert page.select_one("a[href='tel:+18883737888']")
    assert page.select_one("a[href='sms:233733?body=HELP']")
    for card in page.select(".resource") + more.select(".resource"):
        reviewed = card.select_one(".reviewed")
        # The day the facts were checked; how, the page's footnote says once.
        assert re.fullmatch(
            r"Checked (November 27|December 3), 2026 against its source\.", reviewed.get_text()
        )
        assert reviewed.a["href"].startswith(("https://", "http://"))
        assert reviewed.a.get_text() == "its source"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_two_resources_pages_show_every_resource_once_and_link_each_other_first(
    app, client_request, lang
):
    content = app_data(app).content[lang]
    pages = {path: client_request.get(f"/{lang}{path}") for path in RESOURCE_PAGES}
    shown = [card["id"] for page in pages.values() for card in page.select(".resource__name")]
    # Not a card dropped, none twice.
    assert sorted(shown) == sorted(f"resource-{ident}" for ident in content.resources)
    for path, page in pages.items():
        other = next(p for p in RESOURCE_PAGES if p != path)
        # Right under the 911 line, the other page, named by what it holds.
        link = page.select("main p")[1]
        assert link.a["href"] == f"/{lang}{other}"
        headings = [h.get_text() for h in pages[other].select("main h2")]
        assert link.get_text().endswith(": " + "; ".join(headings) + ".")
        assert "911" in page.select_one("main p.lead").get_text()
        # What "Checked" means, under the cards of both.
        assert page.select("main > *")[-1]["id"] == "checked-means"
    titles = {"en": "Whom to contact", "es": "A quién contactar"}
    assert pages["/resources"].h1.get_text() == titles[lang]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_link_to_any_resource_reaches_its_card(app, client_request, lang):
    for ident in app_data(app).content[lang].resources:
        with app.test_request_context(f"/{lang}/check"):
            app.preprocess_request()
            url = resource_url(ident)
        path, _, anchor = url.partition("#")
        assert path.startswith(f"/{lang}/resources")
        assert client_request.get(path).select_one(f"#{anchor}.resource__name"), url


def test_friendly_404_leads_back(client_request):
    page = client_request.get("/no-such-page", status=404)
    links = {a["href"] for a in page.select("main a")}
    assert {"/", "/resources"} <= links
    assert "Page not found" in page.h1.get_text()


def test_change_your_answers_keeps_only_real_answers_and_checks_the_token(client_request):
    data = {"action": "change", "danger": "CANARY-1", "minor": "no"}
    page = client_request.post("/check", data)
    # A made-up answer is not shown back as an answer.
    assert not page.select("#danger-yes[checked], #danger-no[checked], #danger-unsure[checked]")
    assert "CANARY" not in str(page.select_one("#checklist-form"))
    assert page.select_one("#minor-no").has_attr("checked")
    # Without a valid token the form still comes back filled in, with the notice.
    stale = client_request.post("/check", data, token="stale")
    assert stale.select_one("#token-notice")
    assert stale.select_one("#minor-no").has_attr("checked")


# --- what the content says ------------------------------------------------------


def test_the_start_page_says_the_safety_questions_decide_the_steps(client_request):
    page = client_request.get("/")
    lead = page.select_one("p.lead").get_text()
    assert "two safety questions decide what to do next" in lead.lower()
    assert "never change the steps" in page.select_one("main").get_text()
    # One short paragraph, then the way in; the safety card follows.
    assert lead.count(".") <= 2
    assert page.select_one("p.lead").find_next_sibling().select_one("a.button--start")
    safety = page.select_one(".card--safety").get_text(" ")
    assert "ask what they want" in safety and "only if they agree" in safety


def test_the_checklist_repeats_the_safety_reminder_above_the_questions(client_request):
    main = client_request.get("/check").select_one("main")
    reminder = main.select_one(".card--safety")
    lines = [" ".join(p.get_text().split()) for p in reminder.select("p")]
    assert len(lines) == 2
    assert "alone" in lines[0] and "companion" in lines[0]
    assert "911" in lines[1]
    # Above the first question, so a worker who skips the start page sees it.
    first_question = main.select_one("fieldset")
    assert reminder in first_question.find_all_previous("div")
    assert "decide the next steps" in main.select_one("p.lead").get_text()


def test_a_possible_child_step_cites_each_law_for_what_it_says(client_request):
    page = client_request.post("/check", {"danger": "no", "minor": "yes"})
    child = page.select_one("#step-report-child")
    text = " ".join(child.get_text(" ").split())
    assert "victim of sex trafficking or a severe form of trafficking" in text
    assert "(RSMo 210.110)" in text
    assert "no need to show force, fraud or coercion (22 U.S.C. 7102)" in text
    online = child.select_one(
        "a[href='https://dss.mo.gov/cd/keeping-kids-safe/mandated-reporters.htm']"
    ).get_text()
    assert "MOLogin account set up ahead of time" in online


def test_wage_theft_has_its_own_help_and_the_next_steps_point_to_it(client_request):
    page = client_request.get("/resources/more")
    wages = page.select_one("#purpose-wages").find_parent("section")
    assert wages.h2.get_text() == "Unpaid wages, overtime and child labor"
    assert [h["id"] for h in wages.select(".resource__name")] == [
        "resource-dol-whd",
        "resource-mo-labor-standards",
    ]
    federal = wages.select_one("#resource-dol-whd").find_parent("section").get_text(" ")
    assert "confidential" in federal
    assert wages.select_one("a[href='tel:+18664879243']")
    state = wages.select_one("#resource-mo-labor-standards").find_parent("section").get_text(" ")
    # Missouri's complaint is not confidential, and the worker files it: said plainly.
    assert "gives up confidentiality" in state and "two years" in state
    assert wages.select_one("a[href='tel:+15737513403']")
    result = client_request.post("/check", {"danger": "no", "minor": "no"})
    link = result.select_one(".actions a[href='/resources/more']").get_text()
    assert "unpaid wages" in link


def test_resources_make_no_promise_the_sources_do_not(client_request):
    mains = [client_request.get(path).select_one("main") for path in RESOURCE_PAGES]
    text = " ".join(" ".join(main.get_text(" ").split()) for main in mains)
    assert "find local services" not in text
    assert "Polaris" not in text
    assert "accepts anonymous tips" not in text


def test_the_answers_carried_forward_send_a_group_in_one_field(client_request):
    # The results carry the signs on, for "change" and the language switch,
    # one field a group (the ids space-separated), which keeps a results page
    # with every sign checked within one round trip.
    page = client_request.post(
        "/check", {"danger": "no", "minor": "no", "control": ["holds-documents", "never-alone"]}
    )
    carried = page.select("#answers-form input[name=control]")
    assert [field["value"] for field in carried] == ["holds-documents never-alone"]
    again = client_request.post(
        "/check", {"danger": "no", "minor": "no", "control": "holds-documents never-alone"}
    )
    noticed = again.select_one("section[aria-labelledby=noticed-title]").get_text()
    assert "holds their ID" in noticed and "never on their own" in noticed
    # An unknown id among them is refused as one sent alone would be.
    refused = client_request.post(
        "/check", {"danger": "no", "minor": "no", "control": "holds-documents canary"}
    )
    assert refused.select_one("#error-summary")
