"""Content files: what they hold, and how a broken one stops start-up."""

from __future__ import annotations

import re
import shutil

import pytest

from screening import ConfigError, create_app
from screening.app_data import app_data
from screening.settings import CONFIG_DIR_ENV

from .pages import ROOT, allowed_phone_numbers


@pytest.fixture
def content(app):
    return app_data(app).content["en"]


def test_checklist_has_the_five_groups_of_observable_signs(content):
    groups = content.checklist.groups
    assert [g.id for g in groups] == ["physical", "control", "work", "living", "behavior"]
    assert all(2 <= len(g.items) <= 6 for g in groups)
    assert 12 <= len(content.checklist.item_ids) <= 24
    for group in groups:
        for item in group.items:
            assert item.sources, item.id
            assert set(item.sources) <= {"dhs", "polaris", "mshp"}


def test_every_resource_has_its_source_and_review_date(content):
    for resource in content.resources.values():
        assert resource.reviewed.year >= 2026
        assert resource.channels
        assert resource.source.startswith("https://") or resource.id == "emergency-911"


def test_every_number_in_the_content_is_confirmed(content):
    allowed = allowed_phone_numbers()
    for resource in content.resources.values():
        for channel in resource.channels:
            if channel.kind in ("call", "text"):
                digits = re.sub(r"\D", "", channel.value)
                digits = digits[1:] if len(digits) == 11 else digits
                assert digits in allowed, f"{resource.id}: {channel.value} is not confirmed"


def test_channel_links(content):
    nhth = {c.value: c.href for c in content.resources["nhth"].channels}
    assert nhth["1-888-373-7888"] == "tel:+18883737888"
    assert nhth["711"] == "tel:711"
    assert nhth["233733"] == "sms:233733?body=HELP"
    mo = {c.value: c.href for c in content.resources["mo-child-abuse"].channels}
    assert mo["573-751-3448"] == "tel:+15737513448"


@pytest.fixture
def broken(monkeypatch, tmp_path):
    """A copy of config/ to break; returns a function that edits a file and starts the app."""
    folder = tmp_path / "config"
    shutil.copytree(ROOT / "config", folder)
    monkeypatch.setenv(CONFIG_DIR_ENV, str(folder))

    def start_with(relative: str, old: str, new: str) -> str:
        path = folder / relative
        text = path.read_text()
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1))
        with pytest.raises(ConfigError) as caught:
            create_app({"SECRET_KEY": "x"})
        message = str(caught.value)
        assert "\n" not in message
        assert message.startswith(str(path) + ": ")
        return message

    return start_with


CHECKLIST = "content/en/checklist.toml"
RESOURCES = "content/en/resources.toml"
STEPS = "content/en/steps.toml"


def test_unknown_key(broken):
    message = broken(CHECKLIST, 'label = "Works very long', 'lable = "Works very long')
    assert "item 'excessive-hours'" in message or "item #1" in message
    assert "unknown key 'lable'" in message


def test_missing_field(broken):
    message = broken(CHECKLIST, 'title = "Poor living conditions"\n', "")
    assert "group 'living'" in message and "missing 'title'" in message


def test_duplicate_item_id(broken):
    message = broken(CHECKLIST, 'id = "few-belongings"', 'id = "fearful"')
    assert "item 'fearful'" in message and "duplicate id" in message


def test_undefined_source_tag(broken):
    message = broken(CHECKLIST, 'sources = ["polaris"]', 'sources = ["unicef"]')
    assert "source 'unicef' is not defined" in message


def test_resource_referenced_but_not_defined(broken):
    message = broken(STEPS, 'resources = ["nhth"]', 'resources = ["nhtth"]')
    assert "step 'call-hotline'" in message and "resource 'nhtth' is not defined" in message


def test_bad_phone_number(broken):
    message = broken(RESOURCES, 'value = "1-888-373-7888"', 'value = "1-888-373-788"')
    assert "resource 'nhth' channel #1" in message and "not a phone number" in message


def test_missing_review_date(broken):
    message = broken(
        RESOURCES,
        'reviewed = 2026-11-27\nchannels = [\n  { kind = "call", value = "1-800-843',
        'channels = [\n  { kind = "call", value = "1-800-843',
    )
    assert "resource 'ncmec'" in message and "missing 'reviewed'" in message


def test_broken_toml(broken):
    message = broken(RESOURCES, "[[resources]]", "[[resources]")
    assert "(file): not valid TOML" in message


def test_missing_step_wording(broken):
    message = broken(STEPS, 'id = "law-enforcement"', 'id = "police"')
    assert "step 'police'" in message and "unknown step" in message
