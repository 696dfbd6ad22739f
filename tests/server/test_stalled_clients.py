"""Clients that stall mid-request, sent straight to gunicorn with the project's settings.

Found by an outside attack: two clients dripping a request one byte at a
time kept both sync workers busy past gunicorn's worker timeout; gunicorn
killed them, answered a bare 500 and wrote tracebacks into the log, and
``/healthz`` went unanswered meanwhile. Every request must now be read
within a deadline shorter than the worker timeout: a body that stalls gets
the friendly 408, headers that stall a quiet close, each one log line.

Both times are shortened here (a 2 s read deadline, a 4 s worker timeout)
so the test is quick; the shipped ones are 10 s and 30 s.
"""

from __future__ import annotations

import socket
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from ..live_server import split_response
from ..pages import read_page

pytestmark = pytest.mark.server

READ_DEADLINE = 2
WORKER_TIMEOUT = 4
#: One byte every this many seconds: slow, but never silent long enough for
#: a per-read socket timeout to notice.
DRIP_INTERVAL = 0.25
#: How long a stalled client keeps dripping before the test gives up on it.
GIVE_UP_AFTER = WORKER_TIMEOUT + 3


def drip(port: int, start: bytes, then: bytes) -> tuple[float, bytes]:
    """Send ``start`` at once, then ``then`` a byte at a time; return when and what the server said.

    The clock stops when the server answers or closes the connection.
    """
    began = time.monotonic()
    received = b""
    with socket.create_connection(("127.0.0.1", port), timeout=GIVE_UP_AFTER) as sock:
        sock.sendall(start)
        for byte in then:
            sock.settimeout(DRIP_INTERVAL)
            try:
                piece = sock.recv(65536)
            except TimeoutError:
                piece = None
            except ConnectionError:
                break
            if piece == b"":
                break
            if piece:
                received += piece
                break
            if time.monotonic() - began > GIVE_UP_AFTER:
                break
            try:
                sock.sendall(bytes([byte]))
            except ConnectionError:
                break
        sock.settimeout(2)
        try:
            while piece := sock.recv(65536):
                received += piece
        except (TimeoutError, ConnectionError):
            pass
    return time.monotonic() - began, received


STALLED_HEADERS = (b"GET /check HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ", b"a" * 1000)
STALLED_BODY = (
    b"POST /check HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n",
    b"a" * 1000,
)


def test_stalled_requests_end_before_the_worker_is_killed(run_server):
    server = run_server(
        env={
            "SCREENING_READ_TIMEOUT": str(READ_DEADLINE),
            "SCREENING_WORKER_TIMEOUT": str(WORKER_TIMEOUT),
        }
    )
    with ThreadPoolExecutor(max_workers=2) as pool:
        headers = pool.submit(drip, server.port, *STALLED_HEADERS)
        body = pool.submit(drip, server.port, *STALLED_BODY)
        (header_time, header_answer), (body_time, body_answer) = headers.result(), body.result()
        # Both workers are free again at once: the health check answers.
        began = time.monotonic()
        assert server.client().get("/healthz").status == 200
        assert time.monotonic() - began < 1
    server.stop()
    log = server.output()

    # The server ended each stalled request (at its deadline, or one deadline
    # later if it waited for a free worker), not the client giving up; and no
    # worker was killed (below).
    for taken in (header_time, body_time):
        assert READ_DEADLINE - 0.5 < taken < 2 * READ_DEADLINE + 1 < GIVE_UP_AFTER, taken
    # Stalled headers: closed quietly, without an answer.
    assert header_answer == b""
    # A stalled body: the app's own 408 page.
    answer = split_response(body_answer)
    assert answer.status == 408
    assert "took too long" in read_page(answer.body).h1.get_text()

    assert "WORKER TIMEOUT" not in log
    assert "Traceback" not in log
    assert '" 500 ' not in log
    # One line for each: the access log's 408, and a line for the close.
    assert log.count('"POST /check" 408') == 1, log
    assert log.count("not received within 2 s") == 1, log
