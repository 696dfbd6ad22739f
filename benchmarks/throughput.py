"""Throughput and latency of the real pages against a bare Flask app, in the same run.

Starts the production server exactly as ``make serve`` does (gunicorn with
``screening.gunicorn_conf``) and, with the same settings, a minimal "hello"
Flask app; drives each with wrk at 16 connections (GET /check, and POST
/check with a valid token and its cookie) and prints requests per second,
p50 and p99 latency, the ratio to the hello app, the number of non-200
answers, and the peak memory (VmHWM) of each worker.

The load generator and the servers share the machine's cores, so only the
ratios measured in one run mean anything. Targets: ratio >= 0.15 on both
routes, p99 < 50 ms.

    .venv/bin/python benchmarks/throughput.py [--duration 10] [--connections 16]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.live_server import serve  # noqa: E402

# Issue 22: the server may give up some speed for stock rendering (no
# caches of our own): a worker waits on the network, not on 1 ms of CPU.
TARGET_RATIO = 0.15
TARGET_P99_MS = 50.0


def wrk(url: str, script: str, seconds: int, connections: int, env: dict | None = None) -> dict:
    """Run wrk once; return requests/s, p50 and p99 in ms, and the non-200 count."""
    import os

    result = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(HERE / script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
        timeout=seconds + 60,
    )
    out = result.stdout
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),
        "p99": _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),
        "non_200": int(re.search(r"NON_200 (\d+)", out).group(1))
        + int((re.search(r"Socket errors:.*?(\d+) timeout", out) or [0, "0"])[1]),
    }


def _ms(text: str) -> float:
    number, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def peak_rss_mb(server) -> list[float]:
    """Each worker's peak resident memory (VmHWM), in MB."""
    peaks = []
    for pid in server.worker_pids():
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
    return peaks


def form_post(server) -> tuple[str, str]:
    """A valid POST body (token included, a sign ticked) and the cookie it belongs with."""
    client = server.client()
    token = client.token("/check")
    body = urllib.parse.urlencode(
        [
            ("csrf_token", token),
            ("danger", "no"),
            ("minor", "unsure"),
            ("control", "speaks-for-them"),
            ("work", "owes-debt"),
        ]
    )
    return body, "; ".join(f"{name}={value}" for name, value in client.cookies.items())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    run = {"seconds": args.duration, "connections": args.connections}

    rows = []
    with serve(app="benchmarks.hello:create_app()") as hello:
        wrk(hello.base_url + "/", "count_non_200.lua", 2, args.connections)  # warm-up
        rows.append(("hello  GET /", wrk(hello.base_url + "/", "count_non_200.lua", **run)))
        hello_memory = peak_rss_mb(hello)
    with serve() as app:
        url = app.base_url + "/check"
        wrk(url, "count_non_200.lua", 2, args.connections)  # warm-up
        rows.append(("app    GET /check", wrk(url, "count_non_200.lua", **run)))
        body, cookie = form_post(app)
        env = {"BENCH_BODY": body, "BENCH_COOKIE": cookie}
        rows.append(("app    POST /check", wrk(url, "count_non_200.lua", env=env, **run)))
        app_memory = peak_rss_mb(app)

    baseline = rows[0][1]["rps"]
    print(f"wrk -t2 -c{args.connections} -d{args.duration}s, gunicorn as `make serve` runs it")
    print(f"{'route':<20}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'ratio':>8}{'non-200':>9}")
    ok = True
    for name, row in rows:
        ratio = row["rps"] / baseline
        print(
            f"{name:<20}{row['rps']:>10.0f}{row['p50']:>9.2f}{row['p99']:>9.2f}"
            f"{ratio:>8.2f}{row['non_200']:>9}"
        )
        if name.startswith("app"):
            ok &= ratio >= TARGET_RATIO and row["p99"] < TARGET_P99_MS and row["non_200"] == 0
    print("peak RSS per worker (MB): hello " + ", ".join(f"{m:.1f}" for m in hello_memory))
    print("                          app   " + ", ".join(f"{m:.1f}" for m in app_memory))
    print(
        f"targets: ratio >= {TARGET_RATIO}, p99 < {TARGET_P99_MS:.0f} ms, no non-200: "
        + ("met" if ok else "NOT met")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
