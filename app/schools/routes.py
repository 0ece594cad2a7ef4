"""Teachers' class sessions and the anonymous pupil journey."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("schools", __name__, url_prefix="/schools")
