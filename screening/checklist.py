"""The real journey's pages: start, the checklist, next steps, resources.

Views stay thin: the form is built from content at start-up, the advice comes
from the pure :mod:`screening.next_steps`, and nothing is stored: the result is
rendered in the response to the POST itself.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for

from . import next_steps
from .app_data import app_data
from .content import RESOURCE_PAGES, Step
from .current import checklist_form, current_content
from .forms import wants_change
from .language import page_route

bp = Blueprint("checklist", __name__)


@page_route(bp, "/")
def start() -> str:
    """What the tool is and is not, the safety card, and the way in."""
    return render_template("checklist/start.html")


@page_route(bp, "/check", methods=["GET", "POST"])
def check() -> str:
    """The checklist; on POST, the next steps, or the form again with its problems."""
    form = checklist_form()
    if request.method == "GET":
        return render_template("checklist/check.html", form=form)
    emergency = _emergency_first()
    if wants_change():
        # The form again, filled in, not yet sent: only the token is checked,
        # and only its failure is shown.
        token_ok = form.check_token()
        return render_template(
            "checklist/check.html", form=form, show_errors=not token_ok, emergency=emergency
        )
    if not form.validate_post():
        return render_template(
            "checklist/check.html", form=form, show_errors=True, emergency=emergency
        )
    content = current_content()
    plan = next_steps.plan(form.answers(), content)
    return render_template(
        "checklist/result.html",
        form=form,
        plan=plan,
        hotline=content.hotline,
        spoken_languages=app_data().spoken_languages,
    )


def _emergency_first() -> Step | None:
    """The 911 step when the posted danger answer is yes or not sure, whatever else is wrong.

    A form that comes back (a question left blank, an expired token, "change
    your answers") shows it above everything, so 911 is never behind a
    problem to fix.
    """
    if request.form.get("danger") in next_steps.ACT_ON:
        return current_content().steps["emergency"]
    return None


#: The view of each resources page (``page`` in resources.toml, one of RESOURCE_PAGES).
RESOURCE_VIEWS = dict(
    zip(RESOURCE_PAGES, ("checklist.resources", "checklist.more_resources"), strict=True)
)


@page_route(bp, "/resources")
def resources() -> str:
    """Whom to contact now, and immigration protections (purposes with ``page = "contact"``)."""
    return _resources_page("contact")


@page_route(bp, "/resources/more")
def more_resources() -> str:
    """The other help: wages, support services, law enforcement (``page = "more"``)."""
    return _resources_page("more")


@bp.app_template_global()
def resource_url(resource_id: str) -> str:
    """The address of a resource's card, on whichever resources page shows it."""
    page = current_content().page_of(resource_id)
    return url_for(RESOURCE_VIEWS[page], _anchor=f"resource-{resource_id}")


def _resources_page(page: str) -> str:
    """One resources page: its purposes' resources, grouped, with tap-to-call links and
    the day each was checked, and a link to the other page naming what it holds.

    ``hows``, how the facts shown were confirmed, words the page's one
    footnote on what "checked" means: the cards say only when.
    """
    content = current_content()
    facts = app_data().facts.by_id
    grouped = content.resources_by_purpose(page)
    hows = {facts[i].how for _, members in grouped for resource in members for i in resource.facts}
    other = next(name for name in RESOURCE_VIEWS if name != page)
    return render_template(
        "checklist/resources.html",
        page=page,
        grouped=grouped,
        hows=hows,
        other_url=url_for(RESOURCE_VIEWS[other]),
        other_purposes=content.purposes_on(other),
    )
