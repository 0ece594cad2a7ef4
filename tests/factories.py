"""Small factories for integration tests; each flushes and commits so views in the test see the rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import session as flask_session
from flask.testing import FlaskClient
from flask_login import login_user

from app.analysis.codebooks import ensure_codebook
from app.auth.services import create_user
from app.extensions import db
from app.models import Consultation, ConsultationStatus, Role, School, Survey, User
from app.models.types import utcnow
from app.surveys.definitions_service import create_survey
from app.surveys.engine import load_definition
from tests.pages import post

FIXTURES = Path(__file__).parent / "fixtures"
ROOT_DIR = Path(__file__).parent.parent
PASSWORD = "correct-horse-battery"


def make_consultation(
    slug: str = "safety-2026", *, phase: str = "open", status: ConsultationStatus = ConsultationStatus.PUBLISHED
) -> Consultation:
    now = utcnow()
    opens, closes = {
        "open": (now - timedelta(days=1), now + timedelta(days=30)),
        "upcoming": (now + timedelta(days=3), now + timedelta(days=30)),
        "closed": (now - timedelta(days=30), now - timedelta(days=1)),
    }[phase]
    consultation = Consultation(
        slug=slug,
        title=f"Consultation {slug}",
        summary="What we propose.",
        open_at_utc=opens,
        close_at_utc=closes,
        status=status,
    )
    db.session.add(consultation)
    db.session.flush()
    ensure_codebook(consultation)  # as the officers' create_consultation does
    db.session.commit()
    return consultation


def add_survey(consultation: Consultation, fixture: str = "mini_survey.yaml") -> Survey:
    definition = load_definition((FIXTURES / fixture).read_text(), "yaml")
    survey = create_survey(consultation, definition)
    db.session.commit()
    return survey


def make_user(role: Role = Role.OFFICER, email: str | None = None, school: School | None = None) -> User:
    if role in (Role.TEACHER, Role.DSL) and school is None:
        school = School(name=f"School {utcnow().timestamp()}")
        db.session.add(school)
    user = create_user(email or f"{role.value}@example.org", f"A {role.value}", PASSWORD, role, school)
    db.session.commit()
    return user


def sign_in(client: FlaskClient, user: User) -> None:
    """Start a staff session for ``user`` in ``client`` with ``login_user``, without the sign-in form.

    The form costs a page load and an Argon2 check (about 0.3 s) per call; tests that are not about signing in only
    need the session it leaves. Like the sign-in view, this replaces the whole session with Flask-Login's keys (the id
    carries the user's current session version, ``User.get_id``) and the absolute and idle timestamps
    ``app.common.security`` enforces. Tests of the sign-in form itself use ``sign_in_with_form``."""
    current = db.session.get(User, user.id, populate_existing=True)
    assert current is not None and current.is_active_account, f"{user.email} cannot sign in"
    with client.application.test_request_context(environ_base=client.environ_base):
        assert login_user(current)
        now = datetime.now(UTC).timestamp()
        signed_in = {**flask_session, "signed_in_at": now, "seen_at": now}
    with client.session_transaction() as session:
        session.clear()
        session.update(signed_in)


def sign_in_with_form(client: FlaskClient, user: User, password: str = PASSWORD) -> None:
    """Sign in through the staff sign-in form, for tests of what the form does (audit, lockout, session renewal)."""
    page = post(client, "/staff/sign-in", {"email": user.email, "password": password})
    assert page.status == 302, page.text
