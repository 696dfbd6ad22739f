"""Content files: what they hold, and how a broken one stops start-up."""

from __future__ import annotations

import pytest

from screening.app_data import app_data

from .config_edits import replace_once, start_up_error


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


def test_channel_links(content):
    nhth = {c.value: c.href for c in content.resources["nhth"].channels}
    assert nhth["1-888-373-7888"] == "tel:+18883737888"
    assert nhth["711"] == "tel:711"
    assert nhth["233733"] == "sms:233733?body=HELP"
    mo = {c.value: c.href for c in content.resources["mo-child-abuse"].channels}
    assert mo["573-751-3448"] == "tel:+15737513448"


CHECKLIST = "content/en/checklist.toml"
RESOURCES = "content/en/resources.toml"
STEPS = "content/en/steps.toml"

#: One mistake each: the file, the text replaced, its replacement, and what
#: the one-line error must say.
MISTAKES = {
    "unknown key": (
        CHECKLIST,
        'label = "Works very long',
        'lable = "Works very long',
        "group 'work' item #1: unknown key 'lable'",
    ),
    "missing field": (
        CHECKLIST,
        'title = "Poor living conditions"\n',
        "",
        "group 'living': missing 'title'",
    ),
    "duplicate item id": (
        CHECKLIST,
        'id = "few-belongings"',
        'id = "fearful"',
        "item 'fearful': duplicate id",
    ),
    "undefined source tag": (
        CHECKLIST,
        'sources = ["polaris"]',
        'sources = ["unicef"]',
        "item 'signs-of-confinement': source 'unicef' is not defined",
    ),
    "resource referenced but not defined": (
        STEPS,
        'resources = ["nhth"]',
        'resources = ["nhtth"]',
        "step 'call-hotline': resource 'nhtth' is not defined",
    ),
    "bad phone number": (
        RESOURCES,
        'value = "1-888-373-7888"',
        'value = "1-888-373-788"',
        "resource 'nhth' channel #1: '1-888-373-788' is not a phone number",
    ),
    "a stated fact not in the list": (
        RESOURCES,
        '"mo-can-mandated-reporters-named"',
        '"mo-can-named-reporters"',
        "resource 'mo-child-abuse': fact 'mo-can-named-reporters' is not listed in sources.toml",
    ),
    "a source none of its facts was confirmed against": (
        RESOURCES,
        'source = "https://dss.mo.gov/cd/keeping-kids-safe/can.htm"',
        'source = "https://example.org/somewhere-else"',
        "resource 'mo-child-abuse': source https://example.org/somewhere-else is not a page",
    ),
    "other facts than in English": (
        "content/es/resources.toml",
        '"mo-can-mandated-reporters-named"',
        '"mo-can-mandated-reporters-named", "ncmec-cybertipline-reports"',
        "resource 'mo-child-abuse': shows other confirmed facts than in English",
    ),
    "broken TOML": (RESOURCES, "[[resources]]", "[[resources]", "(file): not valid TOML"),
    "a purpose on no resources page": (
        RESOURCES,
        'title = "Emergencies"\npage = "contact"',
        'title = "Emergencies"\npage = "first"',
        "purpose #1: page 'first' is not one of contact, more",
    ),
    "a purpose on another page than in English": (
        "content/es/resources.toml",
        'title = "Emergencias"\npage = "contact"',
        'title = "Emergencias"\npage = "more"',
        "purpose 'emergency': page 'more', but 'contact' in English",
    ),
    "missing step wording": (
        STEPS,
        'id = "law-enforcement"',
        'id = "police"',
        "step 'police': unknown step",
    ),
}


@pytest.mark.parametrize(("file", "old", "new", "expected"), MISTAKES.values(), ids=MISTAKES)
def test_a_mistake_in_a_content_file_stops_start_up_with_one_line(config, file, old, new, expected):
    replace_once(config / file, old, new)
    assert expected in start_up_error(config / file)


def test_each_resources_page_needs_a_purpose_on_it(config):
    path = config / RESOURCES
    path.write_text(path.read_text().replace('page = "more"', 'page = "contact"'))
    expected = "(file): no purpose is shown on the 'more' resources page (`page`)"
    assert expected in start_up_error(path)
