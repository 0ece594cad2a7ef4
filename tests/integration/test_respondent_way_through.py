"""Where a respondent lands: a first-time organisation starts at page 1, a resumed draft carries on where it was
left, a refused Send explains itself, "Change" returns to the row changed, and old links say what happened."""

from __future__ import annotations

from datetime import timedelta

from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import Response, ResponseStatus
from app.models.types import utcnow
from app.surveys.invites import create_invite, find_or_create_organisation
from tests.factories import add_survey, make_consultation
from tests.pages import get, post

BASE = "/consultations/safety-2026/residents"
PARTNERS = "/consultations/safety-2026/partners"


def _invite_token() -> str:
    survey = add_survey(make_consultation(), "mini_stakeholder.yaml")
    organisation = find_or_create_organisation("Thames Valley Police", "Police")
    _, token = create_invite(survey, organisation, "lead@example.org", utcnow() + timedelta(days=10))
    db.session.commit()
    return token


def test_first_time_organisation_starts_at_page_one_and_sees_its_name(client: FlaskClient) -> None:
    start = get(client, f"/invites/{_invite_token()}", follow_redirects=True)

    assert start.h1 == "Partners' survey"
    assert "You are responding on behalf of Thames Valley Police" in start.text
    button = start.soup.select_one("a.govuk-button--start")
    assert button.get_text(strip=True) == "Start now" and button["href"].endswith(f"{PARTNERS}/questions/priorities")
    assert "Continue your response" not in start.text
    page = get(client, button["href"])
    assert "Thames Valley Police" in page.soup.select_one(".govuk-caption-l").text


def test_send_with_nothing_answered_shows_an_error_summary_and_sends_nothing(client: FlaskClient) -> None:
    get(client, f"/invites/{_invite_token()}")

    refused = post(client, f"{PARTNERS}/submit", {}, form_url=f"{PARTNERS}/check-answers", follow_redirects=True)

    assert refused.h1 == "Priorities"
    assert refused.error_summary() == ["Select an answer"]
    assert refused.soup.select_one(".govuk-error-summary a")["href"] == "#agree"
    assert refused.soup.select_one("#agree-error") is not None
    assert db.session.scalar(select(Response.status)) == ResponseStatus.IN_PROGRESS


def test_organisation_declares_for_itself_and_after_sending_is_not_told_before_sending(client: FlaskClient) -> None:
    get(client, f"/invites/{_invite_token()}")
    post(client, f"{PARTNERS}/questions/priorities", {"agree": "agree", "action": "continue"})
    check = get(client, f"{PARTNERS}/check-answers")
    assert "respond on behalf of Thames Valley Police" in check.text
    assert "answers you are giving are your own" not in check.text

    post(client, f"{PARTNERS}/submit", {}, form_url=f"{PARTNERS}/check-answers")
    after = get(client, f"{PARTNERS}/check-answers")

    assert after.h1 == "Your response"
    assert "before sending" not in after.text and "You sent this response" in after.text
    assert get(client, PARTNERS).soup.select_one("a.govuk-button").get_text(strip=True) == "Change your response"


def test_change_returns_to_the_row_changed(client: FlaskClient) -> None:
    add_survey(make_consultation())
    db.session.commit()
    for page, answer in [
        ("feeling-safe", {"safe_day": "safe"}),
        ("priorities", {"ward": "bletchley-east"}),
        ("comments", {"comments": "More lights"}),
    ]:
        post(client, f"{BASE}/questions/{page}", {**answer, "action": "continue"})
    check = get(client, f"{BASE}/check-answers")
    change = check.soup.select_one("#answer-ward a")["href"]
    assert "change=ward" in change

    changing = get(client, change)
    assert changing.soup.select_one(".govuk-back-link")["href"].endswith("/check-answers#answer-ward")
    saved = post(client, change, {"ward": "wolverton", "action": "continue"})

    assert saved.response.location.endswith(f"{BASE}/check-answers#answer-ward")
    assert "Wolverton" in get(client, f"{BASE}/check-answers").soup.select_one("#answer-ward").text


def test_after_a_refused_send_each_page_leads_to_the_next_one_missing(client: FlaskClient) -> None:
    add_survey(make_consultation())
    db.session.commit()
    post(client, f"{BASE}/questions/comments", {"comments": "Lights", "action": "continue"})
    refused = post(client, f"{BASE}/submit", {}, form_url=f"{BASE}/check-answers")
    assert refused.response.location.endswith(f"{BASE}/questions/feeling-safe?incomplete=1")

    fixed = post(client, f"{BASE}/questions/feeling-safe?incomplete=1", {"safe_day": "safe", "action": "continue"})

    assert fixed.response.location.endswith(f"{BASE}/check-answers")


def test_a_resume_link_used_after_sending_says_so(client: FlaskClient, web_app) -> None:  # type: ignore[no-untyped-def]
    add_survey(make_consultation())
    db.session.commit()
    saved = post(
        client, f"{BASE}/questions/feeling-safe", {"safe_day": "safe", "action": "save"}, follow_redirects=True
    )
    link = saved.soup.select_one("#resume-link")["href"].replace("http://localhost", "")
    post(client, f"{BASE}/submit", {}, form_url=f"{BASE}/check-answers")
    reference = db.session.scalar(select(Response.reference))

    later = get(web_app.test_client(), link)

    assert later.status == 410
    assert later.h1 == "You have already sent this response" and reference in later.text
    assert db.session.scalar(select(func.count(Response.id))) == 1


def test_an_unknown_resume_link_explains_why_links_stop_working(client: FlaskClient) -> None:
    page = get(client, "/resume/not-a-real-token")

    assert page.status == 404
    assert page.h1 == "This link does not work" and "gave you a new link" in page.text


def test_continue_your_response_on_the_saved_page_goes_to_the_next_page(client: FlaskClient) -> None:
    add_survey(make_consultation())
    db.session.commit()
    saved = post(
        client, f"{BASE}/questions/feeling-safe", {"safe_day": "safe", "action": "save"}, follow_redirects=True
    )

    carry_on = saved.soup.find("a", string="Continue your response now")["href"]

    assert carry_on.endswith(f"{BASE}/questions/priorities")
    assert get(client, BASE).soup.select_one("a.govuk-button")["href"].endswith(f"{BASE}/questions/priorities")
