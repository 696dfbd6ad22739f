"""Compressing a long page that carries no secret.

Pages are sent uncompressed (see :mod:`screening.static_files`): most carry
the form's security token, and compressing a secret beside text a visitor can
choose leaks it (BREACH). A page with no token and no answers on it has
nothing to leak. The session pack (a plan and every card of up to four
scenarios) and a scenario's cards are such pages, and long, so they are
gzipped for a browser that accepts it, as the stylesheet is.
"""

from __future__ import annotations

import gzip

from flask import Response, make_response, request

#: What every page with a form carries; a page holding it is never compressed.
_TOKEN_FIELD = b'name="csrf_token"'


def secretless_page(html: str) -> Response:
    """``html`` as a response, gzipped when the browser accepts it and the page holds no token."""
    # No "Vary: Accept-Encoding": every page is no-store, so no cache keeps either form.
    response = make_response(html)
    body = response.get_data()
    if "gzip" in request.accept_encodings and _TOKEN_FIELD not in body:
        response.set_data(gzip.compress(body, compresslevel=6))
        response.headers["Content-Encoding"] = "gzip"
    return response
