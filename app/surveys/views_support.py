"""Small helpers the survey views share: building page context and safe responses."""

from __future__ import annotations

from typing import Any

from flask import Response as FlaskResponse
from flask import render_template, request
from werkzeug.utils import secure_filename

from app.models import ConsultationDocument, Survey
from app.surveys.engine import AnswerItem, PageResult, SurveyDefinition, previous_page_id, progress, visible_questions
from app.surveys.messages import Wording, worded, wording_for


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
