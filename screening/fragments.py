"""Pieces of pages rendered once and reused: questions, next steps, resource cards, layout.

Profiling GET and POST /check put rendering the field and resource macros
(some 80 macro calls a page) at the top of a request's cost. Yet a question's
HTML depends only on the language, the question, the answer given and its
error message, and a next step or a resource card only on the language and
its id:
all from small, fixed sets (the form has already reduced any tampered value
to "no answer" or to known ids). So each distinct piece is rendered once per
app and then reused. The cache is bounded; past its size, pieces are simply
rendered afresh. Nothing in it is an answer's owner: only which boxes are
ticked, which any worker could tick.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from flask import Flask, current_app, g, get_template_attribute, request
from markupsafe import Markup
from wtforms import Field

from .content import Group, Question, Resource, Step
from .language import current_language

#: The shared macros every page may call, made template globals once, at
#: start-up. A ``{% from ... import %}`` in a template costs work on every
#: render (Jinja compares the page's globals with the imported template's),
#: which profiling put at about a tenth of a POST /check.
SHARED_MACROS = {
    "components/fields.html": (
        "form_problems",
        "checklist_questions",
        "token_input",
        "hidden_answers",
    ),
    "components/language_switch.html": ("language_switch_nav",),
}

#: Enough for every question in every answer state in two languages, many
#: times over; a bound so that no stream of requests can grow it for ever.
MAX_PIECES = 4096


def init_app(app: Flask) -> None:
    """Give templates the shared macros and the cached pieces (questions, steps, cards, layout)."""
    app.extensions["fragments"] = {}
    for template, names in SHARED_MACROS.items():
        app.jinja_env.globals.update({name: _shared_macro(template, name) for name in names})
    app.jinja_env.globals.update(
        question_html=question_html,
        signs_html=signs_html,
        step_html=step_html,
        resource_html=resource_html,
        layout_html=layout_html,
    )


def question_html(field: Field, question: Question) -> Markup:
    """A triage question as HTML (``components/fields.html``, ``radio_group``)."""
    key = ("radio_group", question.id, field.data, tuple(field.errors))
    return _cached(key, "components/fields.html", "radio_group", field, question)


def signs_html(field: Field, group: Group) -> Markup:
    """A group of signs as HTML (``components/fields.html``, ``checkbox_group``)."""
    key = ("checkbox_group", group.id, tuple(field.data or ()), tuple(field.errors))
    return _cached(key, "components/fields.html", "checkbox_group", field, group)


def step_html(step: Step) -> Markup:
    """A numbered next step as HTML (``components/steps.html``, ``next_step``)."""
    return _cached(("next_step", step.id), "components/steps.html", "next_step", step)


def resource_html(resource: Resource, heading_level: int = 3, show_review: bool = True) -> Markup:
    """A resource card as HTML (``components/resources.html``, ``resource_card``)."""
    key = ("resource_card", resource.id, heading_level, show_review)
    return _cached(
        key, "components/resources.html", "resource_card", resource, heading_level, show_review
    )


def layout_html(macro: str, *args: Hashable) -> Markup:
    """The site's header or footer links (``components/layout.html``).

    Their links keep the page's language and the path prefix a proxy mounts
    the app under, so both are part of the key.
    """
    key = ("layout", macro, bool(g.get("language_in_url")), request.script_root, *args)
    return _cached(key, "components/layout.html", macro, *args)


def _shared_macro(template: str, name: str) -> Callable[..., Markup]:
    # Looked up at call time, so the template's module (which Jinja builds
    # once and keeps) is made after start-up has set every template global.
    def call(*args, **kwargs) -> Markup:
        return get_template_attribute(template, name)(*args, **kwargs)

    call.__name__ = name
    call.__doc__ = f"The ``{name}`` macro of ``{template}``."
    return call


def _cached(key: tuple[Hashable, ...], template: str, macro: str, *args) -> Markup:
    pieces: dict = current_app.extensions["fragments"]
    # Ids are unique within a language's content, and the language decides
    # the wording, so (language, macro, id, state) names one piece of HTML.
    key = (current_language(), *key)
    piece = pieces.get(key)
    if piece is None:
        piece = Markup(get_template_attribute(template, macro)(*args))
        if len(pieces) < MAX_PIECES:
            pieces[key] = piece
    return piece
