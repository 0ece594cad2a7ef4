"""Class and school results hold: nothing while a session is open, nothing for a class under 10, complementary
suppression inside a table, and no school figure minus the class figures shown beside it is a group of 1 to 9."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import PupilResponse, Response, ResponseStatus
from tests.factories import make_consultation, sign_in
from tests.integration.schools.helpers import class_session, pupil_answers, pupil_survey, teacher_of
from tests.integration.schools.summary_helpers import (
    all_results,
    close,
    close_consultation,
    pupils_counted,
    results_table,
    sent_pupils,
)
from tests.pages import Page, get, post

NOT_SHOWN = "not shown"
AT_SCHOOL, JOURNEY = "At school", "On the way to and from school"
WHO_TELL = "If you or a friend had a worry, who would you tell?"


def _sent(session_id: int) -> int:
    return db.session.scalar(
        select(func.count(Response.id))
        .join(PupilResponse)
        .where(PupilResponse.class_session_id == session_id, Response.status == ResponseStatus.SUBMITTED)
    )


def _small(text: str) -> bool:
    return text.isdigit() and 0 < int(text) < 10


def _shows_no_results(page: Page) -> None:
    assert page.status == 200
    assert page.soup.select("table.sv-results-table") == []
    assert pupils_counted(page) is None


def test_class_results_stay_hidden_while_open_after_every_pupil_and_show_once_closed(
    client: FlaskClient, web_app
) -> None:  # type: ignore[no-untyped-def]
    teacher = teacher_of()
    session = class_session(teacher, pupil_survey())
    sign_in(client, teacher)
    for number in range(12):
        pupil_answers(
            web_app.test_client(), session.join_code, safe_at_school="very_safe" if number < 11 else "very_unsafe"
        )
        _shows_no_results(get(client, f"/schools/sessions/{session.id}/summary"))
        _shows_no_results(get(client, f"/schools/{session.school_id}/summary"))
    assert _sent(session.id) == 12
    page = get(client, f"/schools/sessions/{session.id}/summary")
    assert page.soup.select_one("[data-suppressed]")["data-suppressed"] == "open"
    assert "Results appear when the session has closed" in page.text
    assert (
        post(client, f"/schools/sessions/{session.id}/close", {}, form_url=f"/schools/sessions/{session.id}").status
        == 302
    )
    page = get(client, f"/schools/sessions/{session.id}/summary")
    assert pupils_counted(page) == 12
    assert results_table(page, JOURNEY)["Did not answer"] == "12"
    assert set(results_table(page, AT_SCHOOL).values()) == {NOT_SHOWN}
    school = get(client, f"/schools/{session.school_id}/summary")
    _shows_no_results(school)
    assert school.soup.select_one("[data-suppressed]")["data-suppressed"] == "waiting"


def test_a_class_with_nine_sent_is_never_shown_nor_counted_in_its_school(client: FlaskClient) -> None:
    consultation = make_consultation("schools-2026")
    teacher = teacher_of()
    survey = pupil_survey(consultation)
    large, small = class_session(teacher, survey), class_session(teacher, survey, year_group="Year 9")
    sent_pupils(large, 12, school="very_safe")
    sent_pupils(small, 9, school="very_unsafe")
    close(large, small)
    close_consultation(consultation)
    sign_in(client, teacher)
    school = get(client, f"/schools/{teacher.school_id}/summary")
    assert pupils_counted(school) == 12
    assert results_table(school, AT_SCHOOL)["Very unsafe"] == "0"
    assert results_table(school, AT_SCHOOL)["Very safe"] == "12"
    page = get(client, f"/schools/sessions/{small.id}/summary")
    _shows_no_results(page)
    assert "Fewer than 10 pupils sent answers" in page.text
    assert page.soup.select_one("[data-suppressed]")["data-suppressed"] == "too_few"
    assert (_sent(large.id), _sent(small.id)) == (12, 9)


def test_one_small_cell_in_a_table_also_hides_a_second_so_no_zero_or_total_reveals_it(client: FlaskClient) -> None:
    teacher = teacher_of()
    session = class_session(teacher, pupil_survey())
    sent_pupils(session, 12, school="very_safe")
    sent_pupils(session, 10, school="a_bit_safe")
    sent_pupils(session, 2, school="very_unsafe")
    close(session)
    sign_in(client, teacher)
    page = get(client, f"/schools/sessions/{session.id}/summary")
    cells = results_table(page, AT_SCHOOL)
    assert cells["Very safe"] == "12"
    assert (cells["A bit safe"], cells["Very unsafe"], cells["Not sure"]) == (NOT_SHOWN, NOT_SHOWN, NOT_SHOWN)
    assert cells["Did not answer"] == NOT_SHOWN
    total = pupils_counted(page)
    shown = [int(text) for text in cells.values() if text != NOT_SHOWN]
    assert total == 24 and total - sum(shown) >= 10 and list(cells.values()).count(NOT_SHOWN) >= 2
    table = page.soup.select_one("table[data-question='feel_safe_places'][data-row='school']")
    for row in table.select("tr[data-suppressed]"):
        assert row.select_one("progress") is None and "%" not in row.get_text()
    assert set(results_table(page, JOURNEY).items()) == {
        ("Very safe", "0"),
        ("A bit safe", "0"),
        ("Not sure", "0"),
        ("A bit unsafe", "0"),
        ("Very unsafe", "0"),
        ("I don't go there", "0"),
        ("I'd rather not say", "0"),
        ("Did not answer", "24"),
    }
    for table_cells in all_results(page).values():
        assert not any(_small(text) for text in table_cells.values())


def test_school_figures_minus_the_class_figures_shown_never_recover_a_hidden_count(client: FlaskClient) -> None:
    consultation = make_consultation("schools-2026")
    teacher = teacher_of()
    survey = pupil_survey(consultation)
    first, second = class_session(teacher, survey), class_session(teacher, survey, year_group="Year 9")
    sent_pupils(first, 10, school="very_safe", who_tell=("friend",))
    sent_pupils(first, 3, school="very_unsafe", who_tell=("friend", "police"))
    sent_pupils(second, 2, school="very_safe", who_tell=("friend",))
    sent_pupils(second, 10, school="very_unsafe", who_tell=("police",))
    close(first, second)
    sign_in(client, teacher)
    _shows_no_results(get(client, f"/schools/{teacher.school_id}/summary"))
    close_consultation(consultation)
    classes = [all_results(get(client, f"/schools/sessions/{s.id}/summary")) for s in (first, second)]
    school = get(client, f"/schools/{teacher.school_id}/summary")
    assert pupils_counted(school) == 25
    for caption, cells in all_results(school).items():
        for answer, text in cells.items():
            if not text.isdigit():
                continue
            assert not _small(text), (caption, answer)
            below = [int(c[caption][answer]) for c in classes if c[caption][answer].isdigit()]
            assert not 0 < int(text) - sum(below) < 10, (caption, answer, text, below)
            assert not any(0 < int(text) - one_class < 10 for one_class in below), (caption, answer, text, below)
    assert results_table(school, WHO_TELL)["A friend"] == NOT_SHOWN
    assert [row.get_text(" ", strip=True) for row in school.soup.select("[data-year-groups] tbody tr")] == [
        "Year 8 13",
        "Year 9 12",
    ]
    assert db.session.scalar(select(func.count(Response.id)).where(Response.status == ResponseStatus.SUBMITTED)) == 25
