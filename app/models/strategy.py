"""Strategy traceability and the report an officer hands to the Risk Board: the draft strategy's priorities, the
"You said, we did" actions, which theme bears on which priority and action, the quotes an officer pins to a theme
and the executive summary they write. Together they let the published results page and the themed summary report
show priority -> what people said -> what changes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime, utcnow


class StrategyPriority(db.Model):
    """A priority of the draft strategy. ``rating_key`` is the grid row (and ranking option) that asks people to
    rate it, e.g. ``serious_violence``, so the report can show how each audience rated it; empty when no question
    does."""

    __tablename__ = "strategy_priorities"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    label: Mapped[str] = mapped_column(String(200))
    rating_key: Mapped[str] = mapped_column(String(64), default="")


class ResultAction(db.Model):
    """One "You said, we did" line: what people said and what the partnership changes, under a priority (or none,
    for a change that is not about one)."""

    __tablename__ = "result_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    priority_id: Mapped[int | None] = mapped_column(
        ForeignKey("strategy_priorities.id", ondelete="SET NULL"), default=None
    )
    position: Mapped[int] = mapped_column(default=0)
    you_said: Mapped[str] = mapped_column(Text, default="")
    we_did: Mapped[str] = mapped_column(Text, default="")


class ThemeLink(db.Model):
    """Which priority a theme bears on and which action answers it. A theme has at most one of each, so a
    finding is never counted under two priorities."""

    __tablename__ = "theme_links"

    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True)
    theme_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    priority_id: Mapped[int | None] = mapped_column(
        ForeignKey("strategy_priorities.id", ondelete="SET NULL"), default=None
    )
    action_id: Mapped[int | None] = mapped_column(ForeignKey("result_actions.id", ondelete="SET NULL"), default=None)


class PinnedQuote(db.Model):
    """A coded answer an officer chose to quote under a theme. One answer is pinned to one theme at most, so the
    report never repeats a quote across themes."""

    __tablename__ = "pinned_quotes"
    __table_args__ = (UniqueConstraint("consultation_id", "answer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    theme_key: Mapped[str] = mapped_column(String(64))
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"))
    pinned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    pinned_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ReportSummary(db.Model):
    """The executive summary the officer drafts from the suggested key findings; the report prints it as saved."""

    __tablename__ = "report_summaries"

    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    updated_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
