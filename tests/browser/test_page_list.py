"""The list of pages the browser tests check is complete: nothing the app serves is left out."""

from __future__ import annotations

from ..page_list import page_states, unfilled_rules
from ..pages import ClientRequest


def test_every_page_rule_can_be_filled(app):
    """A ``<slug>`` the list cannot fill would leave pages unchecked: say so, loudly."""
    assert unfilled_rules(app) == []


def test_every_get_page_of_the_app_is_in_the_list(app):
    listed = {state.path for state in page_states(app)}
    client_request = ClientRequest(app.test_client())
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.arguments or "GET" not in rule.methods:
            continue
        response = client_request.get_response(rule.rule, status=None)
        if response.status_code < 300 and response.mimetype == "text/html":
            assert rule.rule in listed, rule.rule
    # States a user meets only by sending something are there too.
    names = {state.name for state in page_states(app)}
    assert {"/check sent blank", "404", "405", "413"} <= names
    assert sum(name.startswith("/check sent danger=") for name in names) == 4
