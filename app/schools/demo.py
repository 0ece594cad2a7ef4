"""The schools part of the demo: the pupil survey on the demo consultation, "Demo Academy" with a teacher and its
confirmed safeguarding lead (DSL), and a safeguarding reviewer, so `make run` shows the whole schools journey
(idempotent)."""

from __future__ import annotations

from pathlib import Path

from flask import current_app, url_for
from sqlalchemy import select

from app.auth.services import create_user, find_user_by_email
from app.extensions import db
from app.models import Consultation, Role, School, SurveyAudience
from app.surveys.definitions_service import create_survey
from app.surveys.engine import load_definition

PUPIL_DEFINITION = Path(__file__).parent.parent / "surveys" / "definitions" / "pupil.yaml"
DEMO_SCHOOL = "Demo Academy"
DEMO_TEACHER = ("teacher@example.org", "Demo Teacher", "demo-teacher-password")
DEMO_REVIEWER = ("reviewer@example.org", "Demo Reviewer", "demo-reviewer-password")
DEMO_DSL = ("dsl@demo-academy.example.org", "Demo Safeguarding Lead", "demo-dsl-password")


def seed_schools(consultation: Consultation) -> list[str]:
    if not any(survey.audience == SurveyAudience.SCHOOLS for survey in consultation.surveys):
        create_survey(consultation, load_definition(PUPIL_DEFINITION.read_text(encoding="utf-8"), "yaml"))
    school = db.session.scalar(select(School).where(School.name == DEMO_SCHOOL))
    if school is None:
        school = School(name=DEMO_SCHOOL)
        db.session.add(school)
        db.session.flush()
    if find_user_by_email(DEMO_TEACHER[0]) is None:
        create_user(*DEMO_TEACHER, Role.TEACHER, school)
    if find_user_by_email(DEMO_REVIEWER[0]) is None:
        create_user(*DEMO_REVIEWER, Role.REVIEWER)
    if find_user_by_email(DEMO_DSL[0]) is None:
        create_user(*DEMO_DSL, Role.DSL, school)
    db.session.commit()
    base = current_app.config["BASE_URL"].rstrip("/")
    with current_app.test_request_context():
        sign_in_path, join_path = url_for("auth.sign_in"), url_for("pupils.join")
    return [
        f"Teacher sign in ({DEMO_SCHOOL}): {base}{sign_in_path}  email {DEMO_TEACHER[0]}  password {DEMO_TEACHER[2]}",
        f"Safeguarding reviewer sign in: {base}{sign_in_path}  email {DEMO_REVIEWER[0]}  password {DEMO_REVIEWER[2]}",
        f"{DEMO_SCHOOL}'s safeguarding lead (already confirmed; name this address when a session opens): "
        f"{base}{sign_in_path}  email {DEMO_DSL[0]}  password {DEMO_DSL[2]}",
        f"Pupils join a class session at: {base}{join_path}",
    ]
