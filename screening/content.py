"""The content model: the checklist, resources and next-step wording as frozen objects.

Content lives in ``config/content/<language>/`` as TOML and is read and
checked once, at start-up, by :mod:`screening.content_loader`. Requests only
read these objects. Those a file states whole (an item, a channel, a
resource) are pydantic models of their TOML tables (:class:`Table`: strict
types, unknown keys refused, frozen); those the loader puts together (a
step with its resources, a language's whole content) are dataclasses.
The constants here are the fixed vocabulary the logic depends on: the
triage questions and answers, and the step ids.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator, model_validator

from .config_files import Id, Table, Tables, Text, Tuple, loaded, one_of
from .facts import channel_fact_kinds, shape_problem

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


class Source(Table):
    """A public list of indicators that backs a checklist item (``[sources.<key>]``)."""

    name: Text
    url: str = ""


class Item(Table):
    """One observable sign a worker can check."""

    id: Id
    label: Text
    hint: str = ""
    #: Keys of the checklist's ``[sources]`` (the loader checks each is there).
    sources: Tuple[str]


class Group(Table):
    """A group of signs, shown as one fieldset."""

    id: Id
    title: Text
    items: Tables[Item]

    @field_validator("items")
    @classmethod
    def _two_to_six(cls, items: tuple[Item, ...]) -> tuple[Item, ...]:
        if not 2 <= len(items) <= 6:
            raise ValueError(f"has {len(items)} items; each group needs 2 to 6")
        return items


class Question(Table):
    """A triage question, answered yes, no or not sure."""

    id: Id
    question: Text
    hint: str = ""
    error: Text


class Checklist(Table):
    """The triage questions and the groups of signs, in page order: ``checklist.toml``."""

    sources: dict[str, Source]
    triage: Tables[Question]
    groups: Tables[Group]

    @property
    def item_ids(self) -> frozenset[str]:
        """Every item id in the checklist."""
        return frozenset(item.id for group in self.groups for item in group.items)


def _single_word(body: str) -> str:
    if body and not re.fullmatch(r"[A-Za-z0-9]+", body):
        raise ValueError("body should be a single word")
    return body


class Channel(Table):
    """One way to reach a resource: a phone number, a text number or a web page."""

    kind: Literal[CHANNEL_KINDS]
    value: Text
    label: Text
    #: The word a text message starts with (``sms:...?body=HELP``).
    body: Annotated[str, AfterValidator(_single_word)] = ""
    #: A warning shown beside it, such as a number not re-confirmed since its
    #: owner changed; the page adds the date its fact was last confirmed.
    caveat: str = ""
    #: When the fact it shows was last confirmed (config/sources.toml).
    confirmed: datetime.date | None = loaded(None)

    @model_validator(mode="after")
    def _written_as_its_kind(self) -> Channel:
        # A number or address written as the facts list writes that kind of fact.
        problem = shape_problem(self.value, *channel_fact_kinds(self.kind))
        if problem:
            raise ValueError(problem)
        return self

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


class Purpose(Table):
    """A heading on a resources page; ``page`` is which one (one of :data:`RESOURCE_PAGES`)."""

    id: Id
    title: Text
    page: Annotated[str, one_of(RESOURCE_PAGES, "is not one of")]


class Resource(Table):
    """An organization or service to contact, with where its facts come from and when.

    ``facts`` are the ids (config/sources.toml) of everything the entry
    shows: its channels' numbers and addresses, and the facts its words
    state (in the file, only the latter). It is dated by the oldest of them.
    """

    id: Id
    purpose: Text
    name: Text
    description: Text = Field(alias="for")
    #: Empty when the source does not say.
    hours: str
    languages: str
    #: The page its facts were confirmed against (the loader fills it in when left out).
    source: str = ""
    channels: Tables[Channel]
    #: What its words state from pages written before the hotline's 2025
    #: change of operator, with that caveat: one paragraph, or empty.
    earlier: str = ""
    facts: Tuple[str] = ()
    confirmed: datetime.date | None = loaded(None)
    local: bool = loaded(False)

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
        main = self.main_channel
        for channel in self.channels:
            if channel is not main:
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
