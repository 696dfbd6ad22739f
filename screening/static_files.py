"""The stylesheet and script: versioned addresses, long caching, and compression.

Addresses are Flask's own: ``url_for("static", filename="site.css")`` adds
``?v=`` and a hash of the file's bytes, computed once at start-up, so a
changed file gets a new address and a long cache lifetime is safe. Only that
exact address gets it: the file under any other version, or none, keeps
Flask's ``no-cache`` (checked again on each use), or an old address could
keep a made-up or stale copy in caches for a year. Static files hold no
answers, so caching them keeps nothing private.

On a weak phone signal the stylesheet is most of a page's weight, and the
app cannot count on a proxy to compress it, so Flask-Compress does, on the
static view and on views marked :data:`secretless`. Not on other pages: they
carry the form's security token, and compressing a secret beside text a
visitor can choose leaks it (BREACH). Only gzip is offered: every browser
accepts it, and at the levels Flask-Compress uses per response it is the
smallest here (the stylesheet: gzip 6,711 bytes, brotli 6,898, zstd 7,276).

Why not WhiteNoise or Flask-Static-Digest: both want the compressed or
digested copies made by a command before start-up (``whitenoise.compress``,
``flask digest compile``), a build step the product does without; nginx's
``gzip_static`` needs those copies too, and the app must be light without
a proxy in front.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, Response, abort, request
from flask_compress import Compress

ONE_YEAR = 365 * 24 * 3600

compress = Compress()

#: For a view whose page carries no token and no answer, so may be compressed.
secretless = compress.compressed()


def init_app(app: Flask) -> None:
    """Version the static files' addresses; compress them; cache only the exact address."""
    app.config.update(
        COMPRESS_REGISTER=False,  # only the static view and secretless pages
        COMPRESS_ALGORITHM=["gzip"],
    )
    compress.init_app(app)
    folder = Path(app.static_folder or "")
    versions = {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        for path in folder.rglob("*")
        if path.is_file()
    }

    @app.url_defaults
    def _add_version(endpoint: str, values: dict) -> None:
        if endpoint == "static" and values.get("filename") in versions:
            values.setdefault("v", versions[values["filename"]])

    @app.before_request
    def _only_shipped_files() -> None:
        # Werkzeug's safe_join drops a trailing "/" or ".": "site.css/" would
        # be served as the stylesheet, at an address that names no file.
        if request.endpoint == "static" and request.view_args["filename"] not in versions:
            abort(404)

    @app.after_request
    def _static_response(response: Response) -> Response:
        if request.endpoint != "static" or response.status_code >= 400:
            return response
        version = versions.get(request.view_args["filename"])
        if version and request.args.to_dict(flat=False) == {"v": [version]}:
            response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}"
        if response.status_code != 200:
            return response  # a 304, or a range (206) of the plain file's bytes
        # Read the (small) file whole, rather than compress a stream: a
        # stream answered 304 after all would leave the file open.
        response.direct_passthrough = False
        response.make_sequence()
        return compress.after_request(response)
