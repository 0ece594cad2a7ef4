"""Nothing is lost when mail or Redis is down: the flag and its queued alert are committed with the pupil's page,
the pupil sees the same pages as ever, and the alert is delivered, without the pupil's words, once mail works."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from app.extensions import db
from app.jobs.mail import cancel_local_retry, wait_for_local_delivery
from app.models import AdultContactRequest, Role, SafeguardingFlag
from app.models.mail import MailStatus, OutboxMessage
from app.models.types import utcnow
from tests.factories import make_user, sign_in
from tests.integration.safeguarding.smtp_server import closed_port, smtp_server
from tests.integration.schools.helpers import answer, class_session, pupil_answers, pupil_survey, take_part, teacher_of
from tests.pages import get, post

URGENT = "I am going to kill myself tonight"
CONCERN = "my dad hits me when he is drunk"


@pytest.fixture()
def smtp_config(app: Flask, web_app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, object]]:
    """Both apps (the pupils' and the test's CLI) deliver by SMTP to a port where nothing listens."""
    settings: dict[str, object] = {
        "MAIL_BACKEND": "smtp",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": closed_port(),
        "SMTP_STARTTLS": False,
        "MAIL_RETRY_DELAYS": (3600,),
    }
    for application in (app, web_app):
        for key, value in settings.items():
            monkeypatch.setitem(application.config, key, value)
    yield settings
    wait_for_local_delivery()
    cancel_local_retry()


def _use_port(port: int, *apps: Flask) -> None:
    for application in apps:
        application.config["SMTP_PORT"] = port


def _messages() -> list[OutboxMessage]:
    db.session.rollback()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def _make_due() -> None:
    """As if the retry time had come."""
    db.session.execute(update(OutboxMessage).values(next_attempt_at_utc=utcnow() - timedelta(seconds=1)))
    db.session.commit()


def test_smtp_down_pupil_sees_thank_you_flag_is_kept_and_alert_is_sent_later(
    client: FlaskClient, app: Flask, web_app: Flask, smtp_config: dict[str, object]
) -> None:
    session = class_session(teacher_of(), pupil_survey())
    pupil_answers(client, session.join_code, one_thing=URGENT)
    thanks = get(client, "/join/thank-you")
    assert thanks.status == 200 and thanks.soup.select_one("#get-help-now") is not None
    assert "0800 1111" in thanks.text
    asked = post(client, "/join/talk-to-an-adult", {}, form_url="/join/thank-you")
    assert asked.response.location.endswith("/join/talk-to-an-adult/sent")
    assert get(client, "/join/talk-to-an-adult/sent").status == 200
    wait_for_local_delivery()

    flag = db.session.scalar(select(SafeguardingFlag))
    assert flag is not None and flag.level == "urgent" and flag.text == URGENT
    assert db.session.scalar(select(AdultContactRequest)) is not None
    messages = _messages()
    assert [m.category for m in messages] == ["safeguarding", "adult_contact"]
    assert all(m.status == MailStatus.PENDING and m.attempts == 1 for m in messages)
    assert {m.last_error for m in messages} == {"ConnectionRefusedError"}
    assert messages[0].about == f"SafeguardingFlag:{flag.id}"

    sign_in(client, make_user(Role.REVIEWER))
    queue = get(client, "/safeguarding/")
    assert queue.soup.select_one("#open-flags tbody tr").get_text(" ", strip=True).endswith("Alert not yet delivered")

    with smtp_server() as server:
        _use_port(server.port, app, web_app)
        assert app.test_cli_runner().invoke(args=["deliver-pending-mail"]).output.startswith("Sent 0")
        _make_due()
        result = app.test_cli_runner().invoke(args=["deliver-pending-mail"])
        assert "Sent 2 queued email(s)" in result.output, result.output
        bodies = server.bodies()
    assert len(bodies) == 2 and all(URGENT not in body for body in bodies)
    assert f"/safeguarding-lead/flags/{flag.id}" in bodies[0]
    assert all(m.status == MailStatus.SENT and m.sent_at_utc for m in _messages())
    assert "Alert not yet delivered" not in get(client, "/safeguarding/").text


def test_delivery_job_sends_the_alert_after_the_pupils_page_is_committed(
    client: FlaskClient, app: Flask, web_app: Flask, smtp_config: dict[str, object]
) -> None:
    session = class_session(teacher_of(), pupil_survey())
    with smtp_server() as server:
        _use_port(server.port, app, web_app)
        take_part(client, session.join_code)
        assert answer(client, "one-thing", {"one_thing": CONCERN}).status == 302
        wait_for_local_delivery()
        bodies = server.bodies()
    [message] = _messages()
    assert message.status == MailStatus.SENT and message.attempts == 1
    assert len(bodies) == 1 and CONCERN not in bodies[0] and "may need help" in bodies[0]


def test_a_message_the_job_gave_up_on_is_failed_and_cron_still_sends_it(
    client: FlaskClient, app: Flask, smtp_config: dict[str, object]
) -> None:
    session = class_session(teacher_of(), pupil_survey())
    take_part(client, session.join_code)
    answer(client, "one-thing", {"one_thing": CONCERN})
    wait_for_local_delivery()
    _make_due()
    failed = app.test_cli_runner().invoke(args=["deliver-pending-mail"])
    assert failed.exit_code != 0 and "0 queued email(s); 1 could not be sent" in failed.output
    [message] = _messages()
    assert (message.status, message.attempts) == (MailStatus.FAILED, 2)
    with smtp_server() as server:
        _use_port(server.port, app)
        _make_due()
        assert "Sent 1 queued email(s)" in app.test_cli_runner().invoke(args=["deliver-pending-mail"]).output
    assert _messages()[0].status == MailStatus.SENT


def test_redis_down_loses_nothing_and_the_pupil_carries_on(
    client: FlaskClient, web_app: Flask, smtp_config: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(web_app.config, "REDIS_URL", f"redis://127.0.0.1:{closed_port()}/0")
    session = class_session(teacher_of(), pupil_survey())
    take_part(client, session.join_code)
    assert answer(client, "one-thing", {"one_thing": URGENT}).status == 302
    assert URGENT in get(client, "/join/check-answers").text
    [message] = _messages()
    assert message.status == MailStatus.PENDING and message.attempts == 0
    assert db.session.scalar(select(SafeguardingFlag.text)) == URGENT
