"""The trainer's pages: practice scenarios, the debrief, and printable role cards.

They reuse the real journey's parts: the same form class and field macros,
and the same next-steps function for the key's answers, so practice teaches
exactly what the app does. Nothing is stored: the debrief is rendered in the
response to the POST, like the real result. Every page under ``/training``
carries the practice banner (see :func:`practice_page`), error pages included.
"""

from __future__ import annotations

from flask import Blueprint, abort, has_request_context, render_template, request

from . import next_steps, session_pack
from .current import checklist_form, current_content, current_scenarios, group_debrief_form
from .forms import TRIAGE_LABELS, ChecklistFormBase, wants_change
from .group_debrief import FEWEST_GROUPS, MAX_GROUPS, compare_groups, group_count
from .language import page_route, path_in_language
from .scenarios import Scenario, by_title, compare
from .static_files import secretless

bp = Blueprint("training", __name__)

PREFIX = "training"


@bp.app_context_processor
def _practice_context() -> dict:
    return {"practice_page": practice_page()}


def practice_page() -> bool:
    """True for any address under ``/training``, with or without a language prefix.

    Decided from the path rather than the endpoint so that error pages (a
    mistyped scenario, a wrong method) are marked as practice too.
    """
    if not has_request_context():
        return False
    return path_in_language().split("/")[1] == PREFIX


def find_scenario(slug: str) -> Scenario:
    """The scenario called ``slug``, or a (practice-bannered) 404."""
    scenario = current_scenarios().get(slug)
    if scenario is None:
        abort(404)
    return scenario


@page_route(bp, "/training")
def index() -> str:
    """The scenario list, and how to run a session.

    Each scenario shows only what a trainee may know before the role-play
    (its setting and whom they meet): the focus, the verdict and the person's
    age would give the answers away, so they stay on the key and the debrief.
    """
    return render_template("training/index.html", scenarios=by_title(current_scenarios().values()))


@page_route(bp, "/training/guide")
def guide() -> str:
    """The facilitator's guide: objectives, care for the room, running and debriefing a session.

    The scenarios with child sex trafficking roles, and the suggested sets
    with their levels, are read from the loaded scenarios.
    """
    scenarios = current_scenarios()
    return render_template(
        "training/guide.html",
        child_sex_trafficking=_child_sex_trafficking(scenarios.values()),
        suggested_sets=_suggested_sets(scenarios),
    )


@page_route(bp, "/training/pack")
@secretless  # the longest page there is, with no token or answer on it (nor on the chooser)
def pack() -> tuple[str, int] | str:
    """The session pack for the scenarios the address names, or the chooser.

    With no choice in the address, the chooser; with a choice that cannot
    make a pack (one scenario, five, a name we do not know), the chooser
    again, saying why, with a 400.
    """
    scenarios = current_scenarios()
    choice = session_pack.read_choice(request.args, scenarios)
    if choice.problem is not None:
        page = render_template(
            "training/pack_chooser.html",
            scenarios=by_title(scenarios.values()),
            choice=choice,
            suggested_sets=_suggested_sets(scenarios),
            fewest=session_pack.FEWEST,
            most=session_pack.MOST,
        )
        return page if choice.problem == "none" else (page, 400)
    chosen = [scenarios[slug] for slug in choice.slugs]
    content = current_content()
    return render_template(
        "training/pack.html",
        chosen=chosen,
        large_print=choice.large,
        plan=session_pack.session_plan(len(chosen)),
        rotation=session_pack.rotation(len(chosen)),
        child_sex_trafficking=_child_sex_trafficking(chosen),
        checklist=content.checklist,
        key_plans={s.slug: next_steps.plan(s.key.answers, content) for s in chosen},
        key_resources={s.slug: key_resources(s) for s in chosen},
        triage_labels=TRIAGE_LABELS,
    )


@page_route(bp, "/training/<slug>/groups", methods=["GET", "POST"])
def group_debrief(slug: str) -> str:
    """The facilitator's form for up to six groups; on POST, one page comparing them.

    Like the practice debrief, the comparison is the answer to the POST and
    nothing is kept. A failed token, a tampered value or a form with no
    group answered gives the form back, filled in, saying what to do.
    """
    scenario = find_scenario(slug)
    content = current_content()
    form = group_debrief_form()
    # How many columns: from the address, or kept in the form once sent.
    source = request.form if request.method == "POST" else request.args
    columns = group_count(source.get("groups"))
    show_errors = False
    if request.method == "POST":
        token_ok = form.check_token()
        if form.wants_change():
            show_errors = not token_ok
        elif form.check_answers() and token_ok:
            return render_template(
                "training/group_debrief.html",
                scenario=scenario,
                group_form=form,
                result=compare_groups(scenario, form.group_answers(), content.checklist),
                key_plan=next_steps.plan(scenario.key.answers, content),
                steps=content.steps,
                checklist=content.checklist,
                triage_labels=TRIAGE_LABELS,
                columns=columns,
            )
        else:
            show_errors = True
    return render_template(
        "training/group_form.html",
        scenario=scenario,
        group_form=form,
        show_errors=show_errors,
        triage_labels=TRIAGE_LABELS,
        columns=max(columns, form.last_used()),
        fewest=FEWEST_GROUPS,
        most=MAX_GROUPS,
    )


@page_route(bp, "/training/<slug>", methods=["GET", "POST"])
def scenario(slug: str) -> str:
    """The worker brief and the checklist; on POST, the practice debrief."""
    scenario = find_scenario(slug)
    form = checklist_form()
    if request.method == "GET":
        return render_template("training/scenario.html", scenario=scenario, form=form)
    if wants_change():
        # The language switch on the unsent practice form: the form again,
        # filled in; only the token is checked.
        token_ok = form.check_token()
        return render_template(
            "training/scenario.html", scenario=scenario, form=form, show_errors=not token_ok
        )
    if not form.validate_post() and not _only_unanswered(form):
        return render_template(
            "training/scenario.html", scenario=scenario, form=form, show_errors=True
        )
    return render_template("training/debrief.html", scenario=scenario, **_debrief(scenario, form))


@page_route(bp, "/training/<slug>/cards")
@secretless  # long (every card of a scenario), with no token or answer on it
def cards(slug: str) -> str:
    """The worker brief, role cards and facilitator key, one printed page each."""
    scenario = find_scenario(slug)
    content = current_content()
    key = scenario.key
    return render_template(
        "training/cards.html",
        scenario=scenario,
        checklist=content.checklist,
        key_plan=next_steps.plan(key.answers, content),
        key_resources=key_resources(scenario),
        triage_labels=TRIAGE_LABELS,
    )


def _child_sex_trafficking(scenarios) -> list[Scenario]:
    """The scenarios with a child sex trafficking role: the guide's content warning names them."""
    return by_title(s for s in scenarios if {"sex-trafficking", "under-18"} <= s.covers)


def _suggested_sets(scenarios) -> list[tuple[str, list[Scenario]]]:
    """The suggested sets of three, with the scenarios this language has."""
    return [
        (set_id, [scenarios[slug] for slug in slugs if slug in scenarios])
        for set_id, slugs in session_pack.SUGGESTED_SETS
    ]


def _only_unanswered(form: ChecklistFormBase) -> bool:
    # In practice a blank triage answer is worth debriefing ("you skipped the
    # safety questions"), so it does not send the form back. A failed token,
    # a tampered value or an unknown sign still does, as on /check.
    if form.token_problem:
        return False
    triage = form.triage_fields()
    return all(field in triage and not field.raw_data for field in form.answer_errors())


def _debrief(scenario: Scenario, form: ChecklistFormBase) -> dict:
    """What the debrief page shows, computed with the real journey's functions."""
    content = current_content()
    key = scenario.key
    key_plan = next_steps.plan(key.answers, content)
    given = {q.id: form[q.id].data for q in content.checklist.triage}
    triage = []
    for question in content.checklist.triage:
        expected = key.triage[question.id]
        answer = given[question.id]
        # A defensible answer the key accepts shows with its reason, not as "Different".
        verdict = expected.verdict(answer)
        triage.append(
            {
                "question": question,
                "given": TRIAGE_LABELS[answer] if answer else None,
                "key": expected,
                "verdict": verdict,
                "why": expected.why,
            }
        )
    trainee_steps = None
    if all(given.values()):
        ids = next_steps.step_ids_for(**given)
        trainee_steps = [content.steps[i] for i in ids]
    return {
        "comparison": compare(scenario, form.ticked(), content.checklist),
        "key_plan": key_plan,
        "key_resources": key_resources(scenario),
        "triage": triage,
        "triage_accepted": all(row["verdict"] != "different" for row in triage),
        "trainee_steps": trainee_steps,
        "triage_labels": TRIAGE_LABELS,
        "form": form,
    }


def key_resources(scenario: Scenario) -> list:
    """The extra resources the key points to, worded in this request's language.

    The ids were checked against the scenario's own language at start-up, and
    every language shares its resource ids, so the lookup cannot fail.
    """
    resources = current_content().resources
    return [resources[resource_id] for resource_id in scenario.key.resources]
