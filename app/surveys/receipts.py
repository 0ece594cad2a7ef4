"""Receipts for residents and invited organisations: a copy of their answers once sent, their private link when
they save.

The address is never stored with the response, nor is the fact that a receipt was asked for: it lives only in the
outbox row carrying the email, which retention deletes (``OUTBOX_RETENTION_DAYS``), so a response with a receipt is
as anonymous in the data as one without. Pupils never get one: no pupil's words go into an email.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from app.common.filters import london
from app.common.mail import send_email
from app.extensions import db
from app.models import Response, ResponseStatus, Survey, SurveyAudience
from app.surveys.engine import summary_rows
from app.surveys.responses import Draft, load_draft

ANSWERS_CATEGORY = "respondent_answers"
LINK_CATEGORY = "respondent_resume_link"


class PupilReceiptError(ValueError):
    """A receipt was asked for a schools survey: pupils' answers are never emailed."""


def send_answers_copy(survey: Survey, reference: str, email: str) -> None:
    """Email a copy of the sent response with this reference; nothing when it is not a sent response of the survey."""
    _refuse_pupils(survey)
    response = db.session.scalar(
        select(Response).where(Response.reference == reference, Response.status == ResponseStatus.SUBMITTED)
    )
    if response is None or response.consultation_id != survey.consultation_id:
        return
    consultation = survey.consultation
    send_email(
        email,
        f"Your response to {consultation.title}",
        answers_copy(survey, load_draft(response)),
        category=ANSWERS_CATEGORY,
    )


def answers_copy(survey: Survey, draft: Draft) -> str:
    """The email's text: the reference, then every question seen with its answer, page by page, as on the check
    answers page."""
    consultation = survey.consultation
    parts = [
        f"Thank you for your response to {consultation.title}.",
        f"Your reference number is {draft.response.reference}.",
        "Here is a copy of your answers.",
    ]
    page_id = None
    for row in summary_rows(draft.definition, draft.answers):
        if row.page_id != page_id:
            page_id = row.page_id
            parts.append(draft.definition.page(page_id).title.upper())
        parts.append("\n".join([row.question.label, *(f"  {line}" for line in row.lines)]))
    parts.append(
        f"The consultation closes on {london(consultation.close_at_utc)}. The partnership will publish "
        "what it heard and what it will do on the consultation page."
    )
    return "\n\n".join([*parts, _signature()])


def send_resume_link(survey: Survey, email: str, link: str) -> None:
    """Email the private link a respondent was just given for carrying on later."""
    _refuse_pupils(survey)
    consultation = survey.consultation
    body = "\n\n".join(
        [
            f"You saved your answers to {survey.title} ({consultation.title}).",
            f"To carry on with your response, use this private link:\n{link}",
            "Anyone with the link can see and change your answers, so do not forward this email.",
            f"You must send your response before the consultation closes on {london(consultation.close_at_utc)}. "
            "The link stops working once you have sent it, or if you save your answers again (you get a new link).",
            _signature(),
        ]
    )
    send_email(email, f"Your link to carry on: {consultation.title}", body, category=LINK_CATEGORY)


def _refuse_pupils(survey: Survey) -> None:
    if survey.audience == SurveyAudience.SCHOOLS:
        raise PupilReceiptError("Pupils' answers are never emailed")


def _signature() -> str:
    return f"Thank you,\n{current_app.config['PARTNERSHIP_NAME']} Community Safety Partnership"
