"""``flask purge-expired`` deletes what has passed its retention period and nothing else; dashboards' running totals
stay equal to a live count of what is left."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.admin.retention import RetentionPolicy, purge_expired
from app.common.mail import send_email
from app.extensions import db
from app.models import (
    Answer,
    AnswerTally,
    AuditEvent,
    ClassSession,
    ClassSessionStatus,
    Consultation,
    OutboxMessage,
    PupilResponse,
    Response,
    ResponseChannel,
    ResponseStatus,
    SafeguardingDecision,
    SafeguardingFlag,
)
from app.models.contacts import OrganisationContact
from app.models.types import utcnow
from app.reports import tallies
from app.surveys import responses
from app.surveys.engine import AnswerItem
from app.surveys.invites import find_or_create_organisation
from tests.factories import add_survey, make_consultation
from tests.integration.schools.helpers import (
    DSL_EMAIL,
    answer,
    class_session,
    pupil_survey,
    send,
    take_part,
    teacher_of,
)


def _response(survey, sent: bool) -> Response:  # type: ignore[no-untyped-def]
    draft = responses.load_draft(responses.start_draft(survey, channel=ResponseChannel.ONLINE, now=utcnow()))
    draft = responses.save_answers(draft, {"safe_day": (AnswerItem("safe_day", None, "safe"),)}, utcnow())
    if sent:
        responses.submit(draft, utcnow())
    return draft.response


def test_purge_expired_removes_old_drafts_contacts_and_mail_but_keeps_sent_responses(
    app: Flask, client: FlaskClient
) -> None:
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
    app: Flask, client: FlaskClient
) -> None:
    now = utcnow()
    for text, days_ago in (("old", 91), ("recent", 89)):
        db.session.add(
            SafeguardingDecision(
                text=text, screened_level="watch", reviewed_level="none", decided_at_utc=now - timedelta(days=days_ago)
            )
        )
    db.session.commit()
    report = purge_expired(
        now,
        RetentionPolicy(
            safeguarding_days=90,
            contact_days=365,
            draft_days=30,
            outbox_days=90,
            pupil_response_days=365,
            dsl_contact_days=90,
        ),
    )
    db.session.commit()
    assert (report.safeguarding_decisions, report.safeguarding_flags) == (1, 0)
    assert db.session.scalars(select(SafeguardingDecision.text)).all() == ["recent"]


def _pupil(
    web_app: Flask, code: str, safe_at_school: str, problems: tuple[str, ...] = ("drugs", "knife_crime")
) -> None:
    browser = web_app.test_client()
    take_part(browser, code)
    assert answer(browser, "feeling-safe", {"feel_safe_places-school": safe_at_school}).status == 302
    assert answer(browser, "biggest-problems", {"biggest_problems": list(problems)}).status == 302
    assert send(browser).status == 302


def _ended(session: ClassSession, days_ago: int) -> None:
    session.status, session.join_code = ClassSessionStatus.CLOSED, None
    session.closed_at_utc = utcnow() - timedelta(days=days_ago)


def _closed(consultation: Consultation, days_ago: int) -> None:
    consultation.open_at_utc = utcnow() - timedelta(days=days_ago + 400)
    consultation.close_at_utc = utcnow() - timedelta(days=days_ago)


def _pupil_responses(session: ClassSession) -> list[int]:
    return list(
        db.session.scalars(select(PupilResponse.response_id).where(PupilResponse.class_session_id == session.id))
    )


def _tallied_figures(consultation_id: int) -> tuple[dict, dict]:  # type: ignore[type-arg]
    questions = tallies.closed_questions(consultation_id)
    several = {qid: q for qid, q in questions.items() if q[2] in tallies.DISTINCT_TYPES}
    pending = tallies.unfolded(consultation_id)
    return (
        dict(tallies.cell_counts(consultation_id, questions, pending)),
        dict(tallies.respondent_counts(consultation_id, several, pending)),
    )


def test_purge_expired_deletes_pupil_responses_a_year_after_their_consultation_closed_and_old_dsl_contacts(
    app: Flask, client: FlaskClient, web_app: Flask
) -> None:
    last_year, this_year = make_consultation("schools-2025"), make_consultation("schools-2026")
    teacher = teacher_of()
    old = class_session(teacher, pupil_survey(last_year), year_group="Year 7")
    survey = pupil_survey(this_year)
    long_ago = class_session(teacher, survey, year_group="Year 8")
    recent = class_session(teacher, survey, year_group="Year 9")
    for session in (old, old, long_ago, recent):
        _pupil(web_app, session.join_code, "very_safe")
    _ended(old, 400)
    _ended(long_ago, 400)
    _ended(recent, 10)
    _closed(last_year, 380)
    _closed(this_year, 5)
    db.session.commit()
    old_ids, kept_ids = _pupil_responses(old), _pupil_responses(long_ago) + _pupil_responses(recent)
    assert len(old_ids) == 2 and len(kept_ids) == 2

    result = app.test_cli_runner().invoke(args=["purge-expired"])

    assert result.exit_code == 0, result.output
    assert "Deleted 2 pupil response(s) of consultations closed over 365 days ago" in result.output
    assert "blanked the safeguarding lead on 2 class session(s) that ended over 90 days ago" in result.output
    db.session.rollback()
    assert set(db.session.scalars(select(Response.id))) == set(kept_ids)
    assert db.session.scalars(select(Answer.id).where(Answer.response_id.in_(old_ids))).all() == []
    assert _pupil_responses(old) == []
    contacts = {s.year_group: (s.dsl_name, s.dsl_email) for s in db.session.scalars(select(ClassSession))}
    assert contacts == {"Year 7": (None, None), "Year 8": (None, None), "Year 9": ("Dee Lead", DSL_EMAIL)}
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "retention_purged")).all()
    assert [(e.detail["pupil_responses"], e.detail["dsl_contacts"]) for e in events] == [(2, 2)]


def test_purge_expired_keeps_the_running_tallies_equal_to_a_live_count(
    app: Flask, client: FlaskClient, web_app: Flask
) -> None:
    consultation = make_consultation("schools-2025")
    adults = add_survey(consultation)
    for _ in range(2):
        _response(adults, True)
    session = class_session(teacher_of(), pupil_survey(consultation))
    for safe in ("very_unsafe", "very_unsafe", "a_bit_safe"):
        _pupil(web_app, session.join_code, safe, problems=("fights",))
    assert tallies.catch_up([consultation.id], at_least=1) == 5
    _pupil(web_app, session.join_code, "very_safe")
    _response(adults, True)
    _ended(session, 400)
    _closed(consultation, 380)
    db.session.commit()

    assert app.test_cli_runner().invoke(args=["purge-expired"]).exit_code == 0

    db.session.rollback()
    after_purge = _tallied_figures(consultation.id)
    tallies.rebuild(consultation.id)
    db.session.commit()
    assert after_purge == _tallied_figures(consultation.id)
    assert {value: count for (_qid, _item, value, _pos), count in after_purge[0].items()} == {"safe": 3}
    assert after_purge[1] == {}
    assert db.session.scalar(select(func.count(AnswerTally.id)).where(AnswerTally.count <= 0)) == 0


def test_purge_expired_keeps_the_dsl_contact_while_a_flag_awaits_review(app: Flask, client: FlaskClient) -> None:
    session = class_session(teacher_of(), pupil_survey())
    db.session.add(
        SafeguardingFlag(
            class_session_id=session.id,
            text="words",
            level="concern",
            level_rank=2,
            triggers=[],
            created_at_utc=utcnow() - timedelta(days=95),
        )
    )
    _ended(session, 95)
    db.session.commit()
    report = purge_expired(utcnow(), RetentionPolicy.from_config(app.config))
    db.session.commit()
    assert report.dsl_contacts == 0
    assert db.session.get(ClassSession, session.id).dsl_email == DSL_EMAIL
