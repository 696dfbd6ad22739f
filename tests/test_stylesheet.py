"""The stylesheet names each color once, in :root, so a color is changed in one place."""

from __future__ import annotations

import re

from .repository import ROOT

CSS = (ROOT / "screening" / "static" / "site.css").read_text()
COMMENTS = re.compile(r"/\*.*?\*/", re.S)
ROOT_RULE = re.compile(r":root\s*\{[^}]*\}")
RAW_COLOR = re.compile(r"#[0-9a-fA-F]{3,8}\b|\brgba?\(|\bhsla?\(")


def test_every_color_outside_root_is_a_variable():
    rules = ROOT_RULE.sub("", COMMENTS.sub("", CSS), count=1)
    raw = sorted({match.group(0) for match in RAW_COLOR.finditer(rules)})
    assert raw == [], f"raw colors outside :root: {raw}"


def test_every_variable_used_is_defined():
    defined = set(re.findall(r"(--[\w-]+)\s*:", ROOT_RULE.search(CSS).group(0)))
    used = set(re.findall(r"var\((--[\w-]+)\)", CSS))
    assert used <= defined, used - defined
