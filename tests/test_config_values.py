"""Any value in a settings, content, facts or scenario file: taken, or start-up says one line.

The tables of broken files (test_content.py, test_sources.py,
test_scenarios.py) pin the wording of known mistakes; this puts every kind
of TOML value (a table where a string goes, a list of lists, a date, a
float...) where the files hold references, kinds and numbers, and asks only
that the answer is a ConfigError of one line naming the file, never a
traceback.
"""

from __future__ import annotations

import datetime
import json
import shutil

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from screening import ConfigError
from screening.app_data import AppData, app_data
from screening.config_folders import ConfigFolders
from screening.settings import DEFAULTS, load_settings

from .config_edits import replace_once
from .repository import ROOT

#: Lines whose value is replaced: a file under config/, and the line as it is there.
TARGETS = [
    ("content/en/checklist.toml", 'sources = ["polaris"]'),
    ("content/en/checklist.toml", 'id = "physical"'),
    ("content/en/resources.toml", 'value = "1-888-373-7888"'),
    ("content/en/resources.toml", 'purpose = "emergency"'),
    ("content/en/resources.toml", '"mo-can-mandated-reporters-named"'),
    ("content/en/steps.toml", 'resources = ["nhth"]'),
    ("sources.toml", 'kind = "text-code"'),
    ("sources.toml", "confirmed = 2026-11-27"),
    ("scenarios/en/truck-stop-boyfriend.toml", 'resources = ["ncmec"]'),
    ("scenarios/en/motel-room.toml", 'accept = ["unsure"]'),
    ("scenarios/en/motel-room.toml", 'shown_by = ["person.says.4"]'),
    ("scenarios/en/motel-room.toml", 'level = "introductory"'),
]

_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
_scalars = (
    _text
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.booleans()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.dates()
)
VALUES = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3),
    max_leaves=6,
)


def toml_value(value: object) -> str:
    """``value`` written as TOML (an inline table or array for the containers)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, datetime.date)):
        return value.isoformat() if isinstance(value, datetime.date) else repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(map(toml_value, value)) + "]"
    if isinstance(value, dict):
        pairs = (f"{toml_value(k)} = {toml_value(v)}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    # JSON's escapes are TOML's, but for DEL and the characters past U+FFFF.
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(target=st.sampled_from(TARGETS), value=VALUES)
def test_any_value_loads_or_stops_start_up_with_one_line(tmp_path_factory, target, value):
    folder = tmp_path_factory.mktemp("config") / "config"
    shutil.copytree(ROOT / "config", folder)
    file, line = target
    name = line.split(" = ")[0] if " = " in line else None
    replace_once(
        folder / file, line, f"{name} = {toml_value(value)}" if name else toml_value(value)
    )
    try:
        AppData.load(ConfigFolders(folder, None))
    except ConfigError as error:
        message = str(error)
        assert "\n" not in message and message.startswith(str(folder)), message


@settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=st.sampled_from(sorted(DEFAULTS)), value=VALUES)
def test_any_setting_is_taken_or_stops_start_up_with_one_line(config, name, value):
    path = config / "settings.toml"
    path.write_text(f"{name} = {toml_value(value)}\n", encoding="utf-8")
    try:
        load_settings(Flask(__name__), {"SECRET_KEY": "x"})
    except ConfigError as error:
        assert str(error).startswith(f"{path}: {name}: "), str(error)
        assert "\n" not in str(error)


def test_what_start_up_loads_is_frozen(app):
    content = app_data(app).content["en"]
    for thing, field in [
        (content.resources["nhth"], "name"),
        (content.resources["nhth"].channels[0], "value"),
        (content.checklist.groups[0].items[0], "label"),
        (app_data(app).facts.by_id["nhth-phone"], "value"),
        (app_data(app).scenarios["en"]["motel-room"].person, "age"),
    ]:
        with pytest.raises((ValidationError, AttributeError)):
            setattr(thing, field, "changed")
