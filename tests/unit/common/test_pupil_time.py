"""Times linked to a pupil are cut to the start of the London day or of the hour; periods read in plain words."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.common.filters import period
from app.common.pupil_time import pupil_day, pupil_hour


@pytest.mark.parametrize(
    ("moment", "day_start"),
    [
        (datetime(2026, 1, 15, 10, 42, 13, 512, tzinfo=UTC), datetime(2026, 1, 15, 0, 0, tzinfo=UTC)),
        (datetime(2026, 7, 1, 10, 42, tzinfo=UTC), datetime(2026, 6, 30, 23, 0, tzinfo=UTC)),
        (datetime(2026, 7, 1, 23, 30, tzinfo=UTC), datetime(2026, 7, 1, 23, 0, tzinfo=UTC)),
    ],
)
def test_pupil_day_is_midnight_in_london_as_utc(moment: datetime, day_start: datetime) -> None:
    assert pupil_day(moment) == day_start


def test_pupil_hour_drops_minutes_seconds_and_microseconds() -> None:
    assert pupil_hour(datetime(2026, 7, 1, 10, 42, 13, 512, tzinfo=UTC)) == datetime(2026, 7, 1, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (365, "1 year"),
        (730, "2 years"),
        (90, "3 months"),
        (60, "2 months"),
        (30, "30 days"),
        (14, "2 weeks"),
        (1, "1 day"),
        (100, "100 days"),
    ],
)
def test_period_says_a_number_of_days_in_plain_words(days: int, words: str) -> None:
    assert period(days) == words
