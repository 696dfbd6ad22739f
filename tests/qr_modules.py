"""Reading a QR code back from the page, to check what a phone would open.

The card's QR code is segno's inline SVG: one path of horizontal runs of dark
modules. :func:`dark_modules` turns that path back into the grid of modules;
:func:`encodes` says whether some valid QR code of an address (any error
level, any mask) is exactly that grid, so a test checks the address inside
the code without repeating how the app chose to draw it.
"""

from __future__ import annotations

import itertools
import re

import segno
from bs4 import Tag

_COMMAND = re.compile(r"([MmHhVv])\s*(-?[\d.]+)(?:[\s,]+(-?[\d.]+))?")


def dark_modules(svg: Tag) -> list[list[bool]]:
    """The code's modules (True for dark), quiet zone removed, from its SVG path."""
    dark = set()
    x = y = 0.0
    for command, first, second in _COMMAND.findall(svg.select_one("path")["d"]):
        a = float(first)
        if command == "M":
            x, y = a, float(second)
        elif command == "m":
            x, y = x + a, y + float(second)
        elif command == "h":
            dark.update((int(x) + i, int(y)) for i in range(int(a)))
            x += a
        else:
            raise AssertionError(f"unexpected path command {command!r}")
    # The top-left finder pattern's corner is dark: it marks where the
    # quiet zone ends.
    border = min(column for column, _ in dark)
    size = int(float(svg["viewbox"].split()[2])) - 2 * border
    return [[(border + c, border + r) in dark for c in range(size)] for r in range(size)]


def encodes(modules: list[list[bool]], address: str) -> bool:
    """True if a QR code of ``address``, at this size, in some level and mask, is ``modules``."""
    version = (len(modules) - 17) // 4
    for error, mask in itertools.product("LMQH", range(8)):
        try:
            code = segno.make(
                address, version=version, error=error, mask=mask, boost_error=False, micro=False
            )
        except segno.DataOverflowError:
            continue
        if [[bool(v) for v in row] for row in code.matrix] == modules:
            return True
    return False
