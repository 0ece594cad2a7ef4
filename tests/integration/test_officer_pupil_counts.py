"""Officers never see a live or small count of pupils. On the consultations list, a class session's page and the
survey builder, a pupil survey's responses are counted only from released class sessions (closed, with at least 10
sent), so the figures an officer sees do not move as each pupil presses Send and never show a class of 1 to 9."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import ClassSession, PupilResponse, Role, Survey, User
from tests.factories import make_user, sign_in
from tests.integration.safeguarding.helpers import make_flag
from tests.integration.schools.helpers import class_session, pupil_survey, teacher_of
from tests.integration.schools.summary_helpers import close, sent_pupils
from tests.pages import Page, get


def _pupil_cell(page: Page, survey: Survey) -> tuple[str, str]:
    cell = page.soup.select_one(f'td[data-survey="{survey.slug}"]')
    return cell.find_previous_sibling("td").get_text(" ", strip=True), cell.get_text(strip=True)


def _session_rows(page: Page) -> dict[str, str]:
    return {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(" ", strip=True)
        for row in page.soup.select(".govuk-summary-list__row")
    }


def _officer(client: FlaskClient) -> None:
    sign_in(client, make_user(Role.OFFICER, "officer@example.org"))


def test_consultations_list_counts_pupils_only_from_released_classes(client: FlaskClient) -> None:
    survey = pupil_survey()
    teacher = teacher_of()
    big, small = class_session(teacher, survey), class_session(teacher, survey, year_group="Year 9")
    _officer(client)
    seen = []
    for _ in range(3):
        sent_pupils(big, 1)
        seen.append(_pupil_cell(get(client, "/officers/consultations"), survey))
    assert len(set(seen)) == 1
    assert seen[0][1] == "0" and seen[0][0].startswith("None counted yet")
    sent_pupils(big, 9)
    sent_pupils(small, 7)
    close(small)
    assert _pupil_cell(get(client, "/officers/consultations"), survey) == seen[0]
    close(big)
    page = get(client, "/officers/consultations")
    assert _pupil_cell(page, survey)[1] == "12" and _pupil_cell(page, survey)[0].startswith("School: 12")
    assert "12 responses sent" in page.text
    assert re.search(r"\b19\b", _without_dates_and_times(page.text)) is None  # 12 + the small class's 7


def _without_dates_and_times(text: str) -> str:
    """The page shows the consultation's dates ("2 January 2027 at 8:19pm"), which may hold any number."""
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    return re.sub(rf"\d{{1,2}}:\d{{2}}(?:am|pm)|\d{{1,2}} (?:{months})", "", text)


def _closed_with(survey: Survey, teacher: User, year_group: str, pupils: int) -> ClassSession:
    session = class_session(teacher, survey, year_group=year_group)
    sent_pupils(session, pupils)
    close(session)
    return session


def test_an_officer_sees_a_sessions_count_only_once_it_is_released(client: FlaskClient) -> None:
    survey = pupil_survey()
    teacher = teacher_of()
    open_session = class_session(teacher, survey)
    sent_pupils(open_session, 4)
    small, big = _closed_with(survey, teacher, "Year 9", 7), _closed_with(survey, teacher, "Year 10", 12)
    _officer(client)
    assert (
        _session_rows(get(client, f"/schools/sessions/{open_session.id}"))["Pupils who sent answers"]
        == "Not shown while the session is open"
    )
    small_page = get(client, f"/schools/sessions/{small.id}")
    assert _session_rows(small_page)["Pupils who sent answers"] == "Fewer than 10 (not shown)"
    assert "Pupils who finished" not in small_page.text and "Pupils who joined" not in small_page.text
    assert _session_rows(get(client, f"/schools/sessions/{big.id}"))["Pupils who sent answers"] == "12"


def test_the_teacher_still_sees_how_many_of_their_class_finished(client: FlaskClient) -> None:
    survey = pupil_survey()
    session = class_session(teacher_of("Ashfield School"), survey)
    sent_pupils(session, 4)
    sign_in(client, session.teacher)
    assert _session_rows(get(client, f"/schools/sessions/{session.id}"))["Pupils who finished"] == "4"


def test_the_survey_builder_does_not_count_pupils(client: FlaskClient) -> None:
    survey = pupil_survey()
    session = class_session(teacher_of(), survey)
    sent_pupils(session, 3)
    sent_pupils(session, 2, sent=False)
    _officer(client)
    page = get(client, f"/officers/surveys/{survey.id}")
    assert (
        page.soup.select_one("#version-responses").get_text(" ", strip=True)
        == "For schools respondents · version 1 · responses to this version"
    )
    versions = get(client, f"/officers/surveys/{survey.id}/versions")
    assert versions.soup.select_one('td[data-version="1"]').get_text(strip=True) == "Yes"


def _dashboard_facts(client: FlaskClient, survey: Survey) -> dict[str, str]:
    page = get(client, f"/officers/reports/{survey.consultation_id}")
    return {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(" ", strip=True)
        for row in page.soup.select("#facts .govuk-summary-list__row")
    }


def _held_answer(session: ClassSession) -> None:
    """One more pupil of ``session`` sent answers and the screen held back what they wrote."""
    sent_pupils(session, 1)
    response_id = db.session.scalars(
        select(PupilResponse.response_id)
        .where(PupilResponse.class_session_id == session.id)
        .order_by(PupilResponse.response_id.desc())
    ).first()
    flag = make_flag("my stepdad hits me", "urgent")
    flag.class_session_id, flag.response_id = session.id, response_id
    db.session.commit()


def test_the_dashboard_counts_held_back_pupil_answers_only_from_released_classes(client: FlaskClient) -> None:
    survey = pupil_survey()
    session = class_session(teacher_of(), survey)
    sent_pupils(session, 3)
    _officer(client)
    before = _dashboard_facts(client, survey)
    _held_answer(session)
    assert _dashboard_facts(client, survey) == before
    assert before["Held back by the safeguarding screen"].startswith("0 pupil answers")
    sent_pupils(session, 6)
    close(session)
    assert _dashboard_facts(client, survey)["Held back by the safeguarding screen"].startswith("fewer than 10")
