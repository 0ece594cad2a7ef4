"""The survey builder: pages, questions, conditions, preview, versions, import and export."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("builder", __name__, url_prefix="/officers/surveys")
