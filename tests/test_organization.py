"""Organization settings: name, local resources, neutral title, exit destination."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screening import ConfigError
from screening.app_data import app_data

from .ci import in_ci
from .config_edits import replace_once, start_up_error
from .pages import ClientRequest
from .repository import ROOT

EXAMPLE = "local-resources.example.toml"
GET_PAGES = ["/", "/check", "/resources", "/staying-safe", "/card", "/training"]


def test_the_example_local_resources_are_not_loaded_by_default(app, client_request):
    assert "example-county-outreach" not in app_data(app).content["en"].resources
    assert "Example County" not in client_request.get("/resources").get_text()


@pytest.mark.parametrize(
    ("lang", "name"),
    [("en", "Example County outreach coordinator"), ("es", "Coordinación de alcance comunitario")],
)
def test_local_resources_join_the_page_in_each_language(client_with, lang, name):
    # Under "support", which the second resources page shows.
    soup = client_with(LOCAL_RESOURCES=EXAMPLE).get(f"/{lang}/resources/more")
    card = soup.select_one("#resource-example-county-outreach").find_parent("section")
    assert name in card.get_text()
    assert card.select_one(".tag--local")
    assert card.select_one("a[href='tel:+15735550142']")
    # Added after the national and state entries of the same purpose.
    support = card.find_parent("section", class_="purpose")
    names = [h["id"] for h in support.select(".resource__name")]
    assert names[-1] == "resource-example-county-outreach"
    assert "resource-mocadsv" in names


def test_spanish_pages_fall_back_to_the_english_local_file(config, app_with):
    (config / "local-resources.example.es.toml").unlink()
    app = app_with(LOCAL_RESOURCES=EXAMPLE)
    soup = ClientRequest(app.test_client()).get("/es/resources/more")
    assert "Example County outreach coordinator" in soup.get_text()


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('purpose = "support"', 'purpose = "help"', "resource 'example-county-outreach': purpose"),
        ('id = "example-county-outreach"', 'id = "nhth"', "resource 'nhth': duplicate id"),
    ],
    ids=["unknown purpose", "a national entry's id"],
)
def test_a_broken_local_entry_stops_start_up_naming_it(config, old, new, expected):
    (config / "mine.toml").write_text((ROOT / "config" / EXAMPLE).read_text())
    local = config / "mine.toml"
    replace_once(local, old, new)
    message = start_up_error(local, LOCAL_RESOURCES="mine.toml")
    assert message.startswith(f"{local}: {expected}")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_organization_name_is_in_the_header(client_with, lang):
    soup = client_with(ORGANIZATION_NAME="Condado de Ejemplo Outreach").get(f"/{lang}/")
    assert soup.select_one(".site-header .organization").get_text() == "Condado de Ejemplo Outreach"


def test_the_british_spelling_is_an_unknown_setting(config):
    settings = config / "settings.toml"
    settings.write_text('ORGANISATION_NAME = "County Outreach"\n')
    assert "ORGANISATION_NAME" in start_up_error(settings)


NAMES_THE_SUBJECT = re.compile(r"traffick|\btrata\b", re.IGNORECASE)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("path", GET_PAGES)
def test_neutral_title_keeps_trafficking_off_the_tab_and_header(client_with, lang, path):
    neutral = client_with(NEUTRAL_TITLE=True).get(f"/{lang}{path}")
    assert not NAMES_THE_SUBJECT.search(neutral.title.get_text())
    assert not NAMES_THE_SUBJECT.search(neutral.select_one(".site-header").get_text())


@pytest.mark.parametrize("lang", ["en", "es"])
def test_without_neutral_title_the_name_says_what_it_is(client_with, lang):
    soup = client_with().get(f"/{lang}/")
    assert NAMES_THE_SUBJECT.search(soup.title.get_text())


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("neutral", [False, True])
def test_the_start_page_title_does_not_repeat_itself(client_with, lang, neutral):
    soup = client_with(NEUTRAL_TITLE=neutral).get(f"/{lang}/")
    heading = soup.h1.get_text(strip=True)
    assert soup.title.get_text(strip=True) == heading


@pytest.mark.parametrize("lang", ["en", "es"])
def test_exit_goes_to_the_organization_destination(client_with, lang):
    response = client_with(EXIT_URL="https://www.example.org/news").get_response(
        f"/{lang}/exit", status=303
    )
    assert response.headers["Location"] == "https://www.example.org/news"


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", ["your sign-in", "news.example.org"]), ("es", ["su sesión", "news.example.org"])],
)
def test_staying_safe_names_the_exit_site_and_what_exit_clears(client_with, lang, words):
    page = client_with(EXIT_URL="https://news.example.org/today").get(f"/{lang}/staying-safe")
    text = " ".join(page.select_one("main").get_text().split())
    for word in words:
        assert word in text
    assert "weather" not in text and "clima" not in text


@settings(max_examples=150 if in_ci() else 60, deadline=None, database=None)
@given(
    url=st.one_of(
        st.builds("https://{}".format, st.text(max_size=30)),
        st.builds("https://weather.example/{}".format, st.text(max_size=30)),
        st.sampled_from(["https://weather.example:8443/a?b=c#d", "https://[::1]:8443/"]),
    )
)
def test_an_exit_url_the_settings_accept_always_gives_a_working_exit(app_with, url):
    # Either start-up refuses the address (one line), or quick exit works.
    try:
        app = app_with(EXIT_URL=url)
    except ConfigError as error:
        assert "\n" not in str(error) and "\r" not in str(error)
        return
    response = ClientRequest(app.test_client()).get_response("/exit", status=303)
    location = response.headers["Location"]
    assert location.startswith("https://")
    assert not any(ord(c) < 32 or ord(c) == 127 for c in location), location
