"""The timeline of a consultation ("what happens next"), in the order officers set."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app.common.audit import record_event
from app.common.errors import NotFoundError
from app.extensions import db
from app.models import Consultation, Milestone, User


def list_milestones(consultation: Consultation) -> list[Milestone]:
    return list(db.session.scalars(select(Milestone).where(Milestone.consultation_id == consultation.id)
                                   .order_by(Milestone.position, Milestone.id)))


def get_milestone(consultation: Consultation, milestone_id: int) -> Milestone:
    milestone = db.session.scalar(select(Milestone).where(
        Milestone.id == milestone_id, Milestone.consultation_id == consultation.id))
    if milestone is None:
        raise NotFoundError(str(milestone_id))
    return milestone


def add_milestone(actor: User | None, consultation: Consultation, *, due_on: date, label: str,
                  description: str = "") -> Milestone:
    last = db.session.scalar(select(func.max(Milestone.position)).where(Milestone.consultation_id == consultation.id))
    milestone = Milestone(consultation_id=consultation.id, position=(last or 0) + 1, due_on=due_on,
                          label=label.strip(), description=description.strip())
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


def move_milestone(actor: User, consultation: Consultation, milestone: Milestone, direction: str) -> bool:
    """Swap with the neighbour above ("up") or below ("down"); returns False at either end of the list."""
    ordered = list_milestones(consultation)
    index = ordered.index(milestone)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered, start=1):
        item.position = position
    db.session.flush()
    record_event("milestone_moved", actor, milestone, consultation_id=consultation.id, direction=direction)
    return True
