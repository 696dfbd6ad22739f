"""Lighthouse 12.2.3 (mobile) on /, /check and /resources of the production server.

Prints performance, accessibility and best-practices per page (target: 100
each) and any audit that lost points. The suite runs the same check
(tests/browser/test_lighthouse.py); this prints the figures.

    .venv/bin/python benchmarks/lighthouse.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser.tools import lighthouse
from tests.live_server import serve

PAGES = ("/", "/check", "/resources")


def main() -> int:
    """Serve the app as `make serve` does, run Lighthouse on each page, print the scores."""
    all_perfect = True
    with serve() as server:
        print(
            f"{'page':<12}{'performance':>13}{'accessibility':>15}{'best-practices':>16}",
            flush=True,
        )
        for path in PAGES:
            scores, lost = lighthouse(server.base_url + path)
            print(
                f"{path:<12}{scores['performance']:>13}{scores['accessibility']:>15}"
                f"{scores['best-practices']:>16}",
                flush=True,
            )
            for audit in lost:
                print(f"    lost points: {audit}")
            all_perfect &= set(scores.values()) == {100}
    return 0 if all_perfect else 1


if __name__ == "__main__":
    sys.exit(main())
