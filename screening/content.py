"""The content model: the checklist, resources and next-step wording as frozen objects.

Content lives in ``config/content/<language>/`` as TOML and is read and
checked once, at start-up, by :mod:`screening.content_loader`. Requests only
read these objects. The constants here are the fixed vocabulary the logic
depends on: the triage questions and answers, and the step ids.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass

#: The triage questions, in page order. The next-steps logic reads their answers by these ids.
TRIAGE_IDS = ("danger", "minor")
#: The triage answers. The next-steps logic depends on these values.
TRIAGE_VALUES = ("yes", "no", "unsure")
#: The step ids the next-steps logic uses; each must have wording.
STEP_IDS = ("emergency", "report-child", "call-hotline", "law-enforcement")
CHANNEL_KINDS = ("call", "text", "web")


@dataclass(frozen=True)
class Source:
    """A public list of indicators that backs a checklist item."""

    id: str
    name: str
    url: str


@dataclass(frozen=True)
class Item:
    """One observable sign a worker can tick."""

    id: str
    label: str
    hint: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    """A group of signs, shown as one fieldset."""

    id: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Question:
    """A triage question, answered yes, no or not sure."""

    id: str
    question: str
    hint: str
    error: str


@dataclass(frozen=True)
class Checklist:
    """The triage questions and the groups of signs, in page order."""

    sources: Mapping[str, Source]
    triage: tuple[Question, ...]
    groups: tuple[Group, ...]

    @property
    def item_ids(self) -> frozenset[str]:
        """Every item id in the checklist."""
        return frozenset(item.id for group in self.groups for item in group.items)


@dataclass(frozen=True)
class Channel:
    """One way to reach a resource: a phone number, a text number or a web page."""

    kind: str
    value: str
    label: str
    body: str = ""

    @property
    def href(self) -> str:
        """The link a phone understands: ``tel:``, ``sms:`` or the web address."""
        if self.kind == "web":
            return self.value
        digits = re.sub(r"\D", "", self.value)
        if self.kind == "text":
            return f"sms:{digits}" + (f"?body={self.body}" if self.body else "")
        if len(digits) == 10:
            digits = "1" + digits
        return f"tel:+{digits}" if len(digits) == 11 else f"tel:{digits}"


@dataclass(frozen=True)
class Purpose:
    """A heading on the resources page."""

    id: str
    title: str


@dataclass(frozen=True)
class Resource:
    """An organisation or service to contact, with where its facts come from."""

    id: str
    purpose: str
    name: str
    description: str
    hours: str
    languages: str
    source: str
    reviewed: datetime.date
    channels: tuple[Channel, ...]
    local: bool = False


@dataclass(frozen=True)
class Step:
    """The wording of one next step and the resources it shows."""

    id: str
    title: str
    body: tuple[str, ...]
    resources: tuple[Resource, ...]


@dataclass(frozen=True)
class Content:
    """Everything one language's content files hold."""

    language: str
    checklist: Checklist
    purposes: tuple[Purpose, ...]
    resources: Mapping[str, Resource]
    steps: Mapping[str, Step]

    def resources_by_purpose(self) -> tuple[tuple[Purpose, tuple[Resource, ...]], ...]:
        """Resources under their purpose headings, in file order; empty headings left out."""
        grouped = []
        for purpose in self.purposes:
            members = tuple(r for r in self.resources.values() if r.purpose == purpose.id)
            if members:
                grouped.append((purpose, members))
        return tuple(grouped)
