"""A school's safeguarding lead confirms their address once, by an emailed link that also sets up their account, before
any session naming them can open; forged, expired and used links are refused and change nothing."""

from __future__ import annotations

import re
import time

import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, ClassSession, ClassSessionStatus, DslConfirmation, OutboxMessage, Role, User
from app.models.types import utcnow
from app.safeguarding import dsl
from app.schools import services
from tests.factories import make_user, sign_in, sign_in_with_form
from tests.integration.schools.helpers import class_session, confirmed_dsl, pupil_survey, teacher_of
from tests.pages import Page, get, post

NEW_DSL = "dee.lead@oak.example.org"
CHECKLIST = {
    "dsl_name": "Dee Lead",
    "dsl_email": NEW_DSL,
    "dsl_informed": "y",
    "parents_notified": "y",
    "alternative_ready": "y",
}
PASSWORD = "dee-leads-own-password"


def _open_url(session: ClassSession) -> str:
    return f"/schools/sessions/{session.id}/open"


def _confirmation_mail() -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.category == "dsl_confirmation").order_by(OutboxMessage.id)
        )
    )


def _link_path(message: OutboxMessage) -> str:
    url = re.search(r"https?://\S+/safeguarding-lead/confirm/\S+", message.body)
    assert url is not None, message.body
    return "/" + url.group(0).split("/", 3)[3]


def _confirm(client: FlaskClient, path: str, **fields: str) -> Page:
    return post(client, path, {"name": "Dee Lead", "password": PASSWORD, "password_again": PASSWORD, **fields})


def _user_count() -> int:
    return db.session.scalar(select(func.count(User.id))) or 0


def test_session_cannot_open_until_the_named_dsl_confirms_and_then_it_opens(
    client: FlaskClient, web_app: Flask
) -> None:
    teacher = teacher_of()
    session = class_session(teacher, pupil_survey(), opened=False)
    sign_in(client, teacher)
    page = post(client, _open_url(session), CHECKLIST)
    assert page.status == 400
    assert page.error_summary() == [
        f"Dee Lead must confirm their email address before this session can open. We emailed a link to {NEW_DSL}: "
        "ask them to click the link in their email, then open the session again."
    ]
    db.session.refresh(session)
    assert session.status == ClassSessionStatus.DRAFT and session.join_code is None
    assert session.dsl_email == NEW_DSL
    [message] = _confirmation_mail()
    assert message.to_address == NEW_DSL and teacher.school.name in message.subject

    again = post(client, _open_url(session), CHECKLIST)
    assert again.status == 400 and len(_confirmation_mail()) == 1
    assert "click the link in their email" in again.soup.select_one("#dsl-pending").get_text(" ", strip=True)
    resent = post(
        client,
        f"/schools/sessions/{session.id}/dsl-confirmation",
        {},
        form_url=_open_url(session),
        follow_redirects=True,
    )
    assert f"We sent the confirmation link again to {NEW_DSL}" in resent.text and len(_confirmation_mail()) == 2

    dsl_browser = web_app.test_client()
    form = get(dsl_browser, _link_path(message))
    assert form.status == 200 and teacher.school.name in form.text and NEW_DSL in form.text
    confirmed = _confirm(dsl_browser, _link_path(message))
    assert confirmed.status == 302 and confirmed.response.location.endswith("/staff/sign-in")
    lead = db.session.scalar(select(User).where(User.email == NEW_DSL))
    assert (lead.role, lead.school_id, lead.name) == (Role.DSL, teacher.school_id, "Dee Lead")

    opened = post(client, _open_url(session), CHECKLIST)
    assert opened.status == 302 and opened.response.location.endswith(f"/schools/sessions/{session.id}/projector")
    db.session.refresh(session)
    assert session.status == ClassSessionStatus.OPEN and session.join_code


def test_a_confirmed_dsl_may_be_named_by_any_teacher_of_the_school_without_confirming_again(
    client: FlaskClient,
) -> None:
    first = teacher_of()
    confirmed_dsl(first.school, NEW_DSL)
    colleague = make_user(Role.TEACHER, "colleague@oak.example.org", first.school)
    session = class_session(colleague, pupil_survey(), opened=False)
    sign_in(client, colleague)
    page = get(client, _open_url(session))
    assert page.status == 200 and page.soup.select_one("#dsl-pending") is None
    assert post(client, _open_url(session), CHECKLIST).status == 302
    assert _confirmation_mail() == []


def test_another_schools_dsl_or_a_staff_address_cannot_be_named(client: FlaskClient) -> None:
    confirmed_dsl(teacher_of("Birchwood School").school, NEW_DSL)
    teacher = teacher_of("Oakgrove School")
    session = class_session(teacher, pupil_survey(), opened=False)
    sign_in(client, teacher)
    page = post(client, _open_url(session), CHECKLIST)
    assert page.status == 400 and "belongs to another SaferVoice account" in page.error_summary()[0]
    page = post(client, _open_url(session), {**CHECKLIST, "dsl_email": teacher.email})
    assert page.status == 400 and "belongs to another SaferVoice account" in page.error_summary()[0]
    db.session.refresh(session)
    assert session.status == ClassSessionStatus.DRAFT and _confirmation_mail() == []


def _pending_link(app: Flask) -> tuple[DslConfirmation, str]:
    teacher = teacher_of()
    confirmation = dsl.request_confirmation(teacher.school, NEW_DSL, "Dee Lead", teacher, utcnow())
    db.session.commit()
    return confirmation, _link_path(_confirmation_mail()[0])


def _refused(page: Page, message: str) -> None:
    assert page.status == 400
    assert page.soup.select_one("#link-problem").get_text(strip=True).startswith(message)
    assert "Nothing has been changed" in page.text


def _nothing_changed(users_before: int, confirmation: DslConfirmation) -> None:
    db.session.refresh(confirmation)
    assert _user_count() == users_before and confirmation.confirmed_at_utc is None
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "dsl_confirmed")) == 0


def test_a_forged_link_is_refused_and_changes_nothing(app: Flask, client: FlaskClient) -> None:
    confirmation, path = _pending_link(app)
    users_before = _user_count()
    tampered = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
    other_key = URLSafeTimedSerializer("another-secret", salt=dsl.TOKEN_SALT).dumps(
        {"c": confirmation.id, "e": NEW_DSL}
    )
    for forged in (tampered, f"/safeguarding-lead/confirm/{other_key}"):
        _refused(get(client, forged), "This link is not valid")
        response = client.post(forged, data={"name": "Mallory", "password": PASSWORD, "password_again": PASSWORD})
        assert response.status_code == 400
    _nothing_changed(users_before, confirmation)


class _EightDaysAgo(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(time.time()) - 8 * 24 * 3600


def test_an_expired_link_is_refused_and_changes_nothing(app: Flask, client: FlaskClient) -> None:
    confirmation, _path = _pending_link(app)
    users_before = _user_count()
    old = URLSafeTimedSerializer(app.secret_key, salt=dsl.TOKEN_SALT, signer=_EightDaysAgo).dumps(
        {"c": confirmation.id, "e": NEW_DSL}
    )
    _refused(get(client, f"/safeguarding-lead/confirm/{old}"), "This link has expired")
    client.post(f"/safeguarding-lead/confirm/{old}", data={"password": PASSWORD, "password_again": PASSWORD})
    _nothing_changed(users_before, confirmation)


def test_a_used_link_is_refused_and_the_password_stays_the_dsls(app: Flask, client: FlaskClient) -> None:
    confirmation, path = _pending_link(app)
    assert _confirm(client, path).status == 302
    _refused(get(client, path), "This link has already been used")
    client.post(
        path, data={"name": "Mallory", "password": "mallorys-password-1", "password_again": "mallorys-password-1"}
    )
    lead = db.session.scalar(select(User).where(User.email == NEW_DSL))
    sign_in_with_form(client, lead, PASSWORD)


def test_only_a_confirmed_address_is_given_to_pupil_alerts(clean_db: None) -> None:
    teacher = teacher_of()
    session = class_session(teacher, pupil_survey(), opened=False)
    session.dsl_email = "dsl@typo.example.org"
    db.session.commit()
    assert dsl.alert_address(session) is None
    lead = confirmed_dsl(teacher.school, "dsl@typo.example.org")
    assert dsl.alert_address(session) == "dsl@typo.example.org"
    lead.is_active_account = False
    db.session.commit()
    assert dsl.alert_address(session) is None


def test_the_service_refuses_to_open_for_an_unconfirmed_address(clean_db: None) -> None:
    teacher = teacher_of()
    session = class_session(teacher, pupil_survey(), opened=False)
    with pytest.raises(dsl.DslNotConfirmedError) as refused:
        services.open_session(
            session,
            teacher,
            utcnow(),
            dsl_name="Dee",
            dsl_email="DEE@oak.example.org",
            dsl_informed=True,
            parents_notified=True,
            alternative_ready=True,
        )
    assert refused.value.confirmation.email == "dee@oak.example.org"
    assert session.status == ClassSessionStatus.DRAFT and session.join_code is None
