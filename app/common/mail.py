"""Sending email: services queue a message, a job delivers it.

``send_email`` only adds an outbox row, in the caller's transaction, so the message exists exactly when whatever
caused it (a safeguarding flag, an adult-contact request) was committed, and a mail server that is down can never
fail, slow or undo the request that sent it.

``outbox`` backend (development, tests): the row is the delivery; it is ``kept`` and nothing leaves the machine.
``smtp`` backend (production): the row waits as ``pending``; once the transaction commits, a delivery job starts
(``app.jobs.mail``: RQ when Redis is configured, else a local thread) and hands it to the SMTP server, retrying with
back-off; ``flask deliver-pending-mail`` run from cron is the backstop.
"""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from typing import Any

from flask import current_app, url_for

from app.extensions import db
from app.models.mail import MailStatus, OutboxMessage

log = logging.getLogger(__name__)
QUEUED_MAIL = "safervoice_mail_queued"
"""Session-info key set when a transaction queues SMTP mail; ``app.jobs.mail`` starts delivery when it commits."""


class MailError(RuntimeError):
    """The SMTP server refused or could not be reached. ``kind`` names the failure without any of the message."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"Could not send email ({kind})")
        self.kind = kind


def send_email(
    to_address: str, subject: str, body: str, *, category: str = "general", about: str | None = None
) -> OutboxMessage:
    """Queue a message; it is delivered after the caller commits (``about`` is ``Type:id`` of what it concerns)."""
    smtp = current_app.config["MAIL_BACKEND"] == "smtp"
    message = OutboxMessage(
        to_address=to_address,
        subject=subject,
        body=body,
        category=category,
        about=about,
        status=MailStatus.PENDING if smtp else MailStatus.KEPT,
    )
    db.session.add(message)
    db.session.flush()
    if smtp:
        db.session().info[QUEUED_MAIL] = True
    return message


def deliver_smtp(message: OutboxMessage) -> None:
    """Hand one message to the SMTP server; raises ``MailError``. Only the delivery job calls this."""
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email.set_content(message.body)
    try:
        with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=10) as smtp:
            if config.get("SMTP_STARTTLS", True):
                smtp.starttls()
            if config.get("SMTP_USERNAME"):
                smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
            smtp.send_message(email)
    except smtplib.SMTPResponseException as error:
        raise MailError(f"SMTP {error.smtp_code}") from error
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(type(error).__name__) from error


def link_to(endpoint: str, **values: Any) -> str:
    """An absolute link for an email, from ``BASE_URL`` (the address people reach the app at), built outside any
    request: mail is often composed by a job or a command."""
    with current_app.test_request_context():
        path = url_for(endpoint, **values)
    return current_app.config["BASE_URL"].rstrip("/") + path
