"""A reviewer reads every pupil comment before it is used (issue 13): a sent pupil comment the screen passed is held
out of every officer page, analysis and export until a reviewer releases it, in a queue ordered by the screen, with
a bulk "Nothing of concern" release of only what the screen passed and only by a reviewer."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.auth.services import find_user_by_email
from app.extensions import db
from app.models import (
    AdultContactRequest,
    Answer,
    AuditEvent,
    ClassSession,
    Consultation,
    FlagStatus,
    PupilResponse,
    Response,
    Role,
    SafeguardingDecision,
    SafeguardingFlag,
)
from app.models.types import utcnow
from app.safeguarding import services
from tests.factories import make_consultation, make_user, sign_in
from tests.integration.reports.helpers import export_download
from tests.integration.safeguarding.helpers import make_flag
from tests.integration.schools.helpers import DSL_EMAIL, class_session, pupil_answers, pupil_survey, teacher_of
from tests.integration.schools.summary_helpers import close, close_consultation, sent_pupils
from tests.pages import Page, get, post

ORDINARY = "More buses at night please"
CONCERN = "my dad hits me when he is drunk"


def _texts() -> list[str]:
    return list(db.session.scalars(select(Answer.value)))


def _comment_flag(text: str) -> SafeguardingFlag:
    return db.session.scalars(select(SafeguardingFlag).where(SafeguardingFlag.text == text)).one()


def _release(client: FlaskClient, flag_ids: list[int]) -> Page:
    return post(client, "/safeguarding/comments", {"flag_ids": [str(i) for i in flag_ids]})


def test_a_sent_pupil_comment_reaches_no_officer_page_until_a_reviewer_releases_it(
    client: FlaskClient, web_app: Flask
) -> None:
    session = class_session(teacher_of(), pupil_survey())
    pupil_answers(web_app.test_client(), session.join_code, one_thing=ORDINARY)
    flag = _comment_flag(ORDINARY)
    assert (flag.level, flag.status, flag.screen_score is not None) == ("none", FlagStatus.OPEN, True)
    assert flag.dsl_notified_at_utc is None and ORDINARY not in _texts()
    assert services.held_answer_count(session.survey.consultation_id) == 1

    officer = web_app.test_client()
    sign_in(officer, make_user(Role.OFFICER))
    base = f"/officers/analysis/{session.survey.consultation_id}"
    for url in (base, f"{base}/answers", f"{base}/emerging"):
        page = get(officer, url)
        assert page.status == 200 and ORDINARY not in page.text, url

    sign_in(client, make_user(Role.REVIEWER))
    queue = get(client, "/safeguarding/comments")
    assert queue.status == 200 and ORDINARY in queue.text
    released = _release(client, [flag.id])
    assert released.status == 302
    assert "Released 1 comment to reports" in get(client, "/safeguarding/comments").text

    [answer] = db.session.scalars(select(Answer).where(Answer.value == ORDINARY))
    flag = _comment_flag(ORDINARY)
    assert flag.status == FlagStatus.CLEARED and flag.reviewed_by_id is not None
    assert ORDINARY in get(officer, f"{base}/answers").text
    assert ORDINARY in get(officer, f"{base}/answers/{answer.id}").text
    assert services.held_answer_count(session.survey.consultation_id) == 0
    decision = db.session.scalar(select(SafeguardingDecision).where(SafeguardingDecision.flag_id == flag.id))
    assert (decision.screened_level, decision.reviewed_level) == ("none", "none")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "pupil_comments_released"))
    assert event.detail["flag_ids"] == [flag.id] and ORDINARY not in json.dumps(event.detail)


def test_the_schools_dsl_sees_flagged_answers_but_not_every_comment_waiting_to_be_read(
    client: FlaskClient, web_app: Flask
) -> None:
    session = class_session(teacher_of(), pupil_survey())
    pupil_answers(web_app.test_client(), session.join_code, one_thing=ORDINARY)
    pupil_answers(web_app.test_client(), session.join_code, one_thing=CONCERN)
    sign_in(client, find_user_by_email(DSL_EMAIL))
    page = get(client, "/safeguarding-lead/")
    assert page.status == 200
    links = [a["href"] for a in page.soup.select("a[href^='/safeguarding-lead/flags/']")]
    assert links == [f"/safeguarding-lead/flags/{_comment_flag(CONCERN).id}"]
    assert get(client, f"/safeguarding-lead/flags/{_comment_flag(ORDINARY).id}").status == 404


def test_with_the_setting_off_a_pupil_comment_goes_straight_to_the_analysis(web_app: Flask, clean_db: None) -> None:
    consultation = make_consultation("schools-2026")
    consultation.pupil_comment_review = False
    db.session.commit()
    session = class_session(teacher_of(), pupil_survey(consultation))
    pupil_answers(web_app.test_client(), session.join_code, one_thing=ORDINARY)
    assert ORDINARY in _texts() and db.session.scalar(select(SafeguardingFlag)) is None


def test_new_consultations_review_pupil_comments_by_default(clean_db: None) -> None:
    assert make_consultation("schools-2026").pupil_comment_review is True


def test_the_queue_is_ordered_by_the_screen_urgent_then_concern_then_score(client: FlaskClient) -> None:
    low = _scored(make_flag("just fine thanks", "none", None), -1.2)
    high = _scored(make_flag("not sure about home", "none", None), 0.4)
    unscored = make_flag("older comment", "none", None).id
    concern_low = _scored(make_flag("concern low"), -0.3)
    concern_high = _scored(make_flag("concern high"), 0.9)
    urgent = _scored(make_flag("urgent one", "urgent", "self_harm"), -0.5)
    watch = make_flag("watch one", "watch", "weapons_violence").id
    expected = [urgent, concern_high, concern_low, watch, high, low, unscored]
    assert [flag.id for flag in services.list_unreleased_comments()] == expected

    sign_in(client, make_user(Role.REVIEWER))
    page = get(client, "/safeguarding/comments")
    shown = [int(row["data-flag-id"]) for row in page.soup.select("#flagged-comments tr[data-flag-id]")]
    shown += [int(box["value"]) for box in page.soup.select("input[name='flag_ids']")]
    assert shown == expected
    assert "older comment" in page.text


def _scored(flag: SafeguardingFlag, score: float) -> int:
    flag.screen_score = score
    db.session.commit()
    return flag.id


def test_bulk_release_releases_only_the_ticked_comments_the_screen_passed(client: FlaskClient, web_app: Flask) -> None:
    session = class_session(teacher_of(), pupil_survey())
    for text in ("Ticked: more lights", "Not ticked: more buses", CONCERN):
        pupil_answers(web_app.test_client(), session.join_code, one_thing=text)
    ticked, unticked, concern = (_comment_flag(t) for t in ("Ticked: more lights", "Not ticked: more buses", CONCERN))
    assert concern.level == "concern"
    sign_in(client, make_user(Role.REVIEWER))
    assert _release(client, [ticked.id, concern.id]).status == 302
    statuses = {flag.text: flag.status for flag in db.session.scalars(select(SafeguardingFlag))}
    assert statuses == {
        "Ticked: more lights": FlagStatus.CLEARED,
        "Not ticked: more buses": FlagStatus.OPEN,
        CONCERN: FlagStatus.OPEN,
    }
    assert "Ticked: more lights" in _texts()
    assert "Not ticked: more buses" not in _texts() and CONCERN not in _texts()


def test_releasing_nothing_ticked_says_so_and_changes_nothing(client: FlaskClient, web_app: Flask) -> None:
    session = class_session(teacher_of(), pupil_survey())
    pupil_answers(web_app.test_client(), session.join_code, one_thing=ORDINARY)
    sign_in(client, make_user(Role.REVIEWER))
    page = _release(client, [])
    assert page.status == 400
    assert page.error_summary() == ["Tick the comments you have read and want to release"]
    assert _comment_flag(ORDINARY).status == FlagStatus.OPEN and ORDINARY not in _texts()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.TEACHER, Role.DSL])
def test_only_a_reviewer_or_admin_can_read_or_release_pupil_comments(
    client: FlaskClient, web_app: Flask, role: Role
) -> None:
    session = class_session(teacher_of(), pupil_survey())
    pupil_answers(web_app.test_client(), session.join_code, one_thing=ORDINARY)
    flag = _comment_flag(ORDINARY)
    reviewer = web_app.test_client()
    sign_in(reviewer, make_user(Role.REVIEWER))
    assert get(reviewer, "/safeguarding/comments").status == 200
    sign_in(client, make_user(role, f"{role.value}-2@example.org"))
    assert get(client, "/safeguarding/comments").status == 403
    page = post(client, "/safeguarding/comments", {"flag_ids": [str(flag.id)]}, form_url="/staff/sign-out")
    assert page.status == 403
    assert _comment_flag(ORDINARY).status == FlagStatus.OPEN and ORDINARY not in _texts()


def test_the_queue_shows_adult_contact_requests(client: FlaskClient) -> None:
    session = class_session(teacher_of("Brook School"), pupil_survey(), year_group="Year 9")
    db.session.add(AdultContactRequest(class_session_id=session.id, requested_on=date.today(), dsl_notified=True))
    db.session.commit()
    sign_in(client, make_user(Role.REVIEWER))
    rows = get(client, "/safeguarding/comments").soup.select("#adult-contact-requests tbody tr")
    assert len(rows) == 1 and "Brook School, Year 9" in rows[0].get_text(" ", strip=True)


def test_a_reviewer_records_who_a_comment_was_escalated_to(client: FlaskClient, web_app: Flask) -> None:
    session = class_session(teacher_of(), pupil_survey())
    pupil_answers(web_app.test_client(), session.join_code, one_thing=ORDINARY)
    flag = _comment_flag(ORDINARY)
    sign_in(client, make_user(Role.REVIEWER))
    page = post(
        client,
        f"/safeguarding/flags/{flag.id}",
        {
            "decision": "close",
            "reviewed_level": "watch",
            "reviewed_category": "bullying",
            "escalated_to": "Head of Year 8",
            "action_taken": "Asked the school to check in with the class",
        },
    )
    assert page.status == 302
    flag = _comment_flag(ORDINARY)
    assert (flag.status, flag.escalated_to) == (FlagStatus.CLOSED, "Head of Year 8")
    decision = db.session.scalar(select(SafeguardingDecision).where(SafeguardingDecision.flag_id == flag.id))
    assert (decision.reviewed_level, decision.reviewed_category) == ("watch", "bullying")
    assert ORDINARY not in _texts()
    assert "Escalated to: Head of Year 8" in get(client, f"/safeguarding/flags/{flag.id}").text


# Exports and the printable report: pupil comments reach them only after release.


@pytest.fixture()
def export_dir(app: Flask, web_app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for application in (app, web_app):
        monkeypatch.setitem(application.config, "EXPORT_DIR", str(tmp_path))
    return tmp_path


PARK = "PUPIL-WORDS more lights in the park please"


def _released_class(consultation: Consultation) -> ClassSession:
    """A closed class of 12 who all sent the same comment through the send path's screen."""
    session = class_session(teacher_of(), pupil_survey(consultation))
    sent_pupils(session, 12, one_thing=PARK)
    for response in db.session.scalars(select(Response).join(PupilResponse, PupilResponse.response_id == Response.id)):
        services.screen_response(response, session, utcnow())
    db.session.commit()
    close(session)
    close_consultation(consultation)
    return session


def test_pupil_comments_reach_theme_quotes_the_report_and_json_only_after_release(
    client: FlaskClient, web_app: Flask, export_dir: Path
) -> None:
    consultation = make_consultation("schools-2026")
    _released_class(consultation)
    assert PARK not in _texts() and len(services.list_unreleased_comments()) == 12
    officer = web_app.test_client()
    sign_in(officer, make_user(Role.OFFICER))
    base = f"/officers/analysis/{consultation.id}"

    def seen() -> dict[str, bool]:
        return {
            "overview": PARK in get(officer, base).text,
            "report": PARK in get(officer, f"/officers/reports/{consultation.id}/report").text,
            "json": PARK in export_download(officer, consultation.id, "json").decode(),
        }

    assert seen() == {"overview": False, "report": False, "json": False}
    sign_in(client, make_user(Role.REVIEWER))
    assert _release(client, [flag.id for flag in services.list_unreleased_comments()]).status == 302
    assert _texts().count(PARK) == 12
    after = seen()
    assert after == {"overview": True, "report": True, "json": True}


# The setting: on by default, turned off only past a clear warning, audited.


def test_an_officer_turns_the_review_off_only_after_confirming_the_warning(client: FlaskClient, web_app: Flask) -> None:
    consultation = make_consultation("schools-2026")
    session = class_session(teacher_of(), pupil_survey(consultation))
    sign_in(client, make_user(Role.OFFICER))
    show = get(client, f"/officers/consultations/{consultation.id}")
    assert "a safeguarding reviewer reads and releases each one first" in show.text
    url = f"/officers/consultations/{consultation.id}/pupil-comments"
    page = get(client, url)
    assert "The screen misses some disclosures" in page.text

    refused = post(client, url, {"review": "off"})
    assert refused.status == 400
    assert refused.error_summary() == ["Confirm you understand what turning this off means, or keep it on"]
    db.session.rollback()
    assert db.session.get(Consultation, consultation.id).pupil_comment_review is True

    assert post(client, url, {"review": "off", "understood": "y"}).status == 302
    db.session.rollback()
    assert db.session.get(Consultation, consultation.id).pupil_comment_review is False
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "pupil_comment_review_changed"))
    assert event.detail == {"review": False}
    pupil_answers(web_app.test_client(), session.join_code, one_thing=ORDINARY)
    assert ORDINARY in _texts()

    assert post(client, url, {"review": "on"}).status == 302
    pupil_answers(web_app.test_client(), session.join_code, one_thing="Second: more buses")
    assert "Second: more buses" not in _texts()


def test_only_officers_change_the_pupil_comment_setting(client: FlaskClient) -> None:
    consultation = make_consultation("schools-2026")
    sign_in(client, make_user(Role.REVIEWER))
    url = f"/officers/consultations/{consultation.id}/pupil-comments"
    assert get(client, url).status == 403
    assert post(client, url, {"review": "off", "understood": "y"}, form_url="/staff/sign-out").status == 403
    db.session.rollback()
    assert db.session.get(Consultation, consultation.id).pupil_comment_review is True
