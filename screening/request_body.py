"""What a request may send: its body is read once, whole, within the limit, and checked.

Every way the body reaches the app ends the same way: a body over
``MAX_CONTENT_LENGTH`` gets the friendly 413 whether its length was announced
(``Content-Length``) or not (``Transfer-Encoding: chunked``), and a body the
server cannot decode (a malformed chunk, a connection cut short) gets the
friendly 400, and one that does not arrive within the server's read deadline
the friendly 408. Nothing is cut silently, and nothing is written to disk.
"""

from __future__ import annotations

import sys
from functools import cached_property
from io import BytesIO
from typing import IO

from flask import Flask, abort, current_app, request
from flask.wrappers import Request
from werkzeug.exceptions import BadRequest, HTTPException, RequestEntityTooLarge, RequestTimeout
from werkzeug.wsgi import get_content_length

#: How much of the body one read asks the server for.
_READ_SIZE = 64 * 1024


def init_app(app: Flask) -> None:
    """Read bodies with :class:`InMemoryRequest`, and refuse the ones no form sends."""
    app.request_class = InMemoryRequest
    app.before_request(_check_form_body)


def read_body(environ: dict, limit: int | None) -> bytes:
    """The request body, read once and whole; raise the HTTP error its problem deserves.

    Raises :class:`RequestEntityTooLarge` for a body over ``limit`` (announced
    or found while reading a chunked one), :class:`RequestTimeout` for one
    that did not arrive in time and :class:`BadRequest` for one the server
    could not deliver whole.
    """
    length = get_content_length(environ)  # None for a chunked body
    if length is not None and limit is not None and length > limit:
        raise RequestEntityTooLarge()
    if length is None and not environ.get("wsgi.input_terminated"):
        # A server that does not say where an unannounced body ends: reading
        # could wait for ever, so read nothing (Werkzeug's own safe default).
        return b""
    # Without a length, read one byte past the limit: that byte is the proof
    # the body is too large, where stopping at the limit would cut it silently.
    unannounced = limit + 1 if limit is not None else sys.maxsize
    wanted = length if length is not None else unannounced
    stream = environ["wsgi.input"]
    body = bytearray()
    try:
        while len(body) < wanted:
            piece = stream.read(min(_READ_SIZE, wanted - len(body)))
            if not piece:
                break
            body += piece
    except TimeoutError as error:
        # The body did not arrive within the server's read deadline
        # (screening.gunicorn_worker): answer before the worker is killed.
        raise RequestTimeout() from error
    except Exception as error:
        # The server failed to decode what was sent: gunicorn raises its own
        # parser errors (InvalidChunkSize, NoMoreData ...) from this read.
        raise BadRequest() from error
    if length is None and limit is not None and len(body) > limit:
        raise RequestEntityTooLarge()
    if length is not None and len(body) < length:
        raise BadRequest()  # the client stopped before sending what it announced
    return bytes(body)


class InMemoryRequest(Request):
    """A request whose body is read whole within the limit, and whose file parts stay in memory.

    Werkzeug hands file parts to a ``SpooledTemporaryFile``, which moves to
    disk once it grows. The form never asks for a file, but anyone can post
    multipart to it; ``MAX_CONTENT_LENGTH`` (64 KiB) bounds the whole body
    before it is parsed, so memory is the safe place, and nothing sent can be
    left behind on disk. Multipart is still accepted rather than refused, so
    a client that posts the form that way gets the same answer as a browser.
    """

    @cached_property
    def _body(self) -> tuple[bytes, HTTPException | None]:
        # Kept with its error: once refused, a body is never read again (a
        # second read would start mid-body and could parse the tail as a form).
        try:
            return read_body(self.environ, self.max_content_length), None
        except HTTPException as error:
            return b"", error

    @property
    def stream(self) -> IO[bytes]:  # type: ignore[override]
        """The body as a stream, or the error that refused it."""
        body, error = self._body
        if error is not None:
            raise error
        return BytesIO(body)

    def _get_file_stream(
        self,
        total_content_length: int | None,
        content_type: str | None,
        filename: str | None = None,
        content_length: int | None = None,
    ) -> IO[bytes]:
        return BytesIO()


def _check_form_body() -> None:
    # The pages' forms send urlencoded bodies (multipart is read too, in
    # memory). Flask-WTF would also read a JSON body as form data, where a
    # list or a number in place of the expected strings crashes the form:
    # no browser form sends JSON, so refuse it plainly.
    if request.is_json:
        abort(400)
    # Werkzeug counts the parts of a multipart body (MAX_FORM_PARTS) but not
    # of a urlencoded one, which is what the form sends: hold both to the
    # same few parts, so a 64 KiB body of thousands of tiny fields is refused.
    if request.mimetype == "application/x-www-form-urlencoded":
        parts = sum(len(values) for _, values in request.form.lists())
        if parts > current_app.config["MAX_FORM_PARTS"]:
            abort(413)
    # A malformed multipart part header (a name with a line break in it) can
    # leave a field without a name, which Flask-WTF's token lookup cannot
    # handle. No browser sends that: refuse it as a bad request.
    if request.method == "POST" and None in request.form:
        abort(400)
