"""What happens around a consultation: its timeline of milestones ("what happens next") and the published
"We asked, you said, we did" results."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime, utcnow


class Milestone(db.Model):
    """One step of the strategy process, e.g. "Risk Board signs off the final draft"; a timeline lists them by date
    (``position``, the order added, only breaks ties on the same day)."""

    __tablename__ = "milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    due_on: Mapped[date] = mapped_column(Date)
    label: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    created_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def due_text(self) -> str:
        return f"{self.due_on.day} {self.due_on:%B %Y}"


class ConsultationResults(db.Model):
    """The feedback officers write after the close date; residents see it once the consultation's results are
    published."""

    __tablename__ = "consultation_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), unique=True)
    we_asked: Mapped[str] = mapped_column(Text, default="")
    you_said: Mapped[str] = mapped_column(Text, default="")
    we_did: Mapped[str] = mapped_column(Text, default="")
    updated_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

    @property
    def is_complete(self) -> bool:
        return all(text.strip() for text in (self.we_asked, self.you_said, self.we_did))
