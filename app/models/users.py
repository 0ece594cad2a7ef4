"""Staff accounts (officers, reviewers, teachers, admins). Residents and pupils never have accounts."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, enum_column, utcnow


class Role(enum.StrEnum):
    OFFICER = "officer"
    REVIEWER = "reviewer"
    TEACHER = "teacher"
    ADMIN = "admin"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), default=None)
    is_active_account: Mapped[bool] = mapped_column(default=True)
    failed_sign_ins: Mapped[int] = mapped_column(default=0)
    locked_until_utc: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
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
