"""The timeline of a consultation ("what happens next"), in date order.

A step dated on the consultation's closing day is taken to be the closing itself ("Consultation closes"), so closing
early or extending moves it with the closing date: the timeline never says the consultation closes on a day it did
not."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select

from app.common.audit import record_event
from app.common.errors import NotFoundError
from app.common.filters import LONDON
from app.extensions import db
from app.models import Consultation, Milestone, User


def list_milestones(consultation: Consultation) -> list[Milestone]:
    return list(
        db.session.scalars(
            select(Milestone)
            .where(Milestone.consultation_id == consultation.id)
            .order_by(Milestone.due_on, Milestone.position, Milestone.id)
        )
    )


def get_milestone(consultation: Consultation, milestone_id: int) -> Milestone:
    milestone = db.session.scalar(
        select(Milestone).where(Milestone.id == milestone_id, Milestone.consultation_id == consultation.id)
    )
    if milestone is None:
        raise NotFoundError(str(milestone_id))
    return milestone


def add_milestone(
    actor: User | None, consultation: Consultation, *, due_on: date, label: str, description: str = ""
) -> Milestone:
    last = db.session.scalar(select(func.max(Milestone.position)).where(Milestone.consultation_id == consultation.id))
    milestone = Milestone(
        consultation_id=consultation.id,
        position=(last or 0) + 1,
        due_on=due_on,
        label=label.strip(),
        description=description.strip(),
    )
    db.session.add(milestone)
    db.session.flush()
    record_event("milestone_added", actor, milestone, consultation_id=consultation.id)
    return milestone


def update_milestone(actor: User, milestone: Milestone, *, due_on: date, label: str, description: str) -> None:
    milestone.due_on, milestone.label, milestone.description = due_on, label.strip(), description.strip()
    db.session.flush()
    record_event("milestone_updated", actor, milestone, consultation_id=milestone.consultation_id)


def remove_milestone(actor: User, milestone: Milestone) -> None:
    record_event("milestone_removed", actor, milestone, consultation_id=milestone.consultation_id)
    db.session.delete(milestone)
    db.session.flush()


def follow_closing_date(consultation: Consultation, previous_close_at_utc: datetime) -> list[int]:
    """Move the steps dated on the old closing day to the new one; returns their ids for the audit log."""
    old_day, new_day = (
        moment.astimezone(LONDON).date() for moment in (previous_close_at_utc, consultation.close_at_utc)
    )
    moved = [milestone for milestone in list_milestones(consultation) if milestone.due_on == old_day]
    for milestone in moved:
        milestone.due_on = new_day
    db.session.flush()
    return [milestone.id for milestone in moved]
