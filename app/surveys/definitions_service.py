"""Survey versions: installing a validated definition as a version with page and question rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select

from app.extensions import db
from app.models import Consultation, Response, Survey, SurveyAudience, SurveyPage, SurveyQuestion, SurveyVersion
from app.models.consultations import definition_digest
from app.surveys.engine import SurveyDefinition, definition_to_dict, parse_definition

_PARSED: dict[str, SurveyDefinition] = {}
_PARSED_LIMIT = 256


def definition_of(version: SurveyVersion) -> SurveyDefinition:
    """The parsed definition of a version, cached by its content digest: a page view reads neither the JSON (a
    deferred column) nor re-validates it unless this process has not seen that content yet."""
    digest = version.definition_digest
    parsed = _PARSED.get(digest) if digest else None
    if parsed is None:
        parsed = parse_definition(version.definition)
        if len(_PARSED) >= _PARSED_LIMIT:
            _PARSED.clear()
        _PARSED[digest or definition_digest(version.definition)] = parsed
    return parsed


def create_survey(consultation: Consultation, definition: SurveyDefinition) -> Survey:
    survey = Survey(
        consultation=consultation,
        slug=definition.slug,
        title=definition.title,
        audience=SurveyAudience(definition.audience.value),
    )
    db.session.add(survey)
    add_version(survey, definition)
    return survey


def add_version(survey: Survey, definition: SurveyDefinition) -> SurveyVersion:
    number = (survey.versions[-1].number + 1) if survey.versions else 1
    data: dict[str, Any] = definition_to_dict(definition)
    version = SurveyVersion(survey=survey, number=number, definition=data)
    db.session.add(version)
    db.session.flush()
    _write_rows(version, definition)
    return version


def replace_definition(version: SurveyVersion, definition: SurveyDefinition) -> SurveyVersion:
    """Rewrite a version that nobody has answered yet, with its page and question rows.

    Callers check `count_responses(version) == 0` first: answers point at question rows, so an answered version
    is frozen and a change to it becomes a new version (`add_version`).
    """
    db.session.execute(delete(SurveyQuestion).where(SurveyQuestion.survey_version_id == version.id))
    db.session.execute(delete(SurveyPage).where(SurveyPage.survey_version_id == version.id))
    version.definition = definition_to_dict(definition)
    db.session.flush()
    _write_rows(version, definition)
    return version


def _write_rows(version: SurveyVersion, definition: SurveyDefinition) -> None:
    position = 0
    for page_position, page in enumerate(definition.pages, start=1):
        page_row = SurveyPage(survey_version_id=version.id, key=page.id, position=page_position, title=page.title)
        db.session.add(page_row)
        db.session.flush()
        for question in page.questions:
            position += 1
            db.session.add(
                SurveyQuestion(
                    survey_version_id=version.id,
                    page_id=page_row.id,
                    key=question.id,
                    position=position,
                    type=question.type.value,
                    label=question.label,
                    required=question.required,
                )
            )
    db.session.flush()
    db.session.refresh(version)


def question_ids(version: SurveyVersion) -> dict[str, int]:
    """Question key to row id, for writing answers as rows."""
    rows = db.session.execute(
        select(SurveyQuestion.key, SurveyQuestion.id).where(SurveyQuestion.survey_version_id == version.id)
    ).all()
    return {key: question_id for key, question_id in rows}


def count_responses(version: SurveyVersion) -> int:
    return db.session.scalar(select(func.count(Response.id)).where(Response.survey_version_id == version.id)) or 0
