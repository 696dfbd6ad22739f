"""Organisation settings: name, local resources, neutral title, exit destination."""

from __future__ import annotations

import functools
import re
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screening import ConfigError, create_app
from screening.app_data import app_data

from .pages import ROOT, check_page, in_ci, parse

EXAMPLE = "local-resources.example.toml"
GET_PAGES = ["/", "/check", "/resources", "/staying-safe", "/card", "/training"]


def _client(**settings):
    """A client for an app with these settings (each app is built once: start-up is slow)."""
    return _app(tuple(sorted(settings.items()))).test_client()


@functools.cache
def _app(settings: tuple):
    return create_app({"TESTING": True, "SECRET_KEY": "x", **dict(settings)})


def _page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    soup = parse(response.data)
    check_page(soup)
    return soup


def test_the_example_local_resources_are_not_loaded_by_default(client):
    assert "example-county-outreach" not in app_data(client.application).content["en"].resources
    assert b"Example County" not in client.get("/resources").data


@pytest.mark.parametrize(
    ("lang", "name"),
    [("en", "Example County outreach coordinator"), ("es", "Coordinación de acercamiento")],
)
def test_local_resources_join_the_page_in_each_language(lang, name):
    soup = _page(_client(LOCAL_RESOURCES=EXAMPLE), f"/{lang}/resources")
    card = soup.select_one("#resource-example-county-outreach").find_parent("section")
    assert name in card.get_text()
    assert card.select_one(".tag--local")
    assert card.select_one("a[href='tel:+15735550142']")
    # Added after the national and state entries of the same purpose.
    support = card.find_parent("section", class_="purpose")
    names = [h["id"] for h in support.select(".resource__name")]
    assert names[-1] == "resource-example-county-outreach"
    assert "resource-mocadsv" in names


def test_spanish_pages_fall_back_to_the_english_local_file(monkeypatch, tmp_path):
    folder = tmp_path / "config"
    shutil.copytree(ROOT / "config", folder)
    (folder / "local-resources.example.es.toml").unlink()
    monkeypatch.setenv("SCREENING_CONFIG_DIR", str(folder))
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "LOCAL_RESOURCES": EXAMPLE})
    soup = _page(app.test_client(), "/es/resources")
    assert "Example County outreach coordinator" in soup.get_text()


def test_a_broken_local_entry_stops_start_up_naming_it(monkeypatch, tmp_path):
    folder = tmp_path / "config"
    shutil.copytree(ROOT / "config", folder)
    local = folder / "mine.toml"
    local.write_text(
        (ROOT / "config" / EXAMPLE).read_text().replace('purpose = "support"', 'purpose = "help"')
    )
    monkeypatch.setenv("SCREENING_CONFIG_DIR", str(folder))
    with pytest.raises(ConfigError) as caught:
        create_app({"SECRET_KEY": "x", "LOCAL_RESOURCES": "mine.toml"})
    assert str(caught.value).startswith(f"{local}: resource 'example-county-outreach': purpose")


def test_a_local_entry_cannot_replace_a_national_one(monkeypatch, tmp_path):
    folder = tmp_path / "config"
    shutil.copytree(ROOT / "config", folder)
    (folder / "mine.toml").write_text(
        (ROOT / "config" / EXAMPLE).read_text().replace("example-county-outreach", "nhth")
    )
    monkeypatch.setenv("SCREENING_CONFIG_DIR", str(folder))
    with pytest.raises(ConfigError, match="resource 'nhth': duplicate id"):
        create_app({"SECRET_KEY": "x", "LOCAL_RESOURCES": "mine.toml"})


@pytest.mark.parametrize("lang", ["en", "es"])
def test_organisation_name_is_in_the_header(lang):
    soup = _page(_client(ORGANISATION_NAME="Condado de Ejemplo Outreach"), f"/{lang}/")
    assert soup.select_one(".site-header .organisation").get_text() == "Condado de Ejemplo Outreach"


NAMES_THE_SUBJECT = re.compile(r"traffick|\btrata\b", re.IGNORECASE)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("path", GET_PAGES)
def test_neutral_title_keeps_trafficking_off_the_tab_and_header(lang, path):
    neutral = _page(_client(NEUTRAL_TITLE=True), f"/{lang}{path}")
    assert not NAMES_THE_SUBJECT.search(neutral.title.get_text())
    assert not NAMES_THE_SUBJECT.search(neutral.select_one(".site-header").get_text())


@pytest.mark.parametrize("lang", ["en", "es"])
def test_without_neutral_title_the_name_says_what_it_is(lang):
    soup = _page(_client(), f"/{lang}/")
    assert NAMES_THE_SUBJECT.search(soup.title.get_text())


@pytest.mark.parametrize("lang", ["en", "es"])
def test_exit_goes_to_the_organisation_destination(lang):
    response = _client(EXIT_URL="https://www.example.org/news").get(f"/{lang}/exit")
    assert response.status_code == 303
    assert response.headers["Location"] == "https://www.example.org/news"


@settings(max_examples=150 if in_ci() else 60, deadline=None, database=None)
@given(
    url=st.one_of(
        st.builds("https://{}".format, st.text(max_size=30)),
        st.builds("https://weather.example/{}".format, st.text(max_size=30)),
        st.sampled_from(["https://weather.example:8443/a?b=c#d", "https://[::1]:8443/"]),
    )
)
def test_an_exit_url_the_settings_accept_always_gives_a_working_exit(url):
    # Either start-up refuses the address (one line), or quick exit works.
    try:
        app = create_app({"TESTING": True, "SECRET_KEY": "x", "EXIT_URL": url})
    except ConfigError as error:
        assert "\n" not in str(error) and "\r" not in str(error)
        return
    response = app.test_client().get("/exit")
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location.startswith("https://")
    assert not any(ord(c) < 32 or ord(c) == 127 for c in location), location
