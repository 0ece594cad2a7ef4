"""Officers can escalate (issue 13): "Send to safeguarding" on an answer an officer reads moves it into the reviewer's
queue under the same quarantine as the screen's flags, audited, with an alert that carries no words."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import Answer, AuditEvent, FlagStatus, OutboxMessage, Role, SafeguardingFlag
from app.safeguarding import escalation, services
from tests.factories import add_survey, make_consultation, make_user, sign_in
from tests.integration.reports.helpers import csv_text, export_download, respond
from tests.integration.schools.helpers import DSL_EMAIL, class_session, pupil_answers, pupil_survey, teacher_of
from tests.pages import get, post

WORRYING = "My neighbour's kids are left alone for days and come round hungry"
LEAD = "lead@partnership.example.org"


@pytest.fixture()
def export_dir(app: Flask, web_app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for application in (app, web_app):
        monkeypatch.setitem(application.config, "EXPORT_DIR", str(tmp_path))
        monkeypatch.setitem(application.config, "SAFEGUARDING_LEAD_EMAIL", LEAD)
    return tmp_path


def _adult_answer() -> tuple[int, int]:
    consultation = make_consultation()
    survey = add_survey(consultation, "reports_survey.yaml")
    respond(survey, comment="The street lights are broken")
    respond(survey, comment=WORRYING)
    answer_id = db.session.scalar(select(Answer.id).where(Answer.value == WORRYING))
    return consultation.id, answer_id


def test_send_to_safeguarding_moves_an_adult_answer_out_of_analysis_and_exports_into_the_queue(
    client: FlaskClient, web_app: Flask, export_dir: Path
) -> None:
    consultation_id, answer_id = _adult_answer()
    officer = make_user(Role.OFFICER)
    sign_in(client, officer)
    base = f"/officers/analysis/{consultation_id}"
    assert WORRYING in get(client, f"{base}/answers").text
    assert WORRYING in csv_text(export_download(client, consultation_id, "csv"))

    page = post(
        client,
        f"{base}/answers/{answer_id}/safeguarding",
        {"reason": "Children may be neglected", "level": "concern"},
        form_url=f"{base}/answers/{answer_id}",
    )
    assert page.status == 302 and page.response.location.endswith(f"{base}/answers")
    listing = get(client, f"{base}/answers")
    assert "Sent to safeguarding" in listing.text and WORRYING not in listing.text
    assert get(client, f"{base}/answers/{answer_id}").status == 404
    exported_text = csv_text(export_download(client, consultation_id, "csv"))
    exported = list(csv.reader(io.StringIO(exported_text)))
    assert len(exported) == 3 and not any(WORRYING in cell for row in exported for cell in row)
    assert WORRYING not in list(db.session.scalars(select(Answer.value)))

    flag = db.session.scalars(select(SafeguardingFlag)).one()
    assert (flag.text, flag.level, flag.screened_by, flag.status) == (WORRYING, "concern", "officer", FlagStatus.OPEN)
    assert (flag.raised_by_id, flag.raised_reason, flag.class_session_id) == (
        officer.id,
        "Children may be neglected",
        None,
    )
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "safeguarding_flag_raised"))
    assert (event.actor_id, event.object_id, event.detail["screened_by"]) == (officer.id, flag.id, "officer")
    mail = db.session.scalars(select(OutboxMessage).where(OutboxMessage.category == "safeguarding")).one()
    assert mail.to_address == LEAD and mail.about == f"SafeguardingFlag:{flag.id}"
    assert WORRYING not in mail.body and "neglected" not in mail.body
    assert f"/safeguarding/flags/{flag.id}" in mail.body

    reviewer = web_app.test_client()
    sign_in(reviewer, make_user(Role.REVIEWER))
    queue = get(reviewer, "/safeguarding/")
    assert [int(a["href"].rsplit("/", 1)[1]) for a in queue.soup.select("#open-flags tbody a")] == [flag.id]
    review = get(reviewer, f"/safeguarding/flags/{flag.id}")
    assert WORRYING in review.text and "Children may be neglected" in review.text
    services.review_flag(
        flag, make_user(Role.REVIEWER, "second@example.org"), "clear", "Not a concern", flag.created_at_utc
    )
    db.session.commit()
    assert WORRYING in get(client, f"{base}/answers").text


def test_send_to_safeguarding_urgent_on_a_pupil_comment_alerts_the_dsl_without_words(
    client: FlaskClient, web_app: Flask
) -> None:
    consultation = make_consultation("schools-2026")
    consultation.pupil_comment_review = False
    db.session.commit()
    session = class_session(teacher_of(), pupil_survey(consultation))
    text = "I do not like going home at the weekend"
    pupil_answers(web_app.test_client(), session.join_code, one_thing=text)
    answer_id, response_id = db.session.execute(select(Answer.id, Answer.response_id).where(Answer.value == text)).one()
    sign_in(client, make_user(Role.OFFICER))
    base = f"/officers/analysis/{consultation.id}/answers/{answer_id}"
    assert (
        post(client, f"{base}/safeguarding", {"reason": "Worried about home", "level": "urgent"}, form_url=base).status
        == 302
    )
    flag = db.session.scalars(select(SafeguardingFlag)).one()
    assert (flag.level, flag.class_session_id, flag.response_id) == ("urgent", session.id, response_id)
    mail = db.session.scalars(select(OutboxMessage).where(OutboxMessage.category == "safeguarding")).one()
    assert mail.to_address == DSL_EMAIL and mail.subject.startswith("URGENT")
    assert text not in mail.body and "Worried" not in mail.body
    assert "An officer who read this answer sent it to safeguarding." in mail.body


def test_send_to_safeguarding_without_csrf_or_reason_changes_nothing(client: FlaskClient) -> None:
    consultation_id, answer_id = _adult_answer()
    sign_in(client, make_user(Role.OFFICER))
    url = f"/officers/analysis/{consultation_id}/answers/{answer_id}/safeguarding"
    assert client.post(url, data={"reason": "Children may be neglected", "level": "concern"}).status_code == 400
    no_reason = post(client, url, {"reason": " ", "level": "concern"}, form_url=url.removesuffix("/safeguarding"))
    assert no_reason.status == 302
    assert "Say briefly why this answer worries you" in get(client, url.removesuffix("/safeguarding")).text
    bad_level = post(
        client, url, {"reason": "Worried", "level": "whenever"}, form_url=url.removesuffix("/safeguarding")
    )
    assert bad_level.status == 302
    db.session.rollback()
    assert db.session.scalar(select(SafeguardingFlag)) is None
    assert WORRYING in list(db.session.scalars(select(Answer.value)))
    assert db.session.scalar(select(OutboxMessage)) is None


def test_only_officers_can_send_to_safeguarding_and_only_their_consultations_answers(
    client: FlaskClient, web_app: Flask
) -> None:
    consultation_id, answer_id = _adult_answer()
    other = make_consultation("other-2026")
    sign_in(client, make_user(Role.REVIEWER))
    reviewer_try = post(
        client,
        f"/officers/analysis/{consultation_id}/answers/{answer_id}/safeguarding",
        {"reason": "x", "level": "concern"},
        form_url="/staff/sign-out",
    )
    assert reviewer_try.status == 403
    officer = web_app.test_client()
    sign_in(officer, make_user(Role.OFFICER))
    wrong = post(
        officer,
        f"/officers/analysis/{other.id}/answers/{answer_id}/safeguarding",
        {"reason": "x", "level": "concern"},
        form_url=f"/officers/analysis/{consultation_id}/answers/{answer_id}",
    )
    assert wrong.status == 404
    db.session.rollback()
    assert db.session.scalar(select(SafeguardingFlag)) is None


def test_an_urgent_adult_answer_nobody_acknowledges_escalates_without_naming_a_deleted_session(
    client: FlaskClient, export_dir: Path
) -> None:
    consultation_id, answer_id = _adult_answer()
    sign_in(client, make_user(Role.OFFICER))
    url = f"/officers/analysis/{consultation_id}/answers/{answer_id}"
    assert (
        post(client, f"{url}/safeguarding", {"reason": "Children left alone", "level": "urgent"}, form_url=url).status
        == 302
    )
    flag = db.session.scalars(select(SafeguardingFlag)).one()
    assert escalation.escalate(flag, LEAD, flag.created_at_utc, 2.0)
    db.session.commit()
    mail = db.session.scalars(select(OutboxMessage).where(OutboxMessage.category == "safeguarding_escalation")).one()
    assert "no school (an officer sent this answer)" in mail.body and "session deleted" not in mail.body
    assert WORRYING not in mail.body and "Children left alone" not in mail.body


def test_an_officer_reading_one_response_can_send_its_comment_to_safeguarding_from_there(client: FlaskClient) -> None:
    consultation_id, answer_id = _adult_answer()
    response_id = db.session.scalar(select(Answer.response_id).where(Answer.id == answer_id))
    sign_in(client, make_user(Role.OFFICER))
    page = get(client, f"/officers/surveys/responses/{response_id}")
    assert WORRYING in page.text
    links = [a["href"] for a in page.soup.select(".govuk-summary-list__actions a")]
    assert links == [f"/officers/analysis/{consultation_id}/answers/{answer_id}#send-to-safeguarding"]
    coding = get(client, links[0].split("#")[0])
    assert coding.soup.select_one("#send-to-safeguarding form")["action"].endswith(f"/answers/{answer_id}/safeguarding")
