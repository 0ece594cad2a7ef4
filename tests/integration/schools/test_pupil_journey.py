"""The pupil journey: join codes, assent, answering, sending, support and the adult-contact request."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, inspect, select

from app.extensions import db
from app.models import (
    AdultContactRequest,
    Answer,
    ClassSession,
    OutboxMessage,
    PupilResponse,
    Response,
    ResponseChannel,
    ResponseStatus,
    SafeguardingFlag,
)
from app.models.types import utcnow
from app.schools import services
from tests.integration.schools.helpers import (
    DSL_EMAIL,
    answer,
    class_session,
    join,
    pupil_answers,
    pupil_survey,
    send,
    take_part,
    teacher_of,
)
from tests.pages import get, post


def test_join_codes_have_six_characters_without_look_alikes(clean_db: None) -> None:
    codes = [services.new_join_code() for _ in range(2000)]
    assert all(len(code) == 6 for code in codes)
    assert not set("".join(codes)) & set("0O1IL")
    assert set("".join(codes)) <= set(services.JOIN_CODE_ALPHABET)


def test_open_sessions_get_distinct_codes(clean_db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Random codes almost never collide, so the generator is made to offer an open session's code again: the next
    session skips it (twice) and opens with the first free one."""
    survey, teacher = pupil_survey(), teacher_of()
    offered = iter(["TAKEN2", "TAKEN2", "TAKEN2", "FRESH3"])
    monkeypatch.setattr(services, "new_join_code", lambda: next(offered))
    first = class_session(teacher, survey)
    second = class_session(teacher, survey)
    assert (first.join_code, second.join_code) == ("TAKEN2", "FRESH3")
    assert next(offered, None) is None
    assert sorted(db.session.scalars(select(ClassSession.join_code))) == ["FRESH3", "TAKEN2"]


def test_pupil_joins_answers_and_sends_with_nothing_identifying_stored(client: FlaskClient) -> None:
    survey, teacher = pupil_survey(), teacher_of()
    session = class_session(teacher, survey)
    page = join(client, session.join_code.lower())
    assert page.status == 302 and page.response.location.endswith("/join/take-part")
    take = get(client, "/join/take-part")
    buttons = take.soup.select("main form:not(#stop-and-clear) button")
    assert [b.get_text(strip=True) for b in buttons] == ["Yes, I want to take part", "No, I do not want to"]
    assert buttons[0]["class"] == buttons[1]["class"]
    assert post(client, "/join/take-part", {"answer": "yes"}).status == 302
    info = get(client, "/join/your-answers")
    assert "we will tell someone at your school who can help" in info.text
    assert "confidential" not in info.text.lower()
    assert answer(client, "feeling-safe", {"feel_safe_places-school": "a_bit_safe"}).status == 302
    assert answer(client, "one-thing", {"one_thing": "More buses at night please"}).status == 302
    assert "More buses at night please" in get(client, "/join/check-answers").text
    assert send(client).response.location.endswith("/join/thank-you")
    thanks = get(client, "/join/thank-you")
    assert "Childline" in thanks.text and "0800 1111" in thanks.text and "85258" in thanks.text

    response = db.session.scalar(select(Response))
    assert response.status == ResponseStatus.SUBMITTED and response.channel == ResponseChannel.SCHOOL
    day_start = services.day_start_utc(services.london_day(session.opened_at_utc))
    assert response.created_at_utc == response.updated_at_utc == response.submitted_at_utc == day_start
    assert response.entered_by_id is None and response.invite_id is None and response.resume_token_hash is None
    assert db.session.scalar(select(PupilResponse.class_session_id)) == session.id
    columns = {
        c["name"]
        for table in ("responses", "answers", "pupil_responses", "adult_contact_requests")
        for c in inspect(db.engine).get_columns(table)
    }
    assert not {name for name in columns if any(w in name for w in ("ip", "agent", "name", "email", "birth"))}
    assert db.session.scalar(select(func.count(Answer.id))) == 1
    held = db.session.scalars(select(SafeguardingFlag)).one()
    assert (held.text, held.level, held.response_id) == ("More buses at night please", "none", response.id)
    assert services.session_counts(session).joined == 1 and services.session_counts(session).completed == 1


def test_replayed_submit_stores_nothing_twice(client: FlaskClient) -> None:
    session = class_session(teacher_of(), pupil_survey())
    take_part(client, session.join_code)
    answer(client, "one-thing", {"one_thing": "Lights in the underpass"})
    token = get(client, "/join/check-answers").csrf_token()
    assert client.post("/join/submit", data={"csrf_token": token}).status_code == 302
    assert client.post("/join/submit", data={"csrf_token": token}).status_code == 302
    db.session.rollback()
    assert db.session.scalar(select(func.count(Response.id))) == 1
    assert services.session_counts(session).completed == 1


def test_wrong_or_closed_code_is_refused(client: FlaskClient) -> None:
    teacher, survey = teacher_of(), pupil_survey()
    session = class_session(teacher, survey)
    code = session.join_code
    wrong = join(client, "ZZZZZ9" if code != "ZZZZZ9" else "ZZZZZ8")
    assert wrong.status == 400 and wrong.error_summary() == ["That code did not work. Check the board and try again."]
    services.close_session(session, teacher, utcnow())
    db.session.commit()
    assert join(client, code).status == 400
    assert db.session.get(ClassSession, session.id).join_code is None


def test_draft_session_code_never_works(client: FlaskClient) -> None:
    session = class_session(teacher_of(), pupil_survey(), opened=False)
    assert session.join_code is None
    assert join(client, "ABCDEF").status == 400


def test_session_past_end_of_day_refuses_pupils_and_cli_closes_it(client: FlaskClient, app: Flask) -> None:
    session = class_session(teacher_of(), pupil_survey())
    take_part(client, session.join_code)
    code = session.join_code
    session.closes_at_utc = utcnow() - timedelta(minutes=1)
    db.session.commit()
    token = get(client, "/join").csrf_token()
    assert client.post("/join/questions/one-thing", data={"one_thing": "hi", "csrf_token": token}).status_code == 403
    assert "This session has ended" in get(client, "/join/check-answers").text
    assert join(client, code).status == 400
    result = app.test_cli_runner().invoke(args=["close-expired-sessions"])
    assert "Closed 1 expired class session(s)" in result.output
    db.session.rollback()
    closed = db.session.get(ClassSession, session.id)
    assert closed.status.value == "closed" and closed.join_code is None


def test_end_of_day_is_midnight_in_london() -> None:
    from datetime import UTC, datetime

    summer = datetime(2026, 7, 1, 22, 30, tzinfo=UTC)
    assert services.end_of_day_utc(summer) == datetime(2026, 7, 1, 23, 0, tzinfo=UTC)
    winter = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    assert services.end_of_day_utc(winter) == datetime(2026, 1, 16, 0, 0, tzinfo=UTC)


def test_wrong_guesses_are_rate_limited_per_client_not_per_class(client: FlaskClient, web_app: Flask) -> None:
    session = class_session(teacher_of(), pupil_survey())
    for _ in range(10):
        assert join(client, "QQQQQQ").status == 400
    limited = join(client, session.join_code)
    assert limited.status == 429 and "Please wait a little" in limited.text
    classmate = web_app.test_client()
    assert join(classmate, session.join_code).status == 302


def test_successful_joins_do_not_count_towards_the_limit(client: FlaskClient) -> None:
    session = class_session(teacher_of(), pupil_survey())
    for _ in range(15):
        assert join(client, session.join_code).status == 302


def test_saying_no_stores_nothing(client: FlaskClient) -> None:
    session = class_session(teacher_of(), pupil_survey())
    assert join(client, session.join_code).status == 302
    page = post(client, "/join/take-part", {"answer": "no"})
    assert page.response.location.endswith("/join/no-thanks")
    assert "That is fine" in get(client, "/join/no-thanks").text
    assert db.session.scalar(select(func.count(Response.id))) == 0
    assert services.session_counts(session).joined == 0
    assert get(client, "/join/questions/feeling-safe").status == 403


def test_adult_contact_request_is_stored_apart_and_sent_only_to_the_dsl(client: FlaskClient) -> None:
    session = class_session(teacher_of(), pupil_survey(), year_group="Year 9")
    pupil_answers(client, session.join_code, one_thing="Nothing really")
    page = post(client, "/join/talk-to-an-adult", {}, form_url="/join/thank-you")
    assert page.response.location.endswith("/join/talk-to-an-adult/sent")
    assert "You asked for an adult to talk to you" in get(client, "/join/help").text
    post(client, "/join/talk-to-an-adult", {}, form_url="/join")
    requests = db.session.scalars(select(AdultContactRequest)).all()
    assert len(requests) == 1
    assert {c["name"] for c in inspect(db.engine).get_columns("adult_contact_requests")} == {
        "id",
        "class_session_id",
        "requested_on",
        "dsl_notified",
        "acknowledged_on",
        "acknowledged_by_id",
    }
    assert requests[0].acknowledged_on is None  # a day, never a time, once someone takes it on
    messages = db.session.scalars(select(OutboxMessage).where(OutboxMessage.category == "adult_contact")).all()
    assert [m.to_address for m in messages] == [DSL_EMAIL]
    assert "Year 9" in messages[0].body and session.school.name in messages[0].body
    assert "Nothing really" not in messages[0].body


def test_get_help_is_on_every_pupil_page(client: FlaskClient) -> None:
    session = class_session(teacher_of(), pupil_survey())
    for url in ("/join", "/join/help", "/join/no-thanks", "/join/your-answers"):
        assert get(client, url).soup.select_one("#get-help-now")["href"] == "/join/help"
    take_part(client, session.join_code)
    for url in ("/join/take-part", "/join/questions/feeling-safe", "/join/questions/one-thing"):
        page = get(client, url)
        assert page.status == 200 and page.soup.select_one("#get-help-now") is not None, url


def test_after_finishing_the_next_pupil_starts_clean(client: FlaskClient) -> None:
    session = class_session(teacher_of(), pupil_survey())
    pupil_answers(client, session.join_code, one_thing="Cameras")
    post(client, "/join/finish", {}, form_url="/join/thank-you")
    assert get(client, "/join/check-answers").status == 403
    assert get(client, "/join/thank-you").status == 302


def test_replayed_cookie_from_before_sending_changes_and_starts_nothing(client: FlaskClient) -> None:
    session = class_session(teacher_of(), pupil_survey())
    take_part(client, session.join_code)
    answer(client, "feeling-safe", {"feel_safe_places-school": "a_bit_safe"})
    token = get(client, "/join/check-answers").csrf_token()
    before_sending = client.get_cookie("sv_session").value
    assert client.post("/join/submit", data={"csrf_token": token}).status_code == 302

    client.set_cookie("sv_session", before_sending)
    page = client.post(
        "/join/questions/feeling-safe", data={"feel_safe_places-school": "very_safe", "csrf_token": token}
    )
    db.session.rollback()
    assert page.status_code == 302 and page.location.endswith("/join/thank-you")
    assert db.session.scalar(select(func.count(Response.id))) == 1
    assert db.session.scalars(select(Answer.value)).all() == ["a_bit_safe"]


def test_a_pupils_answer_with_a_nul_character_is_refused_with_a_message(client: FlaskClient) -> None:
    session = class_session(teacher_of(), pupil_survey())
    take_part(client, session.join_code)
    page = answer(client, "one-thing", {"one_thing": "More\x00 lights"})
    assert page.status == 400
    assert page.error_summary() == ["Your answer has a hidden mark we can not save. Type it again. Do not paste it."]
    assert db.session.scalar(select(func.count(Answer.id))) == 0
    assert db.session.scalar(select(func.count(Response.id))) == 0


def test_pupil_changing_an_answer_returns_to_that_row(client: FlaskClient) -> None:
    session = class_session(teacher_of(), pupil_survey())
    take_part(client, session.join_code)
    answer(client, "one-thing", {"one_thing": "More buses"})
    change = get(client, "/join/check-answers").soup.select_one("#answer-one_thing a")["href"]
    assert "change=one_thing" in change
    back = get(client, change).soup.select_one(".govuk-back-link")["href"]
    assert back.endswith("/join/check-answers#answer-one_thing")

    saved = post(client, change, {"one_thing": "More lights"})

    assert saved.response.location.endswith("/join/check-answers#answer-one_thing")
    assert "More lights" in get(client, "/join/check-answers").soup.select_one("#answer-one_thing").text
