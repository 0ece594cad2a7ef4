"""Background jobs (exports, recomputations): their progress lives here so it survives a page reload and is the
same whichever worker (RQ or the local thread) runs the job."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime, enum_column, utcnow


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Job(db.Model):
    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultations.id"), default=None, index=True)
    status: Mapped[JobStatus] = mapped_column(enum_column(JobStatus), default=JobStatus.QUEUED)
    progress: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    message: Mapped[str] = mapped_column(String(300), default="")
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result_path: Mapped[str | None] = mapped_column(String(300), default=None)
    result_filename: Mapped[str | None] = mapped_column(String(200), default=None)
    result_content_type: Mapped[str | None] = mapped_column(String(100), default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    created_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    finished_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(100 * self.progress / self.total) if self.total else 0
