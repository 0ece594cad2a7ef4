"""Small helpers the builder views share: the acting user, 404s, error lists and the structure page context."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user
from flask_wtf import FlaskForm

from app.builder import drafts, services
from app.builder.editing import describe_condition
from app.builder.forms import QUESTION_TYPES
from app.builder.services import EditResult, InvalidSurveyError
from app.common.errors import NotFoundError
from app.models import Survey, SurveyVersion, User
from app.surveys.definitions_service import definition_of
from app.surveys.engine import DefinitionError, SurveyDefinition

R = TypeVar("R")
TYPE_NAMES = {str(value): label for value, label, _ in QUESTION_TYPES}


def acting_user() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return]


def or_404(finder: Callable[..., R], *args: Any) -> R:
    try:
        return finder(*args)
    except DefinitionError:
        raise
    except (NotFoundError, LookupError, ValueError):
        abort(404)


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
        return (f"{message} in your draft. Respondents still see version {result.version.number} until you "
                "preview and publish your changes.")
    if result.new_version:
        return (f"{message}. This survey had responses, so your change created version {result.version.number}; "
                "earlier responses keep the questions they answered.")
    return f"{message}."


def structure_context(survey: Survey, version: SurveyVersion,
                      definition: SurveyDefinition | None = None) -> dict[str, Any]:
    """What the structure templates need: `definition` (the draft, when given) or else the version's own."""
    definition = definition or definition_of(version)
    return {"survey": survey, "version": version, "definition": definition,
            "page_conditions": {page.id: describe_condition(definition, page.show_if) for page in definition.pages},
            "question_conditions": {q.id: describe_condition(definition, q.show_if) for q in definition.questions},
            "type_names": TYPE_NAMES, "editable": version.id == survey.current_version.id}


def editing_context(survey: Survey) -> dict[str, Any]:
    """The builder page's context: the definition being edited, and what respondents see meanwhile."""
    draft = drafts.find_draft(survey)
    current = survey.current_version
    return {**structure_context(survey, current, services.editing_definition(survey)),
            "draft": draft, "live": draft is not None or drafts.is_live(survey),
            "counts": drafts.response_counts(current)}
