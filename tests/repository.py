"""The repository's own files as tests read them: where they are, and the words a
TOML file gives the app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def toml_strings(data: object) -> Iterator[str]:
    """Every string in a parsed TOML document: the words a content file gives the app."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from toml_strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from toml_strings(value)
