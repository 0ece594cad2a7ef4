"""How precisely a time linked to a pupil's answers is stored.

Pupils are anonymous, but the adults in the room know who pressed Send, and when. An exact time on a row linked to a
pupil's response (the response itself, a safeguarding flag, an audit event or an email about it) could be matched
to the pupil who was seen finishing at that moment. So writers of such rows store ``pupil_day`` (00:00 Europe/London
of that day, as UTC): "this class, this day" is the finest the database knows. Safeguarding flags and their DSL alert
time store ``pupil_hour`` instead, because the reviewer queue and the escalation of an unacknowledged urgent alert
count time within the day; an hour is about one lesson, so it still points at no one pupil in the class.

Where the writers are many, the rule is applied where the row is written: ``record_event`` stamps events about a
pupil's response or flag with the day, and the outbox rows of ``PUPIL_LINKED_MAIL`` get their times cut to the day as
they are flushed (while a message still waits for delivery, its next-attempt time stays exact, so retries work).
Staff actions on these rows (a reviewer's decision, a DSL's acknowledgement) keep their exact time: it says when an
adult acted, not when a pupil wrote.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event
from sqlalchemy.orm import Mapper

from app.models import AdultContactRequest, PupilResponse, Response, ResponseChannel, SafeguardingFlag
from app.models.mail import OutboxMessage
from app.models.types import utcnow

LONDON = ZoneInfo("Europe/London")
PUPIL_LINKED_MAIL = frozenset({"safeguarding", "safeguarding_escalation", "adult_contact"})
"""Outbox categories sent because of something a pupil wrote or asked for."""


def pupil_day(moment: datetime) -> datetime:
    """The start of ``moment``'s day in London, as an aware UTC datetime."""
    day = moment.astimezone(LONDON).date()
    return datetime.combine(day, time.min, tzinfo=LONDON).astimezone(UTC)


def pupil_hour(moment: datetime) -> datetime:
    """The start of ``moment``'s hour, as an aware UTC datetime (London is a whole number of hours from UTC)."""
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def is_pupil_linked(obj: Any) -> bool:
    """Whether a row is a pupil's response or points at one (a flag, an adult-contact request)."""
    if isinstance(obj, Response):
        return obj.channel == ResponseChannel.SCHOOL
    return isinstance(obj, SafeguardingFlag | AdultContactRequest | PupilResponse)


def _outbox_times(mapper: Mapper[Any], _connection: Any, message: OutboxMessage) -> None:
    """Cut a pupil-linked message's times to the day; its delivery bookkeeping too, once it has been sent."""
    if message.category not in PUPIL_LINKED_MAIL:
        return
    delivered = message.sent_at_utc is not None
    for column in mapper.column_attrs:
        key = column.key
        if not key.endswith("_at_utc") or not (delivered or key == "created_at_utc"):
            continue
        value = getattr(message, key) or (utcnow() if key == "created_at_utc" else None)
        if value is not None:
            setattr(message, key, pupil_day(value))


event.listen(OutboxMessage, "before_insert", _outbox_times)
event.listen(OutboxMessage, "before_update", _outbox_times)
