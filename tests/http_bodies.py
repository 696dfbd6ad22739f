"""Request bodies written byte by byte, for tests that choose every byte a server reads.

A test client or an HTTP library cleans up what it sends (quotes names,
picks a boundary, encodes text as UTF-8); these builders do not, so a test
can send a field name that is not UTF-8, a file part where a text field
belongs, or a boundary no library would pick.
"""

from __future__ import annotations

from collections.abc import Iterable

from screening.content import Checklist

#: The boundary a test uses unless it is testing boundaries.
BOUNDARY = "b0undary"

#: One part: (name, value) or (name, value, filename); a filename makes it
#: a file part. Text is encoded (see :func:`multipart`), bytes go as they are.
Part = tuple[str | bytes, str | bytes] | tuple[str | bytes, str | bytes, str | bytes | None]


def multipart(parts: Iterable[Part], boundary: str = BOUNDARY, encoding: str = "utf-8") -> bytes:
    """A ``multipart/form-data`` body holding ``parts`` in order.

    Text (names, values, filenames, the boundary) is encoded with
    ``encoding``, a character it lacks replaced by ``?``, as a form sent
    in that charset would be.
    """

    def encoded(text: str | bytes) -> bytes:
        return text if isinstance(text, bytes) else text.encode(encoding, "replace")

    delimiter = b"--" + encoded(boundary)
    out = b""
    for name, value, *file in parts:
        disposition = b'Content-Disposition: form-data; name="' + encoded(name) + b'"'
        if file and file[0] is not None:
            disposition += b'; filename="' + encoded(file[0]) + b'"'
        out += delimiter + b"\r\n" + disposition + b"\r\n\r\n" + encoded(value) + b"\r\n"
    return out + delimiter + b"--\r\n"


def form_fields(checklist: Checklist) -> list[tuple[str, str]]:
    """Every field the checklist form sends, each with a value it accepts (but a wrong token)."""
    return [
        ("csrf_token", "not-a-token"),
        ("action", "change"),
        *((question.id, "yes") for question in checklist.triage),
        *((group.id, group.items[0].id) for group in checklist.groups),
    ]


def multipart_type(boundary: str = BOUNDARY) -> str:
    """The ``Content-Type`` to send with :func:`multipart`'s body."""
    return f"multipart/form-data; boundary={boundary}"
