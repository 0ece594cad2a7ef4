"""Screening, quarantine, DSL alerts without the pupil's words, the reviewer queue and retention."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import Answer, AuditEvent, FlagStatus, OutboxMessage, Role, SafeguardingFlag
from app.models.types import utcnow
from app.safeguarding import services
from app.schools import summaries
from tests.factories import make_user, sign_in
from tests.integration.schools.helpers import DSL_EMAIL, answer, class_session, pupil_answers, pupil_survey, teacher_of
from tests.pages import Page, get, post

URGENT = "I am going to kill myself tonight"
CONCERN = "my dad hits me when he is drunk"
WATCH = "knife crime on the news scares me"
LEARNED_ONLY = "sometimes i ring 999 when my mums boyfriend goes for her"
RULES_ONLY = "older boys make me carry drugs for them"
RAISED_BY_LEARNED = "he hurt me so bad i cant see out of one eye"


def _texts() -> list[str]:
    return list(db.session.scalars(select(Answer.value)))


def _summary(page: Page) -> dict[str, str]:
    rows = page.soup.select(".govuk-summary-list__row")
    return {
        row.select_one(".govuk-summary-list__key").get_text(strip=True): row.select_one(
            ".govuk-summary-list__value"
        ).get_text(" ", strip=True)
        for row in rows
    }


def _why_flagged(message: OutboxMessage) -> str:
    [line] = [line for line in message.body.splitlines() if line.startswith("Why it was flagged: ")]
    return line.removeprefix("Why it was flagged: ")


def test_urgent_disclosure_is_quarantined_and_emailed_to_the_dsl_at_once(client: FlaskClient) -> None:
    session = class_session(teacher_of(), pupil_survey(), year_group="Year 10")
    pupil_answers(client, session.join_code, one_thing=URGENT)
    flag = db.session.scalar(select(SafeguardingFlag))
    assert (flag.level, flag.category, flag.status) == ("urgent", "self_harm", FlagStatus.OPEN)
    assert flag.text == URGENT and flag.triggers
    assert URGENT not in _texts()
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.category == "safeguarding"))
    assert message.to_address == DSL_EMAIL and message.subject.startswith("URGENT")
    assert session.school.name in message.body and "Year 10" in message.body
    assert URGENT not in message.body and not any(word in message.body for word in flag.triggers)
    assert f"http://127.0.0.1:5000/safeguarding-lead/flags/{flag.id}" in message.body
    assert "Question: What one thing would you tell the people who keep us safe?" in message.body
    assert "Dee Lead" not in message.body and flag.dsl_notified_at_utc is not None
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "SafeguardingFlag")).all()
    assert {e.action for e in events} == {"safeguarding_flag_raised", "safeguarding_dsl_notified"}
    assert all(URGENT not in str(e.detail) for e in events)


def test_concern_is_emailed_and_watch_is_queued_without_email(client: FlaskClient, web_app: Flask) -> None:
    session = class_session(teacher_of(), pupil_survey())
    pupil_answers(client, session.join_code, one_thing=CONCERN)
    pupil_answers(web_app.test_client(), session.join_code, one_thing=WATCH)
    flags = {f.level: f for f in db.session.scalars(select(SafeguardingFlag))}
    assert set(flags) == {"concern", "watch"}
    assert flags["concern"].dsl_notified_at_utc is not None and flags["watch"].dsl_notified_at_utc is None
    subjects = list(db.session.scalars(select(OutboxMessage.subject)))
    assert len(subjects) == 1 and not subjects[0].startswith("URGENT")
    assert CONCERN not in _texts() and WATCH not in _texts()


def test_answer_only_the_learned_screen_flags_says_so_to_the_reviewer_and_the_dsl(
    client: FlaskClient, web_app: Flask
) -> None:
    session = class_session(teacher_of(), pupil_survey())
    pupil_answers(web_app.test_client(), session.join_code, one_thing=LEARNED_ONLY)
    flag = db.session.scalar(select(SafeguardingFlag))
    assert (flag.screened_by, flag.triggers, flag.category) == ("model", [], "domestic_abuse")
    assert LEARNED_ONLY not in _texts()
    reason = (
        "The learned screen flagged this answer: it reads like other disclosures about domestic abuse, "
        "though no listed words matched."
    )
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.category == "safeguarding"))
    assert _why_flagged(message) == reason
    assert LEARNED_ONLY not in message.body
    raised = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "safeguarding_flag_raised"))
    assert raised.detail["screened_by"] == "model"
    sign_in(client, make_user(Role.REVIEWER))
    page = get(client, f"/safeguarding/flags/{flag.id}")
    assert _summary(page)["Why it was flagged"] == reason
    assert "None recorded" not in page.text and "Words that triggered the flag" not in page.text


@pytest.mark.parametrize(
    ("text", "screened_by", "reason", "emailed"),
    [
        (
            RULES_ONLY,
            "rules",
            "Words that triggered the flag: older boys make me, make me carry drugs, carry drugs for them.",
            "It matched words on the safeguarding list.",
        ),
        (
            CONCERN,
            "both",
            "Words that triggered the flag: my dad hits me. The learned screen agreed.",
            "It matched words on the safeguarding list. The learned screen agreed.",
        ),
        (
            RAISED_BY_LEARNED,
            "model",
            "Words that triggered the flag: he hurt me. The learned screen raised the level to urgent.",
            "It matched words on the safeguarding list. The learned screen raised the level to urgent.",
        ),
    ],
    ids=["rules", "both", "rules-matched-learned-raised"],
)
def test_flag_with_listed_words_shows_them_to_the_reviewer_but_not_in_the_dsl_email(
    client: FlaskClient, web_app: Flask, text: str, screened_by: str, reason: str, emailed: str
) -> None:
    session = class_session(teacher_of(), pupil_survey())
    pupil_answers(web_app.test_client(), session.join_code, one_thing=text)
    flag = db.session.scalar(select(SafeguardingFlag))
    assert flag.screened_by == screened_by and flag.triggers
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.category == "safeguarding"))
    assert _why_flagged(message) == emailed
    assert text not in message.body and not any(word in message.body for word in flag.triggers)
    sign_in(client, make_user(Role.REVIEWER))
    assert _summary(get(client, f"/safeguarding/flags/{flag.id}"))["Why it was flagged"] == reason


def test_ordinary_answers_and_idioms_are_not_flagged(client: FlaskClient, web_app: Flask) -> None:
    session = class_session(teacher_of(), pupil_survey())
    pupil_answers(client, session.join_code, one_thing="this survey is killing me lol")
    pupil_answers(web_app.test_client(), session.join_code, one_thing="More buses at night please")
    held = {flag.text: flag.level for flag in db.session.scalars(select(SafeguardingFlag))}
    assert held == {"this survey is killing me lol": "none", "More buses at night please": "none"}
    assert not db.session.scalar(select(OutboxMessage))


def test_other_text_in_a_choice_question_is_screened_too(client: FlaskClient) -> None:
    session = class_session(teacher_of(), pupil_survey())
    from tests.integration.schools.helpers import send, take_part

    take_part(client, session.join_code)
    answer(client, "what-feels-unsafe", {"unsafe_things": ["other"], "unsafe_things-other": CONCERN})
    send(client)
    flag = db.session.scalar(select(SafeguardingFlag))
    assert flag is not None and flag.item == "other"
    assert CONCERN not in _texts()


def test_quarantined_answer_is_excluded_from_aggregates_until_cleared(client: FlaskClient, web_app: Flask) -> None:
    session = class_session(teacher_of(), pupil_survey())
    pupil_answers(client, session.join_code, one_thing=WATCH)
    assert services.held_answer_count(session.survey.consultation_id) == 1
    assert WATCH not in _texts()
    assert WATCH not in str(summaries.class_summary(session, utcnow()))
    flag = db.session.scalar(select(SafeguardingFlag))
    services.review_flag(flag, make_user(Role.REVIEWER), "clear", "Third-party worry; no action", utcnow())
    db.session.commit()
    assert WATCH in _texts()
    assert services.held_answer_count(session.survey.consultation_id) == 0


def test_reviewer_queue_orders_by_urgency_then_age_and_actions_are_audited(client: FlaskClient, web_app: Flask) -> None:
    session = class_session(teacher_of(), pupil_survey())
    for text in (WATCH, CONCERN, URGENT):
        pupil_answers(web_app.test_client(), session.join_code, one_thing=text)
    reviewer = make_user(Role.REVIEWER)
    sign_in(client, reviewer)
    page = get(client, "/safeguarding/")
    assert [row["data-level"] for row in page.soup.select("#open-flags tbody tr")] == ["urgent", "concern", "watch"]
    urgent = db.session.scalar(select(SafeguardingFlag).where(SafeguardingFlag.level == "urgent"))
    review = get(client, f"/safeguarding/flags/{urgent.id}")
    assert URGENT in review.soup.select_one("#flag-text").get_text()
    bad = post(client, f"/safeguarding/flags/{urgent.id}", {"decision": "close"})
    assert bad.status == 400 and "Record the action taken" in bad.error_summary()[0]
    done = post(
        client, f"/safeguarding/flags/{urgent.id}", {"decision": "close", "action_taken": "Phoned the DSL at 10:15"}
    )
    assert done.status == 302
    db.session.refresh(urgent)
    assert urgent.status == FlagStatus.CLOSED and urgent.reviewed_by_id == reviewer.id
    assert urgent.action_taken == "Phoned the DSL at 10:15"
    assert URGENT not in _texts()
    actions = [
        e.action
        for e in db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.object_type == "SafeguardingFlag",
                AuditEvent.object_id == urgent.id,
                AuditEvent.actor_id == reviewer.id,
            )
        )
    ]
    assert "safeguarding_flag_viewed" in actions and "safeguarding_flag_closed" in actions
    assert all(
        "Phoned" not in str(e.detail) and URGENT not in str(e.detail) for e in db.session.scalars(select(AuditEvent))
    )
    page = get(client, "/safeguarding/")
    assert [row["data-level"] for row in page.soup.select("#open-flags tbody tr")] == ["concern", "watch"]


def test_purge_deletes_reviewed_flags_past_retention_and_keeps_open_ones(app: Flask, clean_db: None) -> None:
    reviewer = make_user(Role.REVIEWER)
    old = utcnow() - timedelta(days=91)
    rows = {
        "old_closed": SafeguardingFlag(
            text="a",
            level="concern",
            level_rank=2,
            triggers=[],
            created_at_utc=old,
            status=FlagStatus.CLOSED,
            reviewed_by_id=reviewer.id,
        ),
        "old_open": SafeguardingFlag(text="b", level="urgent", level_rank=3, triggers=[], created_at_utc=old),
        "new_closed": SafeguardingFlag(
            text="c", level="watch", level_rank=1, triggers=[], created_at_utc=utcnow(), status=FlagStatus.CLEARED
        ),
    }
    db.session.add_all(rows.values())
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["purge-safeguarding"])
    assert "Deleted 1 safeguarding flag(s) and 0 reviewer decision(s) older than 90 days" in result.output
    db.session.rollback()
    assert set(db.session.scalars(select(SafeguardingFlag.text))) == {"b", "c"}
    result = app.test_cli_runner().invoke(args=["purge-safeguarding", "--days", "0"])
    db.session.rollback()
    assert set(db.session.scalars(select(SafeguardingFlag.text))) == {"b"}
    assert "safeguarding_purged" in set(db.session.scalars(select(AuditEvent.action)))
