"""How pages are rendered: each template imports the macros it uses, and importing is cheap.

Templates name their macros' origin at the top (``{% from
"components/fields.html" import form_problems %}``), so a reader can see
where every macro comes from. Jinja runs such an import on every render,
and each time checks whether the page has globals the imported template
lacks. By default every template's globals are a ``ChainMap`` over the
environment's, and that check goes through it key by key in Python: about
a tenth of a page's rendering time with three or four imports a page. Here
each template gets its globals as one plain dict instead, and the check is a
single set operation in C.

A plain dict is a copy, taken when the template is first loaded. Every
global is set in ``create_app``, before any template loads, which is what
Jinja asks anyway ("avoid modifying any globals after a template is
loaded"), and Flask refuses ``add_template_global`` once the app has served
a request.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any, ClassVar

from flask import Flask
from flask.templating import Environment


class Templates(Environment):
    """Flask's template environment, giving each template its globals as one plain dict."""

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """The environment's globals with ``d`` over them, copied into one dict."""
        return {**self.globals, **(d or {})}


class App(Flask):
    """Flask with this project's template set-up."""

    jinja_environment = Templates
    #: Smaller pages: drop the blank lines and indentation template tags leave.
    jinja_options: ClassVar[dict[str, Any]] = {"trim_blocks": True, "lstrip_blocks": True}
