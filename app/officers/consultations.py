"""Consultation management: creating and editing consultations and moving them through their lifecycle.

Every change takes the acting officer and is audit-logged; a state change also records the officer's reason.
Dates may be edited freely until a consultation opens; after that they change only through the actions here
(open early, extend, close now), so the audit log explains every move of the window.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.analysis.codebooks import ensure_codebook
from app.common.audit import record_event
from app.common.errors import DomainError, NotFoundError
from app.common.filters import normalise_text
from app.extensions import db
from app.models import Consultation, ConsultationPhase, ConsultationResults, ConsultationStatus, User
from app.officers.milestones import follow_closing_date
from app.surveys import invites

SLUG_LENGTH = 70


class ConsultationError(DomainError):
    """A change the consultation's state does not allow; ``field`` names the form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class StatusAction:
    slug: str
    title: str
    button: str
    description: str
    phases: tuple[ConsultationPhase, ...]
    done: str


ACTIONS: dict[str, StatusAction] = {
    action.slug: action
    for action in (
        StatusAction(
            "publish",
            "Publish the consultation",
            "Publish",
            "The consultation appears on the public hub. If its opening date is in the future it shows as "
            "coming soon and opens by itself on that date.",
            (ConsultationPhase.DRAFT,),
            "Consultation published",
        ),
        StatusAction(
            "open-early",
            "Open the consultation now",
            "Open now",
            "The consultation opens straight away instead of on its planned opening date.",
            (ConsultationPhase.UPCOMING,),
            "Consultation opened",
        ),
        StatusAction(
            "extend",
            "Extend the consultation",
            "Extend",
            "Set a later closing date. A closed consultation opens again until the new date.",
            (ConsultationPhase.UPCOMING, ConsultationPhase.OPEN, ConsultationPhase.CLOSED),
            "Closing date extended",
        ),
        StatusAction(
            "close",
            "Close the consultation now",
            "Close now",
            "The consultation stops taking responses straight away. Nobody can finish a response they started.",
            (ConsultationPhase.OPEN,),
            "Consultation closed",
        ),
        StatusAction(
            "publish-results",
            "Publish the results",
            "Publish results",
            "Your \u201cWe asked, you said, we did\u201d text appears on the public consultation page.",
            (ConsultationPhase.CLOSED,),
            "Results published",
        ),
    )
}


def slugify(title: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:SLUG_LENGTH].rstrip("-") or "consultation"


def _unique_slug(title: str) -> str:
    base = slugify(title)
    taken = set(db.session.scalars(select(Consultation.slug).where(Consultation.slug.like(f"{base}%"))))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def dates_editable(consultation: Consultation, now: datetime) -> bool:
    return consultation.phase(now) in (ConsultationPhase.DRAFT, ConsultationPhase.UPCOMING)


def create_consultation(
    actor: User, *, title: str, summary: str, open_at_utc: datetime, close_at_utc: datetime
) -> Consultation:
    _check_window(open_at_utc, close_at_utc)
    consultation = Consultation(
        slug=_unique_slug(title),
        title=title.strip(),
        summary=summary.strip(),
        open_at_utc=open_at_utc,
        close_at_utc=close_at_utc,
        status=ConsultationStatus.DRAFT,
    )
    db.session.add(consultation)
    db.session.flush()
    ensure_codebook(consultation)
    record_event("consultation_created", actor, consultation, slug=consultation.slug)
    return consultation


def update_consultation(
    actor: User,
    consultation: Consultation,
    now: datetime,
    *,
    title: str,
    summary: str,
    open_at_utc: datetime | None = None,
    close_at_utc: datetime | None = None,
) -> list[str]:
    """Change the details; returns the names of the fields that changed (and audits them)."""
    values: dict[str, object] = {"title": title.strip(), "summary": summary.strip()}
    if open_at_utc is not None and close_at_utc is not None:
        if not dates_editable(consultation, now):
            raise ConsultationError("The dates of an opened consultation change only by extending or closing it")
        _check_window(open_at_utc, close_at_utc)
        values.update(open_at_utc=open_at_utc, close_at_utc=close_at_utc)
    changed = [name for name, value in values.items() if getattr(consultation, name) != value]
    for name in changed:
        setattr(consultation, name, values[name])
    if changed:
        db.session.flush()
        record_event("consultation_updated", actor, consultation, fields=changed)
    return changed


def available_actions(consultation: Consultation, now: datetime) -> list[StatusAction]:
    phase = consultation.phase(now)
    return [action for action in ACTIONS.values() if phase in action.phases]


def get_action(consultation: Consultation, slug: str, now: datetime) -> StatusAction:
    action = ACTIONS.get(slug)
    if action is None:
        raise NotFoundError(slug)
    if consultation.phase(now) not in action.phases:
        raise ConsultationError(f"You cannot do this while the consultation is {_phase_words(consultation, now)}")
    return action


def change_status(
    actor: User,
    consultation: Consultation,
    slug: str,
    now: datetime,
    *,
    reason: str,
    new_close_at_utc: datetime | None = None,
) -> StatusAction:
    action = get_action(consultation, slug, now)
    detail = _STATUS_CHANGES[slug](consultation, now, new_close_at_utc)
    db.session.flush()
    record_event(f"consultation_{slug.replace('-', '_')}", actor, consultation, reason=reason.strip(), **detail)
    return action


def _publish(consultation: Consultation, now: datetime, _new_close: datetime | None) -> dict[str, object]:
    if consultation.close_at_utc <= now:
        raise ConsultationError("The closing date has passed. Change the dates before you publish")
    consultation.status = ConsultationStatus.PUBLISHED
    return {"scheduled": consultation.open_at_utc > now}


def _open_early(consultation: Consultation, now: datetime, _new_close: datetime | None) -> dict[str, object]:
    previous = consultation.open_at_utc
    consultation.open_at_utc = now
    return {"previous_open_at_utc": previous.isoformat()}


def _extend(consultation: Consultation, now: datetime, new_close: datetime | None) -> dict[str, object]:
    if new_close is None:
        raise ConsultationError("Enter the new closing date", "close_day")
    if new_close <= consultation.close_at_utc:
        raise ConsultationError("The new closing date must be after the current closing date", "close_day")
    if new_close <= now:
        raise ConsultationError("The new closing date must be in the future", "close_day")
    previous = consultation.close_at_utc
    consultation.close_at_utc = new_close
    return {
        "previous_close_at_utc": previous.isoformat(),
        "close_at_utc": new_close.isoformat(),
        **_follow_closing_date(consultation, previous),
    }


def _close(consultation: Consultation, now: datetime, _new_close: datetime | None) -> dict[str, object]:
    previous = consultation.close_at_utc
    consultation.close_at_utc = now
    return {"previous_close_at_utc": previous.isoformat(), **_follow_closing_date(consultation, previous)}


def _follow_closing_date(consultation: Consultation, previous: datetime) -> dict[str, object]:
    """The timeline's closing step and the stakeholders' invite links move with the closing date."""
    return {
        "milestones_moved": follow_closing_date(consultation, previous),
        "invites_moved": invites.follow_closing_date(consultation.id, previous, consultation.close_at_utc),
    }


def _publish_results(consultation: Consultation, now: datetime, _new_close: datetime | None) -> dict[str, object]:
    results: ConsultationResults | None = consultation.results
    if results is None or not results.is_complete:
        raise ConsultationError("Write all three parts of \u201cWe asked, you said, we did\u201d before you publish")
    consultation.status = ConsultationStatus.RESULTS_PUBLISHED
    results.published_at_utc = now
    return {}


_STATUS_CHANGES = {
    "publish": _publish,
    "open-early": _open_early,
    "extend": _extend,
    "close": _close,
    "publish-results": _publish_results,
}


def _check_window(open_at_utc: datetime, close_at_utc: datetime) -> None:
    if close_at_utc <= open_at_utc:
        raise ConsultationError("The closing date must be after the opening date", "close_day")


PHASE_WORDS = {
    ConsultationPhase.DRAFT: "a draft",
    ConsultationPhase.UPCOMING: "scheduled",
    ConsultationPhase.OPEN: "open",
    ConsultationPhase.CLOSED: "closed",
    ConsultationPhase.RESULTS_PUBLISHED: "closed with results published",
}


def _phase_words(consultation: Consultation, now: datetime) -> str:
    return PHASE_WORDS[consultation.phase(now)]


def save_results(
    actor: User, consultation: Consultation, now: datetime, *, we_asked: str, you_said: str, we_did: str
) -> ConsultationResults:
    """Save the "We asked, you said, we did" text; once published, a change shows on the public page at once."""
    results = consultation.results
    if results is None:
        results = ConsultationResults(consultation_id=consultation.id)
        db.session.add(results)
        consultation.results = results
    results.we_asked, results.you_said, results.we_did = (normalise_text(text) for text in (we_asked, you_said, we_did))
    results.updated_at_utc = now
    db.session.flush()
    record_event("results_saved", actor, consultation, published=results.published_at_utc is not None)
    return results
