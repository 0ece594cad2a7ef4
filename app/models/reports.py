"""Reporting data an officer provides: the population profile respondents are compared against."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import UTCDateTime, utcnow


class PopulationProfile(db.Model):
    """One per consultation; a new upload replaces the old one whole, so figures never mix two sources."""

    __tablename__ = "population_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), unique=True)
    source: Mapped[str] = mapped_column(String(300), default="")
    filename: Mapped[str] = mapped_column(String(200), default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    uploaded_at_utc: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    figures: Mapped[list[PopulationFigure]] = relationship(
        order_by="[PopulationFigure.dimension, PopulationFigure.position]", cascade="all, delete-orphan")


class PopulationFigure(db.Model):
    __tablename__ = "population_figures"
    __table_args__ = (UniqueConstraint("profile_id", "dimension", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("population_profiles.id", ondelete="CASCADE"), index=True)
    dimension: Mapped[str] = mapped_column(String(80))
    category: Mapped[str] = mapped_column(String(200))
    population: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)
