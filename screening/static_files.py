"""The stylesheet and script: versioned links, long caching, and compressed once at start-up.

Each link carries a hash of the file's bytes, computed once at start-up: a
changed file gets a new address, so a long cache lifetime is safe. Only that
exact address gets it: the file under any other version, or none, must be
checked again on each use (``no-cache``), or an old address could keep a
made-up or stale copy in caches for a year. A path that names no shipped
file (``site.css/``) is not found. Static
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

from flask import Flask, Response, abort, request, url_for

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
    """Flask's static view, answering with the gzipped copy when the browser accepts gzip.

    Cached for a year only at the exact versioned address (see the module's
    docstring); ``no-cache`` at any other.
    """

    def static(filename: str) -> Response:
        if filename not in versions:
            abort(404)  # not a shipped file: "site.css/", "site.css/x"
        if request.accept_encodings["gzip"]:
            body, mimetype = compressed[filename]
            response = Response(body, mimetype=mimetype)
            response.headers["Content-Encoding"] = "gzip"
            response.headers["Vary"] = "Accept-Encoding"
            response.set_etag(f"{versions[filename]}-gzip")
            response = response.make_conditional(request)
        else:
            response = plain(filename=filename)
        exact = request.args.to_dict(flat=False) == {"v": [versions[filename]]}
        if exact:
            response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}"
        else:
            response.headers["Cache-Control"] = "no-cache"
            response.headers.pop("Expires", None)  # Flask's one-year date (plain file)
        return response

    return static
