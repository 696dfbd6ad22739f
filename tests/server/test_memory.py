"""Memory a client cannot fill: the real worker's size after thousands of odd requests.

Behind a trusted proxy the path prefix comes from each request's
``X-Forwarded-Prefix``. Nothing the app keeps may be keyed on it (or on
anything else a request carries): 3,000 requests, each with a different
long prefix, must leave the gunicorn worker's resident memory within 10 MB
of where it was once warmed up. The prefixes are long (2,000 characters,
still a plain path a proxy could send) so that a cache keyed on them shows
plainly: one that kept the header and footer per prefix grew by tens of MB.
"""

from __future__ import annotations

import random
import re
import string
from pathlib import Path

import pytest

from ..live_server import Client

pytestmark = pytest.mark.server

REQUESTS = 3_000
ALLOWED_GROWTH_MB = 10.0
PREFIX_LENGTH = 2_000
PAGES = ["/", "/check", "/resources", "/es/check", "/training", "/no-such-page"]
ANSWERS = [("danger", "no"), ("minor", "unsure"), ("work", "owes-debt")]


def resident_mb(pid: int) -> float:
    """The process's resident memory now (VmRSS), in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def junk_prefix(chooser: random.Random) -> str:
    """A plain path prefix: ``/p-`` and :data:`PREFIX_LENGTH` letters, digits, - and _."""
    characters = string.ascii_letters + string.digits + "-_"
    return "/p-" + "".join(chooser.choices(characters, k=PREFIX_LENGTH))


def visit(browser: Client, number: int, prefix: str, token: str) -> int:
    """One request of the mix: each page in turn, and every seventh a sent checklist."""
    headers = {"X-Forwarded-Prefix": prefix}
    if number % 7 == 0:
        return browser.post("/check", [*ANSWERS, ("csrf_token", token)], headers=headers).status
    return browser.get(PAGES[number % len(PAGES)], headers=headers).status


def test_thousands_of_different_prefixes_leave_the_worker_the_same_size(run_server):
    server = run_server(workers=1, env={"FLASK_TRUSTED_PROXIES": "1"})
    (worker,) = server.pids()[1:]
    browser = server.client()
    token = browser.token()
    chooser = random.Random(11)
    # Warm up: every template compiled, every piece of content rendered once.
    for number in range(300):
        assert visit(browser, number, "/screening", token) in {200, 404}
    before = resident_mb(worker)

    for number in range(REQUESTS):
        assert visit(browser, number, junk_prefix(chooser), token) in {200, 404}

    assert server.pids()[1:] == [worker], "the worker was replaced during the test"
    growth = resident_mb(worker) - before
    print(f"worker memory: {before:.1f} MB, then {growth:+.1f} MB after {REQUESTS} prefixes")
    assert growth < ALLOWED_GROWTH_MB, f"the worker grew by {growth:.1f} MB"
