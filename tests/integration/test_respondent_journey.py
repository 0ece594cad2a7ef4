"""A resident answers a survey: validation, show-if, check your answers, submit, confirmation, save and resume."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, Response, ResponseStatus, SurveyQuestion
from app.models.types import utcnow
from app.surveys import responses
from app.surveys.engine import AnswerItem
from app.surveys.errors import ResponseSentError
from tests.factories import add_survey, make_consultation
from tests.pages import get, post

BASE = "/consultations/safety-2026/residents"


def _open_survey() -> None:
    add_survey(make_consultation())


def _answers_by_key() -> dict[str, list[tuple[str | None, str, int | None]]]:
    rows = db.session.execute(
        select(SurveyQuestion.key, Answer.item, Answer.value, Answer.position)
        .join(SurveyQuestion, Answer.question_id == SurveyQuestion.id)
        .order_by(Answer.id)
    ).all()
    result: dict[str, list[tuple[str | None, str, int | None]]] = {}
    for key, item, value, position in rows:
        result.setdefault(key, []).append((item, value, position))
    return result


def test_hub_lists_open_consultation_with_start_button(client: FlaskClient) -> None:
    _open_survey()
    hub = get(client, "/")
    assert "Consultation safety-2026" in hub.text
    page = get(client, "/consultations/safety-2026")
    assert page.soup.select_one("a.govuk-button--start")["href"] == BASE


def test_required_question_shows_govuk_error_and_stores_nothing(client: FlaskClient) -> None:
    _open_survey()
    page = post(client, f"{BASE}/questions/feeling-safe", {"action": "continue"})
    assert page.status == 400
    assert page.soup.title.get_text().startswith("Error:")
    assert page.error_summary() == ["Select an answer"]
    assert page.soup.select_one(".govuk-error-summary a")["href"] == "#safe_day"
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_unknown_option_value_is_rejected(client: FlaskClient) -> None:
    _open_survey()
    page = post(client, f"{BASE}/questions/feeling-safe", {"safe_day": "<script>", "action": "continue"})
    assert page.status == 400
    assert db.session.scalar(select(func.count(Answer.id))) == 0


def test_full_journey_stores_answers_as_rows_and_shows_reference(client: FlaskClient) -> None:
    _open_survey()
    page = post(client, f"{BASE}/questions/feeling-safe", {"safe_day": "unsafe", "action": "continue"})
    assert page.response.location.endswith(f"{BASE}/questions/feeling-safe") is False
    follow_up = get(client, f"{BASE}/questions/feeling-safe")
    assert "What makes you feel unsafe?" in follow_up.text
    post(
        client,
        f"{BASE}/questions/feeling-safe",
        {"safe_day": "unsafe", "why_unsafe": "Dark underpasses", "action": "continue"},
    )
    post(
        client,
        f"{BASE}/questions/priorities",
        {"top-1": "drugs", "top-2": "knife_crime", "top-3": "", "ward": "bletchley_east", "action": "continue"},
    )
    page = post(client, f"{BASE}/questions/comments", {"comments": "More patrols please", "action": "continue"})
    assert page.response.location.endswith(f"{BASE}/check-answers")
    check = get(client, f"{BASE}/check-answers")
    assert "1. Drugs" in check.text and "Bletchley East" in check.text and "Dark underpasses" in check.text
    sent = post(client, f"{BASE}/submit", {}, form_url=f"{BASE}/check-answers", follow_redirects=True)
    assert sent.h1.startswith("Response sent")
    reference = sent.soup.select_one(".govuk-panel strong").get_text()
    response = db.session.scalar(select(Response))
    assert response.status == ResponseStatus.SUBMITTED and response.reference == reference
    assert response.channel.value == "online" and response.submitted_at_utc is not None
    answers = _answers_by_key()
    assert answers["top"] == [(None, "drugs", 1), (None, "knife_crime", 2)]
    assert answers["why_unsafe"] == [(None, "Dark underpasses", None)]


def test_changing_an_answer_removes_answers_it_hid(client: FlaskClient) -> None:
    _open_survey()
    post(
        client,
        f"{BASE}/questions/feeling-safe",
        {"safe_day": "unsafe", "why_unsafe": "Dark underpasses", "action": "continue"},
    )
    post(client, f"{BASE}/questions/feeling-safe", {"safe_day": "safe", "action": "continue"})
    assert "why_unsafe" not in _answers_by_key()


def test_replayed_submit_stores_one_response_with_same_reference(client: FlaskClient) -> None:
    _open_survey()
    post(client, f"{BASE}/questions/feeling-safe", {"safe_day": "safe", "action": "continue"})
    token = get(client, f"{BASE}/check-answers").csrf_token()
    first = client.post(f"{BASE}/submit", data={"csrf_token": token})
    db.session.rollback()
    reference = db.session.scalar(select(Response.reference))
    second = client.post(f"{BASE}/submit", data={"csrf_token": token}, follow_redirects=True)
    db.session.rollback()
    assert first.status_code == 302
    assert second.request.path == f"{BASE}/confirmation"
    assert reference in second.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Response.id)).where(Response.status == ResponseStatus.SUBMITTED)) == 1


def test_submit_without_required_answers_is_refused(client: FlaskClient) -> None:
    _open_survey()
    post(client, f"{BASE}/questions/priorities", {"ward": "olney", "action": "continue"})
    page = post(client, f"{BASE}/submit", {}, form_url=f"{BASE}/check-answers")
    assert page.response.location.endswith(f"{BASE}/questions/feeling-safe?incomplete=1")
    assert db.session.scalar(select(Response.status)) == ResponseStatus.IN_PROGRESS


def test_save_and_resume_with_private_link_in_a_new_browser(client: FlaskClient, web_app) -> None:  # type: ignore[no-untyped-def]
    _open_survey()
    saved = post(
        client, f"{BASE}/questions/feeling-safe", {"safe_day": "dont_know", "action": "save"}, follow_redirects=True
    )
    link = saved.soup.select_one("#resume-link")["href"]
    assert "/resume/" in link
    other_browser = web_app.test_client()
    resumed = get(other_browser, link.replace("http://localhost", ""), follow_redirects=True)
    assert resumed.h1 == "Priorities"  # the page after the one saved, not "Check your answers"
    assert "page 2 of 3" in resumed.soup.select_one(".govuk-caption-l").text
    assert "Don't know" in get(other_browser, f"{BASE}/check-answers").text
    response = db.session.scalar(select(Response))
    assert response.resume_token_hash is not None and link.rsplit("/", 1)[1] not in response.resume_token_hash


def test_unknown_resume_link_is_not_found(client: FlaskClient) -> None:
    _open_survey()
    assert get(client, "/resume/not-a-real-token").status == 404


def test_csrf_token_is_required(client: FlaskClient) -> None:
    _open_survey()
    response = client.post(f"{BASE}/questions/feeling-safe", data={"safe_day": "safe"})
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_replayed_cookie_from_before_sending_cannot_change_the_sent_response(client: FlaskClient) -> None:
    _open_survey()
    post(client, f"{BASE}/questions/feeling-safe", {"safe_day": "safe", "action": "continue"})
    token = get(client, f"{BASE}/check-answers").csrf_token()
    before_sending = client.get_cookie("sv_session").value
    assert client.post(f"{BASE}/submit", data={"csrf_token": token}).status_code == 302

    client.set_cookie("sv_session", before_sending)
    page = client.post(
        f"{BASE}/questions/feeling-safe",
        data={"safe_day": "unsafe", "why_unsafe": "Changed after sending", "action": "continue", "csrf_token": token},
    )
    db.session.rollback()
    assert page.status_code == 409
    assert "You have already sent this response" in page.get_data(as_text=True)
    assert _answers_by_key() == {"safe_day": [(None, "safe", None)]}
    assert db.session.scalar(select(func.count(Response.id))) == 1
    assert get(client, f"{BASE}/questions/feeling-safe").status == 409


def test_a_page_saved_by_a_request_that_loaded_the_draft_before_sending_changes_nothing(client: FlaskClient) -> None:
    _open_survey()
    post(client, f"{BASE}/questions/feeling-safe", {"safe_day": "safe", "action": "continue"})
    loaded_before_sending = responses.load_draft(db.session.scalar(select(Response)))
    post(client, f"{BASE}/submit", {}, form_url=f"{BASE}/check-answers")
    with pytest.raises(ResponseSentError):
        responses.save_answers(loaded_before_sending, {"safe_day": (AnswerItem("safe_day", None, "unsafe"),)}, utcnow())
    db.session.rollback()
    assert _answers_by_key() == {"safe_day": [(None, "safe", None)]}


NUL_MESSAGE = (
    "Your answer contains a hidden character (NUL) that cannot be saved. Type your answer again instead of pasting it"
)


def test_an_answer_with_a_nul_character_is_refused_with_a_message(client: FlaskClient) -> None:
    _open_survey()
    post(client, f"{BASE}/questions/feeling-safe", {"safe_day": "unsafe", "action": "continue"})
    page = post(
        client,
        f"{BASE}/questions/feeling-safe",
        {"safe_day": "unsafe", "why_unsafe": "Dark\x00 underpass", "action": "continue"},
    )
    assert page.status == 400 and page.error_summary() == [NUL_MESSAGE]
    assert page.soup.select_one("textarea[name=why_unsafe]").get_text() == "Dark underpass"
    assert _answers_by_key() == {"safe_day": [(None, "unsafe", None)]}
