"""What an organization's counsel asks for: the privacy notice and the accessibility statement.

Both pages state what the deployment does as shipped, with the two things
only the organization knows taken from its settings: how long the server's
logs are kept (``LOG_RETENTION_DAYS``) and whom to contact about
accessibility (``ACCESSIBILITY_CONTACT``). Every page's footer links both.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from .language import page_route

bp = Blueprint("statements", __name__)


@page_route(bp, "/privacy")
def privacy() -> str:
    """The privacy notice: nothing entered is kept; what the logs hold and for how long."""
    return render_template(
        "statements/privacy.html", retention_days=current_app.config["LOG_RETENTION_DAYS"]
    )


@page_route(bp, "/accessibility")
def accessibility() -> str:
    """The accessibility statement: the standard, its tests, known limits, whom to contact."""
    return render_template(
        "statements/accessibility.html", contact=current_app.config["ACCESSIBILITY_CONTACT"]
    )
