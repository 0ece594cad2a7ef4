"""Stakeholder organisations, contacts, invites and reminders."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("stakeholders", __name__, url_prefix="/officers/stakeholders")
