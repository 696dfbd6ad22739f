"""The list of confirmed facts (config/sources.toml) guards every number the app shows.

Start-up and ``screening check-config`` refuse a phone number or text code
shown anywhere in content or scenarios that the list does not hold, with one
line naming the file, the entry and the number; the list itself is checked
like any content file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from screening import create_app
from screening.cli import main
from screening.sources import load_facts

from .pages import ROOT, ClientRequest, replace_once, start_up_error

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


def test_check_config_lists_every_unlisted_number_at_once(config, capsys):
    _remove_fact(config, "ncmec-phone")
    assert main(["check-config"]) == 1
    out = capsys.readouterr().out.splitlines()
    # Both languages show it, each as a channel and in its label.
    assert len(out) == 4
    assert all("resource 'ncmec' channel #1" in line and "1-800-843-5678" in line for line in out)
    assert sum("content/es/resources.toml" in line for line in out) == 2


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


def test_the_shipped_list_holds_every_number_shown_and_says_how_each_was_confirmed():
    facts = load_facts(ROOT / "config")
    assert facts.numbers("text-code") == {"233733"}
    for fact in facts.by_id.values():
        assert fact.sources and fact.owner and fact.confirmed, fact.id
        assert not fact.local


def test_a_local_file_lists_its_own_numbers(config):
    local = config / "mine.toml"
    text = (config / EXAMPLE).read_text()
    local.write_text(text[: text.index("\n[[facts]]")])
    message = start_up_error(LOCAL_RESOURCES="mine.toml")
    assert message.startswith(
        f"{local}: resource 'example-county-outreach' channel #1: 573-555-0142"
    )
    local.write_text(text)
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "LOCAL_RESOURCES": "mine.toml"})
    ClientRequest(app.test_client()).get("/resources")
    assert load_facts(config, "mine.toml").by_id["example-county-outreach-phone"].local


def test_a_translated_local_file_may_not_hold_facts(config):
    text = (config / EXAMPLE).read_text()
    spanish = config / "local-resources.example.es.toml"
    spanish.write_text(spanish.read_text() + text[text.index("\n[[facts]]") :])
    message = start_up_error(LOCAL_RESOURCES=EXAMPLE)
    assert message.startswith(f"{spanish}: facts: belong in {config / EXAMPLE}")


def test_a_local_fact_cannot_replace_a_shipped_one(config):
    replace_once(config / EXAMPLE, 'id = "example-county-outreach-phone"', 'id = "nhth-phone"')
    message = start_up_error(LOCAL_RESOURCES=EXAMPLE)
    assert message.startswith(f"{config / EXAMPLE}: fact 'nhth-phone': duplicate id")
