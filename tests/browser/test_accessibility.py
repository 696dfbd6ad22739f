"""axe-core on every page and state, in a real browser on a phone-sized screen.

The list of pages comes from the app (``tests/page_list.py``): the journey,
its submitted states, error pages, and whatever pages other features add.
"""

from __future__ import annotations

import pytest

from ..page_list import PageState
from .conftest import axe_violations, open_state

pytestmark = [pytest.mark.browser, pytest.mark.server]


@pytest.mark.page_states
def test_no_axe_violations(new_phone, state: PageState):
    page, _ = new_phone()
    assert open_state(page, state) == state.status
    violations = axe_violations(page)
    assert violations == [], "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {v['targets']}" for v in violations
    )
