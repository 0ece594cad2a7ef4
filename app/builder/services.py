"""Survey builder use-cases: every change is checked by the survey engine, then saved.

While nobody can reach a survey a change is saved straight to its current version. Once the survey is live (its
consultation published, or anyone has answered it) changes go to a draft that an officer previews and publishes
(`app.builder.drafts`). A version nobody has answered is rewritten in place; once a version has responses it is
frozen, and publishing makes a new version, so each response keeps the questions it answered. Services flush,
never commit.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select

from app.builder import drafts, editing
from app.builder.editing import Data, EditError
from app.common.audit import record_event
from app.common.errors import DomainError, NotFoundError
from app.extensions import db
from app.models import (
    Answer,
    AnswerCoding,
    Consultation,
    Response,
    ResponseStatus,
    Survey,
    SurveyAudience,
    SurveyQuestion,
    SurveyVersion,
    User,
)
from app.surveys.definitions_service import add_version, create_survey, definition_of
from app.surveys.engine import (
    SCHEMA_VERSION,
    DefinitionError,
    Problem,
    Question,
    QuestionType,
    SummaryRow,
    SurveyDefinition,
    definition_to_dict,
    dump_definition,
    load_definition,
    parse_definition,
    slugify,
    summary_rows,
)
from app.surveys.responses import load_answers

PATH_RE = re.compile(r"^pages\[(\d+)\](?:\.questions\[(\d+)\])?[^.]*(\.show_if)?")
EXPORT_TYPES = {"json": "application/json", "yaml": "application/yaml"}


@dataclass(frozen=True)
class EditResult:
    version: SurveyVersion
    new_version: bool
    drafted: bool = False
    """Saved to the draft: respondents still see `version` until an officer publishes."""
    focus: str | None = None
    """The id of the builder page element the change was made to, for returning the officer to it."""


@dataclass(frozen=True)
class VersionRow:
    version: SurveyVersion
    sent: int
    in_progress: int


def get_survey(survey_id: int) -> Survey:
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        raise NotFoundError(f"survey {survey_id}")
    return survey


def get_version(survey: Survey, number: int) -> SurveyVersion:
    version = db.session.scalar(
        select(SurveyVersion).where(SurveyVersion.survey_id == survey.id, SurveyVersion.number == number)
    )
    if version is None:
        raise NotFoundError(f"version {number}")
    return version


def editing_definition(survey: Survey) -> SurveyDefinition:
    """What the builder shows and changes: the draft when there is one, else the current version."""
    draft = drafts.find_draft(survey)
    return drafts.draft_definition(draft) if draft is not None else definition_of(survey.current_version)


def working_copy(survey: Survey) -> Data:
    """The definition being edited as plain data for an edit to change."""
    return copy.deepcopy(definition_to_dict(editing_definition(survey)))


def list_versions(survey: Survey) -> list[VersionRow]:
    """Each version with its sent and in-progress responses, newest first: sent ones are what reports count."""
    counts = (
        db.session.execute(
            select(Response.survey_version_id, Response.status, func.count(Response.id))
            .join(SurveyVersion, Response.survey_version_id == SurveyVersion.id)
            .where(SurveyVersion.survey_id == survey.id)
            .group_by(Response.survey_version_id, Response.status)
        )
        .tuples()
        .all()
    )
    by_version = {(version_id, status): n for version_id, status, n in counts}
    return [
        VersionRow(
            version,
            by_version.get((version.id, ResponseStatus.SUBMITTED), 0),
            by_version.get((version.id, ResponseStatus.IN_PROGRESS), 0),
        )
        for version in reversed(survey.versions)
    ]


def list_responses(version: SurveyVersion, limit: int = 200) -> list[Response]:
    return list(
        db.session.scalars(
            select(Response)
            .where(Response.survey_version_id == version.id)
            .order_by(Response.created_at_utc.desc(), Response.id.desc())
            .limit(limit)
        )
    )


def apply_edit(survey: Survey, data: Data, actor: User, action: str, **detail: Any) -> EditResult:
    """Validate the changed definition with the engine and save it (to the draft once the survey is live); raise
    DefinitionError and change nothing."""
    definition = parse_definition(data)
    if drafts.find_draft(survey) is not None or drafts.is_live(survey):
        drafts.save_draft(survey, definition, actor)
        record_event(action, actor, survey, version=survey.current_version.number, drafted=True, **detail)
        return EditResult(survey.current_version, new_version=False, drafted=True)
    version, new_version = drafts.install(survey, definition)
    record_event(action, actor, survey, version=version.number, new_version=new_version, **detail)
    db.session.flush()
    return EditResult(version, new_version)


def new_survey(consultation: Consultation, title: str, audience: str, introduction: str, actor: User) -> Survey:
    """A survey started from nothing: a first page with the officer's introduction, ready for questions."""
    data: Data = {
        "schema_version": SCHEMA_VERSION,
        "slug": _free_slug(consultation, title),
        "title": title,
        "audience": audience,
        "pages": [
            {
                "id": "introduction",
                "title": "About this survey",
                "questions": [{"id": "introduction", "type": "information", "body": introduction}],
            }
        ],
    }
    return _install(consultation, parse_definition(data), actor, "survey_created")


def import_survey(consultation: Consultation, text: str, filename: str, actor: User) -> Survey:
    definition = read_upload(text, filename)
    data = definition_to_dict(definition)
    data["slug"] = _free_slug(consultation, data["slug"])
    return _install(consultation, parse_definition(data), actor, "survey_imported", filename=filename[:100])


def import_version(survey: Survey, text: str, filename: str, actor: User) -> SurveyVersion | None:
    """The next version from a file (the survey keeps its address and audience); on a live survey it becomes the
    draft instead, to preview and publish, and None is returned."""
    data = definition_to_dict(read_upload(text, filename))
    if data["audience"] != survey.audience.value:
        raise DefinitionError(
            [
                Problem(
                    "audience",
                    f'this file is for a "{data["audience"]}" survey but this survey is for "{survey.audience.value}"',
                )
            ]
        )
    data["slug"] = survey.slug
    definition = parse_definition(data)
    drafts.lock(survey)
    if drafts.find_draft(survey) is not None or drafts.is_live(survey):
        drafts.save_draft(survey, definition, actor)
        record_event("survey_version_imported", actor, survey, drafted=True, filename=filename[:100])
        return None
    version = add_version(survey, definition)
    db.session.refresh(survey)
    survey.title = data["title"]
    record_event("survey_version_imported", actor, survey, version=version.number, filename=filename[:100])
    return version


def copy_candidates(consultation: Consultation) -> list[Survey]:
    """Surveys of other consultations, newest consultation first."""
    return list(
        db.session.scalars(
            select(Survey)
            .join(Consultation)
            .where(Survey.consultation_id != consultation.id)
            .order_by(Consultation.open_at_utc.desc(), Consultation.id.desc(), Survey.id)
        )
    )


def copy_survey(consultation: Consultation, source_id: int, actor: User) -> Survey:
    source = get_survey(source_id)
    if source.consultation_id == consultation.id:
        raise NotFoundError("a survey of another consultation")
    data = definition_to_dict(definition_of(source.current_version))
    data["slug"] = _free_slug(consultation, data["slug"])
    return _install(
        consultation,
        parse_definition(data),
        actor,
        "survey_copied",
        source_survey=source.id,
        source_version=source.current_version.number,
    )


def export_definition(survey: Survey, number: int, fmt: str, actor: User) -> tuple[str, str, str]:
    """The text, file name and media type of a version's definition in JSON or YAML."""
    if fmt not in EXPORT_TYPES:
        raise NotFoundError(fmt)
    version = get_version(survey, number)
    record_event("survey_exported", actor, survey, version=number, format=fmt)
    filename = f"{survey.slug}-v{number}.{fmt}"
    return dump_definition(definition_of(version), fmt), filename, EXPORT_TYPES[fmt]


def read_upload(text: str, filename: str) -> SurveyDefinition:
    """The definition in an uploaded file, refused (DefinitionError) where the builder would refuse it too."""
    fmt = filename.rsplit(".", 1)[-1].lower() if "." in filename else None
    definition = load_definition(text, fmt if fmt in ("json", "yaml", "yml") else None)
    problems = [
        Problem(f"pages[{p}].questions[{q}] ({question['id']})", editing.ONE_OPTION)
        for p, page in enumerate(definition_to_dict(definition)["pages"])
        for q, question in enumerate(page["questions"])
        if editing.single_option(question)
    ]
    if problems:
        raise DefinitionError(problems)
    return definition


def _install(
    consultation: Consultation, definition: SurveyDefinition, actor: User, action: str, **detail: Any
) -> Survey:
    survey = create_survey(consultation, definition)
    db.session.flush()
    record_event(action, actor, survey, consultation=consultation.id, **detail)
    return survey


def _free_slug(consultation: Consultation, wanted: str) -> str:
    base = re.sub(r"_+", "-", slugify(wanted)).strip("-")[:60] or "survey"
    taken = set(db.session.scalars(select(Survey.slug).where(Survey.consultation_id == consultation.id)))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


@dataclass(frozen=True)
class ResponseView:
    response: Response
    survey: Survey
    version: SurveyVersion
    rows: list[SummaryRow]
    coded_answers: dict[str, int]
    """Question key -> id of its analysed free-text answer, which the officer can open to code or send to
    safeguarding."""


def get_response_view(response_id: int, actor: User) -> ResponseView:
    """One response with the questions of the version it answered. Pupil responses are never shown one by one:
    officers see school results only as aggregates."""
    response = db.session.get(Response, response_id)
    if response is None or response.audience == SurveyAudience.SCHOOLS:
        raise NotFoundError(f"response {response_id}")
    version = db.session.get(SurveyVersion, response.survey_version_id)
    assert version is not None
    rows = summary_rows(definition_of(version), load_answers(response))
    record_event("response_viewed", actor, response, version=version.number)
    return ResponseView(response, version.survey, version, rows, _coded_answers(response))


def _coded_answers(response: Response) -> dict[str, int]:
    rows = db.session.execute(
        select(SurveyQuestion.key, Answer.id)
        .join(SurveyQuestion, Answer.question_id == SurveyQuestion.id)
        .join(AnswerCoding, AnswerCoding.answer_id == Answer.id)
        .where(Answer.response_id == response.id)
        .order_by(Answer.id)
    ).all()
    return {key: answer_id for key, answer_id in rows}


def describe_problems(error: DefinitionError, data: Data) -> list[str]:
    """Engine problems in the officer's words: the page or question by its title instead of its path."""
    return [_describe(problem, data) for problem in error.problems]


def _describe(problem: Problem, data: Data) -> str:
    match = PATH_RE.match(problem.path)
    if not match:
        return str(problem)
    try:
        page = data["pages"][int(match.group(1))]
        if match.group(2) is None:
            where = f'Page "{page.get("title") or page.get("id")}"'
        else:
            question = page["questions"][int(match.group(2))]
            where = f'Question "{question.get("label") or question.get("id")}"'
    except (IndexError, KeyError, TypeError):
        return str(problem)
    condition = " (its condition)" if match.group(3) else ""
    return f"{where}{condition}: {problem.message}"


class InvalidSurveyError(DomainError):
    """An edit the builder or the engine refused; nothing was changed. `field` is the form field at fault."""

    def __init__(self, messages: list[str], field: str | None = None) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages
        self.field = field


def edit_survey(survey: Survey, change: Callable[[Data], Data], actor: User, action: str, **detail: Any) -> EditResult:
    """Apply one builder change to the current definition and save it, or raise InvalidSurveyError."""
    data: Data | None = None
    drafts.lock(survey)
    try:
        data = change(working_copy(survey))
        return apply_edit(survey, data, actor, action, **detail)
    except EditError as error:
        raise InvalidSurveyError([error.message], error.field) from error
    except DefinitionError as error:
        raise InvalidSurveyError(describe_problems(error, data or {})) from error


def add_question(
    survey: Survey,
    page_id: str | None,
    qtype: QuestionType,
    values: dict[str, Any],
    page_title: str | None,
    actor: User,
) -> EditResult:
    added: list[str] = []

    def change(data: Data) -> Data:
        question_id = editing.new_question_id(data, values.get("label"), qtype)
        added.append(question_id)
        question = editing.build_question(qtype, values, None, question_id)
        new_page = {"title": page_title} if page_id is None else None
        return editing.add_question(data, page_id, question, new_page)

    result = edit_survey(survey, change, actor, "survey_question_added", question_type=str(qtype))
    return replace(result, focus=f"question-{added[-1]}")


def update_question(survey: Survey, question_id: str, values: dict[str, Any], actor: User) -> EditResult:
    def change(data: Data) -> Data:
        existing = editing.get_question(data, question_id)
        question = editing.build_question(QuestionType(existing["type"]), values, existing, question_id)
        return editing.update_question(data, question)

    return edit_survey(survey, change, actor, "survey_question_changed", question=question_id)


def question_data(survey: Survey, question_id: str) -> Data:
    """The stored question as form data for the edit form."""
    question = editing.get_question(working_copy(survey), question_id)
    data = dict(question)
    for key in ("options", "rows"):
        data[key] = editing.option_lines(question.get(key))
    data["exclusive"] = editing.exclusive_lines(question)
    return data


def update_details(survey: Survey, title: str, description: str | None, actor: User) -> EditResult:
    return edit_survey(
        survey, lambda data: editing.update_details(data, title, description), actor, "survey_details_changed"
    )


def update_page(survey: Survey, page_id: str, title: str, description: str | None, actor: User) -> EditResult:
    return edit_survey(
        survey,
        lambda data: editing.update_page(data, page_id, title, description),
        actor,
        "survey_page_changed",
        page=page_id,
    )


def move(survey: Survey, kind: str, target_id: str, direction: str, actor: User) -> EditResult:
    mover = editing.move_page if kind == "page" else editing.move_question
    return edit_survey(
        survey,
        lambda data: mover(data, target_id, direction),
        actor,
        f"survey_{kind}_moved",
        target=target_id,
        direction=direction,
    )


def remove(survey: Survey, kind: str, target_id: str, actor: User) -> EditResult:
    remover = editing.remove_page if kind == "page" else editing.remove_question
    return edit_survey(survey, lambda data: remover(data, target_id), actor, f"survey_{kind}_removed", target=target_id)


def set_condition(
    survey: Survey, kind: str, target_id: str, source_id: str | None, values: list[str], actor: User
) -> EditResult:
    """Show the page or question only when an earlier answer is one of `values` (or, for a question without
    options, is answered); no source removes the condition."""

    def change(data: Data) -> Data:
        condition = None
        if source_id is not None:
            definition = editing_definition(survey)
            if not definition.has_question(source_id):
                raise EditError("Select a question from the list", "source")
            condition = editing.condition_from_choice(definition.question(source_id), values)
        return editing.set_condition(data, kind, target_id, condition)

    return edit_survey(survey, change, actor, "survey_condition_changed", kind=kind, target=target_id, source=source_id)


def condition_context(survey: Survey, kind: str, target_id: str) -> tuple[Data, list[Question]]:
    """The page or question a condition is for, and the earlier questions it may test."""
    data = working_copy(survey)
    target = editing.target_of(data, kind, target_id)
    return target, editing.condition_sources(editing_definition(survey), kind, target_id)
