"""The list of addresses is a promise: intranets link to them.

A removed or renamed address fails here. Give it a redirect, then update
the snapshot; a new address is added to the snapshot and to the README's
"Linking from your intranet" section.
"""

from __future__ import annotations

import re

from screening.app_data import app_data

from .repository import ROOT

# Every rule, its methods (HEAD and OPTIONS left out) and its endpoint.
ROUTES = {
    ("/", "GET", "checklist.start"),
    ("/<lang:lang>/", "GET", "checklist.start"),
    ("/check", "GET POST", "checklist.check"),
    ("/<lang:lang>/check", "GET POST", "checklist.check"),
    ("/resources", "GET", "checklist.resources"),
    ("/<lang:lang>/resources", "GET", "checklist.resources"),
    ("/resources/more", "GET", "checklist.more_resources"),
    ("/<lang:lang>/resources/more", "GET", "checklist.more_resources"),
    ("/card", "GET", "card.pocket_card"),
    ("/<lang:lang>/card", "GET", "card.pocket_card"),
    ("/for-you", "GET", "handover.for_you"),
    ("/<lang:lang>/for-you", "GET", "handover.for_you"),
    ("/staying-safe", "GET", "safety.staying_safe"),
    ("/<lang:lang>/staying-safe", "GET", "safety.staying_safe"),
    ("/privacy", "GET", "statements.privacy"),
    ("/<lang:lang>/privacy", "GET", "statements.privacy"),
    ("/accessibility", "GET", "statements.accessibility"),
    ("/<lang:lang>/accessibility", "GET", "statements.accessibility"),
    ("/exit", "GET", "safety.exit_page"),
    ("/<lang:lang>/exit", "GET", "safety.exit_page"),
    ("/training", "GET", "training.index"),
    ("/<lang:lang>/training", "GET", "training.index"),
    ("/training/<slug>", "GET POST", "training.scenario"),
    ("/<lang:lang>/training/<slug>", "GET POST", "training.scenario"),
    ("/training/<slug>/cards", "GET", "training.cards"),
    ("/<lang:lang>/training/<slug>/cards", "GET", "training.cards"),
    ("/training/guide", "GET", "training.guide"),
    ("/<lang:lang>/training/guide", "GET", "training.guide"),
    ("/training/pack", "GET", "training.pack"),
    ("/<lang:lang>/training/pack", "GET", "training.pack"),
    ("/training/<slug>/groups", "GET POST", "training.group_debrief"),
    ("/<lang:lang>/training/<slug>/groups", "GET POST", "training.group_debrief"),
    ("/healthz", "GET", "operations.healthz"),
    ("/static/<path:filename>", "GET", "static"),
}


def _routes(app) -> set[tuple[str, str, str]]:
    return {
        (rule.rule, " ".join(sorted(rule.methods - {"HEAD", "OPTIONS"})), rule.endpoint)
        for rule in app.url_map.iter_rules()
    }


def test_no_address_has_gone(app):
    gone = ROUTES - _routes(app)
    assert not gone, f"removed or changed (add a redirect, then update ROUTES): {sorted(gone)}"


def test_every_address_is_in_the_snapshot(app):
    added = _routes(app) - ROUTES
    assert not added, f"new (add to ROUTES and to the README's linking section): {sorted(added)}"


def test_every_page_is_in_the_readme_in_both_languages(app):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Linking from your intranet", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"`(/[^`\s]*)`", section))
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or "GET" not in rule.methods:
            continue
        plain = re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", rule.rule)
        if plain.startswith("/<lang>"):
            for lang in app_data(app).languages:
                expected = plain.replace("/<lang>", f"/{lang}", 1)
                assert expected in listed, f"{expected} is not in the README's linking section"
        else:
            assert plain in listed, f"{plain} is not in the README's linking section"


def test_every_page_is_a_blueprint_that_create_app_registers(app):
    # create_app reads as a table of contents: the set-up of each concern
    # (headers, proxies, language...) adds no page of its own.
    from flask import Flask

    from screening import operations, safety
    from screening.settings import load_settings

    bare = Flask("screening")
    load_settings(bare, {"SECRET_KEY": "x"})
    operations.init_app(bare)
    safety.init_app(bare)
    assert [rule.endpoint for rule in bare.url_map.iter_rules()] == ["static"]
    assert {rule.endpoint.partition(".")[0] for rule in app.url_map.iter_rules()} == {
        *app.blueprints,
        "static",
    }
