"""Which language a request is in, and how it stays in every link.

Every page answers at its plain address (``/check``), where the browser's
Accept-Language chooses, and under a language prefix (``/es/check``,
``/en/check``) that an intranet can link to directly. Links on a page keep the
language the page was shown in (Flask's URL-processor pattern).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from babel import Locale
from flask import Blueprint, Flask, current_app, g, has_request_context, request, url_for
from flask_babel import Babel
from werkzeug.routing import BaseConverter

from .app_data import app_data


def page_route(blueprint: Blueprint, rule: str, **options) -> Callable:
    """Register a view at ``rule`` and at ``/<lang>`` + ``rule``, like ``blueprint.route``."""

    def decorator(view: Callable) -> Callable:
        blueprint.add_url_rule(rule, view_func=view, **options)
        blueprint.add_url_rule("/<lang:lang>" + rule, view_func=view, **options)
        return view

    return decorator


def init_app(app: Flask) -> None:
    """Set up Flask-Babel, the ``lang`` URL converter, the URL processors and the switch.

    The languages are those the app loaded content for (``app_data``), so
    call this after attaching it.
    """
    languages = app_data(app).languages
    app.url_map.converters["lang"] = _converter_for(languages)
    # Flask-Babel parses the selector's answer into a Locale on every request
    # unless it is one already; parse each language once, here.
    locales = {code: Locale.parse(code) for code in languages}
    Babel(app, locale_selector=lambda: locales[current_language()])
    app.url_value_preprocessor(_decide_language)
    app.url_defaults(_keep_language_in_links)
    app.jinja_env.globals.update(current_language=current_language, language_links=language_links)


def current_language() -> str:
    """The language of this request, as :func:`_decide_language` decided it; English outside one."""
    if not has_request_context():
        return "en"
    if "language" not in g:
        # Asked for before the URL processors ran (a page rendered for an
        # error raised earlier in the request): decided now, the same way.
        _decide_language(None, None)
    return g.language


def path_in_language() -> str:
    """This request's path without its language prefix: ``/es/training/x`` gives ``/training/x``."""
    path = request.path
    if g.get("language_in_url"):
        path = path.removeprefix("/" + current_language())
    return path or "/"


@dataclass(frozen=True)
class LanguageLink:
    """This page in another language, as the switch offers it.

    ``href``: the same page's address in that language. ``to_start``: true on
    an error page, whose switch goes to the start page and re-sends nothing
    (the body may be what was refused). ``resend``: true when the page
    answers a POST (the next steps, a practice debrief), which no link can
    reach: it exists only because answers were sent, so the switch sends
    them again (see ``components/language_switch.html``).
    """

    code: str
    name: str
    href: str
    to_start: bool
    resend: bool


def language_links() -> list[LanguageLink]:
    """The switch's entries: this page in each language but its own."""
    here = current_language()
    return [_link(code, language_name(code)) for code in app_data().languages if code != here]


@cache
def language_name(code: str) -> str:
    """The language's name in its own words (Babel's), as a label starts: "Español"."""
    return Locale.parse(code).get_display_name(code).capitalize()


def _link(code: str, name: str) -> LanguageLink:
    endpoint = request.endpoint if request.url_rule is not None else None
    if endpoint is None or g.get("error_page"):
        return LanguageLink(code, name, url_for("checklist.start", lang=code), True, False)
    # A choice made in the address (the session pack's scenarios) stays.
    query = request.args.to_dict(flat=False) if request.method == "GET" else {}
    query.pop("lang", None)
    href = url_for(endpoint, **{**query, **(request.view_args or {}), "lang": code})
    return LanguageLink(code, name, href, False, request.method == "POST")


def _converter_for(languages: tuple[str, ...]) -> type[BaseConverter]:
    class LanguageConverter(BaseConverter):
        """Matches only the languages that have content."""

        regex = "|".join(languages)

    return LanguageConverter


def _decide_language(endpoint: str | None, values: dict | None) -> None:
    """The one place a request's language is decided: the address, else the browser, else English.

    A URL value preprocessor, so it runs before any other hook, error pages
    included. When no route matched (a mistyped ``/es/...`` address), the
    address's first segment still counts, so the error page answers in the
    language the address asked for.
    """
    del endpoint
    languages = app_data().languages
    from_url = values.pop("lang", None) if values else None
    if from_url is None and request.url_rule is None:
        first = request.path.split("/")[1]
        from_url = first if first in languages else None
    g.language_in_url = from_url is not None
    g.language = from_url or request.accept_languages.best_match(languages, default="en")


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
