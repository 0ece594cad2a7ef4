"""Officers set up schools and teachers; teachers prepare, open, project and close sessions for their school only;
results are aggregates with small groups suppressed."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, ClassSession, ClassSessionStatus, Role, User
from app.models.types import utcnow
from app.schools import services, summaries
from tests.factories import make_user, sign_in, sign_in_with_form
from tests.integration.schools.helpers import (
    class_session,
    confirmed_dsl,
    pupil_answers,
    pupil_survey,
    teacher_of,
)
from tests.pages import get, post

CHECKLIST = {
    "dsl_name": "Dee Lead",
    "dsl_email": "dsl@oak.example.org",
    "dsl_informed": "y",
    "parents_notified": "y",
    "alternative_ready": "y",
}


def test_officer_adds_a_school_and_a_teacher_who_lands_on_their_sessions(client: FlaskClient) -> None:
    sign_in(client, make_user(Role.OFFICER))
    page = post(client, "/schools/new", {"name": "Oakgrove School"})
    assert page.status == 302
    school_url = page.response.location
    page = post(
        client, f"{school_url}/teachers/new", {"name": "Ann Teach", "email": "ann@oak.example.org", "password": "short"}
    )
    assert page.status == 400 and page.error_summary() == ["The password must be 12 characters or more"]
    page = post(
        client,
        f"{school_url}/teachers/new",
        {"name": "Ann Teach", "email": "a" * 250 + "@oak.example.org", "password": "a-long-enough-password"},
    )
    assert page.status == 400 and page.error_summary() == ["Email address must be 254 characters or less"]
    page = post(
        client,
        f"{school_url}/teachers/new",
        {"name": "Ann Teach", "email": "ann@oak.example.org", "password": "a-long-enough-password"},
    )
    assert page.status == 302
    teacher = db.session.scalar(select(User).where(User.email == "ann@oak.example.org"))
    assert teacher.role == Role.TEACHER and teacher.school.name == "Oakgrove School"
    assert "Ann Teach" in get(client, school_url).text
    assert {"school_created", "teacher_created"} <= set(db.session.scalars(select(AuditEvent.action)))
    client.post("/staff/sign-out", data={"csrf_token": get(client, "/staff/sign-out").csrf_token()})
    sign_in_with_form(client, teacher, "a-long-enough-password")
    assert client.get("/staff/").location.endswith("/schools/sessions")


def test_session_cannot_open_before_the_dsl_and_checklist(client: FlaskClient) -> None:
    survey, teacher = pupil_survey(), teacher_of()
    confirmed_dsl(teacher.school, CHECKLIST["dsl_email"])
    sign_in(client, teacher)
    page = post(
        client,
        "/schools/sessions/new",
        {"survey_id": survey.id, "year_group": "Year 8", "day": "3", "month": "12", "year": "2026"},
    )
    assert page.status == 302
    open_url = page.response.location
    page = post(client, open_url, {"dsl_name": "Dee Lead", "dsl_email": "dsl@oak.example.org", "dsl_informed": "y"})
    assert page.status == 400
    assert page.error_summary() == [
        "Parents and carers must be told first, with an opt-out",
        "Have an alternative activity ready",
    ]
    session = db.session.scalar(select(ClassSession))
    assert session.status == ClassSessionStatus.DRAFT and session.join_code is None
    page = post(client, open_url, CHECKLIST)
    assert page.status == 302 and page.response.location.endswith(f"/schools/sessions/{session.id}/projector")
    db.session.refresh(session)
    assert session.status == ClassSessionStatus.OPEN and re.fullmatch(r"[A-HJKMNP-Z2-9]{6}", session.join_code)
    assert session.dsl_email == "dsl@oak.example.org"


def test_service_refuses_to_open_without_checklist(clean_db: None) -> None:
    from app.models.types import utcnow
    from app.schools import services

    survey, teacher = pupil_survey(), teacher_of()
    session = class_session(teacher, survey, opened=False)
    with pytest.raises(services.ChecklistIncompleteError):
        services.open_session(
            session,
            teacher,
            utcnow(),
            dsl_name="Dee",
            dsl_email="d@x.org",
            dsl_informed=True,
            parents_notified=True,
            alternative_ready=False,
        )


def test_projector_shows_only_code_and_counts_which_move(client: FlaskClient, web_app) -> None:  # type: ignore[no-untyped-def]
    survey, teacher = pupil_survey(), teacher_of()
    session = class_session(teacher, survey)
    sign_in(client, teacher)
    page = get(client, f"/schools/sessions/{session.id}/projector")
    assert page.soup.select_one("#join-code").get_text(strip=True) == session.join_code
    assert page.soup.select_one("#joined-count").get_text() == "0"
    assert page.soup.select_one("header") is None and page.soup.select_one("footer") is None
    pupil = web_app.test_client()
    pupil_answers(pupil, session.join_code, one_thing="More youth clubs")
    assert client.get(f"/schools/sessions/{session.id}/counts").get_json() == {
        "joined": 1,
        "completed": 1,
        "open": True,
    }
    page = get(client, f"/schools/sessions/{session.id}/projector")
    assert page.soup.select_one("#completed-count").get_text() == "1"
    assert "More youth clubs" not in page.text


def test_teacher_closes_the_session_and_the_code_stops_working(client: FlaskClient, web_app) -> None:  # type: ignore[no-untyped-def]
    survey, teacher = pupil_survey(), teacher_of()
    session = class_session(teacher, survey)
    code = session.join_code
    sign_in(client, teacher)
    page = post(client, f"/schools/sessions/{session.id}/close", {}, form_url=f"/schools/sessions/{session.id}")
    assert page.status == 302
    assert post(web_app.test_client(), "/join", {"code": code}).status == 400
    assert "class_session_closed" in set(db.session.scalars(select(AuditEvent.action)))


@pytest.mark.parametrize("path", ["", "/open", "/projector", "/counts", "/summary"])
def test_teacher_of_another_school_gets_not_found(client: FlaskClient, path: str) -> None:
    survey = pupil_survey()
    session = class_session(teacher_of("Oakgrove School"), survey)
    sign_in(client, teacher_of("Birchwood School"))
    assert client.get(f"/schools/sessions/{session.id}{path}").status_code == 404


def test_teacher_of_another_school_cannot_close_or_see_school_results(client: FlaskClient) -> None:
    survey = pupil_survey()
    session = class_session(teacher_of("Oakgrove School"), survey)
    other = teacher_of("Birchwood School")
    sign_in(client, other)
    token = get(client, "/schools/sessions/new").csrf_token()
    assert client.post(f"/schools/sessions/{session.id}/close", data={"csrf_token": token}).status_code == 404
    assert client.get(f"/schools/{session.school_id}/summary").status_code == 404
    assert client.get(f"/schools/{other.school_id}/summary").status_code == 200
    db.session.refresh(session)
    assert session.status == ClassSessionStatus.OPEN
    assert session.id not in [s.id for s in get_sessions_listed(client)]


def get_sessions_listed(client: FlaskClient) -> list[ClassSession]:
    page = get(client, "/schools/sessions")
    ids = [int(a["href"].rsplit("/", 1)[1]) for a in page.soup.select("table a")]
    return [db.session.get(ClassSession, i) for i in ids]


@pytest.mark.parametrize(
    "role,path,status",
    [
        (None, "/schools/sessions", 302),
        (None, "/schools/", 302),
        (None, "/safeguarding/", 302),
        (Role.OFFICER, "/schools/sessions", 403),
        (Role.OFFICER, "/schools/sessions/new", 403),
        (Role.OFFICER, "/safeguarding/", 403),
        (Role.TEACHER, "/safeguarding/", 403),
        (Role.TEACHER, "/schools/", 403),
        (Role.TEACHER, "/schools/new", 403),
        (Role.REVIEWER, "/schools/sessions", 403),
        (Role.REVIEWER, "/schools/", 403),
        (Role.ADMIN, "/safeguarding/", 200),
        (Role.ADMIN, "/schools/", 200),
    ],
)
def test_role_permissions_on_teacher_officer_and_reviewer_pages(
    client: FlaskClient, role: Role | None, path: str, status: int
) -> None:
    if role is not None:
        sign_in(client, make_user(role))
    response = client.get(path)
    assert response.status_code == status
    if status == 302:
        assert "/staff/sign-in" in response.location


def test_officer_sees_session_results_but_cannot_run_it(client: FlaskClient) -> None:
    session = class_session(teacher_of(), pupil_survey())
    sign_in(client, make_user(Role.OFFICER))
    assert client.get(f"/schools/sessions/{session.id}").status_code == 200
    assert client.get(f"/schools/sessions/{session.id}/summary").status_code == 200
    assert client.get(f"/schools/sessions/{session.id}/projector").status_code == 403


def test_class_summary_suppresses_groups_under_ten(client: FlaskClient, web_app) -> None:  # type: ignore[no-untyped-def]
    survey, teacher = pupil_survey(), teacher_of()
    session = class_session(teacher, survey)
    for _ in range(3):
        pupil_answers(web_app.test_client(), session.join_code, one_thing="We need more lights by the lake")
    services.close_session(session, teacher, utcnow())
    db.session.commit()
    sign_in(client, teacher)
    page = get(client, f"/schools/sessions/{session.id}/summary")
    assert page.soup.select_one("[data-suppressed]")["data-suppressed"] == "too_few"
    assert "Fewer than 10 pupils sent answers" in page.text
    assert page.soup.select("table") == []
    assert "lights by the lake" not in page.text


def test_class_summary_shows_counts_and_hides_small_cells(client: FlaskClient, web_app) -> None:  # type: ignore[no-untyped-def]
    survey, teacher = pupil_survey(), teacher_of()
    session = class_session(teacher, survey)
    for number in range(12):
        pupil_answers(
            web_app.test_client(),
            session.join_code,
            one_thing=f"Comment {number}",
            safe_at_school="very_safe" if number < 10 else "very_unsafe",
        )
    services.close_session(session, teacher, utcnow())
    db.session.commit()
    sign_in(client, teacher)
    page = get(client, f"/schools/sessions/{session.id}/summary")
    table = next(t for t in page.soup.select("table") if "At school" in t.caption.get_text())
    cells = {row.th.get_text(strip=True): row.select("td")[0].get_text(strip=True) for row in table.select("tbody tr")}
    assert cells["Very unsafe"] == "not shown"
    assert cells["Very safe"] == cells["A bit safe"] == "not shown"
    journey = next(t for t in page.soup.select("table") if "On the way" in t.caption.get_text())
    assert {
        row.th.get_text(strip=True): row.select("td")[0].get_text(strip=True) for row in journey.select("tbody tr")
    }["Did not answer"] == "12"
    assert "Comment 3" not in page.text
    assert "12" in page.text
    summary = summaries.class_summary(session, utcnow())
    assert summary.responses == 12 and not summary.suppressed
    assert all(q.key not in ("describe_you", "one_thing") for q in summary.questions)
