"""Themes, sentiment and coding of free-text answers."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("analysis", __name__, url_prefix="/officers/analysis")
