"""School hours for escalation: only Monday to Friday, 08:00 to 17:00 in London, count towards an alert's allowance."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.safeguarding.escalation import school_time_between

LONDON = ZoneInfo("Europe/London")


def _at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (_at(2, 16, 30), _at(3, 9, 29), timedelta(hours=1, minutes=59)),
        (_at(2, 16, 30), _at(3, 9, 31), timedelta(hours=2, minutes=1)),
        (_at(6, 16), _at(9, 8, 59), timedelta(hours=1, minutes=59)),
        (_at(7, 9), _at(8, 17), timedelta(0)),
        (_at(2, 6), _at(2, 20), timedelta(hours=9)),
        (_at(2, 20), _at(3, 7), timedelta(0)),
        (_at(2, 10), _at(9, 10), timedelta(hours=45)),
        (_at(27, 16), _at(30, 9), timedelta(hours=2)),
        (_at(3, 10), _at(3, 9), timedelta(0)),
    ],
    ids=[
        "monday-late-to-tuesday-before",
        "monday-late-to-tuesday-after",
        "friday-to-monday",
        "weekend",
        "a-whole-school-day",
        "overnight",
        "a-week",
        "across-the-clocks-going-forward",
        "end-before-start",
    ],
)
def test_school_time_counts_only_weekday_hours_in_london(start: datetime, end: datetime, expected: timedelta) -> None:
    assert school_time_between(start, end) == expected


def test_school_time_reads_utc_instants_in_london_time() -> None:
    start = datetime(2026, 6, 1, 7, 0, tzinfo=ZoneInfo("UTC"))
    assert school_time_between(start, start + timedelta(hours=1)) == timedelta(hours=1)
    assert school_time_between(start - timedelta(hours=1), start) == timedelta(0)
