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
STEP_IDS = ("emergency", "report-child", "their-wishes", "call-hotline", "law-enforcement")
#: The lines shown beside the steps for some answers (information, never a
#: step); the next-steps logic uses these ids and each must have wording.
NOTE_IDS = ("vulnerable-adult",)
CHANNEL_KINDS = ("call", "text", "chat", "web")
#: Channel kinds that are web addresses: "chat" is a page where a live chat
#: opens (the hand-over page offers it beside the call), "web" any other page.
WEB_KINDS = ("chat", "web")
#: The step whose first resource is "the hotline": the hand-over page shows
#: its number and chat.
HOTLINE_STEP = "call-hotline"
#: The pages the resources are shown on, each purpose on one (its ``page``):
#: the calls a worker may make now, then the other help. Two pages, so each
#: fits the first round trip (see tests/browser/test_budgets.py).
RESOURCE_PAGES = ("contact", "more")


@dataclass(frozen=True)
class Source:
    """A public list of indicators that backs a checklist item."""

    id: str
    name: str
    url: str


@dataclass(frozen=True)
class Item:
    """One observable sign a worker can check."""

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
    #: A warning shown beside it, such as a number not re-confirmed since its
    #: owner changed; the page adds the date its fact was last confirmed.
    caveat: str = ""
    #: When the fact it shows was last confirmed (config/sources.toml).
    confirmed: datetime.date | None = None

    @property
    def is_web(self) -> bool:
        """True for a web address (a chat or another page), False for a number."""
        return self.kind in WEB_KINDS

    @property
    def href(self) -> str:
        """The link a phone understands: ``tel:``, ``sms:`` or the web address."""
        if self.is_web:
            return self.value
        digits = re.sub(r"\D", "", self.value)
        if self.kind == "text":
            return f"sms:{digits}" + (f"?body={self.body}" if self.body else "")
        if len(digits) == 10:
            digits = "1" + digits
        return f"tel:+{digits}" if len(digits) == 11 else f"tel:{digits}"


@dataclass(frozen=True)
class Purpose:
    """A heading on a resources page; ``page`` is which one (one of :data:`RESOURCE_PAGES`)."""

    id: str
    title: str
    page: str


@dataclass(frozen=True)
class Resource:
    """An organization or service to contact, with where its facts come from and when.

    ``facts`` are the ids (config/sources.toml) of everything the entry
    shows: its channels' numbers and addresses, and the facts its words
    state. It is dated by the oldest of them.
    """

    id: str
    purpose: str
    name: str
    description: str
    hours: str
    languages: str
    source: str
    channels: tuple[Channel, ...]
    #: What its words state from pages written before the hotline's 2025
    #: change of operator, with that caveat: one paragraph, or empty.
    earlier: str = ""
    facts: tuple[str, ...] = ()
    confirmed: datetime.date | None = None
    local: bool = False

    def channels_of(self, kind: str) -> tuple[Channel, ...]:
        """This resource's channels of one kind (``call``, ``chat``...), in file order."""
        return tuple(channel for channel in self.channels if channel.kind == kind)

    @property
    def main_channel(self) -> Channel:
        """The one large tap target: its first number, or its first channel when it has none."""
        return (self.channels_of("call") or self.channels)[0]

    @property
    def other_channels(self) -> tuple[tuple[Channel | None, tuple[Channel, ...]], ...]:
        """The channels after the main one, grouped by their caveat, in file order.

        Each group is (a channel whose caveat and date stand for the whole
        group, or None when it has no caveat; its channels). The hotline's
        relay, text, chat and tip form all date from before its 2025 change
        of operator: the caveat is said once, above them, not four times.
        """
        groups: dict[tuple[str, datetime.date | None], list[Channel]] = {}
        for channel in self.channels:
            if channel != self.main_channel:
                groups.setdefault((channel.caveat, channel.confirmed), []).append(channel)
        return tuple(
            (members[0] if caveat else None, tuple(members))
            for (caveat, _), members in groups.items()
        )


@dataclass(frozen=True)
class Step:
    """The wording of one next step and the resources it shows.

    ``body`` leads: what to do and a line of why, shown above the step's
    call buttons. ``law`` (optional) is the rest of the why, the statutes
    and duties, folded under "Why, and the law" after the resources.
    """

    id: str
    title: str
    body: tuple[str, ...]
    resources: tuple[Resource, ...]
    law: tuple[str, ...] = ()


@dataclass(frozen=True)
class Note:
    """A line shown beside the steps for some answers, and the resource it points to."""

    id: str
    text: str
    resource: Resource


@dataclass(frozen=True)
class Content:
    """Everything one language's content files hold."""

    language: str
    checklist: Checklist
    purposes: tuple[Purpose, ...]
    resources: Mapping[str, Resource]
    steps: Mapping[str, Step]
    notes: Mapping[str, Note]
    #: Names this language's pages keep in English, marked lang="en" where shown.
    kept_in_english: tuple[str, ...] = ()

    def purposes_on(self, page: str) -> tuple[Purpose, ...]:
        """The purposes one resources page shows, in file order."""
        return tuple(purpose for purpose in self.purposes if purpose.page == page)

    def page_of(self, resource_id: str) -> str:
        """Which resources page shows a resource's card."""
        purpose = self.resources[resource_id].purpose
        return next(p.page for p in self.purposes if p.id == purpose)

    @property
    def hotline(self) -> Resource:
        """The hotline the next steps send every worker to (the loader checks it has a number)."""
        return self.steps[HOTLINE_STEP].resources[0]

    def resources_by_purpose(
        self, page: str | None = None
    ) -> tuple[tuple[Purpose, tuple[Resource, ...]], ...]:
        """Resources under their purpose headings, in file order; empty headings left out.

        ``page``: only the purposes shown on that resources page.
        """
        grouped = []
        for purpose in self.purposes:
            if page is not None and purpose.page != page:
                continue
            members = tuple(r for r in self.resources.values() if r.purpose == purpose.id)
            if members:
                grouped.append((purpose, members))
        return tuple(grouped)
