"""The date a paper, email or imported response was received, which is its date in every "over time" figure.

Pure: no Flask, no database. An officer keying in a pile of paper forms a week after they arrived, or importing a
spreadsheet at the end of the consultation, would otherwise date every response to the moment of entry, and
"responses over time" would be one bar. The received date is stored as the response's ``submitted_at_utc``: noon
in London on that day (so it falls on the same London day whatever the clock change), or the moment of entry if
that is earlier (a response received today is never dated in the future). When the response was entered stays in
``created_at_utc`` and in the audit log.

Used by the CSV import (``app.stakeholders.imports``) and by paper and email keying.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from app.common.errors import DomainError
from app.common.filters import LONDON
from app.stakeholders.csv_format import ISO_DATE, UK_DATE

COLUMN = "date_received"
"""The import template's column; blank means the response was received on the day it is imported."""
HINT = "A date, like 2024-11-30 or 30/11/2024"
NOON = time(12, 0)


class ReceivedDateError(DomainError):
    """A received date that cannot be used; the message says what to enter instead."""


def parse_day(text: str) -> date | None:
    """A date written as YYYY-MM-DD or DD/MM/YYYY (what spreadsheets and officers write), or None if it is neither
    or is not a real day."""
    text = text.strip()
    iso, uk = ISO_DATE.match(text), UK_DATE.match(text)
    if iso:
        year, month, day = iso.groups()
    elif uk:
        day, month, year = uk.groups()
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def received_day(text: str, *, open_at_utc: datetime, close_at_utc: datetime, now: datetime) -> date | None:
    """The received date in ``text``, checked against the consultation's window; None when blank (received today).

    A response cannot have arrived before the consultation opened, after it closed, or in the future: each is a
    typing slip (day and month swapped, a wrong year) that would put the response in the wrong week."""
    if not text.strip():
        return None
    day = parse_day(text)
    if day is None:
        raise ReceivedDateError(f"Enter the date received like 2024-11-30 or 30/11/2024, not '{text.strip()[:20]}'")
    opened, closed, today = (_london_day(moment) for moment in (open_at_utc, close_at_utc, now))
    if day > today:
        raise ReceivedDateError(f"The date received, {_spoken(day)}, is in the future")
    if day < opened:
        raise ReceivedDateError(
            f"The date received, {_spoken(day)}, is before the consultation opened on {_spoken(opened)}"
        )
    if day > closed:
        raise ReceivedDateError(
            f"The date received, {_spoken(day)}, is after the consultation closed on {_spoken(closed)}"
        )
    return day


def received_at_utc(day: date | None, now: datetime) -> datetime:
    """The moment to store for a response received on ``day`` (None: today, so ``now``)."""
    if day is None:
        return now
    noon = datetime.combine(day, NOON, tzinfo=LONDON).astimezone(UTC)
    return min(noon, now)


def _london_day(moment: datetime) -> date:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(LONDON).date()


def _spoken(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
