"""Where a request's time goes: cProfile around the test client, the top costs printed.

.venv/bin/python benchmarks/profile_request.py [--requests 500] [--sort tottime]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from screening import create_app
from tests.pages import parse, token_from


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()

    app = create_app({"SECRET_KEY": "profile"})
    client = app.test_client()
    html = client.get("/check").get_data(as_text=True)
    token = token_from(parse(html))
    body = {"csrf_token": token, "danger": "no", "minor": "unsure", "work": "owes-debt"}
    for _ in range(20):  # warm the caches first: only steady state matters
        client.get("/check")
        client.post("/check", data=body)
    for label, call in (
        ("GET /check", lambda: client.get("/check")),
        ("POST /check", lambda: client.post("/check", data=body)),
    ):
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.requests):
            call()
        profiler.disable()
        print(f"=== {label} x {args.requests}")
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
