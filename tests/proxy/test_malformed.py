"""Malformed and oversized requests stop at nginx (deploy/nginx-screening.conf).

Gunicorn's parser refuses some requests itself (a bad request line, too many
or too long headers, a malformed chunked body) with a bare page of its own.
In production nginx stands in front: it must refuse each of these first,
with its own page, or pass on a request gunicorn accepts. The same raw
requests as tests/server/test_raw_http.py go to nginx over HTTPS; no answer
may come from gunicorn's parser, none may be a server error, and no instance
may log a request its parser refused.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from screening.app_data import app_data

from ..http_bodies import form_fields
from ..live_server import Reply, raw_response, split_response
from ..server.test_raw_http import builders
from .conftest import PREFIX, Nginx

pytestmark = pytest.mark.server

#: nginx waits up to client_body_timeout (10 s) for a body cut short.
TIME_LIMIT = 20.0


def _send(nginx: Nginx, data: bytes) -> Reply | str:
    # Each request ends "Connection: close" (http_request), or nginx would
    # keep the connection open for the next one.
    try:
        raw = raw_response(nginx.origin, data, timeout=TIME_LIMIT, tls=nginx.tls)
    except TimeoutError:
        return f"no answer within {TIME_LIMIT} s"
    return split_response(raw) if raw else "closed without an answer"


def _source(answer: Reply) -> str:
    if "content-security-policy" in answer.headers:
        return "app"
    # nginx's own pages name it at the foot (without a version: server_tokens off).
    return "nginx" if b"<center>nginx</center>" in answer.body else "gunicorn"


def test_nginx_refuses_what_gunicorns_parser_would(app, nginx: Nginx):
    kinds = builders(form_fields(app_data(app).content["en"].checklist))
    jobs = [
        (kind, path, build(path))
        for path in (f"{PREFIX}/check", f"{PREFIX}/")
        for kind, build in kinds.items()
    ]
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda job: _send(nginx, job[2]), jobs))
    assert time.monotonic() - started < 2 * TIME_LIMIT

    problems = []
    for (kind, path, _), answer in zip(jobs, answers, strict=True):
        if isinstance(answer, str):
            # A body cut short: nginx waits client_body_timeout for the rest,
            # then closes. Only a wait beyond the time limit is a hang.
            if not answer.startswith("closed"):
                problems.append(f"{kind} -> {path}: {answer}")
        elif _source(answer) == "gunicorn" or (answer.status >= 500 and answer.status != 501):
            problems.append(f"{kind} -> {path}: {answer.status} from {_source(answer)}")
    assert not problems, "\n".join(problems)
    for instance in nginx.instances:
        refused = [line for line in instance.output().splitlines() if "Invalid request" in line]
        assert not refused, refused
