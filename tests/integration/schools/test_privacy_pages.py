"""The pupils' "What happens to your answers" page and the adult privacy notice give every retention period, in
plain words, from the configured values."""

from __future__ import annotations

import pytest
import textstat
from flask import Flask
from flask.testing import FlaskClient

from tests.pages import Page, get

MAX_GRADE = 5.0


def _retention(page: Page) -> list[str]:
    section = page.soup.select_one("#retention")
    assert section is not None, "the page has no retention section"
    return [item.get_text(" ", strip=True) for item in section.select("li")]


def test_pupils_are_told_how_long_answers_worries_and_requests_are_kept(
    client: FlaskClient, web_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(web_app.config, "PUPIL_RESPONSE_RETENTION_DAYS", 730)
    monkeypatch.setitem(web_app.config, "SAFEGUARDING_RETENTION_DAYS", 60)
    items = _retention(get(client, "/join/your-answers"))
    assert items == [
        "We keep your answers for 2 years after the survey ends for all schools. Then we delete them.",
        "If what you write worries us, an adult whose job is to keep children safe reads it. "
        "We delete it 2 months after they read it.",
        "If you ask to talk to an adult, we delete that 2 months later.",
    ]
    assert [item for item in items if textstat.flesch_kincaid_grade(item) > MAX_GRADE] == []


def test_the_privacy_notice_gives_every_retention_period(
    client: FlaskClient, web_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, days in (
        ("PUPIL_RESPONSE_RETENTION_DAYS", 365),
        ("SAFEGUARDING_RETENTION_DAYS", 90),
        ("DSL_CONTACT_RETENTION_DAYS", 28),
        ("DRAFT_RETENTION_DAYS", 30),
        ("CONTACT_RETENTION_DAYS", 730),
        ("OUTBOX_RETENTION_DAYS", 120),
    ):
        monkeypatch.setitem(web_app.config, key, days)
    text = " ".join(_retention(get(client, "/privacy")))
    for words in (
        "deleted 1 year after the consultation closes",
        "deleted 3 months after the reviewer's decision",
        "removed 4 weeks after the session ends",
        "deleted 30 days after the consultation closes",
        "deleted 2 years after the latest consultation closes",
        "deleted after 4 months",
        "not deleted automatically",
    ):
        assert words in text
