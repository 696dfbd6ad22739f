"""The checklist form, built from the content: one radio field per triage
question, one checkbox field per group of signs.

Form classes are built once per language at start-up (building a class per
request is measurable waste) and handed out by
:func:`screening.current.checklist_form`.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import current_app, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError
from werkzeug.datastructures import CombinedMultiDict
from wtforms import Field, RadioField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from .content import TRIAGE_IDS, TRIAGE_VALUES, Checklist, Content
from .next_steps import Answers

#: The ``action`` value that asks for the form back, filled in.
CHANGE = "change"

TRIAGE_LABELS = {"yes": _l("Yes"), "no": _l("No"), "unsure": _l("Not sure")}


class TriageField(RadioField):
    """Yes / no / not sure. Every failure shows the question's own message."""

    def __init__(self, label: str, message: str, **kwargs) -> None:
        choices = [SelectChoice(value, TRIAGE_LABELS[value]) for value in TRIAGE_VALUES]
        super().__init__(label, choices=choices, validate_choice=False, **kwargs)
        self.message = message
        self.refused = False

    def process_formdata(self, valuelist: list[str]) -> None:
        # A browser sends one of the three values, once. Anything else (two
        # values, an unknown one) is a tampered post: keep no answer rather
        # than guess, so nothing but yes / no / not sure is ever shown back
        # or used.
        self.refused = len(valuelist) > 1 or any(v not in TRIAGE_VALUES for v in valuelist)
        self.data = None if self.refused or not valuelist else valuelist[0]
        self.raw_data = valuelist

    def pre_validate(self, form: FlaskForm) -> None:
        if self.data not in TRIAGE_VALUES:
            raise ValidationError(self.message)


class SignsField(SelectMultipleField):
    """A group of checkboxes. Unknown values are dropped, and reported once."""

    def __init__(self, label: str, **kwargs) -> None:
        super().__init__(label, validate_choice=False, **kwargs)
        self.unknown = False

    def process_formdata(self, valuelist: list[str]) -> None:
        # A checkbox sends one id; the pages that carry answers forward
        # (hidden_answers) send a group's ids in one field, space-separated,
        # which keeps a results page with many signs within its budget.
        valuelist = [value for sent in valuelist for value in sent.split()]
        known = [choice.value for choice in self.choices]
        self.unknown = any(value not in known for value in valuelist)
        # Keep the known ticks, once each, in page order, so the worker's
        # real answers survive a tampered or garbled post.
        self.data = [value for value in known if value in valuelist]

    def pre_validate(self, form: FlaskForm) -> None:
        if self.unknown:
            raise ValidationError(
                _l(
                    "Something in this group was not recognized."
                    " Look it over and send the form again."
                )
            )


class TokenCheckedForm(FlaskForm):
    """A form whose token is checked alone (:meth:`check_token`); its answers survive a failure."""

    #: Set by :meth:`check_token` when the token failed.
    token_problem = False

    class Meta(FlaskForm.Meta):
        # The token is checked once, by check_token (Flask-WTF's protect(),
        # which adds the HTTPS referrer check), not a second time as a field.
        csrf = False

        def wrap_formdata(self, form: FlaskForm, formdata: object) -> object:
            """Read a POST's text fields only, never its file parts.

            Flask-WTF puts uploaded files ahead of the text fields, so a file
            part named ``csrf_token`` (or ``danger``) would reach the token
            check or the form as a file object. No field here takes a file:
            anything sent as one is ignored, as if it had not been sent.
            """
            wrapped = super().wrap_formdata(form, formdata)
            if isinstance(wrapped, CombinedMultiDict):
                # Only files sent: the same as a post with no fields at all.
                return request.form or None
            return wrapped

    def check_token(self) -> bool:
        """Check only the security token (with Flask-WTF's HTTPS referrer check).

        Alone, for a form that is given back rather than answered ("Change
        your answers", the language switch on an unsent form): its answers are
        not judged, so no question is marked as missing. A failed token never
        throws the answers away: the view shows the form again, filled in,
        with a fresh token, and :attr:`token_problem` says why.
        """
        try:
            current_app.extensions["csrf"].protect()
        except (CSRFError, ValueError):
            # ValueError: over HTTPS, a Referer too malformed for the referrer
            # check to parse (``https://[::1/``, a port that is not a number).
            # It is not this site's page either way: treat it as a mismatch.
            self.token_problem = True
            return False
        return True


class ChecklistFormBase(TokenCheckedForm):
    """Common behavior; the fields are added per language by :func:`build_form_class`."""

    checklist: Checklist

    def validate_post(self) -> bool:
        """Check the security token (see :meth:`check_token`) and the answers."""
        token_ok = self.check_token()
        return self.validate() and token_ok

    def ticked(self) -> frozenset[str]:
        """The ids of the signs checked, in any group (unknown values already dropped)."""
        return frozenset(value for field in self.sign_fields() for value in field.data or ())

    def answers(self) -> Answers:
        """The validated answers, for the next-steps logic."""
        triage = {question_id: self[question_id].data for question_id in TRIAGE_IDS}
        return Answers(**triage, ticked=self.ticked())

    def triage_fields(self) -> list[Field]:
        """The triage fields, in page order."""
        return [self[question.id] for question in self.checklist.triage]

    def sign_fields(self) -> list[Field]:
        """The groups of signs, in page order."""
        return [self[group.id] for group in self.checklist.groups]

    def has_problems(self) -> bool:
        """True when the token failed or an answer has an error: the page says so, tab included."""
        return self.token_problem or bool(self.answer_errors())

    def answer_errors(self) -> list[Field]:
        """Fields with errors, other than the token, in page order."""
        return [field for field in self._answer_fields() if field.errors]

    def _answer_fields(self) -> list[Field]:
        return [*self.triage_fields(), *self.sign_fields()]


def build_form_class(checklist: Checklist) -> type[ChecklistFormBase]:
    """A form class with one field per triage question and per group."""
    attrs: dict[str, object] = {"checklist": checklist}
    for question in checklist.triage:
        attrs[question.id] = TriageField(question.question, question.error)
    for group in checklist.groups:
        attrs[group.id] = SignsField(
            group.title, choices=[SelectChoice(item.id, item.label) for item in group.items]
        )
    return type("ChecklistForm", (ChecklistFormBase,), attrs)


def wants_change() -> bool:
    """True when a POST asks for the form back, filled in, rather than an answer.

    Sent by "Change your answers" on the results page, and by the language
    switch on a page with an unsent form, so ticks survive the switch.
    """
    return request.method == "POST" and request.form.get("action") == CHANGE


def build_form_classes(library: Mapping[str, Content]) -> dict[str, type[ChecklistFormBase]]:
    """One form class per language, built once."""
    return {language: build_form_class(content.checklist) for language, content in library.items()}
