"""Small helpers the survey views share: building page context and safe responses."""

from __future__ import annotations

from typing import Any

from flask import Response as FlaskResponse
from flask import render_template, request, url_for
from werkzeug.utils import secure_filename

from app.models import ConsultationDocument, ResponseStatus, Survey
from app.surveys.engine import (
    AnswerItem,
    PageResult,
    SurveyDefinition,
    missing_required,
    next_page_id,
    page_values,
    previous_page_id,
    progress,
    read_page,
    resume_page_id,
    visible_questions,
)
from app.surveys.messages import Wording, worded, wording_for
from app.surveys.responses import Draft

Answers = dict[str, tuple[AnswerItem, ...]]


def page_context(survey: Survey, definition: SurveyDefinition, page_id: str,
                 answers: dict[str, tuple[AnswerItem, ...]], values: dict[str, Any],
                 result: PageResult | None = None, wording: Wording | None = None) -> dict[str, Any]:
    """What a question page template needs; errors are worded for the survey's audience unless `wording` is given
    (pupils read a schools survey's errors in their own words, residents the rest)."""
    page = definition.page(page_id)
    number, total = progress(definition, page_id, answers)
    wording = wording or wording_for(survey.audience)
    errors = []
    if result is not None:
        errors = [{"text": text, "href": f"#{result.error_anchors.get(qid, qid)}"}
                  for qid, text in worded(result.errors, wording).items()]
    return {
        "survey": survey, "definition": definition, "page": page, "page_number": number, "page_count": total,
        "questions": visible_questions(definition, page, {**answers, **(result.answers if result else {})}),
        "values": values, "field_errors": worded(result.field_errors, wording) if result else {}, "errors": errors,
        "previous_page": previous_page_id(definition, page_id, answers),
        "changing": bool(request.args.get("change")), "incomplete": bool(request.args.get("incomplete")),
    }


def survey_url(endpoint: str, survey: Survey, **values: Any) -> str:
    return url_for(endpoint, slug=survey.consultation.slug, survey_slug=survey.slug, **values)


def continue_url(survey: Survey, draft: Draft) -> str:
    """Where "Continue your response" and a resume link lead: the page after the last one answered, so nobody is
    dropped on "Check your answers" with pages still to do; check answers once every page has been answered, or
    when an organisation comes back to change the response it sent."""
    page_id = None
    if draft.response.status != ResponseStatus.SUBMITTED:
        page_id = resume_page_id(draft.definition, draft.answers)
    if page_id is None:
        return survey_url("surveys.check_answers", survey)
    return survey_url("surveys.answer_page", survey, page_id=page_id)


def changed_row(definition: SurveyDefinition) -> str | None:
    """The id of the check-answers row a "Change" link came from (``?change=<question id>``), so saving returns
    the respondent to that row rather than the top of a long page; None if it names no question of the survey."""
    change = request.args.get("change", "")
    return f"answer-{change}" if definition.has_question(change) else None


def check_answers_url(survey: Survey, definition: SurveyDefinition) -> str:
    return survey_url("surveys.check_answers", survey, _anchor=changed_row(definition))


def after_page_url(survey: Survey, definition: SurveyDefinition, page_id: str, answers: Answers) -> str:
    """Where "Save and continue" leads: back to the changed row after a "Change"; on to the next page missing a
    required answer after a refused Send; else the next page, or check answers after the last."""
    if request.args.get("change"):
        return check_answers_url(survey, definition)
    if request.args.get("incomplete"):
        missing = missing_required(definition, answers)
        if missing:
            return survey_url("surveys.answer_page", survey, page_id=definition.page_id_of(missing[0]), incomplete=1)
        return survey_url("surveys.check_answers", survey)
    following = next_page_id(definition, page_id, answers)
    if following is None:
        return survey_url("surveys.check_answers", survey)
    return survey_url("surveys.answer_page", survey, page_id=following)


def missing_answers(definition: SurveyDefinition, page_id: str, answers: Answers) -> PageResult | None:
    """After a Send refused for missing answers: the page's stored answers checked as if saved, so the page shows a
    GOV.UK error summary and inline errors for what is still needed (None when nothing on it is missing)."""
    result = read_page(definition, page_id, page_values(definition, page_id, answers), answers)
    return None if result.ok else result


def closed_page(survey: Survey, phase: str) -> tuple[str, int]:
    return render_template("surveys/survey_closed.html", survey=survey, phase=phase), 403


def sent_page(survey: Survey) -> tuple[str, int]:
    return render_template("surveys/response_sent.html", survey=survey), 409


def invite_required_page(survey: Survey) -> tuple[str, int]:
    return render_template("surveys/invite_required.html", survey=survey), 403


def document_response(document: ConsultationDocument) -> FlaskResponse:
    """Serve an uploaded document as a download with its checked type, never as a page the browser renders."""
    response = FlaskResponse(document.content, mimetype=document.content_type)
    filename = secure_filename(document.filename) or "document.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
