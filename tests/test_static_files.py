"""The stylesheet and script reach a phone compressed, and stay long-cacheable.

Compression is Flask-Compress's, versioned addresses are Flask's own
``url_for``: these tests hold the library to the promises the app makes.
"""

from __future__ import annotations

import gzip
import hashlib
import re

import pytest
from flask import url_for

from .page_list import page_states
from .repository import ROOT

STATIC = ROOT / "screening" / "static"


def linked_files(client_request) -> dict[str, str]:
    """The static files a page links to, by file name, with their versioned addresses."""
    html = client_request.get_response("/").get_data(as_text=True)
    return {m.group(1): m.group(0) for m in re.finditer(r"/static/([\w.-]+)\?v=[0-9a-f]+", html)}


@pytest.mark.parametrize("name", ["site.css", "exit.js"])
def test_url_for_names_a_static_file_by_a_hash_of_its_bytes(app, name):
    # A changed file gets a new address, so a year in a cache is safe.
    version = hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:12]
    with app.test_request_context("/"):
        assert url_for("static", filename=name) == f"/static/{name}?v={version}"
    with app.test_request_context("/", headers={"X-Forwarded-Prefix": "/screening"}):
        assert url_for("static", filename=name).endswith(f"/static/{name}?v={version}")


def test_no_page_that_carries_a_form_token_is_ever_compressed(app):
    # A secret compressed beside text a visitor chooses leaks (BREACH): only
    # pages with no token on them may be compressed.
    client = app.test_client()
    compressed = []
    for state in page_states(app):
        accepting = client.get(state.path, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
        if "Content-Encoding" in accepting.headers:
            compressed.append(state.path)
            assert accepting.headers["Content-Encoding"] == "gzip", state.path
            assert b'name="csrf_token"' not in gzip.decompress(accepting.data), state.path
    # The guard sees the pages that are compressed: the long printed ones.
    assert any(path.endswith("/cards") for path in compressed), compressed


@pytest.mark.parametrize("name", ["site.css", "exit.js"])
def test_a_browser_that_accepts_gzip_gets_the_file_compressed(client_request, name):
    address = linked_files(client_request)[name]
    response = client_request.get_response(
        address, headers={"Accept-Encoding": "gzip, deflate, br"}
    )
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert gzip.decompress(response.data) == (STATIC / name).read_bytes()
    # Compressed, the stylesheet is a fraction of its size on a weak signal.
    assert len(response.data) < (STATIC / name).stat().st_size / 2
    assert "max-age=31536000" in response.headers["Cache-Control"]
    response.close()  # read from an open file, which the server closes with the response
    headers = {"Accept-Encoding": "gzip", "If-None-Match": response.headers["ETag"]}
    client_request.get_response(address, headers=headers, status=304).close()


def test_a_client_without_gzip_gets_the_plain_file(client_request):
    address = linked_files(client_request)["site.css"]
    response = client_request.get_response(address, headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in response.headers
    assert response.data == (STATIC / "site.css").read_bytes()
    response.close()


def test_a_missing_static_file_is_still_a_404_when_gzip_is_accepted(client_request):
    client_request.get("/static/no-such.css", headers={"Accept-Encoding": "gzip"}, status=404)


@pytest.mark.parametrize("encoding", ["gzip", "identity"])
def test_only_the_exact_versioned_address_is_cached_for_a_year(client_request, encoding):
    headers = {"Accept-Encoding": encoding}
    address = linked_files(client_request)["site.css"]
    response = client_request.get_response(address, headers=headers)
    assert response.headers["Cache-Control"] == "public, max-age=31536000"
    response.close()
    # Found by an outside attack: any version, none, or a trailing slash got
    # the one-year cache, so a stale or made-up address could stick for a year.
    for other in (
        "/static/site.css",
        "/static/site.css?v=anything",
        "/static/site.css?v=",
        f"{address}&v=anything",
        f"{address}&x=1",
        address.replace("site.css", "exit.js"),
    ):
        response = client_request.get_response(other, headers=headers)
        cache = response.headers["Cache-Control"]
        assert "max-age=31536000" not in cache and "public" not in cache, (other, cache)
        assert cache == "no-cache", (other, cache)
        assert "Expires" not in response.headers, other
        response.close()


@pytest.mark.parametrize("path", ["/static/site.css/", "/static/site.css/x", "/static/site.css."])
def test_a_static_address_that_names_no_file_is_a_404(client_request, path):
    for encoding in ("gzip", "identity"):
        response = client_request.get_response(
            path, headers={"Accept-Encoding": encoding}, status=404
        )
        assert response.headers["Cache-Control"] == "no-store"
