"""Pieces of pages that are the same for every visitor, rendered once per language.

The one rule: a piece of HTML is kept only when it depends on nothing but
the language and something the app loaded at start-up: a next step, a
resource card, or the checklist form before anyone has filled it in. All
three are fixed sets, so the store never holds more than languages x pieces,
and nothing a request carries (answers, a path prefix, a header) is ever part
of a key. Templates show the rule where they use it, next to the macro's
explicit import::

    {% from "components/steps.html" import next_step %}
    {{ once_per_language(next_step, step) }}

Anything else (the header, the language switch, a filled-in form) is
rendered afresh for each request.

Why keep anything: the results page shows two to four steps of several
resource cards each, and the checklist some forty inputs; rendered once,
they cost a dictionary lookup. Measured in process (CPU per request, on
the development machine): GET /check 0.86 ms, 1.10 without the blank form
kept; POST /check 1.12 ms, 1.29 without the steps; GET /resources 0.62 ms,
0.86 without the cards. ``tests/test_render_caches.py`` renders every
page state with this store (and the other shortcuts) on and off and compares
the bytes, so a piece that starts to depend on the request fails a test
instead of showing one visitor's page to another.
"""

from __future__ import annotations

from collections.abc import Hashable

from flask import Flask
from jinja2.runtime import Macro
from markupsafe import Markup

from .app_data import app_data
from .content import Resource, Step
from .current import current_content
from .forms import ChecklistFormBase
from .language import current_language


def init_app(app: Flask, *, reuse: bool = True) -> None:
    """Give templates ``once_per_language``; with ``reuse=False`` it renders every time."""
    app.jinja_env.globals["once_per_language"] = OncePerLanguage() if reuse else _render


class OncePerLanguage:
    """``once_per_language(macro, piece, **options)``: ``macro(piece, **options)``, kept.

    ``piece`` must be loaded content in the page's language (a
    :class:`~screening.content.Step` or :class:`~screening.content.Resource`)
    or a checklist form nobody has filled in; ``options`` may only be numbers
    and true/false, written in the template. Anything else is refused with a
    ``TypeError``, since it could carry something from the request.
    """

    def __init__(self) -> None:
        self._pieces: dict[Hashable, Markup] = {}

    def __call__(self, macro: Macro, piece: object, **options: bool | int) -> Markup:
        """The piece's HTML: rendered on first use in each language, then reused."""
        if not all(isinstance(value, bool | int) for value in options.values()):
            raise TypeError(f"{macro.name}: options must be numbers or true/false: {options}")
        key = (current_language(), macro.name, _content_key(piece), *sorted(options.items()))
        html = self._pieces.get(key)
        if html is None:
            html = self._pieces[key] = _render(macro, piece, **options)
        return html


def _render(macro: Macro, piece: object, **options: bool | int) -> Markup:
    return Markup(macro(piece, **options))


def _content_key(piece: object) -> Hashable:
    """What names ``piece`` among the start-up content of this request's language."""
    content = current_content()
    if isinstance(piece, Step) and content.steps.get(piece.id) is piece:
        return ("step", piece.id)
    if isinstance(piece, Resource) and content.resources.get(piece.id) is piece:
        return ("resource", piece.id)
    form_class = app_data().forms[current_language()]
    if isinstance(piece, ChecklistFormBase) and type(piece) is form_class and piece.is_blank():
        return ("blank form",)
    raise TypeError(f"{piece!r:.80} is not start-up content: render it directly")
