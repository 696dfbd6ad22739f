"""The stylesheet and script reach a phone compressed, and stay long-cacheable."""

from __future__ import annotations

import gzip
import re

import pytest

from .repository import ROOT

STATIC = ROOT / "screening" / "static"


def linked_files(client_request) -> dict[str, str]:
    """The static files a page links to, by file name, with their versioned addresses."""
    html = client_request.get_response("/").get_data(as_text=True)
    return {m.group(1): m.group(0) for m in re.finditer(r"/static/([\w.-]+)\?v=[0-9a-f]+", html)}


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
    headers = {"Accept-Encoding": "gzip", "If-None-Match": response.headers["ETag"]}
    client_request.get_response(address, headers=headers, status=304)


def test_a_client_without_gzip_gets_the_plain_file(client_request):
    address = linked_files(client_request)["site.css"]
    response = client_request.get_response(address, headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in response.headers
    assert response.data == (STATIC / "site.css").read_bytes()
    response.close()


def test_a_missing_static_file_is_still_a_404_when_gzip_is_accepted(client_request):
    client_request.get("/static/no-such.css", headers={"Accept-Encoding": "gzip"}, status=404)
