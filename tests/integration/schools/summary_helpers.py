"""Arranging closed class sessions with many sent pupil responses quickly (through the responses service, as the
pupil journey stores them), and reading results tables back from a page."""

from __future__ import annotations

from datetime import timedelta

from bs4 import Tag

from app.extensions import db
from app.models import ClassSession, Consultation, PupilResponse, ResponseChannel
from app.models.types import utcnow
from app.schools import services
from app.surveys import responses
from app.surveys.engine import AnswerItem
from tests.pages import Page


def sent_pupils(
    session: ClassSession,
    count: int,
    *,
    school: str | None = "very_safe",
    who_tell: tuple[str, ...] = (),
    describe_you: str | None = None,
    one_thing: str | None = None,
    sent: bool = True,
) -> None:
    """``count`` pupils of ``session`` who gave the same answers (only those named) and sent them."""
    for _ in range(count):
        answers: dict[str, tuple[AnswerItem, ...]] = {}
        if school:
            answers["feel_safe_places"] = (AnswerItem("feel_safe_places", "school", school),)
        if who_tell:
            answers["who_tell"] = tuple(AnswerItem("who_tell", None, value) for value in who_tell)
        if describe_you:
            answers["describe_you"] = (AnswerItem("describe_you", None, describe_you),)
        if one_thing:
            answers["one_thing"] = (AnswerItem("one_thing", None, one_thing),)
        response = responses.start_draft(session.survey, channel=ResponseChannel.SCHOOL, now=utcnow())
        db.session.add(PupilResponse(response_id=response.id, class_session_id=session.id))
        draft = responses.save_answers(responses.load_draft(response), answers, utcnow())
        if sent:
            responses.submit(draft, utcnow())
    db.session.commit()


def close(*sessions: ClassSession) -> None:
    for session in sessions:
        services.close_session(session, None, utcnow())
    db.session.commit()


def close_consultation(consultation: Consultation) -> None:
    consultation.close_at_utc = utcnow() - timedelta(minutes=1)
    db.session.commit()


def pupils_counted(page: Page) -> int | None:
    """The number in "N pupils sent answers", if the page shows results."""
    for strong in page.soup.select("strong"):
        following = strong.next_sibling
        if isinstance(following, str) and following.startswith(" pupils sent answers"):
            return int(strong.get_text(strip=True))
    return None


def _caption(table: Tag) -> str:
    caption = table.caption
    assert caption is not None
    return "".join(caption.find_all(string=True, recursive=False)).strip()


def all_results(page: Page) -> dict[str, dict[str, str]]:
    """Every results table as {caption: {answer: what the Pupils column says}}; captions are a grid row's label or
    the question."""
    return {
        _caption(table): {
            tr.th.get_text(strip=True): tr.select("td")[0].get_text(strip=True) for tr in table.select("tbody tr")
        }
        for table in page.soup.select("table.sv-results-table")
    }


def results_table(page: Page, caption: str) -> dict[str, str]:
    tables = all_results(page)
    assert caption in tables, f"no table {caption!r} in {list(tables)}"
    return tables[caption]
