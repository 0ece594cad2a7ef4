"""Reading the date and time officers type (day, month, year and a time, in Europe/London) into UTC.

GOV.UK date inputs give three boxes; the time is one box that accepts what people usually write: "09:00", "9:30",
"17.30", "9am", "5:30pm", "midday" or "midnight". Errors are sentences ready to show in the error summary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
_TIME = re.compile(r"^(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<half>am|pm)?$")


class DateEntryError(ValueError):
    """The message says what to fix, e.g. "Close date must include a month"."""


@dataclass(frozen=True)
class DateParts:
    day: str
    month: str
    year: str


def parse_date(parts: DateParts, name: str) -> date:
    values = {"day": parts.day.strip(), "month": parts.month.strip(), "year": parts.year.strip()}
    missing = [key for key, value in values.items() if not value]
    if len(missing) == 3:
        raise DateEntryError(f"Enter the {name.lower()}")
    if missing:
        raise DateEntryError(f"{name} must include a {' and '.join(missing)}")
    if not all(value.isdigit() for value in values.values()):
        raise DateEntryError(f"{name} must be a real date")
    if len(values["year"]) != 4:
        raise DateEntryError("Year must include 4 numbers")
    try:
        return date(int(values["year"]), int(values["month"]), int(values["day"]))
    except ValueError as error:
        raise DateEntryError(f"{name} must be a real date") from error


def parse_time(text: str, name: str) -> time:
    cleaned = text.strip().lower().replace(" ", "")
    if not cleaned:
        raise DateEntryError(f"Enter the {name.lower()}")
    if cleaned in ("midday", "noon", "12noon"):
        return time(12, 0)
    if cleaned == "midnight":
        return time(0, 0)
    match = _TIME.match(cleaned)
    if match is None:
        raise DateEntryError(f"{name} must be a real time, like 09:00 or 5:30pm")
    hour, minute, half = int(match["hour"]), int(match["minute"] or 0), match["half"]
    if half:
        if not 1 <= hour <= 12:
            raise DateEntryError(f"{name} must be a real time, like 09:00 or 5:30pm")
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise DateEntryError(f"{name} must be a real time, like 09:00 or 5:30pm")
    return time(hour, minute)


def london_to_utc(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=LONDON).astimezone(UTC)


def utc_to_parts(value: datetime) -> tuple[DateParts, str]:
    """Split a stored UTC time back into the boxes an officer sees when editing."""
    local = value.astimezone(LONDON)
    return DateParts(str(local.day), str(local.month), str(local.year)), local.strftime("%H:%M")
