"""A populated partnership for the security sweeps: the demo consultation (surveys, documents, milestones, 120
responses with coded comments, an invited organisation, Demo Academy with its teacher, DSL and a reviewer), plus an
open class session, a safeguarding flag, an adult-contact request and an organisation contact, so that the URL of
every route can name a row that exists and a request that got past a protection would really change something."""

from __future__ import annotations

from dataclasses import dataclass

from flask.testing import FlaskClient
from sqlalchemy import select

from app.demo import DEMO_SLUG, seed
from app.extensions import db
from app.models import (
    AdultContactRequest,
    Answer,
    CodebookTheme,
    Consultation,
    ConsultationDocument,
    ImportBatch,
    Invite,
    Milestone,
    Organisation,
    OutboxMessage,
    Response,
    Role,
    School,
    SurveyAudience,
    SurveyPage,
    SurveyQuestion,
    User,
)
from app.models.contacts import OrganisationContact
from app.models.types import utcnow
from app.schools.demo import DEMO_SCHOOL
from tests.factories import make_user, sign_in
from tests.integration.safeguarding.helpers import make_flag
from tests.integration.schools.helpers import class_session
from tests.security.routes import url_of


@dataclass
class World:
    values: dict[str, str]
    """A real value for each path part (``consultation_id`` -> the demo consultation's id, and so on)."""
    users: dict[str, User]

    def url(self, rule) -> str:  # type: ignore[no-untyped-def]
        return url_of(rule, **self.values)

    def client_for(self, client: FlaskClient, role: str) -> FlaskClient:
        sign_in(client, self.users[role])
        return client


def _first(column) -> str:  # type: ignore[no-untyped-def]
    value = db.session.scalar(select(column).order_by(column))
    return "" if value is None else str(value)


def build_world() -> World:
    seed()
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == DEMO_SLUG))
    school = db.session.scalar(select(School).where(School.name == DEMO_SCHOOL))
    teacher = make_user(Role.TEACHER, "world-teacher@example.org", school)
    pupil_survey = next(s for s in consultation.surveys if s.audience == SurveyAudience.SCHOOLS)
    session = class_session(teacher, pupil_survey)
    flag = make_flag("He hits me when I get home")
    flag.class_session_id = session.id
    db.session.add(AdultContactRequest(class_session_id=session.id, requested_on=utcnow().date()))
    organisation = db.session.scalar(select(Organisation).order_by(Organisation.id))
    db.session.add(
        OrganisationContact(
            organisation_id=organisation.id, name="Pat Contact", email="pat@example.org", role="Inspector"
        )
    )
    db.session.commit()
    survey = next(s for s in consultation.surveys if s.audience == SurveyAudience.PUBLIC)
    version_id = survey.current_version.id
    page = db.session.scalar(
        select(SurveyPage).where(SurveyPage.survey_version_id == version_id).order_by(SurveyPage.position)
    )
    question = db.session.scalar(
        select(SurveyQuestion).where(SurveyQuestion.page_id == page.id).order_by(SurveyQuestion.position)
    )
    values = {
        "consultation_id": str(consultation.id),
        "slug": consultation.slug,
        "survey_id": str(survey.id),
        "survey_slug": survey.slug,
        "number": str(survey.current_version.number),
        "page_id": page.key,
        "question_id": question.key,
        "target_id": page.key,
        "source_id": question.key,
        "school_id": str(school.id),
        "session_id": str(session.id),
        "flag_id": str(flag.id),
        "user_id": _first(User.id),
        "document_id": _first(ConsultationDocument.id),
        "milestone_id": _first(Milestone.id),
        "organisation_id": str(organisation.id),
        "contact_id": _first(OrganisationContact.id),
        "invite_id": _first(Invite.id),
        "response_id": _first(Response.id),
        "answer_id": _first(Answer.id),
        "batch_id": _first(ImportBatch.id),
        "message_id": _first(OutboxMessage.id),
        "request_id": _first(AdultContactRequest.id),
        "key": db.session.scalar(
            select(CodebookTheme.key)
            .where(CodebookTheme.consultation_id == consultation.id)
            .order_by(CodebookTheme.position, CodebookTheme.id)
        )
        or "x",
    }
    users = {
        "officer": make_user(Role.OFFICER, "world-officer@example.org"),
        "admin": make_user(Role.ADMIN, "world-admin@example.org"),
        "teacher": teacher,
        "reviewer": make_user(Role.REVIEWER, "world-reviewer@example.org"),
        "dsl": make_user(Role.DSL, "world-dsl@example.org", school),
    }
    return World({name: value for name, value in values.items() if value}, users)
