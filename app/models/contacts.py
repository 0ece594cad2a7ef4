"""People to contact at stakeholder organisations.

Contacts are personal data, so they live in their own table: the retention job can purge them after a period
without touching organisations, invites or responses.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.stakeholders import Organisation
from app.models.types import UTCDateTime, utcnow


class OrganisationContact(db.Model):
    __tablename__ = "organisation_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(120), default="")
    created_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    organisation: Mapped[Organisation] = relationship()
