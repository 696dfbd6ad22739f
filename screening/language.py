"""Which language a request is in, and how it stays in every link.

Every page answers at its plain address (``/check``), where the browser's
Accept-Language chooses, and under a language prefix (``/es/check``,
``/en/check``) that an intranet can link to directly. Links on a page keep the
language the page was shown in (Flask's URL-processor pattern).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Flask, g, request
from flask_babel import Babel
from werkzeug.routing import BaseConverter

#: Names shown by the language switch, each in its own language.
LANGUAGE_NAMES = {"en": "English", "es": "Español"}


def page_route(blueprint: Blueprint, rule: str, **options) -> Callable:
    """Register a view at ``rule`` and at ``/<lang>`` + ``rule``, like ``blueprint.route``."""

    def decorator(view: Callable) -> Callable:
        blueprint.add_url_rule(rule, view_func=view, **options)
        prefixed = "/<lang:lang>" + (rule if rule != "/" else "/")
        blueprint.add_url_rule(prefixed, view_func=view, **options)
        return view

    return decorator


def init_app(app: Flask, languages: tuple[str, ...]) -> None:
    """Set up Flask-Babel, the ``lang`` URL converter and the URL processors."""
    app.config["LANGUAGES"] = languages
    app.url_map.converters["lang"] = _converter_for(languages)
    Babel(app, locale_selector=current_language)
    app.url_value_preprocessor(_take_language_from_url)
    app.url_defaults(_keep_language_in_links)
    app.jinja_env.globals.update(
        current_language=current_language,
        language_names=LANGUAGE_NAMES,
        other_languages=lambda: [code for code in languages if code != current_language()],
    )


def current_language() -> str:
    """The language of this request: from the URL, else Accept-Language, else English."""
    if "language" not in g:
        g.language = _negotiate()
    return g.language


def _negotiate() -> str:
    from flask import current_app

    languages = current_app.config.get("LANGUAGES", ("en",))
    return request.accept_languages.best_match(languages, default="en") if request else "en"


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
    if language and (g.get("language_in_url") or language != "en"):
        values["lang"] = language
