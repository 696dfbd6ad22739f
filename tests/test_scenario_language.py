"""A scenario shown on a page in another language is marked with its own.

Until a deployer's scenarios are translated, the Spanish pages offer the
English ones; their words then carry lang="en", so a screen reader reads
them in English, while the page around them stays Spanish.
"""

from __future__ import annotations

import shutil

from screening import create_app
from screening.app_data import app_data

from .pages import ClientRequest
from .test_training import key_answers


def test_english_scenarios_on_spanish_pages_say_they_are_english(config):
    shutil.rmtree(config / "scenarios" / "es")
    app = create_app({"TESTING": True})
    client = ClientRequest(app.test_client())
    listing = client.get("/es/training")
    assert listing.html["lang"] == "es"
    assert {li.get("lang") for li in listing.select("li.scenario-summary")} == {"en"}
    brief = client.get("/es/training/sales-crew")
    assert brief.select_one("section[aria-labelledby=brief-title]")["lang"] == "en"
    cards = client.get("/es/training/sales-crew/cards")
    assert cards.select_one(".print-cards")["lang"] == "en"
    chooser = client.get("/es/training/pack")
    assert {div.get("lang") for div in chooser.select("#pack-scenarios .choice")} == {"en"}
    data = app_data(app)
    answers = key_answers(data.scenarios["en"]["sales-crew"], data.content["en"].checklist)
    debrief = client.post("/es/training/sales-crew", answers)
    assert debrief.select_one("section[aria-labelledby=why-title]")["lang"] == "en"
    # In English, nothing is marked: the page's language is the scenarios' own.
    assert not client.get("/training").select("main [lang]")
