"""Mistakes made on purpose in a copy of the config folder, and how start-up takes them.

The copy is the ``config`` fixture's (conftest.py): the app started in the
test reads it, never the shipped folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from screening import ConfigError, create_app


def replace_once(path: Path, old: str, new: str) -> None:
    """Edit a copied config file: ``old`` must be there; its first occurrence becomes ``new``."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r} not found"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def start_up_error(expected_file: Path | None = None, **settings) -> str:
    """Start the app (from the ``config`` fixture's copy); it must refuse with one line.

    The line must begin with ``expected_file``, when given; it is returned
    for the test to check the entry and the problem.
    """
    with pytest.raises(ConfigError) as caught:
        create_app({"SECRET_KEY": "x", **settings})
    message = str(caught.value)
    assert "\n" not in message
    if expected_file is not None:
        assert message.startswith(f"{expected_file}: "), message
    return message
