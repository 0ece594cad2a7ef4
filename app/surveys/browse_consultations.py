"""Public pages anyone can read: the consultation hub, a consultation's page and documents, privacy and
accessibility."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from app.common.access import public
from app.models.types import utcnow
from app.surveys import consultations
from app.surveys.views_support import (
    document_response,
)


@public
def list_consultations() -> ResponseReturnValue:
    return render_template("surveys/list_consultations.html", hub=consultations.list_hub(utcnow()))


@public
def show_privacy() -> ResponseReturnValue:
    return render_template("surveys/show_privacy.html")


@public
def show_accessibility() -> ResponseReturnValue:
    return render_template("surveys/show_accessibility.html")


@public
def show_consultation(slug: str) -> ResponseReturnValue:
    consultation = consultations.get_public_consultation(slug)
    return render_template(
        "surveys/show_consultation.html", consultation=consultation, phase=consultation.phase(utcnow()).value
    )


@public
def download_document(slug: str, document_id: int) -> ResponseReturnValue:
    consultation = consultations.get_public_consultation(slug)
    return document_response(consultations.get_document(consultation, document_id))
