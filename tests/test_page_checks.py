"""The checks every page goes through (``client_request``) catch what they claim to."""

from __future__ import annotations

import pytest

from .pages import read_page

GOOD = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>What to do next - Site</title></head>
<body>
<main id="main"><h1>What to do next</h1>
<form method="post" action="/check"><input type="hidden" name="csrf_token" value="t"></form>
</main>
</body>
</html>"""

#: One fault each, made by replacing a piece of the good page.
FAULTS = {
    "no doctype": ("<!doctype html>", ""),
    "two headings": ("<h1>What to do next</h1>", "<h1>What to do next</h1><h1>Again</h1>"),
    "a title that is not the heading": ("<title>What to do next", "<title>Next"),
    "no language": (' lang="en"', ""),
    "an id used twice": ('<main id="main">', '<main id="main"><p id="main">x</p>'),
    "a form without an action": (' action="/check"', ""),
    "a form without a token": ('<input type="hidden" name="csrf_token" value="t">', ""),
    "an element left open": ("</main>", ""),
    "elements closed out of order": ("<h1>What to do next</h1>", "<h1><b>What to do next</h1></b>"),
    # A browser closes the paragraph at the <div>, so the </p> stands alone.
    "a block inside a paragraph": ("</form>", "</form><p><div>x</div></p>"),
    "an attribute given twice": ('<main id="main">', '<main id="main" class="a" class="b">'),
    "a stray end tag": ("</main>", "</main></span>"),
}


def test_a_good_page_passes():
    assert read_page(GOOD).h1.get_text() == "What to do next"


@pytest.mark.parametrize(("old", "new"), FAULTS.values(), ids=FAULTS)
def test_each_fault_is_caught(old, new):
    assert old in GOOD
    with pytest.raises(AssertionError):
        read_page(GOOD.replace(old, new, 1))
