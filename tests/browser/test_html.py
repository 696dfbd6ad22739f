"""Every page and state, as served, passes the Nu HTML Checker: one Java run for all of them."""

from __future__ import annotations

import re

import pytest

from ..page_list import all_page_states
from .tools import nu_check

pytestmark = [pytest.mark.server]


def test_every_page_is_valid_html(live_server, tmp_path):
    files = {}
    for number, state in enumerate(all_page_states()):
        client = live_server.client()
        if state.post is None:
            reply = client.get(state.path)
        else:
            reply = client.submit(state.path, state.post, state.target)
        assert reply.status == state.status, state.name
        html = reply.body.decode()
        name = re.sub(r"[^a-z0-9]+", "-", state.name.lower()).strip("-") or "start"
        path = tmp_path / f"{number:02d}-{name}.html"
        path.write_text(html)
        files[path.as_uri()] = state.name
    errors = nu_check(sorted(tmp_path.glob("*.html")))
    assert errors == [], "\n".join(
        f"{files.get(e.get('url'), e.get('url'))}:{e.get('lastLine')}: {e['message']}"
        for e in errors
    )
