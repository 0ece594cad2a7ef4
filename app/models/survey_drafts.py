"""Unpublished changes to a survey that respondents can already reach (issue 17 item 8).

Once a survey's consultation is published, or anyone has answered it, a builder change no longer touches the
version respondents answer: it is kept here, one draft per survey shared by every officer, until an officer previews
it and publishes it (or discards it). Respondents never read this table.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime, utcnow


class SurveyDraft(db.Model):
    __tablename__ = "survey_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), unique=True)
    base_version_id: Mapped[int] = mapped_column(ForeignKey("survey_versions.id"))
    """The version the draft was started from: publishing is refused if another version went live since (an
    import), so the draft cannot silently undo it."""
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    """A complete definition the survey engine has accepted, as plain data."""
    created_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
