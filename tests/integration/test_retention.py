"""``flask purge-expired`` deletes what has passed its retention period and nothing else."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.admin.retention import RetentionPolicy, purge_expired
from app.common.mail import send_email
from app.extensions import db
from app.models import (
    Consultation,
    OutboxMessage,
    Response,
    ResponseChannel,
    ResponseStatus,
    SafeguardingDecision,
)
from app.models.contacts import OrganisationContact
from app.models.types import utcnow
from app.surveys import responses
from app.surveys.engine import AnswerItem
from app.surveys.invites import find_or_create_organisation
from tests.factories import add_survey, make_consultation


def _response(survey, sent: bool) -> Response:  # type: ignore[no-untyped-def]
    draft = responses.load_draft(responses.start_draft(survey, channel=ResponseChannel.ONLINE, now=utcnow()))
    draft = responses.save_answers(draft, {"safe_day": (AnswerItem("safe_day", None, "safe"),)}, utcnow())
    if sent:
        responses.submit(draft, utcnow())
    return draft.response


def test_purge_expired_removes_old_drafts_contacts_and_mail_but_keeps_sent_responses(
        app: Flask, client: FlaskClient) -> None:
    consultation = make_consultation(phase="open")
    survey = add_survey(consultation)
    sent, draft = _response(survey, True), _response(survey, False)
    recent = make_consultation(slug="this-year", phase="open")
    recent_draft = _response(add_survey(recent), False)
    organisation = find_or_create_organisation("Fire service")
    db.session.add(OrganisationContact(organisation_id=organisation.id, name="A Person", email="a@example.org"))
    old_mail = send_email("dsl@example.org", "Old", "Body")
    old_mail.created_at_utc = utcnow() - timedelta(days=120)
    send_email("dsl@example.org", "New", "Body")
    consultation.close_at_utc = utcnow() - timedelta(days=400)
    consultation.open_at_utc = utcnow() - timedelta(days=430)
    recent.close_at_utc = utcnow() - timedelta(days=380)
    db.session.commit()
    sent_id, draft_id, recent_draft_id = sent.id, draft.id, recent_draft.id

    result = app.test_cli_runner().invoke(args=["purge-expired"])

    assert result.exit_code == 0, result.output
    assert "1 stakeholder contact(s), 2 unsent draft(s) and 1 sent email(s)" in result.output
    db.session.rollback()
    remaining = {r.id: r.status for r in db.session.scalars(select(Response))}
    assert remaining == {sent_id: ResponseStatus.SUBMITTED}
    assert draft_id not in remaining and recent_draft_id not in remaining
    assert db.session.scalar(select(func.count(OrganisationContact.id))) == 0
    assert db.session.scalars(select(OutboxMessage.subject)).all() == ["New"]
    assert db.session.get(Consultation, consultation.id) is not None


def test_purge_expired_keeps_everything_still_in_use(app: Flask, client: FlaskClient) -> None:
    survey = add_survey(make_consultation(phase="open"))
    _response(survey, False)
    organisation = find_or_create_organisation("Police")
    db.session.add(OrganisationContact(organisation_id=organisation.id, name="B Person", email="b@example.org"))
    send_email("dsl@example.org", "New", "Body")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["purge-expired"])
    assert "0 safeguarding flag(s), 0 stakeholder contact(s), 0 unsent draft(s) and 0 sent email(s)" in result.output
    db.session.rollback()
    assert db.session.scalar(select(func.count(Response.id))) == 1
    assert db.session.scalar(select(func.count(OrganisationContact.id))) == 1


def test_purge_expired_reports_reviewers_decisions_deleted_after_safeguarding_retention(
        app: Flask, client: FlaskClient) -> None:
    now = utcnow()
    for text, days_ago in (("old", 91), ("recent", 89)):
        db.session.add(SafeguardingDecision(text=text, screened_level="watch", reviewed_level="none",
                                            decided_at_utc=now - timedelta(days=days_ago)))
    db.session.commit()
    report = purge_expired(now, RetentionPolicy(safeguarding_days=90, contact_days=365, draft_days=30,
                                                outbox_days=90))
    db.session.commit()
    assert (report.safeguarding_decisions, report.safeguarding_flags) == (1, 0)
    assert db.session.scalars(select(SafeguardingDecision.text)).all() == ["recent"]
