"""Analysis of free-text answers for officers (URLs under ``/officers/analysis``): the overview and recompute jobs,
coding answers, and the codebook. ``engine`` is the pure analysis library (no Flask, no database); the modules beside
it are the services that read and store its results.

``create_blueprint`` is the package's one URL table: each line maps a URL to the view function that serves it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Blueprint


def create_blueprint() -> Blueprint:
    """Flask is imported here, not at the top, so that importing the pure ``app.analysis.engine`` loads no Flask."""
    from flask import Blueprint

    from app.analysis import code_answers as answers
    from app.analysis import manage_codebook as codebook
    from app.analysis import review_analysis as review

    bp = Blueprint("analysis", __name__, url_prefix="/officers/analysis")
    one = "/<int:consultation_id>"
    bp.add_url_rule(one, view_func=review.show_overview)
    bp.add_url_rule(f"{one}/emerging", view_func=review.list_emerging)
    bp.add_url_rule(f"{one}/recompute", view_func=review.start_recompute, methods=["POST"])
    bp.add_url_rule(f"{one}/jobs/<int:job_id>", view_func=review.show_job)
    bp.add_url_rule(
        f"{one}/recompute/reviews/<int:review_id>/apply", view_func=review.apply_recompute, methods=["POST"]
    )
    bp.add_url_rule(f"{one}/recompute/reviews/<int:review_id>/keep", view_func=review.keep_coding, methods=["POST"])
    bp.add_url_rule(f"{one}/answers", view_func=answers.list_answers)
    bp.add_url_rule(f"{one}/answers/bulk", view_func=answers.bulk_code, methods=["POST"])
    bp.add_url_rule(f"{one}/answers/<int:answer_id>", view_func=answers.edit_coding, methods=["GET", "POST"])
    bp.add_url_rule(
        f"{one}/answers/<int:answer_id>/safeguarding", view_func=answers.send_to_safeguarding, methods=["POST"]
    )
    bp.add_url_rule(f"{one}/codebook", view_func=codebook.show_codebook)
    bp.add_url_rule(f"{one}/codebook/new", view_func=codebook.add_theme, methods=["GET", "POST"])
    bp.add_url_rule(f"{one}/codebook/<key>", view_func=codebook.edit_theme, methods=["GET", "POST"])
    bp.add_url_rule(f"{one}/codebook/<key>/retire", view_func=codebook.retire_theme, methods=["POST"])
    bp.add_url_rule(f"{one}/codebook/<key>/merge", view_func=codebook.merge_themes, methods=["POST"])
    return bp
