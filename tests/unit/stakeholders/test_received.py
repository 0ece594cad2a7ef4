"""The received date of a paper, email or imported response: read as an officer writes it, refused when it cannot be
right for the consultation, stored as noon in London so it stays on that day."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.stakeholders.received import ReceivedDateError, parse_day, received_at_utc, received_day

OPENED = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
CLOSED = datetime(2026, 5, 31, 22, 59, tzinfo=UTC)
NOW = datetime(2026, 4, 15, 8, 0, tzinfo=UTC)


def _day(text: str) -> date | None:
    return received_day(text, open_at_utc=OPENED, close_at_utc=CLOSED, now=NOW)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-30", date(2026, 3, 30)),
        ("30/03/2026", date(2026, 3, 30)),
        (" 1/4/2026 ", date(2026, 4, 1)),
        ("2026-02-30", None),
        ("30-03-2026", None),
        ("March 30", None),
        ("13/13/2026", None),
    ],
)
def test_parse_day_reads_iso_and_uk_dates_and_nothing_else(text: str, expected: date | None) -> None:
    assert parse_day(text) == expected


def test_a_blank_received_date_means_today() -> None:
    assert _day("  ") is None
    assert received_at_utc(None, NOW) == NOW


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("16/04/2026", "The date received, 16 April 2026, is in the future"),
        ("28/02/2026", "The date received, 28 February 2026, is before the consultation opened on 1 March 2026"),
        ("30/02/2026", "Enter the date received like 2024-11-30 or 30/11/2024, not '30/02/2026'"),
    ],
)
def test_a_received_date_that_cannot_be_right_is_refused_with_the_reason(text: str, message: str) -> None:
    with pytest.raises(ReceivedDateError) as error:
        _day(text)
    assert str(error.value) == message


def test_a_date_after_close_is_refused() -> None:
    with pytest.raises(ReceivedDateError, match="after the consultation closed on 31 May 2026"):
        received_day("2026-06-01", open_at_utc=OPENED, close_at_utc=CLOSED, now=datetime(2026, 6, 5, tzinfo=UTC))


def test_received_dates_are_stored_as_noon_in_london_or_now_if_that_is_earlier() -> None:
    assert received_at_utc(date(2026, 3, 2), NOW) == datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    assert received_at_utc(date(2026, 4, 2), NOW) == datetime(2026, 4, 2, 11, 0, tzinfo=UTC)
    assert received_at_utc(date(2026, 4, 15), NOW) == NOW
