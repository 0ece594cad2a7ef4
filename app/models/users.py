"""Staff accounts (officers, reviewers, teachers, admins, schools' safeguarding leads). Residents and pupils never have
accounts."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, enum_column, utcnow


class Role(enum.StrEnum):
    OFFICER = "officer"
    REVIEWER = "reviewer"
    TEACHER = "teacher"
    ADMIN = "admin"
    DSL = "dsl"
    """A school's Designated Safeguarding Lead: sees only their own school's flags and adult-contact requests."""


SCHOOL_ROLES = frozenset({Role.TEACHER, Role.DSL})
"""Roles whose account belongs to one school and sees nothing of any other."""


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), default=None)
    is_active_account: Mapped[bool] = mapped_column(default=True)
    session_version: Mapped[int] = mapped_column(default=1)
    created_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_sign_in_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

    school: Mapped[School | None] = relationship()

    @property
    def is_active(self) -> bool:
        return self.is_active_account

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles or self.role == Role.ADMIN and Role.OFFICER in roles


class School(db.Model):
    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DslConfirmation(db.Model):
    """A school's safeguarding lead address that a teacher named and that has been sent a confirmation link.

    A class session can open only when its DSL address is confirmed, so a mistyped address never receives a pupil
    alert. Following the link creates the DSL's account (``user_id``); after that any teacher of the school may name
    the address without confirming again."""

    __tablename__ = "dsl_confirmations"
    __table_args__ = (UniqueConstraint("school_id", "email", name="uq_dsl_confirmations_school_id_email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(120))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    sent_at_utc: Mapped[datetime] = mapped_column(UTCDateTime())
    confirmed_at_utc: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)

    school: Mapped[School] = relationship()
