"""The stylesheet and script: versioned links, long caching, and compressed once at start-up.

Each link carries a hash of the file's bytes, computed once at start-up: a
changed file gets a new address, so a long cache lifetime is safe. Static
files hold no answers, so caching them keeps nothing private.

On a weak phone signal the stylesheet is most of a page's weight, and the
app cannot count on a proxy to compress it. So each file is gzipped once, at
start-up, and sent compressed to every browser that accepts it (all do).
Pages themselves stay uncompressed: they carry the form's security token,
and compressing a secret beside text a visitor can choose leaks it (BREACH).
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from collections.abc import Callable
from pathlib import Path

from flask import Flask, Response, request, url_for

ONE_YEAR = 365 * 24 * 3600


def init_app(app: Flask, *, reuse: bool = True) -> None:
    """Hash and compress the static files; expose ``static_url(name)`` to templates.

    With ``reuse`` (the default) each file's address is built once, here,
    without the path prefix; a request adds its own prefix (the one a proxy
    mounts the app under) in front. Nothing a request sends is kept.
    """
    folder = Path(app.static_folder or "")
    files = {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }
    versions = {name: hashlib.sha256(data).hexdigest()[:12] for name, data in files.items()}
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = ONE_YEAR
    compressed = {
        name: (
            gzip.compress(data, compresslevel=9, mtime=0),
            mimetypes.guess_type(name)[0] or "application/octet-stream",
        )
        for name, data in files.items()
    }
    app.view_functions["static"] = _compressed_view(
        app.view_functions["static"], compressed, versions
    )

    def static_url(name: str) -> str:
        return url_for("static", filename=name, v=versions[name])

    if reuse:
        # Built as url_for builds them, for an app mounted at "/".
        urls = app.url_map.bind("localhost")
        paths = {
            name: urls.build("static", {"filename": name, "v": version})
            for name, version in versions.items()
        }

        def static_url(name: str) -> str:
            return request.script_root + paths[name]

    app.jinja_env.globals["static_url"] = static_url


def _compressed_view(
    plain: Callable[..., Response],
    compressed: dict[str, tuple[bytes, str]],
    versions: dict[str, str],
) -> Callable[..., Response]:
    """Flask's static view, answering with the gzipped copy when the browser accepts gzip."""

    def static(filename: str) -> Response:
        found = compressed.get(filename)
        if found is None or not request.accept_encodings["gzip"]:
            return plain(filename=filename)
        body, mimetype = found
        response = Response(body, mimetype=mimetype)
        response.headers["Content-Encoding"] = "gzip"
        response.headers["Vary"] = "Accept-Encoding"
        response.cache_control.public = True
        response.cache_control.max_age = ONE_YEAR
        response.set_etag(f"{versions[filename]}-gzip")
        return response.make_conditional(request)

    return static
