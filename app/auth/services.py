"""Staff accounts: creating them, checking passwords with Argon2id, and throttling failed sign-ins per account."""

from __future__ import annotations

from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from app.auth import lockout
from app.auth.lockout import LockoutRules
from app.common.audit import record_event
from app.common.client_address import address_key
from app.common.errors import DomainError
from app.extensions import db
from app.models import SCHOOL_ROLES, Role, School, User
from app.models.types import utcnow

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 12
_DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$iaHTbWmuYuqoiQo8u9yWnw$cbC89UFSnTLEwJHPL430qBWvMpY1GHO/EXTdGXnbTqY"
"""The hash of a discarded random password, with the hasher's parameters: an unknown email costs one verify, like a
known one. Written out rather than hashed at import, which took a third of a second of every process's start."""
SIGN_IN_FAILED = "Enter a correct email address and password"


class SignInError(DomainError):
    """The generic message, so it never tells an attacker which part was wrong, or why this email address (known
    or not) must wait (``app.auth.lockout``)."""

    def __init__(self, message: str = SIGN_IN_FAILED) -> None:
        super().__init__(message)


class UserError(DomainError):
    pass


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"Password must be {MIN_PASSWORD_LENGTH} characters or more")
    return _hasher.hash(password)


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def create_user(email: str, name: str, password: str, role: Role, school: School | None = None) -> User:
    email = email.strip().lower()
    if "@" not in email:
        raise UserError("Enter an email address in the correct format, like name@example.org")
    if find_user_by_email(email):
        raise UserError("An account with this email address already exists")
    if role in SCHOOL_ROLES and school is None:
        raise UserError("A teacher or safeguarding lead account must belong to a school")
    user = User(email=email, name=name.strip(), password_hash=hash_password(password), role=role, school=school)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str, *, address: str, rules: LockoutRules, now: datetime | None = None) -> User:
    """Return the user for a correct email and password from ``address``, or raise ``SignInError``.

    A locked-out address or a slowed-down email is refused before any password is checked, whether or not the email
    has an account; an inactive account is refused like a wrong password; a hash is verified even for an unknown
    email, so the response time does not reveal which accounts exist.
    """
    now = now or utcnow()
    key = lockout.account_key(email)
    refused = lockout.refusal(key, address, now, rules)
    if refused:
        _record_failure(find_user_by_email(email), "refused while locked out or slowed down", address)
        raise SignInError(refused)
    user = find_user_by_email(email)
    right = _verify(user.password_hash if user else _DUMMY_HASH, password)
    if user is None or not right or not user.is_active_account:
        refused = lockout.record_failure(key, address, user, now, rules)
        _record_failure(user, _failure_reason(user, right), address, locked=bool(refused))
        db.session.flush()
        raise SignInError(refused or SIGN_IN_FAILED)
    lockout.record_success(key, address, rules)
    user.last_sign_in_at_utc = now
    db.session.flush()
    return user


def _failure_reason(user: User | None, right: bool) -> str:
    if user is None:
        return "no account has this email address"
    return "wrong password" if not right else "account deactivated"


def _record_failure(user: User | None, reason: str, address: str, *, locked: bool = False) -> None:
    """A failed sign-in in the audit log, for the admin: the account when the email is one (never the email typed,
    which may be a mistyped password), why it failed, and the same keyed hash of the client address the lockout
    counts by, so repeated attempts from one place can be seen without storing the address."""
    record_event("sign_in_failed", None, user, reason=reason, source=address_key(address)[:12], locked_out=locked)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def load_user(user_id: str) -> User | None:
    """Flask-Login loader; the id carries the session version so signing out everywhere invalidates old cookies."""
    raw_id, _, version = user_id.partition(":")
    if not raw_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(raw_id))
    if user is None or user.session_version != int(version) or not user.is_active_account:
        return None
    return user


def end_sessions(user: User) -> None:
    """End every session of ``user``, including copies of its cookie: each carries the session version it was signed
    in with (``User.get_id``), so raising the version makes ``load_user`` refuse them all. One atomic update, so two
    sign-outs at once both take effect."""
    user.session_version = User.session_version + 1  # SQL: version = version + 1
    db.session.flush()
