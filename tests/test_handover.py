"""The hand-over page (/for-you): a screen the worker shows the person.

It must say its few things in large, plain words, without naming
trafficking where someone looking over a shoulder could read it; give the
hotline's own number and chat as the content states them; and offer the
names of languages to point to, each marked with its language and
direction, without sending or storing anything.
"""

from __future__ import annotations

import pytest

from screening import ConfigError
from screening.app_data import app_data
from screening.content_loader import load_content
from screening.facts import digits
from screening.spoken_languages import LANGUAGES_FILE, load_spoken_languages

from .config_edits import replace_once
from .pages import ClientRequest

#: What would give the subject away, in each language's words.
GIVES_AWAY = ("traffick", "trata")
#: Where the page's large type is.
LARGE_TYPE = "h1, .handover-big p, .handover-contact a, .language-tiles b, .site-name"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_hotlines_number_and_chat_come_from_the_content(app, client_request, lang):
    soup = client_request.get(f"/{lang}/for-you")
    hotline = app_data(app).content[lang].hotline
    call = hotline.channels_of("call")[0]
    links = soup.select(".handover-contact a")
    # Dialed as the content writes it, in the international form every phone takes.
    assert links[0]["href"] == call.href == f"tel:+1{digits(call.value)}"
    assert call.value in links[0].get_text()
    chats = hotline.channels_of("chat")
    assert chats, "the shipped content offers the hotline's chat"
    assert [(a["href"], a.get_text(strip=True)) for a in links[1:]] == [
        (chat.href, chat.label) for chat in chats
    ]


@pytest.fixture(scope="module")
def neutral_app(app_with):
    return app_with(NEUTRAL_TITLE=True)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("neutral", [False, True])
def test_nothing_in_large_type_names_trafficking(app, neutral_app, lang, neutral):
    soup = ClientRequest((neutral_app if neutral else app).test_client()).get(f"/{lang}/for-you")
    large = " ".join(el.get_text(" ") for el in soup.select(LARGE_TYPE)).lower()
    assert large.strip()
    assert not [word for word in GIVES_AWAY if word in large]
    # Nor the browser tab, which shows over the page on many phones.
    assert not [word for word in GIVES_AWAY if word in soup.title.get_text().lower()]


@pytest.mark.parametrize(("lang", "other"), [("en", "es"), ("es", "en")])
def test_the_language_switch_comes_first_and_quick_exit_stays(client_request, lang, other):
    soup = client_request.get(f"/{lang}/for-you")
    switch = soup.select_one("main a")
    assert switch["href"] == f"/{other}/for-you"
    assert switch["lang"] == other
    assert switch.find_next("h1") is not None  # above the heading
    assert soup.select_one("#exit-this-page")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_each_language_to_point_to_is_marked_for_phones_and_screen_readers(
    app, client_request, lang
):
    soup = client_request.get(f"/{lang}/for-you")
    languages = app_data(app).spoken_languages
    tiles = soup.select(".language-tiles > label")
    assert len(tiles) == len(languages) >= 10
    for tile, language in zip(tiles, languages, strict=True):
        name = tile.select_one("b")
        assert name.get_text() == language.name
        assert name["lang"] == language.tag
        assert name.get("dir", "ltr") == language.direction
        # The worker reads the name in the page's language (unless it is the same).
        worker = tile.get_text().removeprefix(language.name).strip()
        assert worker == language.name_for_worker(lang)
        # The radio sits in its label, so a tap on the tile marks it; one
        # group, so one language is marked at a time.
        assert tile.select_one("input[type=radio]")["name"] == tiles[0].input["name"]
    by_tag = {language.tag: language for language in languages}
    assert by_tag["ar"].direction == "rtl"
    assert by_tag["vi"].direction == "ltr"


def test_pointing_sends_and_keeps_nothing(client_request):
    for soup in (
        client_request.get("/for-you"),
        client_request.post("/check", {"danger": "no", "minor": "no"}),
    ):
        radios = soup.select(".language-tiles input")
        assert radios
        # Not in any form, and tied to none: a tap marks the tile on the screen
        # and goes nowhere, so nothing reaches an address, a server or a log.
        assert all(radio.find_parent("form") is None and not radio.get("form") for radio in radios)
    assert not client_request.get("/for-you").select("main form")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_resources_link_to_it_and_the_next_steps_hold_it(client_request, lang):
    resources = client_request.get(f"/{lang}/resources")
    assert resources.select_one(f"main a[href='/{lang}/for-you']")
    # The results hold the same screen as a view of their own, reached by a
    # same-page link, so the worker never leaves them to hand the phone over.
    result = client_request.post(f"/{lang}/check", {"danger": "no", "minor": "no"})
    assert result.select_one("main a[href='#for-them']")
    view = result.select_one("main section#for-them")
    page = client_request.get(f"/{lang}/for-you")
    assert view.select_one(".handover-contact").get_text() == (
        page.select_one(".handover-contact").get_text()
    )
    assert view.select_one(".language-tiles").get_text() == (
        page.select_one(".language-tiles").get_text()
    )


# --- the list's file, checked at start-up -------------------------------------


@pytest.fixture
def languages_file(config):
    return config / LANGUAGES_FILE


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('es = "Vietnamita"\n', "", "language 'vi': missing 'es'"),
        ('tag = "vi"', 'tag = "Vietnamese"', "language #4: tag 'Vietnamese' should be"),
        ('tag = "vi"', 'tag = "zh"', "language 'zh': duplicate id"),
        (
            'en = "Vietnamese"',
            'en = "Vietnamese"\nfr = "vietnamien"',
            "language 'vi': unknown key 'fr'",
        ),
        ('name = "Tiếng Việt"', 'name = " "', "language 'vi': 'name' should be a non-empty str"),
    ],
)
def test_a_mistake_in_the_list_is_one_line_naming_the_entry(languages_file, old, new, problem):
    replace_once(languages_file, old, new)
    with pytest.raises(ConfigError) as caught:
        load_spoken_languages(languages_file.parent, ("en", "es"))
    message = str(caught.value)
    assert message.startswith(f"{languages_file}: {problem}"), message
    assert "\n" not in message


def test_the_hotline_must_keep_a_number_to_show(config):
    resources = config / "content" / "en" / "resources.toml"
    text = resources.read_text(encoding="utf-8")
    kept = [
        line
        for line in text.splitlines()
        if not (('kind = "call"' in line and "373-7888" in line) or 'value = "711"' in line)
    ]
    resources.write_text("\n".join(kept) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_content(config, "en")
    steps = config / "content" / "en" / "steps.toml"
    problem = "step 'call-hotline': its first resource needs a call channel"
    assert str(caught.value).startswith(f"{steps}: {problem}")


def test_the_organizations_name_stays_off_the_page_too(app_with):
    # The organization's name can give the subject away as well as the
    # site's: the page the person reads shows neither, in the header or tab.
    name = "Anti-Trafficking Task Force"
    app = app_with(ORGANIZATION_NAME=name)
    client = ClientRequest(app.test_client())
    assert name in client.get("/check").get_text()  # shown on the worker's own pages
    for lang in ("en", "es"):
        soup = client.get(f"/{lang}/for-you")
        assert name not in soup.get_text()  # the tab's title included
