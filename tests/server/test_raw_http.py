"""Raw HTTP against the real gunicorn: whatever bytes arrive, an answer comes, never a 500.

Below the form layer (tests/test_fuzz.py), these requests are written byte
by byte and sent over a plain socket to gunicorn with the project's config,
to every page the app serves (tests/page_list.py builds the list): chunked
and malformed chunked bodies, multipart with a file part under every field
name, duplicate and oversized headers, odd ``Transfer-Encoding`` values,
invalid UTF-8 in paths and field names, Host values that are no host
name. Each answer must come within a time limit, and must not be a server
error. An answer from the app is its friendly page; gunicorn answers what
its own parser refuses (400, 414, 431, 501) itself, which in production
the proxy in front does first (README, Deploying; tests/proxy).
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, urlencode

import pytest

from screening.app_data import app_data

from .. import live_server
from ..http_bodies import form_fields, multipart, multipart_type
from ..live_server import Reply, http_request, raw_response, split_response
from ..page_list import page_states
from ..pages import ClientRequest, read_page

pytestmark = pytest.mark.server

#: Seconds one request may take, start to end, before it counts as a hang.
TIME_LIMIT = 10.0
#: What gunicorn's own parser answers, before the app sees the request: a
#: malformed request, a request line or headers over the limits, and a
#: transfer coding it does not implement (501, as HTTP/1.1 asks).
PARSER_STATUSES = {400, 414, 431, 501}


# --- the requests ---------------------------------------------------------------

Builder = Callable[[str], bytes]


def request(
    path: str | bytes, headers: list, body: bytes = b"", host: bytes = b"127.0.0.1"
) -> bytes:
    """A POST to ``path``: ``Host``, then these headers (pairs or raw lines); no length added."""
    return http_request("POST", path, [b"Host: " + host, *headers], body, content_length=False)


def chunked(body: bytes, size: int = 1000) -> bytes:
    """``body`` in chunks of ``size``, with the closing zero chunk."""
    pieces = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"


FORM = ("Content-Type", "application/x-www-form-urlencoded")
CHUNKED = ("Transfer-Encoding", "chunked")


MULTIPART = ("Content-Type", multipart_type())


BAD_HOSTS = {
    "with a label over 63 characters": b"a" * 70,
    "with an empty label": b"x..y",
    "that is only a dot": b".",
    "over 253 characters": b"a." * 150,
    "not ASCII": "exämple.org".encode(),
    "with a space": b"a b",
    "with a control character": b"a\x01b",
    "with a port that is not a number": b"127.0.0.1:port",
    "with a port over 65535": b"127.0.0.1:99999",
    "with an empty port": b"127.0.0.1:",
    "with two ports": b"127.0.0.1:80:80",
    "that is empty": b"",
    "with an unclosed IPv6 address": b"[::1",
}


def builders(fields: list[tuple[str, str]]) -> dict[str, Builder]:
    """Every kind of raw request sending ``fields``, each a function of the path it is sent to."""
    form = urlencode(fields).encode()
    big = urlencode([("notes", "x" * 200_000), *fields]).encode()
    files_everywhere = multipart([(name, "yes", "a.jpg") for name, _ in fields] + fields)
    odd_names = multipart(
        [(b"\xff\xfe", b"yes"), (b"danger\xc3\x28", b"yes", "a.jpg"), (b"minor", b"\xff")]
    )
    length = ("Content-Length", str(len(form)))
    built: dict[str, Builder] = {
        # Chunked bodies, well formed.
        "chunked form": lambda p: request(p, [FORM, CHUNKED], chunked(form)),
        "chunked one byte at a time": lambda p: request(p, [FORM, CHUNKED], chunked(form, 1)),
        "chunked over the limit": lambda p: request(p, [FORM, CHUNKED], chunked(big, 8192)),
        "chunked multipart, files": lambda p: request(
            p, [MULTIPART, CHUNKED], chunked(files_everywhere)
        ),
        "chunk extensions": lambda p: request(p, [FORM, CHUNKED], b"3;a=b\r\nx=1\r\n0\r\n\r\n"),
        # Chunked bodies, malformed.
        "invalid chunk size": lambda p: request(p, [FORM, CHUNKED], b"zz\r\n"),
        "negative chunk size": lambda p: request(p, [FORM, CHUNKED], b"-1\r\nx\r\n0\r\n\r\n"),
        "huge chunk size": lambda p: request(p, [FORM, CHUNKED], b"fffffffffffffffff\r\nx"),
        "chunk without its CRLF": lambda p: request(p, [FORM, CHUNKED], b"3\r\nabcdef0\r\n\r\n"),
        "chunk cut short": lambda p: request(p, [FORM, CHUNKED], b"10\r\nabc"),
        "no closing chunk": lambda p: request(p, [FORM, CHUNKED], b"3\r\nx=1\r\n"),
        "endless chunk-size line": lambda p: request(p, [FORM, CHUNKED], b"0" * 20_000),
        "bad chunk extension": lambda p: request(p, [FORM, CHUNKED], b"3;\x01\r\nx=1\r\n0\r\n\r\n"),
        "bad trailer": lambda p: request(p, [FORM, CHUNKED], b"0\r\nX\x01: y\r\n\r\n"),
        # Multipart: a file part under every field name, and names that are not UTF-8.
        "files under every name": lambda p: request(
            p, [MULTIPART, ("Content-Length", str(len(files_everywhere)))], files_everywhere
        ),
        "multipart names not UTF-8": lambda p: request(
            p, [MULTIPART, ("Content-Length", str(len(odd_names)))], odd_names
        ),
        "urlencoded names not UTF-8": lambda p: request(
            p, [FORM, ("Content-Length", "17")], b"%ff%fe=1&danger=\xff"
        ),
        "body cut short": lambda p: request(p, [FORM, ("Content-Length", "100")], b"danger=yes"),
        # Duplicate headers.
        "two equal lengths": lambda p: request(p, [FORM, length, length], form),
        "two different lengths": lambda p: request(
            p, [FORM, length, ("Content-Length", "1")], form
        ),
        "two hosts": lambda p: request(p, [FORM, length, ("Host", "evil.example")], form),
        "two content types": lambda p: request(
            p, [FORM, ("Content-Type", "multipart/form-data; boundary=x"), length], form
        ),
        "two transfer encodings": lambda p: request(p, [FORM, CHUNKED, CHUNKED], chunked(form)),
        "length and chunked": lambda p: request(p, [FORM, CHUNKED, length], chunked(form)),
        "two cookies": lambda p: request(
            p, [FORM, length, ("Cookie", "session=a"), ("Cookie", "session=b")], form
        ),
        # Host names no browser sends: Werkzeug cannot build links with some
        # (a label over 63 characters, an empty label), others break the
        # rules for a host or a port.
        **{
            f"host {name}": lambda p, host=host: request(p, [FORM, length], form, host)
            for name, host in BAD_HOSTS.items()
        },
        # Oversized.
        "header over 8 KiB": lambda p: request(p, [FORM, length, ("X-Note", "a" * 9000)], form),
        "5,000 headers": lambda p: request(
            p, [FORM, length, *((f"X-{n}", "a") for n in range(5000))], form
        ),
        "request line over 4 KiB": lambda p: request(p + "?" + "q" * 5000, [FORM, length], form),
        "enormous length": lambda p: request(p, [FORM, ("Content-Length", "9" * 30)], form),
        "length not a number": lambda p: request(p, [FORM, ("Content-Length", "1e3")], form),
        # Odd transfer encodings.
        "gzip, chunked": lambda p: request(
            p, [FORM, ("Transfer-Encoding", "gzip, chunked")], chunked(form)
        ),
        "chunked, gzip": lambda p: request(
            p, [FORM, ("Transfer-Encoding", "chunked, gzip")], chunked(form)
        ),
        "identity": lambda p: request(p, [FORM, ("Transfer-Encoding", "identity"), length], form),
        "CHUNKED": lambda p: request(p, [FORM, ("Transfer-Encoding", "CHUNKED")], chunked(form)),
        "chunked with a tab": lambda p: request(
            p, [FORM, b"Transfer-Encoding:\tchunked\t"], chunked(form)
        ),
        "unknown coding": lambda p: request(
            p, [FORM, ("Transfer-Encoding", "x-zip")], chunked(form)
        ),
        "folded header": lambda p: request(
            p, [FORM, b"Transfer-Encoding:", b" chunked"], chunked(form)
        ),
        "expect 100-continue": lambda p: request(
            p, [FORM, length, ("Expect", "100-continue")], form
        ),
        # Invalid UTF-8 and control characters in the address.
        "raw bytes in the path": lambda p: request(p.encode() + b"\xff\xfe", [FORM, length], form),
        "percent bytes in the path": lambda p: request(p + "%ff%c3%28", [FORM, length], form),
        "control characters in the path": lambda p: request(p + "%0d%0a%00", [FORM, length], form),
        "bytes in the query": lambda p: request(p + "?%ff=%fe", [FORM, length], form),
        "a GET with a chunked body": lambda p: request(p, [FORM, CHUNKED], chunked(form)).replace(
            b"POST ", b"GET ", 1
        ),
    }
    # A few seeded random mutations of a good chunked post: flipped bytes
    # anywhere in the request (line, headers, framing, body).
    rng = random.Random(10)
    for n in range(6):
        positions = [rng.randrange(1_000_000) for _ in range(4)]
        noise = bytes(rng.randrange(256) for _ in range(4))

        def mutated(p: str, positions=positions, noise=noise) -> bytes:
            data = bytearray(request(p, [FORM, CHUNKED], chunked(form, 7)))
            for position, byte in zip(positions, noise, strict=True):
                data[position % len(data)] = byte
            return bytes(data)

        built[f"random mutation {n}"] = mutated
    return built


# --- the test ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[live_server.Server]:
    """One gunicorn, as production runs it, with two workers."""
    started = live_server.start(tmp_path_factory.mktemp("raw-http"), workers=2)
    yield started
    started.stop()


def every_address(app) -> list[str]:
    """Every page, plus what the app serves that is not a page (exit, health, stylesheet)."""
    paths = [state.path for state in page_states(app)]
    stylesheet = ClientRequest(app.test_client()).get("/").select_one("link[rel=stylesheet]")
    paths += ["/exit", "/es/exit", "/healthz", stylesheet["href"]]
    return list(dict.fromkeys(paths))


def what_is_wrong(answer: Reply | str) -> str | None:
    """Why an answer breaks the promise (an answer in time, never a server error), or None."""
    if isinstance(answer, str):
        return answer  # no answer in time, or the connection closed without one
    if "content-security-policy" not in answer.headers:
        # Gunicorn's own answer (the app sets the CSP on every response):
        # only for what its parser refuses.
        ok = answer.status in PARSER_STATUSES
        return None if ok else f"{answer.status} from outside the app"
    if answer.status >= 500:
        return f"{answer.status} from the app"
    if 300 <= answer.status < 400 or "text/html" not in answer.headers.get("content-type", ""):
        return None  # a redirect, the health check's "ok", the stylesheet
    page = read_page(answer.body)
    return None if page.select_one("#exit-this-page") else "a page without the exit button"


def send(base_url: str, kind: str, path: str, data: bytes) -> tuple[str, str, Reply | str, float]:
    """One raw request; the answer, or why there was none, and how long it took."""
    started = time.monotonic()
    try:
        raw = raw_response(base_url, data, timeout=TIME_LIMIT, end_sending=True)
        answer: Reply | str = split_response(raw) if raw else "closed without an answer"
    except TimeoutError:
        answer = f"no answer within {TIME_LIMIT} s"
    return kind, path, answer, time.monotonic() - started


def test_raw_requests_to_every_address_get_an_answer_never_a_server_error(app, server):
    data = app_data(app)
    kinds = builders(form_fields(data.content["en"].checklist))
    addresses = every_address(app)
    jobs = [(kind, path, build(path)) for path in addresses for kind, build in kinds.items()]

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda job: send(server.base_url, *job), jobs))

    problems = []
    by_parser: set[str] = set()
    for kind, path, answer, took in results:
        if took > TIME_LIMIT:
            problems.append(f"{kind} -> {path}: took {took:.1f} s")
        if isinstance(answer, Reply) and "content-security-policy" not in answer.headers:
            by_parser.add(kind)
        problem = what_is_wrong(answer)
        if problem:
            problems.append(f"{kind} -> {path}: {problem}")
    assert not problems, "\n".join(problems[:40])
    # Gunicorn's parser answers these itself (431, 414): in production the
    # proxy in front refuses them first (README, Deploying; tests/proxy).
    assert {"header over 8 KiB", "5,000 headers", "request line over 4 KiB"} <= by_parser

    server.stop()
    log = server.output()
    assert not re.search(r"Traceback|Unhandled|Error handling request", log), log[-3000:]


# --- the two findings, as a person would see them --------------------------------


def _post(server: live_server.Server, body: Callable[[str], bytes], headers: list) -> Reply:
    """POST ``body(token)`` to /check with the form's own token and cookie."""
    browser = server.client()
    token = browser.token()
    cookie = ("Cookie", "; ".join(f"{k}={v}" for k, v in browser.cookies.items()))
    data = request("/check", [FORM, cookie, *headers], body(quote(token)))
    return split_response(raw_response(server.base_url, data, timeout=TIME_LIMIT, end_sending=True))


def test_an_invalid_chunk_size_gets_the_friendly_400(run_server):
    # Found by an outside attack: gunicorn's InvalidChunkSize reached the app (500).
    answer = _post(run_server(workers=1), lambda token: b"zz\r\n", [CHUNKED])
    assert answer.status == 400
    page = read_page(answer.body)
    assert "Something went wrong with that request" in page.h1.get_text()


@pytest.mark.parametrize("token_first", [True, False], ids=["token-first", "token-last"])
def test_a_chunked_body_over_the_limit_gets_the_friendly_413(run_server, token_first):
    # Found by an outside attack: it was cut at 64 KiB and answered as if whole.
    def body(token: str) -> bytes:
        pairs = [b"danger=no", b"minor=no", b"notes=" + b"x" * 200_000]
        pairs.insert(0 if token_first else len(pairs), f"csrf_token={token}".encode())
        return chunked(b"&".join(pairs), 8192)

    answer = _post(run_server(workers=1), body, [CHUNKED])
    assert answer.status == 413
    page = read_page(answer.body)
    assert "Too much was sent" in page.h1.get_text()
