"""Whether this run is CI's: it searches longer and never skips a browser test."""

from __future__ import annotations

import os


def in_ci() -> bool:
    """True when the run is CI's (``CI=true``, as .ci/run is started)."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}
