"""Recording staff actions in the audit log. Callers pass identifiers and metadata, never answers or free text.

An event the platform records by itself about a pupil's response, a safeguarding flag or an adult-contact request
(no staff actor: the pupil's own action caused it) is stamped with the day only (``app.common.pupil_time``), so the
log cannot say which pupil it was by when it happened. Staff actions keep their exact time.
"""

from __future__ import annotations

from typing import Any

from app.common.pupil_time import is_pupil_linked, pupil_day
from app.extensions import db
from app.models import AuditEvent, User
from app.models.types import utcnow


def record_event(action: str, actor: User | None, obj: Any = None, **detail: Any) -> AuditEvent:
    now = utcnow()
    event = AuditEvent(
        at_utc=pupil_day(now) if actor is None and is_pupil_linked(obj) else now,
        actor_id=actor.id if actor is not None else None,
        action=action,
        object_type=type(obj).__name__ if obj is not None else None,
        object_id=getattr(obj, "id", None),
        detail=detail,
    )
    db.session.add(event)
    return event
