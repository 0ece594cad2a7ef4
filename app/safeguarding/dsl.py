"""A school's Designated Safeguarding Lead confirms their address once, by a link in an email, before any class
session naming them can open.

Why: the DSL address is typed by a teacher, and a typo would send a child's alert to a stranger or to nobody. So the
address must prove it reaches the person: following the signed link (valid ``DSL_CONFIRMATION_DAYS``, default 7)
sets their password and creates their account, a ``dsl`` user tied to the school. From then on any teacher of that
school may name the address without confirming again. ``alert_address`` is the one check alerting code should make
before emailing a session's DSL: it gives the address only while it belongs to an active, confirmed DSL of the
session's school.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, url_for
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from app.auth.services import create_user, find_user_by_email
from app.common.audit import record_event
from app.common.errors import DomainError
from app.common.mail import send_email
from app.extensions import db
from app.models import ClassSession, DslConfirmation, Role, School, User

TOKEN_SALT = "dsl-confirmation"


class DslNotConfirmedError(DomainError):
    """The session names a DSL whose address is not confirmed yet; a confirmation link has been (or was) sent."""

    def __init__(self, confirmation: DslConfirmation) -> None:
        self.confirmation = confirmation
        super().__init__(
            f"{confirmation.name} must confirm their email address before this session can open. "
            f"We emailed a link to {confirmation.email}: ask them to click the link in their email, "
            "then open the session again."
        )


class DslAddressError(DomainError):
    pass


class ConfirmationLinkError(DomainError):
    pass


@dataclass(frozen=True)
class DslStatus:
    """What the teacher's open-session page says about the session's DSL address."""

    email: str | None
    confirmed: bool
    pending: DslConfirmation | None


def _normalised(email: str) -> str:
    return email.strip().lower()


def find_confirmed_dsl(school_id: int, email: str) -> User | None:
    return db.session.scalar(
        select(User).where(
            User.role == Role.DSL,
            User.school_id == school_id,
            User.is_active_account.is_(True),
            func.lower(User.email) == _normalised(email),
        )
    )


def alert_address(session: ClassSession) -> str | None:
    """The address a pupil alert for ``session`` may go to: its DSL's, only while confirmed for the session's school.
    Alerting code calls this instead of reading ``session.dsl_email``, so an unconfirmed address never gets one."""
    if not session.dsl_email:
        return None
    return session.dsl_email if find_confirmed_dsl(session.school_id, session.dsl_email) else None


def find_pending(school_id: int, email: str) -> DslConfirmation | None:
    return db.session.scalar(
        select(DslConfirmation).where(
            DslConfirmation.school_id == school_id,
            DslConfirmation.email == _normalised(email),
            DslConfirmation.confirmed_at_utc.is_(None),
        )
    )


def dsl_status(session: ClassSession) -> DslStatus:
    if not session.dsl_email:
        return DslStatus(None, False, None)
    confirmed = find_confirmed_dsl(session.school_id, session.dsl_email) is not None
    return DslStatus(
        session.dsl_email, confirmed, None if confirmed else find_pending(session.school_id, session.dsl_email)
    )


def require_confirmed(session: ClassSession, actor: User, now: datetime) -> None:
    """Return if the session's DSL is confirmed; otherwise send a link (once; the teacher can resend) and refuse."""
    if find_confirmed_dsl(session.school_id, session.dsl_email or ""):
        return
    confirmation = find_pending(session.school_id, session.dsl_email or "")
    if confirmation is None:
        confirmation = request_confirmation(session.school, session.dsl_email or "", session.dsl_name or "", actor, now)
    raise DslNotConfirmedError(confirmation)


def resend_confirmation(session: ClassSession, actor: User, now: datetime) -> DslConfirmation:
    """The teacher's "send the link again" for the DSL recorded on a session."""
    if not session.dsl_email:
        raise DslAddressError("Enter the safeguarding lead's name and email address first")
    if find_confirmed_dsl(session.school_id, session.dsl_email):
        raise DslAddressError(f"{session.dsl_email} is already confirmed: you can open the session")
    return request_confirmation(session.school, session.dsl_email, session.dsl_name or "", actor, now)


def request_confirmation(school: School, email: str, name: str, actor: User, now: datetime) -> DslConfirmation:
    """Email a confirmation link to a school's DSL address (again, if one is pending)."""
    email = _normalised(email)
    _check_address_is_free(school, email)
    confirmation = find_pending(school.id, email)
    if confirmation is None:
        confirmation = DslConfirmation(school_id=school.id, email=email, name=name.strip(), sent_at_utc=now)
        db.session.add(confirmation)
    confirmation.name, confirmation.requested_by_id, confirmation.sent_at_utc = name.strip(), actor.id, now
    db.session.flush()
    message = send_email(
        email,
        f"Confirm you are the safeguarding lead for {school.name} on SaferVoice",
        _confirmation_body(confirmation, school, actor),
        category="dsl_confirmation",
    )
    record_event("dsl_confirmation_sent", actor, confirmation, school_id=school.id, message_id=message.id)
    return confirmation


def _check_address_is_free(school: School, email: str) -> None:
    user = find_user_by_email(email)
    if user is not None and not (user.role == Role.DSL and user.school_id == school.id):
        raise DslAddressError(
            "This email address belongs to another SaferVoice account, so it cannot be your "
            "school's safeguarding lead here. Enter the safeguarding lead's own school address, or "
            "ask the partnership's SaferVoice admin."
        )


def confirmation_days() -> int:
    return int(current_app.config.get("DSL_CONFIRMATION_DAYS", 7))


def confirmation_link(confirmation: DslConfirmation) -> str:
    token = URLSafeTimedSerializer(current_app.secret_key, salt=TOKEN_SALT).dumps(
        {"c": confirmation.id, "e": confirmation.email}
    )
    return current_app.config["BASE_URL"].rstrip("/") + url_for("dsl.confirm_address", token=token, _external=False)


def _confirmation_body(confirmation: DslConfirmation, school: School, actor: User) -> str:
    return (
        f"Dear {confirmation.name},\n\n"
        f"{actor.name} at {school.name} named you as the school's Designated Safeguarding Lead for a SaferVoice "
        "class survey. If a pupil's answer suggests they may need help, SaferVoice will email you (without the "
        "pupil's words) and you will sign in to read it.\n\n"
        f"Please confirm this is your address and set a password here:\n{confirmation_link(confirmation)}\n\n"
        f"The link works for {confirmation_days()} days. Class sessions that name you cannot open until you confirm.\n"
        "If you are not this school's safeguarding lead, ignore this email: nothing will be sent to you.\n"
    )


def get_confirmation(token: str, now: datetime) -> DslConfirmation:
    """The pending confirmation a link is for; raises ``ConfirmationLinkError`` with what the person should do."""
    serializer = URLSafeTimedSerializer(current_app.secret_key, salt=TOKEN_SALT)
    try:
        payload = serializer.loads(token, max_age=int(timedelta(days=confirmation_days()).total_seconds()))
    except SignatureExpired as error:
        raise ConfirmationLinkError(
            "This link has expired. Ask a teacher at your school to send a new one from their class session page."
        ) from error
    except BadSignature as error:
        raise ConfirmationLinkError(
            "This link is not valid. Check you copied the whole link from the email, or "
            "ask a teacher at your school to send a new one."
        ) from error
    confirmation = db.session.get(DslConfirmation, payload.get("c")) if isinstance(payload, dict) else None
    if confirmation is None or confirmation.email != payload.get("e"):
        raise ConfirmationLinkError("This link is not valid. Ask a teacher at your school to send a new one.")
    if confirmation.confirmed_at_utc is not None or find_confirmed_dsl(confirmation.school_id, confirmation.email):
        raise ConfirmationLinkError(
            "This link has already been used. Sign in with your email address and the password you set."
        )
    return confirmation


def confirm(confirmation: DslConfirmation, name: str, password: str, now: datetime) -> User:
    """Create the DSL's account for the school and mark the address confirmed."""
    _check_address_is_free(confirmation.school, confirmation.email)
    user = create_user(confirmation.email, name or confirmation.name, password, Role.DSL, confirmation.school)
    confirmation.confirmed_at_utc, confirmation.user_id = now, user.id
    db.session.flush()
    record_event("dsl_confirmed", user, confirmation, school_id=confirmation.school_id)
    return user
