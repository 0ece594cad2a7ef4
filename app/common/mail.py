"""Sending email through a configurable backend.

``outbox`` (development, tests): messages are stored and shown on an officer page, nothing leaves the machine.
``smtp`` (production): messages are stored, then handed to the SMTP server; the row records when.
Services call ``send_email`` and never talk to SMTP themselves.
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app

from app.extensions import db
from app.models.mail import OutboxMessage
from app.models.types import utcnow


class MailError(RuntimeError):
    pass


def send_email(to_address: str, subject: str, body: str, *, category: str = "general") -> OutboxMessage:
    message = OutboxMessage(to_address=to_address, subject=subject, body=body, category=category)
    db.session.add(message)
    db.session.flush()
    if current_app.config["MAIL_BACKEND"] == "smtp":
        _send_smtp(message)
        message.sent_at_utc = utcnow()
    return message


def _send_smtp(message: OutboxMessage) -> None:
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email.set_content(message.body)
    try:
        with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=10) as smtp:
            smtp.starttls()
            if config.get("SMTP_USERNAME"):
                smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
            smtp.send_message(email)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(f"Could not send email: {error}") from error
