"""Every pupil free-text answer is screened when the page is saved: words a pupil writes and never sends still reach
the DSL (without the words) and the reviewer, once per distinct text; nobody else ever reads an unsent draft, and
drafts are deleted when the session closes."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Answer,
    AnswerCoding,
    ClassSession,
    FlagStatus,
    PupilResponse,
    Response,
    ResponseStatus,
    Role,
    SafeguardingFlag,
    SurveyQuestion,
)
from app.models.mail import OutboxMessage
from app.models.types import utcnow
from app.safeguarding import services as safeguarding
from app.schools import services
from tests.factories import make_user, sign_in
from tests.integration.schools.helpers import (
    answer,
    class_session,
    pupil_answers,
    pupil_survey,
    send,
    take_part,
    teacher_of,
)
from tests.pages import get, post

URGENT = "I am going to kill myself tonight"
CONCERN = "my dad hits me when he is drunk"
WATCH = "knife crime on the news scares me"
ORDINARY = "More lights in the underpass please"


def _flags() -> list[SafeguardingFlag]:
    db.session.rollback()
    return list(db.session.scalars(select(SafeguardingFlag).order_by(SafeguardingFlag.id)))


def _alerts() -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.category == "safeguarding").order_by(OutboxMessage.id)
        )
    )


def _texts() -> list[str]:
    return list(db.session.scalars(select(Answer.value)))


def _draft() -> Response:
    return db.session.scalars(select(Response).where(Response.status == ResponseStatus.IN_PROGRESS)).one()


def test_disclosure_saved_and_left_unsent_is_flagged_and_alerted_without_the_words(client: FlaskClient) -> None:
    session = class_session(teacher_of(), pupil_survey(), year_group="Year 7")
    take_part(client, session.join_code)
    assert answer(client, "one-thing", {"one_thing": URGENT}).status == 302
    [flag] = _flags()
    assert (flag.level, flag.status, flag.text, flag.response_id) == ("urgent", FlagStatus.OPEN, URGENT, _draft().id)
    assert URGENT not in _texts()
    [alert] = _alerts()
    assert alert.subject.startswith("URGENT") and "Year 7" in alert.body and URGENT not in alert.body
    assert flag.dsl_notified_at_utc is not None
    assert URGENT in get(client, "/join/check-answers").text


def test_other_text_is_screened_when_saved_too(client: FlaskClient) -> None:
    session = class_session(teacher_of(), pupil_survey())
    take_part(client, session.join_code)
    answer(client, "what-feels-unsafe", {"unsafe_things": ["dark_places", "other"], "unsafe_things-other": CONCERN})
    [flag] = _flags()
    assert (flag.item, flag.level) == ("other", "concern") and CONCERN not in _texts()
    assert CONCERN in get(client, "/join/check-answers").text
    changing = get(client, "/join/questions/what-feels-unsafe")
    assert changing.soup.select_one("#unsafe_things-other")["value"] == CONCERN


def test_saving_the_same_words_again_raises_no_second_flag_or_alert(client: FlaskClient) -> None:
    session = class_session(teacher_of(), pupil_survey())
    take_part(client, session.join_code)
    answer(client, "one-thing", {"one_thing": CONCERN})
    page = get(client, "/join/questions/one-thing?change=1")
    assert page.soup.select_one("#one_thing")["value"] == CONCERN
    post(client, "/join/questions/one-thing?change=1", {"one_thing": CONCERN})
    answer(client, "feeling-safe", {"feel_safe_places-school": "a_bit_safe"})
    assert len(_flags()) == 1 and len(_alerts()) == 1
    assert CONCERN in get(client, "/join/check-answers").text


def test_changing_to_other_worrying_words_flags_them_once_and_sending_flags_nothing_more(client: FlaskClient) -> None:
    session = class_session(teacher_of(), pupil_survey())
    take_part(client, session.join_code)
    answer(client, "one-thing", {"one_thing": CONCERN})
    answer(client, "one-thing", {"one_thing": URGENT})
    answer(client, "one-thing", {"one_thing": CONCERN})
    first, second = _flags()
    assert (first.text, second.text) == (CONCERN, URGENT) and len(_alerts()) == 2
    check = get(client, "/join/check-answers")
    assert CONCERN in check.text and URGENT not in check.text
    assert send(client).response.location.endswith("/join/thank-you")
    first, second = _flags()
    sent = db.session.scalars(select(Response)).one()
    assert sent.status == ResponseStatus.SUBMITTED
    assert (first.response_id, second.response_id) == (sent.id, None)
    assert len(_alerts()) == 2 and CONCERN not in _texts() and URGENT not in _texts()
    assert safeguarding.held_answer_count(session.survey.consultation_id) == 1


def test_changing_flagged_words_to_ordinary_ones_keeps_the_flag_but_not_as_the_answer(client: FlaskClient) -> None:
    session = class_session(teacher_of(), pupil_survey())
    take_part(client, session.join_code)
    answer(client, "one-thing", {"one_thing": WATCH})
    answer(client, "one-thing", {"one_thing": ORDINARY})
    [flag] = _flags()
    assert flag.text == WATCH and flag.response_id is None and not _alerts()
    check = get(client, "/join/check-answers")
    assert ORDINARY in check.text and WATCH not in check.text
    send(client)
    assert ORDINARY not in _texts()
    assert [(f.text, f.level) for f in _flags()] == [(WATCH, "watch"), (ORDINARY, "none")]
    assert safeguarding.held_answer_count(session.survey.consultation_id) == 1


def test_reviewer_clearing_a_draft_flag_puts_the_words_back_once(client: FlaskClient) -> None:
    session = class_session(teacher_of(), pupil_survey())
    take_part(client, session.join_code)
    answer(client, "one-thing", {"one_thing": WATCH})
    [flag] = _flags()
    safeguarding.review_flag(flag, make_user(Role.REVIEWER), "clear", "Third-party worry", utcnow())
    db.session.commit()
    assert get(client, "/join/check-answers").text.count(WATCH) == 1
    send(client)
    assert _texts().count(WATCH) == 1 and len(_flags()) == 1


def test_officers_cannot_read_an_unsent_pupil_draft(client: FlaskClient, web_app: Flask) -> None:
    session = class_session(teacher_of(), pupil_survey())
    pupil_answers(web_app.test_client(), session.join_code, one_thing="Sent: more buses at night")
    safeguarding.release_comments([flag.id for flag in _flags()], make_user(Role.REVIEWER), utcnow())
    db.session.commit()
    pupil = web_app.test_client()
    take_part(pupil, session.join_code)
    answer(pupil, "one-thing", {"one_thing": ORDINARY})
    draft_answer = db.session.scalars(
        select(Answer).join(AnswerCoding, AnswerCoding.answer_id == Answer.id).where(Answer.value == ORDINARY)
    ).one()
    sent_answer = db.session.scalars(select(Answer).where(Answer.value.startswith("Sent:"))).one()
    sign_in(client, make_user(Role.OFFICER))
    consultation_id = session.survey.consultation_id
    base = f"/officers/analysis/{consultation_id}"
    assert get(client, f"{base}/answers/{sent_answer.id}").status == 200
    assert get(client, f"{base}/answers/{draft_answer.id}").status == 404
    question = db.session.scalar(select(SurveyQuestion.key).where(SurveyQuestion.id == draft_answer.question_id))
    for url in (base, f"{base}/answers", f"{base}/answers?theme=&question={question}", f"{base}/emerging"):
        page = get(client, url)
        assert page.status == 200 and ORDINARY not in page.text, url


def test_closing_a_session_screens_then_deletes_unsent_drafts(client: FlaskClient, web_app: Flask) -> None:
    teacher = teacher_of()
    session = class_session(teacher, pupil_survey())
    pupil_answers(web_app.test_client(), session.join_code, one_thing="Sent: more buses at night")
    stopped = web_app.test_client()
    take_part(stopped, session.join_code)
    answer(stopped, "one-thing", {"one_thing": CONCERN})
    quiet = web_app.test_client()
    take_part(quiet, session.join_code)
    answer(quiet, "one-thing", {"one_thing": ORDINARY})
    unscreened = _draft_saved_before_screening(session, URGENT)
    services.close_session(db.session.get(ClassSession, session.id), teacher, utcnow())
    db.session.commit()

    statuses = list(db.session.scalars(select(Response.status)))
    assert statuses == [ResponseStatus.SUBMITTED]
    assert db.session.scalar(select(func.count()).select_from(PupilResponse)) == 1
    assert ORDINARY not in _texts() and URGENT not in _texts() and "Sent: more buses at night" not in _texts()
    flags = {flag.text: flag for flag in _flags()}
    assert set(flags) == {CONCERN, URGENT, "Sent: more buses at night"}
    assert flags["Sent: more buses at night"].level == "none" and flags["Sent: more buses at night"].response_id
    assert flags[CONCERN].response_id is None and flags[URGENT].response_id is None
    assert db.session.get(Response, unscreened) is None
    assert len(_alerts()) == 2
    assert "This session has ended" in get(stopped, "/join/check-answers").text


def _draft_saved_before_screening(session: ClassSession, text: str) -> int:
    """A draft answer written straight to ``answers`` (as drafts were before screening on save)."""
    from app.surveys import responses
    from app.surveys.engine import AnswerItem

    draft = responses.load_draft(
        responses.start_draft(session.survey, channel=responses.ResponseChannel.SCHOOL, now=utcnow())
    )
    db.session.add(PupilResponse(response_id=draft.response.id, class_session_id=session.id))
    responses.save_answers(draft, {"one_thing": (AnswerItem("one_thing", None, text),)}, utcnow())
    db.session.commit()
    return draft.response.id


def test_cli_close_of_expired_sessions_deletes_their_drafts(client: FlaskClient, app: Flask) -> None:
    session = class_session(teacher_of(), pupil_survey())
    take_part(client, session.join_code)
    answer(client, "one-thing", {"one_thing": ORDINARY})
    from datetime import timedelta

    db.session.get(ClassSession, session.id).closes_at_utc = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert "Closed 1 expired class session(s)" in app.test_cli_runner().invoke(args=["close-expired-sessions"]).output
    db.session.rollback()
    assert db.session.scalar(select(func.count(Response.id))) == 0 and ORDINARY not in _texts()


def test_no_outbox_row_holds_any_pupil_words(client: FlaskClient, web_app: Flask) -> None:
    session = class_session(teacher_of(), pupil_survey())
    written = [URGENT, CONCERN, "mums fella throttled her against the fridge", "older boys make me carry drugs"]
    for text in written[:3]:
        pupil_answers(web_app.test_client(), session.join_code, one_thing=text)
    pupil = web_app.test_client()
    take_part(pupil, session.join_code)
    answer(pupil, "what-feels-unsafe", {"unsafe_things": ["other"], "unsafe_things-other": written[3]})
    post(pupil, "/join/talk-to-an-adult", {}, form_url="/join/help")
    rows = list(db.session.scalars(select(OutboxMessage)))
    triggers = {word for flag in _flags() for word in flag.triggers}
    assert len(rows) >= 4 and {row.category for row in rows} == {"safeguarding", "adult_contact"}
    assert not [row.id for row in rows for words in [*written, *triggers] if words in row.body + row.subject]
