"""Children's data on a shared screen: "Stop and clear my answers" everywhere, no previous pupil's draft for the
next person, adult-contact requests only from pupils taking part and limited per session, and true words about
what the teacher sees."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import AdultContactRequest, Answer, Response, SafeguardingFlag
from app.models.mail import OutboxMessage
from app.schools.pupils import KEY
from tests.integration.schools.helpers import (
    answer,
    class_session,
    join,
    pupil_survey,
    send,
    take_part,
    teacher_of,
)
from tests.pages import Page, get, post

FIRST = "My own words about the bus stop"
CONCERN = "my dad hits me when he is drunk"


def _count(model: type) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def _banner(page: Page) -> str:
    banner = page.soup.select_one(".govuk-notification-banner")
    return banner.get_text(" ", strip=True) if banner else ""


def test_stop_and_clear_is_on_every_pupil_page_once_joined(client: FlaskClient) -> None:
    session = class_session(teacher_of(), pupil_survey())
    assert get(client, "/join").soup.select_one("#stop-and-clear") is None
    take_part(client, session.join_code)
    answer(client, "one-thing", {"one_thing": FIRST})
    for url in (
        "/join/take-part",
        "/join/your-answers",
        "/join/questions/feeling-safe",
        "/join/questions/one-thing",
        "/join/check-answers",
        "/join/help",
    ):
        page = get(client, url)
        button = page.soup.select_one("#stop-and-clear button")
        assert page.status == 200 and button.get_text(strip=True) == "Stop and clear my answers", url
    send(client)
    assert get(client, "/join/thank-you").soup.select_one("#stop-and-clear button") is not None
    with client.session_transaction() as browser:
        assert set(browser[KEY]) <= {"session_id", "assent", "done", "seen"}, "the sent draft is forgotten"


def test_stop_and_clear_deletes_the_unsent_draft_and_goes_back_to_the_join_page(client: FlaskClient) -> None:
    session = class_session(teacher_of(), pupil_survey())
    take_part(client, session.join_code)
    answer(client, "one-thing", {"one_thing": FIRST})
    answer(client, "feeling-safe", {"feel_safe_places-school": "a_bit_safe"})
    stopped = post(client, "/join/stop", {}, form_url="/join/check-answers")
    assert stopped.response.location.endswith("/join")
    landing = get(client, "/join")
    assert "We deleted the answers you had not sent" in _banner(landing)
    assert _count(Response) == 0 and _count(Answer) == 0
    with client.session_transaction() as browser:
        assert KEY not in browser
    assert get(client, "/join/check-answers").status == 403


def test_stopping_keeps_flagged_words_for_the_reviewer(client: FlaskClient) -> None:
    session = class_session(teacher_of(), pupil_survey())
    take_part(client, session.join_code)
    answer(client, "one-thing", {"one_thing": CONCERN})
    post(client, "/join/stop", {}, form_url="/join/check-answers")
    flag = db.session.scalar(select(SafeguardingFlag))
    assert flag.text == CONCERN and flag.response_id is None and _count(Response) == 0


def test_the_next_pupil_on_a_shared_tablet_never_sees_the_previous_draft(client: FlaskClient) -> None:
    session = class_session(teacher_of(), pupil_survey())
    take_part(client, session.join_code)
    answer(client, "one-thing", {"one_thing": FIRST})
    assert FIRST in get(client, "/join/check-answers").text
    with client.session_transaction() as browser:
        browser[KEY] = {**browser[KEY], "seen": browser[KEY]["seen"] - 31}
    page = get(client, "/join/check-answers")
    assert page.response.location.endswith("/join")
    landing = get(client, "/join")
    assert "This screen was left for a while, so we cleared it" in _banner(landing) and FIRST not in landing.text
    take_part(client, session.join_code)
    for url in ("/join/check-answers", "/join/questions/one-thing"):
        assert FIRST not in get(client, url).text


def test_a_pupil_still_writing_after_a_long_time_keeps_their_page(client: FlaskClient) -> None:
    session = class_session(teacher_of(), pupil_survey())
    take_part(client, session.join_code)
    token = get(client, "/join/questions/one-thing").csrf_token()
    with client.session_transaction() as browser:
        browser[KEY] = {**browser[KEY], "seen": browser[KEY]["seen"] - 45}
    saved = client.post("/join/questions/one-thing", data={"one_thing": FIRST, "csrf_token": token})
    assert saved.status_code == 302
    assert FIRST in get(client, "/join/check-answers").text


def test_adult_contact_needs_taking_part(client: FlaskClient) -> None:
    session = class_session(teacher_of(), pupil_survey())
    assert join(client, session.join_code).status == 302
    refused = post(client, "/join/talk-to-an-adult", {}, form_url="/join/take-part")
    assert refused.response.location.endswith("/join/help")
    assert "after you start the questions" in _banner(get(client, "/join/help"))
    post(client, "/join/take-part", {"answer": "yes"})
    help_page = get(client, "/join/help")
    assert "Once you have started the questions" in help_page.text
    assert help_page.soup.select_one("form[action='/join/talk-to-an-adult']") is None
    post(client, "/join/talk-to-an-adult", {}, form_url="/join/help")
    assert _count(AdultContactRequest) == 0 and _count(OutboxMessage) == 0
    answer(client, "feeling-safe", {"feel_safe_places-school": "a_bit_safe"})
    asked = post(client, "/join/talk-to-an-adult", {}, form_url="/join/help")
    assert asked.response.location.endswith("/join/talk-to-an-adult/sent")
    assert _count(AdultContactRequest) == 1 and _count(OutboxMessage) == 1


def test_fresh_joins_on_one_browser_ask_for_an_adult_only_once(client: FlaskClient) -> None:
    session = class_session(teacher_of(), pupil_survey())
    for _ in range(6):
        take_part(client, session.join_code)
        answer(client, "feeling-safe", {"feel_safe_places-school": "a_bit_safe"})
        post(client, "/join/talk-to-an-adult", {}, form_url="/join/help")
        post(client, "/join/stop", {}, form_url="/join/help")
    assert _count(AdultContactRequest) == 1 and _count(OutboxMessage) == 1


def test_adult_contact_requests_are_capped_per_session_with_a_kind_message(
    client: FlaskClient, web_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(web_app.config, "ADULT_REQUESTS_PER_SESSION", 2)
    session = class_session(teacher_of(), pupil_survey())
    pupils = [web_app.test_client() for _ in range(3)]
    for pupil in pupils:
        take_part(pupil, session.join_code)
        answer(pupil, "feeling-safe", {"feel_safe_places-school": "a_bit_safe"})
        post(pupil, "/join/talk-to-an-adult", {}, form_url="/join/help")
    assert _count(AdultContactRequest) == 2 and _count(OutboxMessage) == 2
    assert "Lots of pupils in your class asked today" in _banner(get(pupils[2], "/join/help"))


def test_the_pupil_page_says_truly_what_the_teacher_and_the_school_see(client: FlaskClient) -> None:
    text = get(client, "/join/your-answers").text
    assert "only sees how many people have finished" not in text
    assert "They never see what anyone wrote" in text
    assert "We do this even if you do not send your answers" in text
