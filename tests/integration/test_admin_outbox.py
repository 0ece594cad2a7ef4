"""The admin's outbox says whether each email has been delivered, and the retention purge never deletes mail that
has not been: a pending or failed row is a message (a safeguarding alert, say) someone still has to receive."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask.testing import FlaskClient
from sqlalchemy import select

from app.admin.retention import RetentionPolicy, purge_expired
from app.common.mail import send_email
from app.extensions import db
from app.models import AuditEvent, OutboxMessage, Role
from app.models.mail import PRIVATE_CATEGORIES, MailStatus
from app.models.types import utcnow
from app.surveys.receipts import ANSWERS_CATEGORY, LINK_CATEGORY
from tests.factories import make_user, sign_in
from tests.pages import Page, get


def _message(
    subject: str,
    status: MailStatus,
    *,
    attempts: int = 0,
    next_attempt: datetime | None = None,
    error: str | None = None,
    created: datetime | None = None,
) -> OutboxMessage:
    message = send_email("someone@example.org", subject, "Body", category="invite")
    message.status, message.attempts, message.next_attempt_at_utc, message.last_error = (
        status,
        attempts,
        next_attempt,
        error,
    )
    if status == MailStatus.SENT:
        message.sent_at_utc = created or utcnow()
    if created is not None:
        message.created_at_utc = created
    db.session.commit()
    return message


def _rows(page: Page) -> dict[str, list[str]]:
    return {
        row.select_one("a").get_text(strip=True): [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in page.soup.select("tbody tr[data-message]")
    }


def test_admin_sees_each_messages_delivery_state_and_can_list_only_undelivered(client: FlaskClient) -> None:
    retry_at = datetime(2026, 3, 2, 10, 15, tzinfo=utcnow().tzinfo)
    _message("Waiting", MailStatus.PENDING, attempts=2, next_attempt=retry_at, error="ConnectionRefusedError")
    _message("Gave up", MailStatus.FAILED, attempts=5, next_attempt=retry_at, error="SMTP 550")
    _message("Delivered", MailStatus.SENT, attempts=1)
    _message("Kept here", MailStatus.KEPT)
    sign_in(client, make_user(Role.ADMIN, "admin@example.org"))

    page = get(client, "/admin/outbox")
    rows = _rows(page)
    assert [cells[4:] for cells in rows.values()] == [
        ["Kept (outbox only)", "0", "–", "–"],
        ["Sent", "1", "–", "–"],
        ["Failed", "5", "2 March 2026 at 10:15am", "SMTP 550"],
        ["Pending", "2", "2 March 2026 at 10:15am", "ConnectionRefusedError"],
    ]
    assert "Not yet delivered (2)" in page.text

    undelivered = get(client, "/admin/outbox?show=undelivered")
    assert list(_rows(undelivered)) == ["Gave up", "Waiting"]
    assert "2 messages not yet delivered" in undelivered.text
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "outbox_listed").order_by(AuditEvent.id.desc())
    ).first()
    assert event.detail["undelivered_only"] is True and len(event.detail["message_ids"]) == 2

    waiting = db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.subject == "Waiting"))
    detail = get(client, f"/admin/outbox/{waiting}")
    summary = {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(" ", strip=True)
        for row in detail.soup.select(".govuk-summary-list__row")
    }
    assert (
        summary["Status"],
        summary["Attempts"],
        summary["Next attempt"],
        summary["Last error"],
        summary["Sent"],
    ) == ("Pending", "2", "2 March 2026 at 10:15am", "ConnectionRefusedError", "Not sent")


def test_undelivered_filter_with_everything_delivered_says_so(client: FlaskClient) -> None:
    _message("Delivered", MailStatus.SENT, attempts=1)
    sign_in(client, make_user(Role.ADMIN, "admin@example.org"))
    page = get(client, "/admin/outbox?show=undelivered")
    assert not _rows(page) and "Every message has been delivered." in page.text


def test_purge_deletes_old_delivered_mail_but_keeps_undelivered_mail_however_old(client: FlaskClient) -> None:
    old = utcnow() - timedelta(days=200)
    for status in MailStatus:
        _message(f"old {status.value}", status, attempts=1, created=old)
        _message(f"new {status.value}", status, attempts=1)
    report = purge_expired(
        utcnow(),
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
    assert report.outbox_messages == 2
    assert set(db.session.scalars(select(OutboxMessage.subject))) == {
        "old pending",
        "old failed",
        "new pending",
        "new failed",
        "new sent",
        "new kept",
    }


def test_admin_never_reads_a_respondents_answers_or_private_link_in_the_outbox(client: FlaskClient) -> None:
    """A receipt holds a resident's answers and a resume or invite link opens their response: the admin sees that
    the email exists and whether it was delivered, never its text."""
    private = {
        category: send_email("resident@example.org", f"Mail {category}", f"Secret {category} text", category=category)
        for category in ("respondent_answers", "respondent_resume_link", "stakeholder_invite", "stakeholder_reminder")
    }
    assert {ANSWERS_CATEGORY, LINK_CATEGORY} <= PRIVATE_CATEGORIES  # the receipts' own names, as they send them
    ordinary = send_email("officer@example.org", "Locked", "Your account was locked", category="sign_in_lock")
    db.session.commit()
    sign_in(client, make_user(Role.ADMIN, "admin@example.org"))
    for category, message in private.items():
        page = get(client, f"/admin/outbox/{message.id}")
        assert page.h1 == f"Mail {category}" and "resident@example.org" in page.text
        assert "Secret" not in page.text
        assert "its text is not shown" in page.soup.select_one("#message-body").get_text(" ", strip=True)
    shown = get(client, f"/admin/outbox/{ordinary.id}")
    assert shown.soup.select_one("#message-body").get_text(" ", strip=True) == "Your account was locked"
