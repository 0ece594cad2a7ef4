"""A record of each CSV file of responses imported into a survey, so the same file cannot be imported twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime, utcnow


class ImportBatch(db.Model):
    """``content_hash`` fingerprints the file's parsed rows (``app.stakeholders.imports.row_fingerprint``), so a file
    saved again with other line endings or quoting is the same file; batches from before hold a hash of the text."""

    __tablename__ = "import_batches"
    __table_args__ = (UniqueConstraint("survey_id", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"), index=True)
    survey_version_id: Mapped[int] = mapped_column(ForeignKey("survey_versions.id"))
    content_hash: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(200))
    row_count: Mapped[int]
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    imported_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
