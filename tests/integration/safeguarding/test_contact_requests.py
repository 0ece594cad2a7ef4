"""A pupil's "I'd like an adult to talk to me" request can be acknowledged by their school's safeguarding lead (or a
reviewer or admin, for any school): the lead's list then says who took it on and on which day (a day, never a time:
the request is a pupil's), and the acknowledgement is audited. Another school's request is not found, a second
acknowledgement changes nothing, and a post without the form's token changes nothing."""

from __future__ import annotations

from datetime import date

from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import AdultContactRequest, AuditEvent, ClassSession, Role
from tests.factories import make_user, sign_in
from tests.integration.schools.helpers import class_session, pupil_survey, teacher_of
from tests.pages import Page, get

LIST = "/safeguarding-lead/"


def _request(session: ClassSession, day: date) -> AdultContactRequest:
    request = AdultContactRequest(class_session_id=session.id, requested_on=day)
    db.session.add(request)
    db.session.commit()
    return request


def _sessions() -> tuple[ClassSession, ClassSession]:
    survey = pupil_survey()
    ours = class_session(teacher_of("Oakgrove School"), survey, opened=False, year_group="Year 8")
    theirs = class_session(teacher_of("Birchwood School"), survey, opened=False, year_group="Year 10")
    return ours, theirs


def _acknowledge(client: FlaskClient, request_id: int, token: str | None = None) -> Page:
    token = token if token is not None else get(client, "/staff/sign-out").csrf_token()
    response = client.post(
        f"/safeguarding-lead/contact-requests/{request_id}/acknowledge",
        data={"csrf_token": token},
        follow_redirects=True,
    )
    db.session.rollback()
    return Page(response, BeautifulSoup(response.get_data(as_text=True), "html.parser"))


def _rows(page: Page) -> list[list[str]]:
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in page.soup.select("#contact-requests tbody tr")
    ]


def test_the_lead_acknowledges_a_request_and_the_list_says_who_and_which_day(client: FlaskClient) -> None:
    ours, _ = _sessions()
    older, newer = _request(ours, date(2026, 3, 2)), _request(ours, date(2026, 3, 4))
    lead = make_user(Role.DSL, "lead@oak.example.org", ours.school)
    sign_in(client, lead)
    assert _rows(get(client, LIST)) == [
        ["Year 8", "4 March 2026", "Acknowledge the request from Year 8 on 4 March 2026"],
        ["Year 8", "2 March 2026", "Acknowledge the request from Year 8 on 2 March 2026"],
    ]

    page = _acknowledge(client, newer.id)
    assert "Request acknowledged" in page.text
    stored = db.session.get(AdultContactRequest, newer.id)
    today = stored.acknowledged_on
    assert isinstance(today, date) and stored.acknowledged_by_id == lead.id
    assert db.session.get(AdultContactRequest, older.id).acknowledged_on is None
    assert _rows(page) == [
        ["Year 8", "2 March 2026", "Acknowledge the request from Year 8 on 2 March 2026"],
        ["Year 8", "4 March 2026", f"Yes, by {lead.name} on {today.strftime('%-d %B %Y')}"],
    ]
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "adult_contact_acknowledged")).all()
    assert [(e.actor_id, e.object_type, e.object_id, e.detail) for e in events] == [
        (lead.id, "AdultContactRequest", newer.id, {"by_role": "dsl"})
    ]

    again = _acknowledge(client, newer.id)
    assert "This request has already been acknowledged" in again.text
    assert (
        db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "adult_contact_acknowledged").offset(1))
        is None
    )


def test_the_lead_cannot_acknowledge_another_schools_request_and_nothing_changes(client: FlaskClient) -> None:
    ours, theirs = _sessions()
    theirs_request = _request(theirs, date(2026, 3, 2))
    sign_in(client, make_user(Role.DSL, "lead@oak.example.org", ours.school))
    assert _acknowledge(client, theirs_request.id).status == 404
    assert _acknowledge(client, 99999).status == 404
    assert db.session.get(AdultContactRequest, theirs_request.id).acknowledged_on is None


def test_a_post_without_the_forms_token_changes_nothing(client: FlaskClient) -> None:
    ours, _ = _sessions()
    request = _request(ours, date(2026, 3, 2))
    sign_in(client, make_user(Role.DSL, "lead@oak.example.org", ours.school))
    page = _acknowledge(client, request.id, token="forged")
    assert "Request acknowledged" not in page.text
    assert db.session.get(AdultContactRequest, request.id).acknowledged_on is None
    assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "adult_contact_acknowledged")) is None


def test_a_reviewer_acknowledges_any_schools_request_and_teachers_and_officers_cannot(
    client: FlaskClient, web_app: Flask
) -> None:
    _, theirs = _sessions()
    request = _request(theirs, date(2026, 3, 2))
    for role, school in ((Role.TEACHER, theirs.school), (Role.OFFICER, None)):
        other = web_app.test_client()
        sign_in(other, make_user(role, f"{role.value}@example.org", school))
        token = get(other, "/staff/sign-out").csrf_token()
        assert (
            other.post(
                f"/safeguarding-lead/contact-requests/{request.id}/acknowledge", data={"csrf_token": token}
            ).status_code
            == 403
        )
    reviewer = make_user(Role.REVIEWER, "reviewer@example.org")
    sign_in(client, reviewer)
    queue = get(client, "/safeguarding/comments")
    form = queue.soup.select_one("#adult-contact-requests tbody form")
    assert form["action"] == f"/safeguarding-lead/contact-requests/{request.id}/acknowledge"
    response = client.post(form["action"], data={"csrf_token": queue.csrf_token()})
    assert response.status_code == 302
    assert response.location.endswith("/safeguarding/comments#adult-contact-requests")
    db.session.rollback()
    row = get(client, "/safeguarding/comments").soup.select_one("#adult-contact-requests tbody tr")
    assert row.select_one("form") is None and "Not yet" not in row.text
    stored = db.session.get(AdultContactRequest, request.id)
    assert stored.acknowledged_by_id == reviewer.id and stored.acknowledged_on is not None
