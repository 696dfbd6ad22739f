"""One log record, one line: control characters in logged text are escaped.

A path or header can carry a decoded line break (``%0a``), a carriage return
or a terminal escape. Written as it is, it would start a forged line in the
log, or rewrite what a terminal shows. Escaped (``\\x0a``), it stays visible
and harmless. A backslash is escaped too, so an escape in the log always
means a character that was really sent.
"""

from __future__ import annotations

import logging
import re

# C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the
# backslash that starts our own escapes.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\\]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\\":
        return "\\\\"
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """``text`` with every control character (and backslash) written as an escape."""
    return _UNSAFE.sub(_escape, text)


class OneLineFilter(logging.Filter):
    """Rewrite each record's message as :func:`one_line` of itself.

    A traceback (``exc_info``) is added by the formatter after this, on lines
    of its own, as usual.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Escape the message; never drop a record."""
        message = record.getMessage()
        escaped = one_line(message)
        if escaped != message:
            record.msg, record.args = escaped, None
        return True


#: One filter for every logger, so adding it twice adds it once.
ONE_LINE = OneLineFilter()
