"""Looking a consultation up. ``get_`` raises ``NotFoundError``, which the one error handler turns into a 404 page."""

from __future__ import annotations

from app.common.errors import NotFoundError
from app.extensions import db
from app.models import Consultation


def get_consultation(consultation_id: int) -> Consultation:
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None:
        raise NotFoundError(f"consultation {consultation_id}")
    return consultation
