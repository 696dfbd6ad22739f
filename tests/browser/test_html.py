"""Every page and state, as served, passes the Nu HTML Checker: one Java run for all of them."""

from __future__ import annotations

import re

import pytest

from .conftest import all_page_states
from .tools import LiveClient, nu_check

pytestmark = [pytest.mark.server]


def test_every_page_is_valid_html(live_server, tmp_path):
    files = {}
    for number, state in enumerate(all_page_states()):
        client = LiveClient(live_server.base_url)
        if state.post is None:
            status, html = client.request(state.path)
        else:
            status, html = client.submit(state.path, state.post, state.target)
        assert status == state.status, state.name
        name = re.sub(r"[^a-z0-9]+", "-", state.name.lower()).strip("-") or "start"
        path = tmp_path / f"{number:02d}-{name}.html"
        path.write_text(html)
        files[path.as_uri()] = state.name
    errors = nu_check(sorted(tmp_path.glob("*.html")))
    assert errors == [], "\n".join(
        f"{files.get(e.get('url'), e.get('url'))}:{e.get('lastLine')}: {e['message']}"
        for e in errors
    )
