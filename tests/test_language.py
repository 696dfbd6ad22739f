"""The language is in the address, survives every link and form, and can be switched in place."""

from __future__ import annotations

import pytest
from babel import Locale
from babel.messages.pofile import read_po
from flask_wtf.i18n import translations as wtforms_translations

from screening.app_data import app_data
from screening.language import current_language, language_links, path_in_language

from .pages import submission, token_from
from .repository import ROOT

SPANISH = {"Accept-Language": "es-MX,es;q=0.9"}
ENGLISH = {"Accept-Language": "en-US,en;q=0.9"}
PAGES = ["/", "/check", "/resources", "/staying-safe", "/card", "/training"]


def _internal_links(soup) -> list[str]:
    """Links and form actions to this app, other than the language switch and static files."""
    links = [a["href"] for a in soup.select("a[href^='/']:not([hreflang])")]
    links += [
        f["action"]
        for f in soup.select("form[action]")
        if not f.find_parent(class_="language-switch")
    ]
    return [link for link in links if not link.startswith("/static/")]


def test_plain_address_follows_the_browser_language(client_request):
    spanish = client_request.get("/check", headers=SPANISH)
    assert spanish.html["lang"] == "es"
    assert all(link.startswith("/es/") for link in _internal_links(spanish))
    english = client_request.get("/check", headers=ENGLISH)
    assert english.html["lang"] == "en"
    assert not any(link.startswith(("/es/", "/en/")) for link in _internal_links(english))
    assert client_request.get("/check").html["lang"] == "en"


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("path", PAGES)
def test_language_in_the_address_wins_and_stays_in_every_link(client_request, lang, path):
    # The browser asks for the other language; the address decides.
    headers = ENGLISH if lang == "es" else SPANISH
    soup = client_request.get(f"/{lang}{path}", headers=headers)
    assert soup.html["lang"] == lang
    links = _internal_links(soup)
    assert links
    assert all(link.startswith(f"/{lang}/") for link in links), links


def test_an_unknown_language_is_not_found(client_request):
    client_request.get("/fr/check", status=404)


def test_an_error_page_answers_in_the_language_of_its_address(client_request):
    soup = client_request.get("/es/no-such-page", status=404, headers=ENGLISH)
    assert soup.html["lang"] == "es"
    assert soup.h1.get_text(strip=True) != "Page not found"


def switch_target(soup, code: str) -> str:
    """Where the language switch to ``code`` goes: a link's href or a button's formaction."""
    link = soup.select_one(f".language-switch a[hreflang={code}]")
    if link is not None:
        assert link["lang"] == code
        return link["href"]
    button = soup.select_one(f".language-switch button[lang={code}]")
    return button["formaction"]


@pytest.mark.parametrize("path", PAGES)
def test_the_switch_keeps_the_user_on_the_same_page(client_request, path):
    soup = client_request.get(f"/es{path}")
    assert switch_target(soup, "en") == f"/en{path}"
    assert switch_target(client_request.get(f"/en{path}"), "es") == f"/es{path}"


def assert_no_error_shown(page) -> None:
    """Nothing on the page says the worker did something wrong."""
    assert not page.select(".error-summary, .error-message, .question--error, #token-notice")
    assert not page.title.get_text().startswith("Error")


TICKS_SO_FAR = {
    "nothing yet": {},
    "one answer and a sign": {"danger": "unsure", "control": "holds-documents"},
}


@pytest.mark.parametrize("ticks", TICKS_SO_FAR.values(), ids=TICKS_SO_FAR.keys())
@pytest.mark.parametrize("path", ["/check", "/training/roofing-job"])
def test_switching_language_on_an_unsent_form_keeps_the_ticks(client_request, path, ticks):
    page = client_request.get(f"/es{path}")
    button = page.select_one(".language-switch button[lang=en]")
    # The switch is a button of the checklist form itself, so it sends the
    # ticks made so far (with the form's token) without any script.
    assert button["form"] == page.select_one("form#checklist-form")["id"]
    data = {**ticks, button["name"]: button["value"]}
    english = client_request.post(button["formaction"], data, token=token_from(page))
    assert english.html["lang"] == "en"
    checked = {box["id"] for box in english.select("input[checked]")}
    assert checked == {f"{name}-{value}" for name, value in ticks.items()}
    # The form was not sent, so no question is marked as unanswered.
    assert_no_error_shown(english)


def _english_phrases(app) -> set[str]:
    """Sentences a Spanish page must not show: every English UI string and content text."""
    path = ROOT / "screening" / "translations" / "es" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as file:
        ui = {m.id for m in read_po(file) if isinstance(m.id, str) and m.id}
    content = app_data(app).content["en"]
    texts = {q.question for q in content.checklist.triage}
    texts |= {g.title for g in content.checklist.groups}
    texts |= {i.label for g in content.checklist.groups for i in g.items}
    texts |= {s.title for s in content.steps.values()}
    texts |= {r.description for r in content.resources.values()}
    # Placeholders and markup are filled or split on the page: keep the
    # plain sentences, long enough not to match a shared word by chance.
    return {t for t in ui | texts if "%(" not in t and "<" not in t and len(t.split()) >= 3}


@pytest.mark.parametrize("path", PAGES)
def test_spanish_pages_have_no_english_left(app, client_request, path):
    text = " ".join(client_request.get(f"/es{path}").get_text(" ").split())
    left = sorted(phrase for phrase in _english_phrases(app) if phrase in text)
    assert not left, left


def test_spanish_result_page_has_no_english_left(app, client_request):
    soup = client_request.post(
        "/es/check", {"danger": "yes", "minor": "yes", "work": ["owes-debt"]}
    )
    assert soup.select_one(".steps")
    text = " ".join(soup.get_text(" ").split())
    assert not sorted(phrase for phrase in _english_phrases(app) if phrase in text)


def _post_switch(client_request, soup):
    """Press the language switch on a page that answered a POST, as a browser would."""
    action, data = submission(soup, soup.select_one(".language-switch button"))
    assert "?" not in action, "answers must not travel in the address"
    return action, client_request.post(action, data, token=None)


def test_the_results_page_carries_the_answers_once(client_request):
    # "Change your answers" and the language switch send the same one form,
    # so the answers are not repeated in the page (it must load in one trip).
    answers = {"danger": "no", "minor": "no", "control": ["holds-documents", "never-alone"]}
    page = client_request.post("/check", answers)
    assert len(page.select("input[name=never-alone], input[value~=never-alone]")) == 1
    switch = page.select_one(".language-switch button")
    assert page.select_one(f"form#{switch['form']}") is page.select_one(".actions form")


def test_a_tampered_value_is_never_sent_back_by_the_switch(client_request, app):
    # The switch re-sends the answers as the form understood them, not as posted.
    slug = next(iter(app_data(app).scenarios["en"]))
    debrief = client_request.post(
        f"/training/{slug}", [("danger", "no"), ("minor", "no"), ("control", "never-alone")]
    )
    _, data = submission(debrief, debrief.select_one(".language-switch button"))
    assert ("control", "never-alone") in data
    forged = client_request.post(
        "/check", [("danger", "no"), ("minor", "no"), ("canary", "CANARY")]
    )
    assert "CANARY" not in str(forged.select_one(".language-switch").find_parent("footer"))
    assert "CANARY" not in str(forged.select_one("#answers-form"))


def test_switching_on_the_results_page_keeps_the_answers(app, client_request):
    answers = {"danger": "no", "minor": "no", "control": ["holds-documents", "never-alone"]}
    english = client_request.post("/check", answers)
    action, spanish = _post_switch(client_request, english)
    assert action == "/es/check"
    assert spanish.html["lang"] == "es"
    # The same page, the same advice and the same ticks, in Spanish.
    steps = [li["id"] for li in spanish.select(".steps > li")]
    assert steps == [li["id"] for li in english.select(".steps > li")]
    spanish_labels = {
        i.label for g in app_data(app).content["es"].checklist.groups for i in g.items
    }
    noticed = {li.get_text(strip=True) for li in spanish.select("#noticed-title ~ ul li")}
    assert len(noticed) == 2 and noticed <= spanish_labels


def test_switching_on_a_form_with_problems_keeps_answers_and_problems(client_request):
    soup = client_request.post("/es/check", {"danger": "no", "living": ["few-belongings"]})
    assert soup.select_one("#error-summary")
    _, english = _post_switch(client_request, soup)
    assert english.html["lang"] == "en"
    assert english.select_one("#living-few-belongings").has_attr("checked")
    assert english.select_one("#danger-no").has_attr("checked")
    assert "under 18" in english.select_one("#error-summary").get_text()


def test_switching_while_changing_answers_keeps_the_form(client_request):
    results = client_request.post("/es/check", {"danger": "unsure", "minor": "no"})
    change = results.select_one(".actions form")
    data = [(i["name"], i["value"]) for i in change.select("input[type=hidden]")]
    form_page = client_request.post("/es/check", [*data, ("action", "change")], token=None)
    assert_no_error_shown(form_page)
    _, english = _post_switch(client_request, form_page)
    assert english.select_one("#danger-unsure").has_attr("checked")
    assert not english.select_one("#error-summary") and not english.select_one(".steps")


def test_the_switch_form_needs_a_valid_token(client_request):
    # The switch is an ordinary form post: without the page's token it is refused.
    assert token_from(client_request.get("/check"))
    soup = client_request.post("/es/check", {"danger": "no", "minor": "no"}, token=None)
    assert soup.select_one("#token-notice") and not soup.select_one(".steps")


def test_wtforms_own_messages_follow_the_language(app):
    with app.test_request_context("/es/check"):
        app.preprocess_request()
        assert wtforms_translations.gettext("Not a valid choice.") != "Not a valid choice."
    with app.test_request_context("/en/check"):
        app.preprocess_request()
        assert wtforms_translations.gettext("Not a valid choice.") == "Not a valid choice."


def test_switching_on_a_training_debrief_keeps_the_answers(client_request, app):
    slug = next(iter(app_data(app).scenarios["en"]))
    path = f"/training/{slug}"
    debrief = client_request.post(path, {"danger": "no", "minor": "no"})
    assert debrief.html["lang"] == "en"
    action, spanish = _post_switch(client_request, debrief)
    assert action == f"/es{path}"
    assert spanish.html["lang"] == "es"
    # The same debrief, not the blank practice form.
    assert spanish.h1.get_text(strip=True).startswith("Revisión de la práctica")


@pytest.mark.parametrize(
    ("path", "code", "href"), [("/es/card", "en", "/en/card"), ("/", "es", "/es/")]
)
def test_one_helper_gives_the_switch_each_other_language(app, path, code, href):
    with app.test_request_context(path):
        app.preprocess_request()
        (link,) = language_links()
        assert (link.code, link.href, link.to_start, link.resend) == (code, href, False, False)
        # The name is Babel's, in its own language, capitalized as a label.
        assert link.name == Locale.parse(code).get_display_name(code).capitalize()


@pytest.mark.parametrize("path", ["/es/training/nope", "/es/training"])
def test_the_practice_banner_follows_the_language_decided_once(app, client_request, path):
    status = 404 if path.endswith("nope") else 200
    soup = client_request.get(path, status=status, headers=ENGLISH)
    assert soup.html["lang"] == "es"
    assert soup.select_one(".practice-top")
    with app.test_request_context(path):
        app.preprocess_request()
        assert (current_language(), path_in_language()) == ("es", path.removeprefix("/es"))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_switch_on_a_page_names_the_other_language_the_same_way(client_request, lang):
    other = "es" if lang == "en" else "en"
    name = Locale.parse(other).get_display_name(other).capitalize()
    soup = client_request.get(f"/{lang}/for-you")
    names = {a.get_text(strip=True) for a in soup.select(f"a[hreflang={other}]")}
    assert names == {name}
    assert len(soup.select(f"a[hreflang={other}]")) == 2  # at the top, and in the footer
