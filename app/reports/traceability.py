"""Strategy traceability: the draft strategy's priorities, the "You said, we did" actions, and which priority and
action each theme bears on, so the results page and the report read priority -> what people said -> what changes.

Services flush and never commit; the view commits once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.analysis.codebooks import labels
from app.common.audit import record_event
from app.common.errors import DomainError, NotFoundError
from app.common.filters import normalise_text
from app.extensions import db
from app.models import Consultation, ReportSummary, ResultAction, StrategyPriority, ThemeLink, User
from app.reports import aggregates
from app.surveys.definitions_service import definition_of


class TraceabilityError(DomainError):
    pass


@dataclass(frozen=True)
class RatingRow:
    """A grid row that asks people to rate something, offered as the question that rates a priority."""

    key: str
    label: str


def list_priorities(consultation: Consultation) -> list[StrategyPriority]:
    return list(
        db.session.scalars(
            select(StrategyPriority)
            .where(StrategyPriority.consultation_id == consultation.id)
            .order_by(StrategyPriority.position, StrategyPriority.id)
        )
    )


def list_actions(consultation: Consultation) -> list[ResultAction]:
    return list(
        db.session.scalars(
            select(ResultAction)
            .where(ResultAction.consultation_id == consultation.id)
            .order_by(ResultAction.position, ResultAction.id)
        )
    )


def theme_links(consultation: Consultation) -> dict[str, ThemeLink]:
    rows = db.session.scalars(
        select(ThemeLink).where(ThemeLink.consultation_id == consultation.id).order_by(ThemeLink.theme_key)
    )
    return {link.theme_key: link for link in rows}


def rating_rows(consultation: Consultation) -> list[RatingRow]:
    """Every grid row of the consultation's surveys, once per key, in survey order: what a priority can be rated by."""
    seen: dict[str, str] = {}
    for survey in aggregates.surveys_of(consultation):
        for question in definition_of(survey.current_version).questions:
            for row in question.rows:
                seen.setdefault(row.value, row.label)
    return [RatingRow(key, label) for key, label in seen.items()]


def get_priority(consultation: Consultation, priority_id: int) -> StrategyPriority:
    priority = db.session.get(StrategyPriority, priority_id)
    if priority is None or priority.consultation_id != consultation.id:
        raise NotFoundError(f"priority {priority_id}")
    return priority


def get_action(consultation: Consultation, action_id: int) -> ResultAction:
    action = db.session.get(ResultAction, action_id)
    if action is None or action.consultation_id != consultation.id:
        raise NotFoundError(f"action {action_id}")
    return action


def _checked_rating_key(consultation: Consultation, rating_key: str) -> str:
    if rating_key and rating_key not in {row.key for row in rating_rows(consultation)}:
        raise TraceabilityError("Select a question row from the list, or 'Not rated in the surveys'")
    return rating_key


def save_priority(
    actor: User | None, consultation: Consultation, priority: StrategyPriority | None, *, label: str, rating_key: str
) -> StrategyPriority:
    rating_key = _checked_rating_key(consultation, rating_key)
    if priority is None:
        position = max((p.position for p in list_priorities(consultation)), default=0) + 1
        priority = StrategyPriority(consultation_id=consultation.id, position=position)
        db.session.add(priority)
    priority.label, priority.rating_key = label.strip(), rating_key
    db.session.flush()
    record_event("priority_saved", actor, priority, consultation_id=consultation.id)
    return priority


def remove_priority(actor: User, priority: StrategyPriority) -> None:
    """Themes and actions under it stay, unlinked (the foreign keys set them to none)."""
    record_event("priority_removed", actor, priority, consultation_id=priority.consultation_id)
    for row in (
        *db.session.scalars(select(ThemeLink).where(ThemeLink.priority_id == priority.id)),
        *db.session.scalars(select(ResultAction).where(ResultAction.priority_id == priority.id)),
    ):
        row.priority_id = None
    db.session.delete(priority)
    db.session.flush()


def save_action(
    actor: User,
    consultation: Consultation,
    action: ResultAction | None,
    *,
    priority_id: int | None,
    you_said: str,
    we_did: str,
) -> ResultAction:
    if priority_id is not None:
        get_priority(consultation, priority_id)
    if action is None:
        position = max((a.position for a in list_actions(consultation)), default=0) + 1
        action = ResultAction(consultation_id=consultation.id, position=position)
        db.session.add(action)
    action.priority_id, action.you_said, action.we_did = priority_id, normalise_text(you_said), normalise_text(we_did)
    db.session.flush()
    record_event("action_saved", actor, action, consultation_id=consultation.id)
    return action


def remove_action(actor: User, action: ResultAction) -> None:
    record_event("action_removed", actor, action, consultation_id=action.consultation_id)
    for link in db.session.scalars(select(ThemeLink).where(ThemeLink.action_id == action.id)):
        link.action_id = None
    db.session.delete(action)
    db.session.flush()


def link_theme(
    actor: User | None, consultation: Consultation, theme_key: str, *, priority_id: int | None, action_id: int | None
) -> ThemeLink:
    if priority_id is not None:
        get_priority(consultation, priority_id)
    if action_id is not None:
        get_action(consultation, action_id)
    link = db.session.get(ThemeLink, (consultation.id, theme_key))
    if link is None:
        link = ThemeLink(consultation_id=consultation.id, theme_key=theme_key)
        db.session.add(link)
    link.priority_id, link.action_id = priority_id, action_id
    db.session.flush()
    record_event("theme_linked", actor, consultation, theme=theme_key, priority_id=priority_id, action_id=action_id)
    return link


def save_summary(actor: User, consultation: Consultation, text: str, now: datetime) -> ReportSummary:
    summary = db.session.get(ReportSummary, consultation.id)
    if summary is None:
        summary = ReportSummary(consultation_id=consultation.id)
        db.session.add(summary)
    summary.text, summary.updated_by_id, summary.updated_at_utc = normalise_text(text), actor.id, now
    db.session.flush()
    record_event("report_summary_saved", actor, consultation)
    return summary


@dataclass(frozen=True)
class TrailStep:
    """One priority on the published results page: the themes people raised about it and what changes."""

    priority: str
    themes: tuple[str, ...]
    actions: tuple[ResultAction, ...]


def results_trail(consultation: Consultation) -> list[TrailStep]:
    """Priority -> what people said -> what changes, for every priority with a linked theme or an action, then the
    actions under no priority. Theme names only: the public page shows no counts."""
    names = labels(consultation)
    links = list(theme_links(consultation).values())
    actions = list_actions(consultation)
    steps = [
        TrailStep(
            priority.label,
            tuple(names.get(link.theme_key, link.theme_key) for link in links if link.priority_id == priority.id),
            tuple(action for action in actions if action.priority_id == priority.id),
        )
        for priority in list_priorities(consultation)
    ]
    others = tuple(action for action in actions if action.priority_id is None)
    if others:
        steps.append(TrailStep("", (), others))
    return [step for step in steps if step.themes or step.actions]
