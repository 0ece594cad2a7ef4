"""Helpers the builder's view modules share: looking up what a URL names, running an edit and saving it, error
lists and the structure page context."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm

from app.builder import drafts, services
from app.builder.editing import describe_condition
from app.builder.forms import QUESTION_TYPES
from app.builder.services import EditResult, InvalidSurveyError
from app.common.errors import NotFoundError
from app.common.forms import error_list, form_page
from app.models import Survey, SurveyVersion
from app.surveys.definitions_service import definition_of
from app.surveys.engine import Page, Question, QuestionType, SurveyDefinition, UnknownPageError

TYPE_NAMES = {str(value): label for value, label, _ in QUESTION_TYPES}
KINDS = ("page", "question")
"""What a builder URL's ``<kind>`` may name."""


def page_of(definition: SurveyDefinition, page_id: str) -> Page:
    """The page a URL names; an unknown id is a ``NotFoundError`` (the 404 page), like any missing row."""
    try:
        return definition.page(page_id)
    except UnknownPageError:
        raise NotFoundError(page_id) from None


def question_of(definition: SurveyDefinition, question_id: str) -> Question:
    if not definition.has_question(question_id):
        raise NotFoundError(question_id)
    return definition.question(question_id)


def question_type(name: str) -> QuestionType:
    """The question type a URL names (``/questions/new/<qtype>``); anything else is a 404."""
    try:
        return QuestionType(name)
    except ValueError:
        raise NotFoundError(name) from None


def try_edit(action, form):
    """Run a builder service; on InvalidSurveyError put its messages on the form and return None."""
    try:
        return action()
    except InvalidSurveyError as error:
        form.builder_errors = edit_errors(error, form)
        return None


def builder_form_page(template: str, form, **context) -> ResponseReturnValue:
    """A builder form page whose error summary also lists the edits the builder refused (``try_edit``)."""
    return form_page(template, form, error_list(form) + getattr(form, "builder_errors", []), **context)


def saved(survey_id: int, result: EditResult, message: str, anchor: str | None = None) -> ResponseReturnValue:
    """Return to the survey page at the changed item after a builder edit, saying where the change went."""
    flash(saved_message(result, message), "success")
    return redirect(url_for("builder.show_survey", survey_id=survey_id, _anchor=anchor))


def edit_errors(error: InvalidSurveyError, form: FlaskForm) -> list[dict[str, str]]:
    """Refused edits as error-summary entries; a message about one field is shown on that field instead, and the
    form's own error list puts it in the summary (once)."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, *error.messages]
        return []
    shown = getattr(form, "shown", None) or [f.name for f in form if f.type != "CSRFTokenField"]
    href = f"#{form[shown[0]].id}" if shown else "#main-content"
    return [{"text": message, "href": href} for message in error.messages]


def saved_message(result: EditResult, message: str) -> str:
    if result.drafted:
        return (
            f"{message} in your draft. Respondents still see version {result.version.number} until you "
            "preview and publish your changes."
        )
    if result.new_version:
        return (
            f"{message}. This survey had responses, so your change created version {result.version.number}; "
            "earlier responses keep the questions they answered."
        )
    return f"{message}."


def structure_context(
    survey: Survey, version: SurveyVersion, definition: SurveyDefinition | None = None
) -> dict[str, Any]:
    """What the structure templates need: `definition` (the draft, when given) or else the version's own."""
    definition = definition or definition_of(version)
    return {
        "survey": survey,
        "version": version,
        "definition": definition,
        "page_conditions": {page.id: describe_condition(definition, page.show_if) for page in definition.pages},
        "question_conditions": {q.id: describe_condition(definition, q.show_if) for q in definition.questions},
        "type_names": TYPE_NAMES,
        "editable": version.id == survey.current_version.id,
    }


def editing_context(survey: Survey) -> dict[str, Any]:
    """The builder page's context: the definition being edited, and what respondents see meanwhile."""
    draft = drafts.find_draft(survey)
    current = survey.current_version
    return {
        **structure_context(survey, current, services.editing_definition(survey)),
        "draft": draft,
        "live": draft is not None or drafts.is_live(survey),
        "counts": drafts.response_counts(current),
    }
