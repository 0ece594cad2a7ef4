"""Forms on the respondent's pages that are not survey questions: where to email a receipt."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms.validators import DataRequired, Optional

from app.common.forms import email_checks

RECEIPT_HINT = (
    "If you want a copy of your answers, enter your email address. We use it only to send the copy: it "
    "is not kept with your response."
)


def _trimmed(value: str | None) -> str | None:
    """Spaces copied around an address are not a mistake worth an error message."""
    return value.strip() if value else value


class ReceiptForm(FlaskForm):
    """On check your answers: an optional address for a copy of the answers once the response is sent."""

    email = EmailField("Email address (optional)", validators=[Optional(), *email_checks()], filters=[_trimmed])


class ResumeLinkEmailForm(FlaskForm):
    """On the saved page: the address to send the private link to (the page is only for that, so it is needed)."""

    email = EmailField(
        "Email address", validators=[DataRequired("Enter your email address"), *email_checks()], filters=[_trimmed]
    )
