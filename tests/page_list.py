"""Every page and page state the app can show, built from the app itself.

The browser, accessibility, HTML and budget tests loop over this list, so a
page another developer adds (a new route, a new ``<slug>``, a new language)
is checked without anyone remembering to list it. The list comes from
``app.url_map``: each GET rule, once plain and once under each non-English
language prefix, with arguments such as ``<slug>`` filled from the data the
app loaded at start-up (``app_data(app)``). Pages that accept a POST also
get their submitted states (the form sent blank, and each next-steps
variant), and the error pages are reached the way a user would reach them.

A rule whose arguments cannot be filled is reported by
:func:`unfilled_rules`, and a test fails on it, rather than the page going
unchecked.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from flask import Flask
from werkzeug.test import TestResponse

from screening.app_data import app_data

from .pages import ClientRequest, token_from

#: Stand-ins for the English default in prefixed URLs: /en/x renders /x again.
DEFAULT_LANGUAGE = "en"

_ARGUMENT = re.compile(r"<(?:(?P<converter>[^:<>]+):)?(?P<name>[^<>]+)>")


@dataclass(frozen=True)
class PageState:
    """One page as a user can see it.

    ``path`` is opened with GET. When ``post`` is set, the page at ``path``
    is then submitted to ``post_to`` (default: ``path``) with those fields
    plus the page's own security token, as the browser would send them.
    """

    name: str
    path: str
    status: int = 200
    post: tuple[tuple[str, str], ...] | None = None
    post_to: str | None = None

    @property
    def target(self) -> str:
        """Where the form is sent, for POST states."""
        return self.post_to or self.path


@functools.cache
def all_page_states() -> tuple[PageState, ...]:
    """Every page state of the shipped app, built once, when a test first asks.

    Tests marked ``page_states`` get one run per state (see ``tests/conftest.py``);
    nothing builds an app when a test module is imported.
    """
    from screening import create_app

    return tuple(page_states(create_app({"TESTING": True, "SECRET_KEY": "collect"})))


def page_states(app: Flask) -> list[PageState]:
    """Every GET page, every submitted state and the error pages, in a stable order."""
    states: list[PageState] = []
    client = app.test_client()
    for rule, path in _get_pages(app):
        response = client.get(path)
        if 300 <= response.status_code < 400 or response.mimetype != "text/html":
            # /exit and the like leave the app; /healthz answers plain text
            # for load balancers. Neither is a page.
            continue
        states.append(PageState(name=path, path=path, status=response.status_code))
        if "POST" in (rule.methods or ()) and _first_of_its_rule(rule, path, app):
            states.extend(_submitted_states(app, path, response.get_data(as_text=True)))
    states.extend(_session_states(app))
    states.extend(_error_states(app))
    return states


def open_state(client_request: ClientRequest, state: PageState, **kwargs) -> TestResponse:
    """Bring a test client to ``state`` as a browser would; return the last response.

    POST states send the page's own token, if it has one. ``kwargs`` (such
    as ``headers``) go with every request. Each page is checked on the way.
    """
    if state.post is None:
        return client_request.get_response(state.path, status=state.status, **kwargs)
    page = client_request.get(state.path, **kwargs)
    token = token_from(page) if page.select_one("input[name=csrf_token]") else None
    return client_request.post_response(
        state.target, state.post, token=token, status=state.status, **kwargs
    )


def unfilled_rules(app: Flask) -> list[str]:
    """GET rules with an argument (other than the language) that no loaded data can fill."""
    missing = []
    for rule in _page_rules(app):
        names = [n for n in rule.arguments if n != "lang"]
        for name in names:
            if not any(_values_for(app, name, language) for language in _languages(app)):
                missing.append(f"{rule.rule} (no values for <{name}>)")
    return missing


# --- building the list ------------------------------------------------------


def _languages(app: Flask) -> tuple[str, ...]:
    return app_data(app).languages


def _page_rules(app: Flask) -> Iterator:
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static" or "GET" not in (rule.methods or ()):
            continue
        yield rule


def _get_pages(app: Flask) -> Iterator[tuple[object, str]]:
    for rule in _page_rules(app):
        if "lang" in rule.arguments:
            languages = [code for code in _languages(app) if code != DEFAULT_LANGUAGE]
        else:
            languages = [DEFAULT_LANGUAGE]
        others = sorted(n for n in rule.arguments if n != "lang")
        for language in languages:
            choices = [_values_for(app, name, language) for name in others]
            for combination in itertools.product(*choices):
                values = dict(zip(others, combination, strict=True))
                if "lang" in rule.arguments:
                    values["lang"] = language
                yield rule, _fill(rule.rule, values)


def _fill(rule: str, values: Mapping[str, str]) -> str:
    return _ARGUMENT.sub(lambda m: values[m.group("name")], rule)


def _first_of_its_rule(rule, path: str, app: Flask) -> bool:
    """Submitted states for one page per rule and language are enough: the rest share code."""
    first = {}
    for other_rule, other_path in _get_pages(app):
        first.setdefault(other_rule.rule, other_path)
    return first.get(rule.rule) == path


def _submitted_states(app: Flask, path: str, html: str) -> list[PageState]:
    """The form sent blank, then with each combination of the two triage answers."""
    states = [PageState(name=f"{path} sent blank", path=path, post=())]
    if 'name="danger"' not in html or 'name="minor"' not in html:
        return states
    content = app_data(app).content[DEFAULT_LANGUAGE]
    # One tick per group, so "what you noticed" shows every group's heading.
    ticks = tuple((group.id, group.items[0].id) for group in content.checklist.groups)
    for danger, minor in itertools.product(("yes", "no"), repeat=2):
        answers = (("danger", danger), ("minor", minor))
        chosen = ticks if danger == minor else ()
        states.append(
            PageState(
                name=f"{path} sent danger={danger} minor={minor} ticks={len(chosen)}",
                path=path,
                post=answers + chosen,
            )
        )
    return states


def _session_states(app: Flask) -> list[PageState]:
    """The trainer's heaviest pages in each language: the pack for the four longest
    scenarios in large print, a choice it refuses, and six groups' answers compared."""
    states = []
    scenarios = app_data(app).scenarios
    content = app_data(app).content[DEFAULT_LANGUAGE]
    every_sign = [item.id for group in content.checklist.groups for item in group.items]
    for language in _languages(app):
        prefix = "" if language == DEFAULT_LANGUAGE else f"/{language}"
        mine = (scenarios.get(language) or scenarios[DEFAULT_LANGUAGE]).values()
        longest = sorted(mine, key=lambda scenario: -len(repr(scenario)))[:4]
        query = "&".join(f"scenario={scenario.slug}" for scenario in longest)
        states.append(
            PageState(
                name=f"{prefix}/training/pack four",
                path=f"{prefix}/training/pack?{query}&size=large",
            )
        )
        states.append(
            PageState(
                name=f"{prefix}/training/pack one",
                path=f"{prefix}/training/pack?scenario={longest[0].slug}",
                status=400,
            )
        )
        groups = [("groups", "6")]
        for number in range(1, 7):
            groups += [(f"g{number}-danger", "yes"), (f"g{number}-minor", "unsure")]
            groups += [(f"g{number}-signs", item_id) for item_id in every_sign]
        path = f"{prefix}/training/{longest[0].slug}/groups"
        states.append(PageState(name=f"{path} six groups", path=path, post=tuple(groups)))
    return states


def _error_states(app: Flask) -> list[PageState]:
    """The error pages as a user meets them: a mistyped address, a wrong method, too much sent."""
    states = [PageState(name="404", path="/no-such-page", status=404)]
    for language in _languages(app):
        if language != DEFAULT_LANGUAGE:
            states.append(
                PageState(name=f"404 {language}", path=f"/{language}/no-such-page", status=404)
            )
    states.append(PageState(name="405", path="/resources", status=405, post=()))
    limit = int(app.config["MAX_CONTENT_LENGTH"])
    states.append(
        PageState(name="413", path="/check", status=413, post=(("padding", "x" * (limit + 1)),))
    )
    return states


# --- filling <slug>-style arguments from the loaded data -------------------


def _values_for(app: Flask, name: str, language: str) -> list[str]:
    """Every string value of an attribute or key called ``name`` in what the app loaded.

    Data keyed by language (``{"en": ..., "es": ...}``) is read in the page's
    language, falling back to English, as the pages themselves do.
    """
    found: list[str] = []
    loaded = app_data(app)
    for data in (getattr(loaded, field.name) for field in dataclasses.fields(loaded)):
        _collect(data, name, language, found, depth=0)
    return list(dict.fromkeys(found))


def _collect(data: object, name: str, language: str, found: list[str], depth: int) -> None:
    if depth > 4 or isinstance(data, str | bytes | int | float | bool) or data is None:
        return
    if isinstance(data, Mapping):
        if language in data or DEFAULT_LANGUAGE in data:
            data = {language: data.get(language) or data.get(DEFAULT_LANGUAGE)}
        if isinstance(data.get(name), str):
            found.append(data[name])
        for value in data.values():
            _collect(value, name, language, found, depth + 1)
        return
    if isinstance(data, list | tuple | set | frozenset):
        for value in data:
            _collect(value, name, language, found, depth + 1)
        return
    if dataclasses.is_dataclass(data):
        value = getattr(data, name, None)
        if isinstance(value, str):
            found.append(value)
        # Only the top of a dataclass matters: its nested fields are content.
