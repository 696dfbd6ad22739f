"""Lighthouse 12.2.3 (mobile) scores 100 for performance, accessibility and best practices.

About 15 s a page, so it runs on the three pages the issue names; the same
scores are printed by ``benchmarks/lighthouse.py``.
"""

from __future__ import annotations

import pytest

from .tools import lighthouse

pytestmark = [pytest.mark.browser, pytest.mark.server]


@pytest.mark.parametrize("path", ["/", "/check", "/resources"])
def test_lighthouse_scores_100(live_server, browser_type_launch_args, path):
    scores, lost = lighthouse(live_server.base_url + path)
    assert scores == {"performance": 100, "accessibility": 100, "best-practices": 100}, lost
