"""The list of confirmed facts (config/sources.toml) guards every number the app shows.

Start-up and ``screening check-config`` refuse a phone number or text code
shown anywhere in content or scenarios that the list does not hold, with one
line naming the file, the entry and the number; the list itself is checked
like any content file.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from pathlib import Path

import pytest

from screening.app_data import app_data
from screening.cli import check_config
from screening.fact_checks import PHONE_IN_TEXT, months_before
from screening.facts import digits, load_facts

from .config_edits import replace_once, start_up_error
from .pages import ClientRequest, channel_note
from .repository import toml_strings

EXAMPLE = "local-resources.example.toml"


def _remove_fact(config: Path, ident: str) -> None:
    text = (config / "sources.toml").read_text()
    start = text.index(f'[[facts]]\nid = "{ident}"')
    end = text.find("[[facts]]", start + 1)
    (config / "sources.toml").write_text(text[:start] + (text[end:] if end > 0 else ""))


def test_a_number_in_a_label_that_the_list_lacks_stops_start_up(config):
    resources = config / "content/en/resources.toml"
    replace_once(resources, 'label = "Call 1-888-373-7888"', 'label = "Call 1-888-373-7880"')
    message = start_up_error()
    assert message.startswith(
        f"{resources}: resource 'nhth' channel #1: label shows 1-888-373-7880"
    )
    assert "sources.toml" in message


def test_a_channel_whose_number_the_list_lacks_stops_start_up(config):
    resources = config / "content/es/resources.toml"
    replace_once(resources, 'value = "1-866-347-2423"', 'value = "1-866-347-2424"')
    message = start_up_error()
    assert message.startswith(f"{resources}: resource 'hsi-tips' channel #1: 1-866-347-2424")


def test_a_number_written_in_a_scenario_stops_start_up(config):
    scenario = config / "scenarios/es/motel-room.toml"
    replace_once(scenario, 'name = "', 'name = "(816) 555-0199, ')
    message = start_up_error()
    assert message.startswith(f"{scenario}: person: name shows (816) 555-0199")


def test_a_number_dropped_from_the_list_is_refused_wherever_it_is_shown(config):
    _remove_fact(config, "relay-mo-voice")
    message = start_up_error()
    assert "content/en/resources.toml: resource 'mo-child-abuse' channel #4" in message
    assert "1-800-735-2466" in message


def test_a_call_must_be_listed_as_a_phone_not_as_a_text_code(config):
    replace_once(
        config / "sources.toml", 'kind = "phone"\nvalue = "911"', 'kind = "fact"\nvalue = "911"'
    )
    assert (
        "resource 'emergency-911' channel #1: 911 is not listed in sources.toml as a phone number"
        in start_up_error()
    )


def _files_writing(config: Path, number: str) -> list[str]:
    """The content or scenario file of each place that writes ``number``, however written."""
    return [
        str(path)
        for folder in ("content", "scenarios")
        for path in sorted(config.glob(f"{folder}/*/*.toml"))
        for text in toml_strings(tomllib.loads(path.read_text(encoding="utf-8")))
        for found in PHONE_IN_TEXT.findall(text)
        if digits(found) == digits(number)
    ]


def test_check_config_lists_every_unlisted_number_at_once(config, capsys):
    number = load_facts(config).by_id["ncmec-phone"].value
    _remove_fact(config, "ncmec-phone")
    assert check_config() == 1
    out = capsys.readouterr().out.splitlines()
    # One line for each place that writes it (a channel, a label...), in every language.
    assert sorted(line.split(": ", 1)[0] for line in out) == _files_writing(config, number)
    for line in out:
        assert digits(number) in {digits(found) for found in PHONE_IN_TEXT.findall(line)}, line


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('kind = "text-code"', 'kind = "sms"', "kind 'sms' should be one of"),
        ('value = "1-888-373-7888"', 'value = "1-888-373-788"', "is not a phone number"),
        ("confirmed = 2026-11-27", "confirmed = 2999-01-01", "is in the future"),
        ('how = "stored-copy"', 'how = "checked"', "how 'checked' should be one of"),
        ('id = "nhth-relay"', 'id = "nhth-phone"', "duplicate id"),
        (
            'sources = ["https://humantraffickinghotline.org/about-us/what-we-do"]',
            "sources = []",
            "sources",
        ),
        ('owner = "National', 'ownr = "National', "unknown key 'ownr'"),
    ],
)
def test_a_mistake_in_the_list_is_named_in_one_line(config, old, new, problem):
    replace_once(config / "sources.toml", old, new)
    message = start_up_error()
    assert message.startswith(f"{config / 'sources.toml'}: fact "), message
    assert problem in message


def test_the_shipped_list_holds_the_text_codes_shown_and_says_how_each_was_confirmed(app):
    facts = app_data(app).facts
    texted = {
        digits(channel.value)
        for content in app_data(app).content.values()
        for resource in content.resources.values()
        for channel in resource.channels_of("text")
    }
    # Each code listed is one the content offers to text (a phone may take texts too).
    assert facts.numbers("text-code") == texted - facts.numbers("phone")
    for fact in facts.by_id.values():
        assert fact.sources and fact.owner and fact.confirmed, fact.id
        assert not fact.local


def test_a_local_file_lists_its_own_numbers(config, app_with):
    local = config / "mine.toml"
    text = (config / EXAMPLE).read_text()
    local.write_text(text[: text.index("\n[[facts]]")])
    message = start_up_error(LOCAL_RESOURCES="mine.toml")
    assert message.startswith(
        f"{local}: resource 'example-county-outreach' channel #1: 573-555-0142"
    )
    local.write_text(text)
    ClientRequest(app_with(LOCAL_RESOURCES="mine.toml").test_client()).get("/resources")
    assert load_facts(config, local).by_id["example-county-outreach-phone"].local


def test_a_translated_local_file_may_not_hold_facts(config):
    text = (config / EXAMPLE).read_text()
    spanish = config / "local-resources.example.es.toml"
    spanish.write_text(spanish.read_text() + text[text.index("\n[[facts]]") :])
    message = start_up_error(LOCAL_RESOURCES=EXAMPLE)
    assert message.startswith(f"{spanish}: facts: belong in {config / EXAMPLE}")


def test_a_local_fact_with_a_shipped_id_cannot_change_what_it_says(config):
    # The same id re-confirms the shipped fact (tests/test_organization_folder.py);
    # another number under it would leave the shipped content showing the old one.
    replace_once(config / EXAMPLE, 'id = "example-county-outreach-phone"', 'id = "nhth-phone"')
    message = start_up_error(LOCAL_RESOURCES=EXAMPLE)
    assert message.startswith(
        f"{config / EXAMPLE}: fact 'nhth-phone': re-confirms the shipped fact, which is the"
        " phone '1-888-373-7888': keep its kind and value"
    )


# --- what else content may show: statutes, short numbers, links ------------------


@pytest.mark.parametrize(
    ("relative", "old", "new", "problem"),
    [
        (
            "content/es/steps.toml",
            "(RSMo 210.115)",
            "(RSMo 566.209)",
            "step 'report-child': law shows RSMo 566.209, a statute not listed in sources.toml",
        ),
        (
            "content/en/steps.toml",
            "Call 911 before",
            "Call 211 before",
            "step 'emergency': body shows 211, a number not listed in sources.toml",
        ),
        (
            "content/en/resources.toml",
            'value = "https://mocadsv.org/"',
            'value = "https://mocadsv.example/"',
            "resource 'mocadsv' channel #1: https://mocadsv.example/ is not listed in"
            " sources.toml as a web address",
        ),
    ],
    ids=["statute", "short number", "web channel"],
)
def test_a_statute_short_number_or_link_the_list_lacks_stops_start_up(
    config, relative, old, new, problem
):
    replace_once(config / relative, old, new)
    assert start_up_error() == f"{config / relative}: {problem}"


# --- dates that get old ------------------------------------------------------------


def _date_fact(config: Path, ident: str, date: str) -> None:
    text = (config / "sources.toml").read_text()
    start = text.index(f'[[facts]]\nid = "{ident}"')
    end = text.index("confirmed = ", start)
    (config / "sources.toml").write_text(
        text[:end] + re.sub(r"confirmed = \S+", f"confirmed = {date}", text[end:], count=1)
    )


def test_a_resource_shows_the_oldest_date_among_the_facts_it_shows(config, app_with):
    _date_fact(config, "nhth-shares-with-law-enforcement", "2025-10-02")
    _date_fact(config, "nhth-text", "2025-09-30")
    client_request = ClientRequest(app_with().test_client())
    page = client_request.get("/resources")
    nhth = page.select_one("#resource-nhth").find_parent("section")
    assert nhth.select_one(".reviewed").get_text().startswith("Checked September 30, 2025")
    # The text code carries its own date; other resources keep theirs.
    note = channel_note(nhth.select_one("a[href^='sms:']")).get_text()
    assert note.startswith("Checked September 30, 2025.")
    assert "November 27, 2026" in page.select_one("#resource-ncmec").find_parent("section").text
    spanish = client_request.get("/es/resources")
    assert "30 de septiembre de 2025" in spanish.select_one("#resource-nhth").find_parent().text


@pytest.mark.parametrize("how", ["stored-copy", "owner-page", "third-party"])
def test_the_card_says_when_not_how_and_the_footnote_says_what_checked_means(config, app_with, how):
    text = (config / "sources.toml").read_text()
    text = re.sub(r'how = "[a-z-]+"', f'how = "{how}"', text)
    (config / "sources.toml").write_text(text)
    page = ClientRequest(app_with().test_client()).get("/resources")
    ncmec = page.select_one("#resource-ncmec").find_parent("section").select_one(".reviewed")
    assert ncmec.get_text() == "Checked November 27, 2026 against its source."
    # How is said once, for the whole page, in the footnote.
    footnote = page.select_one("#checked-means").get_text()
    assert footnote.startswith("“Checked” is the day")
    assert ("saved copies" in footnote) == (how == "stored-copy")
    assert ("someone else published" in footnote) == (how == "third-party")


def test_check_config_warns_about_each_old_date_and_still_says_ok(config, capsys):
    _date_fact(config, "nhth-text", "2024-05-01")
    _date_fact(config, "mo-dls-phone", "2025-11-01")
    assert check_config() == 0
    captured = capsys.readouterr()
    assert captured.out == "OK\n"
    warnings = [line for line in captured.err.splitlines() if line.startswith("warning: ")]
    assert warnings == [
        f"warning: {config / 'sources.toml'}: fact 'nhth-text': last confirmed 2024-05-01,"
        " more than 12 months ago: confirm it against its sources, then update `confirmed`"
        " and `how`",
        f"warning: {config / 'sources.toml'}: fact 'mo-dls-phone': last confirmed 2025-11-01,"
        " more than 12 months ago: confirm it against its sources, then update `confirmed`"
        " and `how`",
    ]


def test_the_age_that_counts_as_old_is_a_setting(config, capsys):
    _date_fact(config, "nhth-text", "2024-05-01")
    (config / "settings.toml").write_text("RECONFIRM_AFTER_MONTHS = 120\n")
    assert check_config() == 0
    assert "nhth-text" not in capsys.readouterr().err
    (config / "settings.toml").write_text("RECONFIRM_AFTER_MONTHS = 0\n")
    assert check_config() == 1
    assert "settings.toml: RECONFIRM_AFTER_MONTHS: must be 1 to 120" in capsys.readouterr().out


def test_a_local_fact_that_gets_old_is_named_in_its_own_file(config, capsys):
    replace_once(config / EXAMPLE, "confirmed = 2026-11-27", "confirmed = 2023-01-31")
    (config / "settings.toml").write_text(f'LOCAL_RESOURCES = "{EXAMPLE}"\n')
    assert check_config() == 0
    err = capsys.readouterr().err
    assert (
        f"{config / EXAMPLE}: fact 'example-county-outreach-phone': last confirmed 2023-01-31"
        in err
    )


def test_old_dates_are_logged_once_at_start_up_and_the_app_serves(config, app_with, caplog):
    _date_fact(config, "nhth-text", "2024-05-01")
    _date_fact(config, "hsi-web", "2024-06-01")
    with caplog.at_level("WARNING", logger="screening"):
        app = app_with()
        ClientRequest(app.test_client()).get("/resources")
        ClientRequest(app.test_client()).get("/check")
    lines = [record.getMessage() for record in caplog.records]
    assert len(lines) == 1
    assert "2 confirmed facts" in lines[0] and "more than 12 months ago" in lines[0]
    assert "nhth-text" in lines[0] and "check-config" in lines[0]


def test_fresh_dates_log_nothing(config, app_with, caplog):
    with caplog.at_level("WARNING", logger="screening"):
        app_with()
    assert caplog.records == []


@pytest.mark.parametrize(
    ("today", "months", "expected"),
    [
        ("2026-11-28", 12, "2025-11-28"),
        ("2027-03-31", 1, "2027-02-28"),
        ("2028-03-31", 1, "2028-02-29"),
        ("2026-01-15", 13, "2024-12-15"),
    ],
)
def test_months_before_counts_calendar_months(today, months, expected):
    day = datetime.date.fromisoformat(today)
    assert months_before(day, months) == datetime.date.fromisoformat(expected)


def test_facts_are_never_read_from_a_file_outside_the_config_folder(config):
    # The facts are read before the content: they must keep the same rule.
    outside = config.parent / "outside.toml"
    outside.write_text('[[facts]]\nid = "x"\nkind = "nonsense"\n')
    message = start_up_error(LOCAL_RESOURCES="../outside.toml")
    assert message == (
        f"{config}: LOCAL_RESOURCES: '../outside.toml' must name a file inside this config folder"
    )
