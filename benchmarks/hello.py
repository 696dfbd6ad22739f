"""The baseline: the smallest Flask app, served with the same gunicorn settings as ours."""

from flask import Flask


def create_app() -> Flask:
    """One route that returns a word: what a bare request costs."""
    app = Flask(__name__)

    @app.get("/")
    def hello() -> str:
        return "Hello"

    return app
