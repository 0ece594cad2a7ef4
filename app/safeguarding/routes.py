"""The safeguarding reviewer's queue of flagged pupil texts."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("safeguarding", __name__, url_prefix="/safeguarding")
