"""Versioned links to the stylesheet and script, so browsers can cache them for long.

Each link carries a hash of the file's bytes, computed once at start-up: a
changed file gets a new address, so a long cache lifetime is safe. Static
files hold no answers, so caching them keeps nothing private.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, request, url_for

ONE_YEAR = 365 * 24 * 3600


def init_app(app: Flask) -> None:
    """Hash the static files and expose ``static_url(name)`` to templates."""
    folder = Path(app.static_folder or "")
    versions = {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        for path in folder.rglob("*")
        if path.is_file()
    }
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = ONE_YEAR

    # Each page links the same two files: build each address once per path
    # prefix (a proxy may mount the app under one) rather than per request.
    built: dict[tuple[str, str], str] = {}

    def static_url(name: str) -> str:
        key = (request.script_root, name)
        if key in built:
            return built[key]
        address = url_for("static", filename=name, v=versions[name])
        if len(built) < 64:  # bounded, whatever prefixes a proxy sends
            built[key] = address
        return address

    app.jinja_env.globals["static_url"] = static_url
