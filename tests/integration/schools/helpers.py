"""Arranging schools-module data and walking the pupil journey with the test client."""

from __future__ import annotations

from datetime import date

from flask.testing import FlaskClient

from app.auth.services import find_user_by_email
from app.extensions import db
from app.models import ClassSession, Consultation, Role, School, Survey, User
from app.models.types import utcnow
from app.schools import services
from app.schools.demo import PUPIL_DEFINITION
from app.surveys.definitions_service import create_survey
from app.surveys.engine import load_definition
from tests.factories import make_consultation, make_user
from tests.pages import Page, get, post

DSL_EMAIL = "dsl@school.example.org"


def pupil_survey(consultation: Consultation | None = None) -> Survey:
    consultation = consultation or make_consultation("schools-2026")
    survey = create_survey(consultation, load_definition(PUPIL_DEFINITION.read_text(encoding="utf-8"), "yaml"))
    db.session.commit()
    return survey


def teacher_of(school_name: str = "Oakgrove School", email: str | None = None) -> User:
    school = School(name=school_name)
    db.session.add(school)
    db.session.flush()
    return make_user(Role.TEACHER, email or f"teacher@{school_name.split()[0].lower()}.example.org", school)


def confirmed_dsl(school: School, email: str = DSL_EMAIL) -> User:
    """The school's safeguarding lead with a confirmed address (as if they had followed the emailed link)."""
    return find_user_by_email(email) or make_user(Role.DSL, email, school)


def class_session(teacher: User, survey: Survey, *, opened: bool = True, year_group: str = "Year 8") -> ClassSession:
    now = utcnow()
    session = services.create_session(teacher, survey.id, year_group, date.today(), now)
    if opened:
        confirmed_dsl(teacher.school)
        services.open_session(
            session,
            teacher,
            now,
            dsl_name="Dee Lead",
            dsl_email=DSL_EMAIL,
            dsl_informed=True,
            parents_notified=True,
            alternative_ready=True,
        )
    db.session.commit()
    return session


def join(client: FlaskClient, code: str) -> Page:
    return post(client, "/join", {"code": code})


def take_part(client: FlaskClient, code: str) -> None:
    assert join(client, code).status == 302
    assert post(client, "/join/take-part", {"answer": "yes"}).status == 302


def answer(client: FlaskClient, page_id: str, data: dict[str, str | list[str]]) -> Page:
    return post(client, f"/join/questions/{page_id}", data)


def send(client: FlaskClient) -> Page:
    return post(client, "/join/submit", {}, form_url="/join/check-answers")


def pupil_answers(client: FlaskClient, code: str, one_thing: str = "", safe_at_school: str = "very_safe") -> None:
    """A whole pupil: join, say yes, answer two pages, send."""
    take_part(client, code)
    assert answer(client, "feeling-safe", {"feel_safe_places-school": safe_at_school}).status == 302
    if one_thing:
        assert answer(client, "one-thing", {"one_thing": one_thing}).status == 302
    assert send(client).status == 302
    assert get(client, "/join/thank-you").status == 200
