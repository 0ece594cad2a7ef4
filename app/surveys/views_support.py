"""Small helpers the survey views share: a question page's context, the journey step's destinations as URLs,
and safe responses."""

from __future__ import annotations

from typing import Any

from flask import Response as FlaskResponse
from flask import render_template, request, url_for
from werkzeug.utils import secure_filename

from app.models import ConsultationDocument, ResponseStatus, Survey
from app.surveys.engine import Answers, SurveyDefinition, previous_page_id, progress, visible_questions
from app.surveys.journey_step import Destination, Navigation, PageView, resume_destination
from app.surveys.messages import Wording, worded, wording_for
from app.surveys.responses import Draft


def page_context(
    survey: Survey,
    definition: SurveyDefinition,
    page_id: str,
    answers: Answers,
    view: PageView,
    wording: Wording | None = None,
) -> dict[str, Any]:
    """What a question page template needs (page N of M, back link, values, errors); errors are worded for the
    survey's audience unless `wording` is given (pupils read a schools survey's errors in their own words)."""
    page, values, result = definition.page(page_id), view.values, view.result
    number, total = progress(definition, page_id, answers)
    wording = wording or wording_for(survey.audience)
    errors = []
    if result is not None:
        errors = [
            {"text": text, "href": f"#{result.error_anchors.get(qid, qid)}"}
            for qid, text in worded(result.errors, wording).items()
        ]
    return {
        "survey": survey,
        "definition": definition,
        "page": page,
        "page_number": number,
        "page_count": total,
        "questions": visible_questions(definition, page, {**answers, **(result.answers if result else {})}),
        "values": values,
        "field_errors": worded(result.field_errors, wording) if result else {},
        "errors": errors,
        "previous_page": previous_page_id(definition, page_id, answers),
        "changing": bool(request.args.get("change")),
        "incomplete": bool(request.args.get("incomplete")),
    }


def survey_url(endpoint: str, survey: Survey, **values: Any) -> str:
    return url_for(endpoint, slug=survey.consultation.slug, survey_slug=survey.slug, **values)


def navigation() -> Navigation:
    """How the respondent reached a question page, from its query string (``?change=<question>``, ``?incomplete=1``)."""
    return Navigation(change=request.args.get("change") or None, incomplete=bool(request.args.get("incomplete")))


def destination_url(destination: Destination, page_endpoint: str, check_endpoint: str, **values: Any) -> str:
    """The journey step's destination as a URL of the calling journey (its question page and check-answers page)."""
    if destination.is_check_answers:
        return url_for(check_endpoint, _anchor=destination.anchor, **values)
    return url_for(
        page_endpoint, page_id=destination.page_id, incomplete=1 if destination.incomplete else None, **values
    )


def survey_destination_url(survey: Survey, destination: Destination) -> str:
    return destination_url(
        destination,
        "surveys.answer_page",
        "surveys.check_answers",
        slug=survey.consultation.slug,
        survey_slug=survey.slug,
    )


def continue_url(survey: Survey, draft: Draft) -> str:
    """Where "Continue your response" and a resume link lead (``journey_step.resume_destination``)."""
    sent = draft.response.status == ResponseStatus.SUBMITTED
    return survey_destination_url(survey, resume_destination(draft.definition, draft.answers, sent=sent))


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
