"""Safeguarding review (URLs under ``/safeguarding``): the reviewer's queue of flagged pupil texts and unreleased
comments. The screen, referrals, school alerts and the DSL services live here too; a school's safeguarding lead has
their own pages in ``app.dsl``.

``create_blueprint`` is the package's one URL table: each line maps a URL to the view function that serves it."""

from __future__ import annotations

from flask import Blueprint


def create_blueprint() -> Blueprint:
    from app.safeguarding import review_flags

    bp = Blueprint("safeguarding", __name__, url_prefix="/safeguarding")
    bp.add_url_rule("/", view_func=review_flags.list_flags)
    bp.add_url_rule("/comments", view_func=review_flags.list_comments, methods=["GET", "POST"])
    bp.add_url_rule("/flags/<int:flag_id>", view_func=review_flags.review_flag, methods=["GET", "POST"])
    return bp
