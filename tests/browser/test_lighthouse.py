"""Lighthouse 12.2.3 (mobile) scores 100 for performance, accessibility and best practices.

About 15 s a page, so it runs on the three pages the issue names; the same
scores are printed by ``benchmarks/lighthouse.py``.
"""

from __future__ import annotations

import pytest

from .tools import lighthouse

pytestmark = [pytest.mark.browser, pytest.mark.server]


#: Lighthouse's performance score moves from run to run on the same page
#: (its total blocking time is measured on this machine's CPU, which other
#: tests share): a page whose first run is not perfect is run twice more, and
#: passes only if the median, two runs of three, is 100.
RUNS = 3

PERFECT = {"performance": 100, "accessibility": 100, "best-practices": 100}


@pytest.mark.parametrize("path", ["/", "/check", "/resources"])
def test_lighthouse_scores_100(live_server, browser_type_launch_args, path):
    perfect, missed = 0, []
    for _ in range(RUNS):
        scores, lost = lighthouse(live_server.base_url + path)
        # Accessibility and best practices do not vary: every run must be perfect.
        assert scores["accessibility"] == scores["best-practices"] == 100, lost
        if scores == PERFECT:
            perfect += 1
        else:
            missed.append(lost)
        if (perfect == 1 and not missed) or perfect == 2 or len(missed) == 2:
            break
    assert (perfect == 1 and not missed) or perfect == 2, missed
