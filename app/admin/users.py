"""Managing staff accounts: create with any role, change role, deactivate and reactivate, set a new password.

Changing a role, deactivating or resetting a password bumps the user's session version, so every session they have
open ends at its next request. Admins cannot lock themselves out: they cannot deactivate or demote their own account.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.auth import lockout
from app.auth.services import UserError, create_user, hash_password
from app.common.audit import record_event
from app.common.errors import NotFoundError
from app.extensions import db
from app.models import SCHOOL_ROLES, Role, School, User


def list_users() -> list[User]:
    return list(
        db.session.scalars(
            select(User).options(selectinload(User.school)).order_by(User.is_active_account.desc(), User.name, User.id)
        )
    )


def list_schools() -> list[School]:
    return list(db.session.scalars(select(School).order_by(School.name, School.id)))


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFoundError(str(user_id))
    return user


def _school_for(role: Role, school_id: int | None) -> School | None:
    if role not in SCHOOL_ROLES:
        return None
    school = db.session.get(School, school_id) if school_id else None
    if school is None:
        who = "teacher" if role == Role.TEACHER else "safeguarding lead"
        raise UserError(f"Select the {who}\u2019s school")
    return school


def create_account(
    actor: User, *, email: str, name: str, role: Role, password: str, school_id: int | None = None
) -> User:
    user = create_user(email, name, password, role, _school_for(role, school_id))
    record_event("user_created", actor, user, role=role.value)
    return user


def change_role(actor: User, user: User, role: Role, school_id: int | None = None) -> None:
    if user.id == actor.id and role != Role.ADMIN:
        raise UserError("You cannot remove your own admin role. Ask another admin to do it")
    school = _school_for(role, school_id)
    previous = user.role
    user.role, user.school = role, school
    user.session_version += 1
    db.session.flush()
    record_event("user_role_changed", actor, user, previous_role=previous.value, role=role.value)


def deactivate(actor: User, user: User) -> None:
    if user.id == actor.id:
        raise UserError("You cannot deactivate your own account")
    user.is_active_account = False
    user.session_version += 1
    db.session.flush()
    record_event("user_deactivated", actor, user)


def reactivate(actor: User, user: User) -> None:
    user.is_active_account = True
    lockout.forget_account(user.email)
    db.session.flush()
    record_event("user_reactivated", actor, user)


def reset_password(actor: User, user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    lockout.forget_account(user.email)
    user.session_version += 1
    db.session.flush()
    record_event("user_password_reset", actor, user)
