"""A school's safeguarding lead, signed in through the account their confirmation link created, sees only their own
school's flags and adult-contact requests, can acknowledge them, and reaches nothing else; reviewers acknowledge too."""

from __future__ import annotations

from datetime import date

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import AdultContactRequest, AuditEvent, ClassSession, Role, SafeguardingFlag, User
from app.models.types import utcnow
from app.safeguarding import dsl
from tests.factories import make_user, sign_in, sign_in_with_form
from tests.integration.safeguarding.helpers import make_flag
from tests.integration.schools.helpers import class_session, pupil_survey, teacher_of
from tests.pages import get, post

OURS, THEIRS = "my stepdad hits me and I am scared to go home", "someone at the park keeps following me home"
LEAD = "lead@oak.example.org"
PASSWORD = "the-leads-own-password"


def _flag_in(session: ClassSession, text: str, level: str = "urgent") -> SafeguardingFlag:
    flag = make_flag(text, level)
    flag.class_session_id = session.id
    db.session.add(AdultContactRequest(class_session_id=session.id, requested_on=date(2026, 3, 2 + session.id % 7)))
    db.session.commit()
    return flag


def _two_schools() -> tuple[ClassSession, ClassSession]:
    survey = pupil_survey()
    ours = class_session(teacher_of("Oakgrove School"), survey, opened=False, year_group="Year 8")
    theirs = class_session(teacher_of("Birchwood School"), survey, opened=False, year_group="Year 10")
    return ours, theirs


def _lead_through_the_link(client: FlaskClient, session: ClassSession) -> User:
    confirmation = dsl.request_confirmation(session.school, LEAD, "Lee Lead", session.teacher, utcnow())
    db.session.commit()
    path = "/safeguarding-lead/" + dsl.confirmation_link(confirmation).split("/safeguarding-lead/", 1)[1]
    assert post(client, path, {"name": "Lee Lead", "password": PASSWORD, "password_again": PASSWORD}).status == 302
    lead = db.session.scalar(select(User).where(User.email == LEAD))
    sign_in_with_form(client, lead, PASSWORD)
    return lead


def test_the_confirmed_lead_sees_only_their_schools_flags_and_requests(client: FlaskClient) -> None:
    ours, theirs = _two_schools()
    our_flag, their_flag = _flag_in(ours, OURS), _flag_in(theirs, THEIRS, "concern")
    lead = _lead_through_the_link(client, ours)
    assert (lead.role, lead.school_id) == (Role.DSL, ours.school_id)
    assert client.get("/staff/").location.endswith("/safeguarding-lead/")
    page = get(client, "/safeguarding-lead/")
    assert page.status == 200 and "Oakgrove School" in page.text and "Birchwood" not in page.text
    assert [row["data-flag"] for row in page.soup.select("#school-flags tbody tr")] == [str(our_flag.id)]
    assert [td.get_text(strip=True) for td in page.soup.select("#contact-requests tbody td")][:1] == ["Year 8"]
    assert len(page.soup.select("#contact-requests tbody tr")) == 1
    assert OURS not in page.text
    detail = get(client, f"/safeguarding-lead/flags/{our_flag.id}")
    assert detail.status == 200 and detail.soup.select_one("#flag-text").get_text(strip=True) == OURS
    assert get(client, f"/safeguarding-lead/flags/{their_flag.id}").status == 404
    viewed = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "safeguarding_flag_viewed")).all()
    assert [(e.actor_id, e.object_id) for e in viewed] == [(lead.id, our_flag.id)]


def test_the_lead_reaches_nothing_else_in_the_staff_workspace(client: FlaskClient) -> None:
    ours, theirs = _two_schools()
    their_flag = _flag_in(theirs, THEIRS)
    sign_in(client, make_user(Role.DSL, LEAD, ours.school))
    for url in (
        "/safeguarding/",
        f"/safeguarding/flags/{their_flag.id}",
        "/officers/consultations",
        "/schools/",
        "/schools/sessions",
        f"/schools/sessions/{theirs.id}",
        "/admin/outbox",
        "/admin/users",
    ):
        page = get(client, url)
        assert page.status == 403, url
        assert THEIRS not in page.text
    nav = [a.get_text(strip=True) for a in get(client, "/safeguarding-lead/").soup.select("nav a")]
    assert "Safeguarding alerts" in nav and not {"Consultations", "Outbox", "Safeguarding queue"} & set(nav)


def test_the_lead_acknowledges_their_schools_alert_but_not_another_schools(client: FlaskClient) -> None:
    ours, theirs = _two_schools()
    our_flag, their_flag = _flag_in(ours, OURS), _flag_in(theirs, THEIRS)
    lead = make_user(Role.DSL, LEAD, ours.school)
    sign_in(client, lead)
    detail_url = f"/safeguarding-lead/flags/{our_flag.id}"
    token = get(client, detail_url).csrf_token()
    refused = client.post(f"/safeguarding-lead/flags/{their_flag.id}/acknowledge", data={"csrf_token": token})
    assert refused.status_code == 404
    page = post(client, f"{detail_url}/acknowledge", {}, form_url=detail_url, follow_redirects=True)
    assert "Alert acknowledged" in page.text and "Acknowledged by A dsl" in page.text
    db.session.refresh(our_flag)
    db.session.refresh(their_flag)
    assert our_flag.acknowledged_by_id == lead.id and our_flag.acknowledged_at_utc is not None
    assert their_flag.acknowledged_at_utc is None and their_flag.acknowledged_by_id is None


def test_a_reviewer_acknowledges_from_the_review_page(client: FlaskClient, web_app: Flask) -> None:
    ours, _theirs = _two_schools()
    flag = _flag_in(ours, OURS)
    reviewer = make_user(Role.REVIEWER)
    sign_in(client, reviewer)
    review_url = f"/safeguarding/flags/{flag.id}"
    assert "Acknowledge this alert" in get(client, review_url).text
    page = post(client, f"/safeguarding-lead/flags/{flag.id}/acknowledge", {}, form_url=review_url)
    assert page.status == 302 and page.response.location.endswith(review_url)
    db.session.refresh(flag)
    assert flag.acknowledged_by_id == reviewer.id
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "safeguarding_flag_acknowledged"))
    assert (event.actor_id, event.object_id, event.detail["by_role"]) == (reviewer.id, flag.id, "reviewer")
    assert OURS not in str(event.detail)
