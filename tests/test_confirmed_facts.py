"""Only confirmed facts: no file the app shows states a number, text code or statute
that config/sources.toml does not hold.

Start-up already refuses one in the content and scenario files; this also
reads the list of languages to point to, the settings, the templates and the
Spanish translations, which start-up does not.
The local-resources examples are left out: they are for deployers, with a
made-up number they list themselves, and are never loaded.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from types import MappingProxyType

import pytest
from babel.messages.pofile import read_po

from screening.fact_checks import unconfirmed_in
from screening.facts import Facts, load_facts

from .config_edits import replace_once
from .repository import ROOT, allowed_phone_numbers, toml_strings

#: Every config file whose words the app may show: content, scenarios, the
#: languages to point to, settings (the organization's name). The list of
#: facts is the yardstick, and the examples are never loaded.
CONTENT = sorted(
    path
    for path in (ROOT / "config").rglob("*.toml")
    if path.name != "sources.toml" and not path.name.startswith("local-resources.example")
)
TEMPLATES = sorted((ROOT / "screening" / "templates").rglob("*.html"))
TRANSLATIONS = sorted((ROOT / "screening" / "translations").rglob("*.po"))
NOTHING_CONFIRMED = Facts(MappingProxyType({}))


def texts_of(path: Path) -> list[str]:
    """The words a file gives the app: each TOML string, a template, a catalog's strings."""
    if path.suffix == ".toml":
        return list(toml_strings(tomllib.loads(path.read_text(encoding="utf-8"))))
    if path.suffix == ".po":
        with path.open("rb") as file:
            catalog = read_po(file)
        return [
            text
            for message in catalog
            if message.id
            for part in (message.id, message.string)
            for text in (part if isinstance(part, tuple) else (part,))
        ]
    return [path.read_text(encoding="utf-8")]


@pytest.fixture(scope="module")
def facts():
    return load_facts(ROOT / "config")


@pytest.mark.parametrize(
    "path", CONTENT + TEMPLATES + TRANSLATIONS, ids=lambda p: str(p.relative_to(ROOT))
)
def test_every_number_text_code_and_statute_shown_is_confirmed(facts, path):
    unconfirmed = [found for text in texts_of(path) for found in unconfirmed_in(text, facts)]
    assert not unconfirmed, f"{path.relative_to(ROOT)} states {unconfirmed}, not in sources.toml"


def test_the_files_read_are_the_ones_that_state_facts():
    # Not vacuous: read with an empty list, the same files state these.
    stated = {
        found
        for path in CONTENT + TEMPLATES + TRANSLATIONS
        for text in texts_of(path)
        for found in unconfirmed_in(text, NOTHING_CONFIRMED)
    }
    assert {"RSMo 210.110", "RSMo 210.115", "22 U.S.C. 7102", "8 CSR 30-4.060"} <= stated
    assert {"911", "711", "233733", "1-888-373-7888", "573-751-3403"} <= stated
    assert any(path.parts[-2:] == ("checklist", "start.html") for path in TEMPLATES)
    assert {"languages.toml", "settings.toml"} <= {path.name for path in CONTENT}
    assert len(TRANSLATIONS) == 1 and len(CONTENT) >= 6


@pytest.mark.parametrize(
    ("planted", "found"),
    [
        ("Missouri makes it a felony (RSMo 566.209).", "RSMo 566.209"),
        ("See 18 U.S.C. § 1591.", "18 U.S.C. § 1591"),
        ("A state rule (8 CSR 30-4.020) says so.", "8 CSR 30-4.020"),
        ('Call <a href="tel:211">211</a> for local help.', "211"),
        ("Text INFO to 233734.", "233734"),
        ("Or call (888) 373-7889.", "(888) 373-7889"),
    ],
)
def test_a_planted_unknown_fact_is_caught(facts, tmp_path, planted, found):
    template = tmp_path / "start.html"
    template.write_text((ROOT / "screening/templates/checklist/start.html").read_text())
    replace_once(template, "{% block content %}", "{% block content %}<p>" + planted + "</p>")
    assert found in [f for text in texts_of(template) for f in unconfirmed_in(text, facts)]


def test_a_planted_statute_in_a_content_file_is_caught(facts, tmp_path):
    steps = tmp_path / "steps.toml"
    steps.write_text((ROOT / "config/content/en/steps.toml").read_text())
    replace_once(steps, "(RSMo 210.115)", "(RSMo 210.116)")
    found = [f for text in texts_of(steps) for f in unconfirmed_in(text, facts)]
    assert found == ["RSMo 210.116"]


def test_what_is_not_a_fact_is_not_mistaken_for_one(facts):
    # Amounts, years, hours and a statute's own section are not numbers to call.
    text = "Up to $250,000 and 20 years; since 2025; 8:00 a.m.; RSMo 210.110.1; 24 hours."
    assert unconfirmed_in(text, facts) == []
    assert allowed_phone_numbers() >= {"911", "711", "233733"}
