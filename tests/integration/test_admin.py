"""Admins manage staff accounts, read the audit log and read the mail outbox (audited); officers do none of it."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.common.audit import record_event
from app.common.mail import send_email
from app.extensions import db
from app.models import AuditEvent, Organisation, OutboxMessage, PopulationProfile, Role, School, User
from tests.factories import PASSWORD, make_consultation, make_user, sign_in, sign_in_with_form
from tests.pages import get, post

NEW_USER = "/admin/users/new"


def _admin(client: FlaskClient) -> User:
    admin = make_user(Role.ADMIN, "admin@example.org")
    sign_in(client, admin)
    return admin


def _school(name: str = "Denbigh School") -> School:
    school = School(name=name)
    db.session.add(school)
    db.session.commit()
    return school


def _user_form(**overrides: str) -> dict[str, str]:
    return {
        "name": "Sam Teacher",
        "email": "Sam@Example.org",
        "role": "teacher",
        "school_id": "",
        "password": "a-long-enough-password",
        **overrides,
    }


def test_admin_creates_a_teacher_with_a_school(client: FlaskClient) -> None:
    admin = _admin(client)
    school = _school()
    form = get(client, NEW_USER)
    assert [o.get_text() for o in form.soup.select("#school_id option")] == ["No school", "Denbigh School"]
    page = post(client, NEW_USER, _user_form(school_id=str(school.id)), follow_redirects=True)
    assert "Account created for Sam Teacher" in page.text
    user = db.session.scalar(select(User).where(User.email == "sam@example.org"))
    assert user.role == Role.TEACHER and user.school_id == school.id
    assert user.password_hash.startswith("$argon2")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user_created"))
    assert (event.actor_id, event.object_id, event.detail) == (admin.id, user.id, {"role": "teacher"})
    assert "a-long-enough-password" not in str(event.detail)


def test_bad_new_user_shows_errors_and_stores_nothing(client: FlaskClient) -> None:
    _admin(client)
    page = post(client, NEW_USER, _user_form(name="", password="short"))
    assert page.status == 400
    assert page.error_summary() == ["Enter the person’s full name", "Password must be 12 characters or more"]
    page = post(client, NEW_USER, _user_form())
    assert page.error_summary() == ["Select the teacher’s school"]
    page = post(client, NEW_USER, _user_form(email="admin@example.org", role="officer"))
    assert page.error_summary() == ["An account with this email address already exists"]
    assert db.session.scalar(select(func.count(User.id))) == 1
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "user_created")) == 0


def test_role_change_signs_the_user_out(client: FlaskClient, web_app) -> None:  # type: ignore[no-untyped-def]
    officer = make_user(Role.OFFICER)
    officer_browser = web_app.test_client()
    sign_in(officer_browser, officer)
    assert officer_browser.get("/officers/consultations").status_code == 200
    _admin(client)
    page = post(client, f"/admin/users/{officer.id}/role", {"role": "reviewer", "school_id": ""})
    assert page.status == 302
    db.session.refresh(officer)
    assert officer.role == Role.REVIEWER and officer.session_version == 2
    assert officer_browser.get("/officers/consultations").status_code == 302
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user_role_changed"))
    assert event.detail == {"previous_role": "officer", "role": "reviewer"}


def test_deactivate_ends_sessions_and_blocks_sign_in_then_reactivate(client: FlaskClient, web_app) -> None:  # type: ignore[no-untyped-def]
    officer = make_user(Role.OFFICER)
    officer_browser = web_app.test_client()
    sign_in(officer_browser, officer)
    _admin(client)
    show = f"/admin/users/{officer.id}"
    page = post(client, f"{show}/deactivate", {}, form_url=show, follow_redirects=True)
    assert "account is deactivated" in page.text and "Deactivated" in page.text
    assert officer_browser.get("/officers/consultations").status_code == 302
    refused = post(web_app.test_client(), "/staff/sign-in", {"email": officer.email, "password": PASSWORD})
    assert refused.status == 400
    post(client, f"{show}/reactivate", {}, form_url=show)
    sign_in_with_form(web_app.test_client(), officer)
    actions = db.session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.object_id == officer.id, AuditEvent.object_type == "User")
        .order_by(AuditEvent.id)
    ).all()
    assert "user_deactivated" in actions and "user_reactivated" in actions


def test_admin_cannot_deactivate_or_demote_themselves(client: FlaskClient) -> None:
    admin = _admin(client)
    show = f"/admin/users/{admin.id}"
    assert get(client, show).soup.find("button", string="Deactivate account") is None
    page = post(client, f"{show}/deactivate", {}, form_url=f"/admin/users/{admin.id}/password", follow_redirects=True)
    assert "You cannot deactivate your own account" in page.text
    page = post(client, f"{show}/role", {"role": "officer"})
    assert page.error_summary() == ["You cannot remove your own admin role. Ask another admin to do it"]
    db.session.refresh(admin)
    assert admin.is_active_account and admin.role == Role.ADMIN


def test_reset_password_sets_a_new_one(client: FlaskClient, web_app) -> None:  # type: ignore[no-untyped-def]
    officer = make_user(Role.OFFICER)
    _admin(client)
    url = f"/admin/users/{officer.id}/password"
    assert post(client, url, {"password": "short"}).error_summary() == ["Password must be 12 characters or more"]
    post(client, url, {"password": "a-brand-new-password"})
    sign_in_with_form(web_app.test_client(), officer, "a-brand-new-password")
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "user_password_reset"))


def test_users_list_shows_everyone(client: FlaskClient) -> None:
    _admin(client)
    make_user(Role.REVIEWER)
    page = get(client, "/admin/users")
    assert (
        page.soup.select_one('tr[data-user="reviewer@example.org"]')
        .get_text(" ", strip=True)
        .startswith("A reviewer reviewer@example.org Safeguarding reviewer Active")
    )


def test_audit_log_filters_by_allow_listed_action_and_actor_newest_first(client: FlaskClient) -> None:
    admin = _admin(client)
    officer = make_user(Role.OFFICER)
    for n in range(3):
        record_event("consultation_created", officer, None, slug=f"c{n}")
    record_event("document_uploaded", admin, None)
    record_event("milestone_added", admin, None)
    db.session.commit()
    page = get(client, "/admin/audit?action=consultation_created")
    rows = page.soup.select("tr[data-action]")
    assert [r["data-action"] for r in rows] == ["consultation_created"] * 3
    assert "slug: c2" in rows[0].get_text()
    page = get(client, f"/admin/audit?actor={admin.id}")
    assert {r["data-action"] for r in page.soup.select("tr[data-action]")} == {"milestone_added", "document_uploaded"}
    unknown = get(client, "/admin/audit?action=drop table&actor=9999")
    assert len(unknown.soup.select("tr[data-action]")) == 5


def test_audit_log_is_paginated(client: FlaskClient) -> None:
    admin = _admin(client)
    for n in range(61):
        record_event("milestone_added", admin, None, n=n)
    db.session.commit()
    first = get(client, "/admin/audit")
    assert len(first.soup.select("tr[data-action]")) == 50 and "Page 1 of 2" in first.text
    second = get(client, "/admin/audit?page=2")
    assert len(second.soup.select("tr[data-action]")) == 11
    assert "n: 0" in second.text


def test_admin_reads_the_outbox_newest_first_and_each_read_is_audited(client: FlaskClient) -> None:
    send_email("first@example.org", "First", "Hello\n\nLine two", category="invite")
    send_email("second@example.org", "Second", "Body", category="reminder")
    db.session.commit()
    admin = _admin(client)
    page = get(client, "/admin/outbox")
    assert [a.get_text() for a in page.soup.select("tbody a")] == ["Second", "First"]
    first_id, second_id = (
        db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.subject == subject))
        for subject in ("First", "Second")
    )
    message = get(client, f"/admin/outbox/{first_id}")
    assert message.h1 == "First" and "first@example.org" in message.text
    assert message.soup.select_one("#message-body").get_text(" ", strip=True) == "Hello Line two"
    assert client.get("/admin/outbox/99999").status_code == 404
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action.like("outbox%")).order_by(AuditEvent.id)
    ).all()
    assert [(e.action, e.actor_id) for e in events] == [
        ("outbox_listed", admin.id),
        ("outbox_message_viewed", admin.id),
    ]
    assert events[0].detail["message_ids"] == [second_id, first_id]
    assert (events[1].object_type, events[1].object_id, events[1].detail) == (
        "OutboxMessage",
        first_id,
        {"message_id": first_id},
    )
    assert "Hello" not in str([e.detail for e in events]) and "First" not in str([e.detail for e in events])


def test_officer_is_refused_the_outbox_and_nothing_is_recorded(client: FlaskClient) -> None:
    message = send_email("dsl@example.org", "A pupil may need help", "Words a pupil wrote", category="safeguarding")
    db.session.commit()
    sign_in(client, make_user(Role.OFFICER))
    for url in ("/admin/outbox", f"/admin/outbox/{message.id}"):
        page = get(client, url)
        assert page.status == 403 and "Words a pupil wrote" not in page.text
    assert "Outbox" not in [a.get_text(strip=True) for a in get(client, "/officers/consultations").soup.select("nav a")]
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action.like("outbox%"))) == 0


def test_audit_log_names_records_and_leaves_out_empty_details(client: FlaskClient) -> None:
    admin = _admin(client)
    consultation = make_consultation()
    organisation = Organisation(name="Thames Valley Police", sector="police")
    profile = PopulationProfile(consultation_id=consultation.id, filename="census-2021.csv")
    db.session.add_all([organisation, profile])
    db.session.flush()
    record_event("population_profile_uploaded", admin, profile)
    record_event("keyed_response_started", admin, None, organisation_id=None, consultation_id=consultation.id)
    record_event("invites_created", admin, organisation, organisation_id=organisation.id, survey_id=987654)
    db.session.commit()
    rows = {
        row["data-action"]: [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in get(client, "/admin/audit").soup.select("tr[data-action]")
    }
    assert rows["population_profile_uploaded"][3] == ("Population profile: census-2021.csv – Consultation safety-2026")
    assert rows["keyed_response_started"][3:] == ["", "consultation: Consultation: Consultation safety-2026"]
    assert rows["invites_created"][3:] == [
        "Organisation: Thames Valley Police",
        "organisation: Organisation: Thames Valley Police survey: Survey 987654 (since removed)",
    ]
    assert "PopulationProfile" not in str(rows) and "None" not in str(rows)


def test_failed_sign_ins_are_in_the_audit_log_without_the_email_typed(client: FlaskClient) -> None:
    officer = make_user(Role.OFFICER, "officer@example.org")
    for email, password in (("officer@example.org", "not-the-password"), ("nobody-secret@example.org", "x")):
        page = post(client, "/staff/sign-in", {"email": email, "password": password})
        assert page.status == 400
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "sign_in_failed").order_by(AuditEvent.id)
    ).all()
    assert [(e.object_type, e.object_id, e.detail["reason"]) for e in events] == [
        ("User", officer.id, "wrong password"),
        (None, None, "no account has this email address"),
    ]
    assert "nobody-secret" not in str([e.detail for e in events])
    assert events[0].detail["source"] == events[1].detail["source"]

    admin_client = client.application.test_client()
    _admin(admin_client)
    rows = get(admin_client, "/admin/audit?action=sign_in_failed").soup.select("tr[data-action]")
    assert [row.select("td")[3].get_text(strip=True) for row in rows] == [
        "",
        "Staff account: A officer (officer@example.org)",
    ]
