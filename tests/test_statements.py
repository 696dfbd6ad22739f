"""The privacy notice and the accessibility statement: what an organization's counsel asks for."""

from __future__ import annotations

import pytest

from .config_edits import start_up_error

PAGES = ["/", "/check", "/resources", "/staying-safe", "/card", "/for-you", "/training"]
HEADINGS = {
    "en": {"privacy": "Privacy notice", "accessibility": "Accessibility statement"},
    "es": {"privacy": "Aviso de privacidad", "accessibility": "Declaración de accesibilidad"},
}


def text_of(page) -> str:
    return " ".join(page.select_one("main").get_text().split())


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("path", PAGES)
def test_every_page_links_both_statements_in_its_language(client_with, lang, path):
    page = client_with().get(f"/{lang}{path}")
    links = {a["href"] for a in page.select("footer a")}
    assert {f"/{lang}/privacy", f"/{lang}/accessibility"} <= links


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("name", ["privacy", "accessibility"])
def test_each_statement_has_its_heading_in_each_language(client_with, lang, name):
    page = client_with().get(f"/{lang}/{name}")
    assert page.h1.get_text(strip=True) == HEADINGS[lang][name]
    assert page.title.get_text().startswith(HEADINGS[lang][name])


@pytest.mark.parametrize(("lang", "words"), [("en", "30 days"), ("es", "30 días")])
def test_the_privacy_notice_says_what_is_kept_and_for_how_long(client_with, lang, words):
    text = text_of(client_with(LOG_RETENTION_DAYS=30).get(f"/{lang}/privacy"))
    assert words in text
    # What the person's phone keeps: the one cookie, and no copy of the pages.
    assert "cookie" in text


def test_the_privacy_notice_names_the_organization_that_runs_the_service(client_with):
    text = text_of(client_with(ORGANIZATION_NAME="Example County Outreach").get("/en/privacy"))
    assert "Example County Outreach" in text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_accessibility_statement_gives_the_organization_contact(client_with, lang):
    contact = "access@example.org or 573-555-0100"
    text = text_of(client_with(ACCESSIBILITY_CONTACT=contact).get(f"/{lang}/accessibility"))
    assert contact in text
    assert "WCAG 2.2" in text


def test_without_a_contact_the_statement_sends_people_to_the_organization(client_with):
    client = client_with(ORGANIZATION_NAME="Example County Outreach")
    text = text_of(client.get("/en/accessibility"))
    assert "Example County Outreach" in text


@pytest.mark.parametrize(
    ("settings", "entry"),
    [
        ({"ACCESSIBILITY_CONTACT": "access@example.org\nand more"}, "ACCESSIBILITY_CONTACT"),
        ({"ACCESSIBILITY_CONTACT": "x" * 201}, "ACCESSIBILITY_CONTACT"),
        ({"LOG_RETENTION_DAYS": 0}, "LOG_RETENTION_DAYS"),
        ({"LOG_RETENTION_DAYS": "14"}, "LOG_RETENTION_DAYS"),
    ],
)
def test_a_statement_setting_that_cannot_be_shown_stops_start_up(config, settings, entry):
    message = start_up_error(**settings)
    assert f": {entry}: " in message


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_results_link_both_statements_in_a_new_tab(client_with, lang):
    # The results keep the worker on them: their footer links only the two
    # statements, and each opens beside them.
    page = client_with().post(f"/{lang}/check", data={"danger": "no", "minor": "no"})
    links = {a["href"]: a for a in page.select("footer a")}
    for name in ("privacy", "accessibility"):
        link = links[f"/{lang}/{name}"]
        assert link["target"] == "_blank" and "noopener" in link["rel"]
