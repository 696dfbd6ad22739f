"""What a request reads of the data loaded at start-up: the parts in its language.

Kept apart from :mod:`screening.app_data` because the language a request is
in (:mod:`screening.language`) depends on which languages were loaded.
"""

from __future__ import annotations

from collections.abc import Mapping

from .app_data import app_data
from .content import Content
from .forms import ChecklistFormBase
from .group_debrief import GroupDebriefFormBase
from .language import current_language
from .scenarios import Scenario


def current_content() -> Content:
    """The content (checklist, resources, step wording) in this request's language."""
    return app_data().content[current_language()]


def checklist_form() -> ChecklistFormBase:
    """The checklist form in this request's language, filled from the POST if there is one."""
    return app_data().forms[current_language()]()


def group_debrief_form() -> GroupDebriefFormBase:
    """The group debrief's form in this request's language, filled from the POST if there is one."""
    return app_data().group_forms[current_language()]()


def current_scenarios() -> Mapping[str, Scenario]:
    """The practice scenarios in this request's language, or the English ones if it has none."""
    scenarios = app_data().scenarios
    return scenarios.get(current_language()) or scenarios["en"]
