"""Which language a request is in, and how it stays in every link.

Every page answers at its plain address (``/check``), where the browser's
Accept-Language chooses, and under a language prefix (``/es/check``,
``/en/check``) that an intranet can link to directly. Links on a page keep the
language the page was shown in (Flask's URL-processor pattern).
"""

from __future__ import annotations

from collections.abc import Callable

from babel import Locale
from flask import Blueprint, Flask, current_app, g, has_request_context, request, url_for
from flask_babel import Babel
from werkzeug.routing import BaseConverter

from .app_data import app_data

#: Names shown by the language switch, each in its own language.
LANGUAGE_NAMES = {"en": "English", "es": "Español"}


def page_route(blueprint: Blueprint, rule: str, **options) -> Callable:
    """Register a view at ``rule`` and at ``/<lang>`` + ``rule``, like ``blueprint.route``."""

    def decorator(view: Callable) -> Callable:
        blueprint.add_url_rule(rule, view_func=view, **options)
        blueprint.add_url_rule("/<lang:lang>" + rule, view_func=view, **options)
        return view

    return decorator


def init_app(app: Flask) -> None:
    """Set up Flask-Babel, the ``lang`` URL converter and the URL processors.

    The languages are those the app loaded content for (``app_data``), so
    call this after attaching it.
    """
    languages = app_data(app).languages
    app.url_map.converters["lang"] = _converter_for(languages)
    # Flask-Babel parses the selector's answer into a Locale on every request
    # unless it is one already; parse each language once, here.
    locales = {code: Locale.parse(code) for code in languages}
    Babel(app, locale_selector=lambda: locales[current_language()])
    app.url_value_preprocessor(_take_language_from_url)
    app.url_defaults(_keep_language_in_links)
    app.jinja_env.globals.update(
        current_language=current_language,
        language_names=LANGUAGE_NAMES,
        other_languages=lambda: [code for code in languages if code != current_language()],
        language_switch=language_switch,
    )


def current_language() -> str:
    """The language of this request: from the URL, else Accept-Language, else English."""
    if not has_request_context():
        return "en"
    language = g.get("language")
    if language is not None:
        return language  # the common case: decided earlier in this request
    languages = app_data().languages
    # No route matched (a mistyped /es/... address): the error page still
    # answers in the language the address asked for.
    first = request.path.split("/")[1]
    if request.url_rule is None and first in languages:
        g.language, g.language_in_url = first, True
    else:
        g.language = request.accept_languages.best_match(languages, default="en")
    return g.language


def language_switch(code: str) -> dict:
    """Where this page is in language ``code``, and how the switch must reach it.

    ``href``: the same page's address in that language. ``to_start``: true on
    an error page, whose switch goes to the start page and re-sends nothing
    (the body may be what was refused). ``resend``: true when the page
    answers a POST (the next steps, a practice debrief), which no link can
    reach: it exists only because answers were sent, so the switch sends
    them again (see ``components/language_switch.html``).
    """
    endpoint = request.endpoint if request.url_rule is not None else None
    if endpoint is None or g.get("error_page"):
        return {"href": url_for("checklist.start", lang=code), "to_start": True, "resend": False}
    # A choice made in the address (the session pack's scenarios) stays.
    query = request.args.to_dict(flat=False) if request.method == "GET" else {}
    query.pop("lang", None)
    href = url_for(endpoint, **{**query, **(request.view_args or {}), "lang": code})
    return {"href": href, "to_start": False, "resend": request.method == "POST"}


def _converter_for(languages: tuple[str, ...]) -> type[BaseConverter]:
    class LanguageConverter(BaseConverter):
        """Matches only the languages that have content."""

        regex = "|".join(languages)

    return LanguageConverter


def _take_language_from_url(endpoint: str | None, values: dict | None) -> None:
    if values and "lang" in values:
        g.language = values.pop("lang")
        g.language_in_url = True


def _keep_language_in_links(endpoint: str, values: dict) -> None:
    # Keep a language in links when the page was reached under a prefix, or
    # when it is not English (negotiated): the worker stays in their language.
    if "lang" in values or endpoint == "static":
        return
    language = g.get("language")
    if not language or not (g.get("language_in_url") or language != "en"):
        return  # the plain address: most links, so decided first and cheaply
    if current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        # Pages outside the language scheme (the health check) take no prefix.
        values["lang"] = language
