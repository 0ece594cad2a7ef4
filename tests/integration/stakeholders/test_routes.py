"""Officers manage stakeholder organisations and contacts, invite organisations once each, see who has responded
and remind only those who have not."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.common.filters import london_date
from app.extensions import db
from app.models import (
    AuditEvent,
    Invite,
    Organisation,
    OrganisationContact,
    OutboxMessage,
    Response,
    ResponseStatus,
    Role,
    Survey,
)
from app.models.types import utcnow
from app.stakeholders import invitations
from tests.factories import add_survey, make_consultation, make_user, sign_in
from tests.pages import get, post

BASE = "/officers/stakeholders"


@pytest.fixture()
def officer(client: FlaskClient):  # type: ignore[no-untyped-def]
    user = make_user(Role.OFFICER)
    sign_in(client, user)
    return user


def _add_organisation(client: FlaskClient, name: str, sector: str = "police") -> Organisation:
    page = post(client, f"{BASE}/organisations/new", {"name": name, "sector": sector})
    assert page.status == 302, page.error_summary()
    return db.session.scalar(select(Organisation).where(Organisation.name == name))


def _add_contact(client: FlaskClient, organisation: Organisation, name: str, email: str) -> None:
    url = f"{BASE}/organisations/{organisation.id}/contacts/new"
    page = post(client, url, {"name": name, "email": email, "role": "Partnerships lead"})
    assert page.status == 302, page.error_summary()


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_officer_adds_changes_and_removes_organisations_and_contacts(client: FlaskClient, officer) -> None:  # type: ignore[no-untyped-def]
    organisation = _add_organisation(client, "Thames Valley Police")
    assert organisation.sector == "police"
    _add_contact(client, organisation, "Sam Patel", "Sam.Patel@Example.org")
    contact = db.session.scalar(select(OrganisationContact))
    assert (contact.name, contact.email, contact.role) == ("Sam Patel", "sam.patel@example.org", "Partnerships lead")
    page = get(client, f"{BASE}/organisations/{organisation.id}")
    assert page.h1 == "Thames Valley Police" and "sam.patel@example.org" in page.text and "Police" in page.text

    edit = f"{BASE}/organisations/{organisation.id}/contacts/{contact.id}/edit"
    post(client, edit, {"name": "Sam Patel", "email": "sam@example.org", "role": ""})
    db.session.expire_all()
    assert db.session.get(OrganisationContact, contact.id).email == "sam@example.org"
    post(client, f"{BASE}/organisations/{organisation.id}/edit", {"name": "TVP", "sector": "fire"})
    db.session.expire_all()
    assert (organisation.name, organisation.sector) == ("TVP", "fire")

    post(client, f"{BASE}/organisations/{organisation.id}/contacts/{contact.id}/remove", {})
    assert db.session.scalar(select(func.count(OrganisationContact.id))) == 0
    post(client, f"{BASE}/organisations/{organisation.id}/remove", {})
    assert db.session.scalar(select(func.count(Organisation.id))) == 0
    assert _actions()[-6:] == [
        "organisation_created",
        "contact_added",
        "contact_updated",
        "organisation_updated",
        "contact_removed",
        "organisation_removed",
    ]
    assert "sam" not in str(db.session.scalars(select(AuditEvent.detail)).all()).lower()


def test_organisation_and_contact_forms_validate(client: FlaskClient, officer) -> None:  # type: ignore[no-untyped-def]
    page = post(client, f"{BASE}/organisations/new", {"name": "", "sector": ""})
    assert page.status == 400
    assert page.error_summary() == ["Enter the organisation's name", "Select the sector"]
    _add_organisation(client, "Milton Keynes Council", "other")
    duplicate = post(client, f"{BASE}/organisations/new", {"name": "milton keynes council", "sector": "other"})
    assert duplicate.error_summary() == ["An organisation with this name already exists"]
    bad_sector = post(client, f"{BASE}/organisations/new", {"name": "X", "sector": "aliens"})
    assert bad_sector.status == 400
    organisation = db.session.scalar(select(Organisation))
    bad = post(client, f"{BASE}/organisations/{organisation.id}/contacts/new", {"name": "", "email": "not-an-email"})
    assert bad.error_summary() == [
        "Enter the contact's name",
        "Enter an email address in the correct format, like name@example.org",
    ]
    assert db.session.scalar(select(func.count(OrganisationContact.id))) == 0
    assert db.session.scalar(select(func.count(Organisation.id))) == 1


def _stakeholder_setup(client: FlaskClient) -> tuple[Survey, list[Organisation]]:
    survey = add_survey(make_consultation(), "mini_stakeholder.yaml")
    organisations = []
    for index, name in enumerate(["Fire Service", "Parish Council", "Youth Charity"]):
        organisation = _add_organisation(client, name, "other")
        _add_contact(client, organisation, f"Contact {index}", f"contact{index}@example.org")
        organisations.append(organisation)
    _add_organisation(client, "No Contacts Ltd", "business")
    return survey, organisations


def _links(message: OutboxMessage) -> list[str]:
    return re.findall(r"http://\S+/invites/\S+", message.body)


def _path(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def test_bulk_invites_are_created_once_per_organisation_with_working_links(
    client: FlaskClient,
    officer,  # type: ignore[no-untyped-def]
    web_app,
) -> None:
    survey, organisations = _stakeholder_setup(client)
    url = f"{BASE}/surveys/{survey.id}/invites/new"
    page = post(client, url, {"scope": "selected", "organisations": [organisations[0].id]})
    assert page.status == 302
    page = post(client, url, {"scope": "all"}, follow_redirects=True)
    assert "2 organisations invited and emailed" in page.text
    assert "Not invited, because they have no contacts: No Contacts Ltd" in page.text
    post(client, url, {"scope": "all"})
    invites = db.session.scalars(select(Invite).order_by(Invite.id)).all()
    assert sorted(invite.organisation_id for invite in invites) == sorted(o.id for o in organisations)
    assert all(
        invite.sent_at_utc is not None and invite.expires_at_utc == survey.consultation.close_at_utc
        for invite in invites
    )
    messages = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [m.to_address for m in messages] == ["contact0@example.org", "contact1@example.org", "contact2@example.org"]
    assert messages[0].subject == f"Invitation: {survey.consultation.title} – {survey.title}"
    assert "Dear Contact 0" in messages[0].body and "Fire Service" in messages[0].body
    link = _links(messages[0])[0]
    respondent = web_app.test_client()
    assert link.startswith("http://127.0.0.1:5000/invites/")
    opened = respondent.get(_path(link))
    assert opened.status_code == 302 and opened.location.endswith("/consultations/safety-2026/partners")
    assert "invites_created" in _actions()


def test_status_per_organisation_and_reminders_only_to_non_responders(
    client: FlaskClient,
    officer,  # type: ignore[no-untyped-def]
    web_app,
) -> None:
    survey, organisations = _stakeholder_setup(client)
    post(client, f"{BASE}/surveys/{survey.id}/invites/new", {"scope": "all"})
    links = {m.to_address: _links(m)[0] for m in db.session.scalars(select(OutboxMessage))}

    sent = web_app.test_client()
    sent.get(_path(links["contact0@example.org"]))
    base = "/consultations/safety-2026/partners"
    post(sent, f"{base}/questions/priorities", {"agree": "agree", "action": "continue"})
    post(sent, f"{base}/submit", {}, form_url=f"{base}/check-answers")
    started = web_app.test_client()
    started.get(_path(links["contact1@example.org"]))
    assert db.session.scalar(select(func.count(Response.id)).where(Response.status == ResponseStatus.SUBMITTED)) == 1

    page = get(client, f"{BASE}/surveys/{survey.id}/invites")
    statuses = {
        row["data-organisation"]: row.select_one("[data-status]")["data-status"]
        for row in page.soup.select("tr[data-organisation]")
    }
    assert statuses == {
        "Fire Service": "sent",
        "Parish Council": "started",
        "Youth Charity": "no_response",
        "No Contacts Ltd": "not_invited",
    }

    before = db.session.scalar(select(func.max(OutboxMessage.id)))
    page = post(
        client,
        f"{BASE}/surveys/{survey.id}/reminders",
        {},
        form_url=f"{BASE}/surveys/{survey.id}/invites",
        follow_redirects=True,
    )
    assert "Reminders sent to 2 organisations" in page.text
    reminders = db.session.scalars(select(OutboxMessage).where(OutboxMessage.id > before)).all()
    assert sorted(m.to_address for m in reminders) == ["contact1@example.org", "contact2@example.org"]
    assert all(m.subject.startswith("Reminder:") and m.category == "stakeholder_reminder" for m in reminders)
    reminded = {i.organisation_id: i for i in db.session.scalars(select(Invite))}
    assert reminded[organisations[0].id].reminded_at_utc is None
    started_invite = reminded[organisations[1].id]
    assert started_invite.reminded_at_utc is not None and started_invite.reminder_count == 1
    assert "invite_reminders_sent" in _actions()

    again = web_app.test_client()
    assert again.get(_path(links["contact1@example.org"])).status_code == 404, "the old link is replaced"
    new_link = next(_links(m)[0] for m in reminders if m.to_address == "contact1@example.org")
    assert again.get(_path(new_link)).status_code == 302
    assert db.session.scalar(select(func.count(Response.id))) == 2, "the reminder link opens the started response"


def test_resend_emails_a_new_link_that_replaces_the_old_one(client: FlaskClient, officer, web_app) -> None:  # type: ignore[no-untyped-def]
    survey, organisations = _stakeholder_setup(client)
    post(
        client, f"{BASE}/surveys/{survey.id}/invites/new", {"scope": "selected", "organisations": [organisations[2].id]}
    )
    old_link = _links(db.session.scalar(select(OutboxMessage)))[0]
    invite = db.session.scalar(select(Invite))
    page = post(
        client,
        f"{BASE}/surveys/{survey.id}/invites/{invite.id}/resend",
        {},
        form_url=f"{BASE}/surveys/{survey.id}/invites",
        follow_redirects=True,
    )
    assert "A new invitation link was sent to 1 contact" in page.text
    message = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert "replaces the link we sent you before" in message.body
    browser = web_app.test_client()
    assert browser.get(_path(old_link)).status_code == 404
    assert browser.get(_path(_links(message)[0])).status_code == 302


def test_teachers_reviewers_and_anonymous_users_cannot_reach_stakeholder_or_channel_pages(
    client: FlaskClient,  # type: ignore[no-untyped-def]
    app,
) -> None:
    survey = add_survey(make_consultation(), "mini_stakeholder.yaml")
    organisation = Organisation(name="Fire Service", sector="fire")
    db.session.add(organisation)
    db.session.commit()
    urls = [rule for rule in app.url_map.iter_rules() if rule.endpoint.split(".")[0] in ("stakeholders", "channels")]
    assert len(urls) >= 18
    values = {
        "organisation_id": organisation.id,
        "contact_id": 1,
        "survey_id": survey.id,
        "invite_id": 1,
        "response_id": 1,
        "page_id": "priorities",
        "batch_id": 1,
    }

    def every_request(browser: FlaskClient, token_page: str) -> list[tuple[str, str, int]]:
        token = get(browser, token_page).csrf_token()
        seen = []
        for rule in urls:
            path = rule.build({key: values[key] for key in rule.arguments})[1]
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                response = browser.open(path, method=method, data={"csrf_token": token, "scope": "all"})
                seen.append((method, path, response.status_code))
        return seen

    anonymous = every_request(client, "/staff/sign-in")
    assert {status for _, _, status in anonymous} == {302}, anonymous
    for role in (Role.TEACHER, Role.REVIEWER):
        browser = client.application.test_client()
        sign_in(browser, make_user(role, email=f"{role.value}@example.org"))
        seen = every_request(browser, "/staff/sign-out")
        assert {status for _, _, status in seen} == {403}, seen
    db.session.rollback()
    assert db.session.scalar(select(func.count(Organisation.id))) == 1


def test_a_paper_response_keyed_for_an_organisation_counts_as_its_response(client: FlaskClient, officer) -> None:  # type: ignore[no-untyped-def]
    survey, organisations = _stakeholder_setup(client)
    post(client, f"{BASE}/surveys/{survey.id}/invites/new", {"scope": "all"})
    start = "/officers/responses/new"
    fire_service = organisations[0]

    page = get(client, start)
    assert [o.get_text() for o in page.soup.select("#organisation option")][:2] == [
        "Not from an organisation",
        "Fire Service",
    ]
    refused = post(client, start, {"survey": survey.id, "channel": "paper"})
    assert refused.status == 400 and refused.error_summary() == ["Select the organisation the response is from"]
    assert db.session.scalar(select(func.count(Response.id))) == 0

    page = post(client, start, {"survey": survey.id, "channel": "paper", "organisation": fire_service.id})
    assert page.status == 302, page.error_summary()
    assert post(client, page.response.location, {"agree": "agree"}).status == 302
    keyed = db.session.scalar(select(Response))
    assert (keyed.organisation_id, keyed.status, keyed.invite_id) == (fire_service.id, ResponseStatus.SUBMITTED, None)

    page = get(client, f"{BASE}/surveys/{survey.id}/invites")
    statuses = {
        row["data-organisation"]: row.select_one("[data-status]")["data-status"]
        for row in page.soup.select("tr[data-organisation]")
    }
    assert statuses["Fire Service"] == "sent_otherwise" and statuses["Parish Council"] == "no_response"
    assert "Response sent on paper or by email" in page.text
    organisation_page = get(client, f"{BASE}/organisations/{fire_service.id}")
    assert [cell.get_text(strip=True) for cell in organisation_page.soup.select("#surveys ~ table tbody td")][1:] == [
        london_date(utcnow()),
        "Response sent on paper or by email",
    ]

    before = db.session.scalar(select(func.max(OutboxMessage.id)))
    post(client, f"{BASE}/surveys/{survey.id}/reminders", {}, form_url=f"{BASE}/surveys/{survey.id}/invites")
    reminded = db.session.scalars(select(OutboxMessage.to_address).where(OutboxMessage.id > before)).all()
    assert sorted(reminded) == ["contact1@example.org", "contact2@example.org"]

    twice = post(client, start, {"survey": survey.id, "channel": "email", "organisation": fire_service.id})
    assert twice.status == 400
    assert twice.error_summary() == [
        f"Fire Service has already sent a response to this survey (reference {keyed.reference})"
    ]
    assert db.session.scalar(select(func.count(Response.id))) == 1


def test_an_invited_organisation_that_responded_is_not_said_to_be_uninvitable(
    client: FlaskClient,
    officer,  # type: ignore[no-untyped-def]
    web_app,
) -> None:
    survey = add_survey(make_consultation(), "mini_stakeholder.yaml")
    organisation = _add_organisation(client, "Thames Valley Police")
    token = invitations.issue_demo_link(survey, organisation, survey.consultation.close_at_utc)
    db.session.commit()
    respondent, base = web_app.test_client(), "/consultations/safety-2026/partners"
    assert respondent.get(f"/invites/{token}").status_code == 302
    post(respondent, f"{base}/questions/priorities", {"agree": "agree", "action": "continue"})
    post(respondent, f"{base}/submit", {}, form_url=f"{base}/check-answers")

    page = get(client, f"{BASE}/organisations/{organisation.id}")
    assert "cannot be invited" not in page.text
    assert "There are no contacts yet, so invitations and reminders cannot be emailed" in page.text
    row = [cell.get_text(" ", strip=True) for cell in page.soup.select("#surveys ~ table tbody td")]
    assert row[0].startswith(survey.title) and row[2] == "Response sent"
