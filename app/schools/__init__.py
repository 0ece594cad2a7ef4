"""Schools and class sessions (URLs under ``/schools``): officers add schools and teachers, teachers run class
sessions, and both read the suppressed summaries. The pupils' own pages are ``app.pupils``.

``create_blueprint`` is the package's one URL table: each line maps a URL to the view function that serves it."""

from __future__ import annotations

from flask import Blueprint


def create_blueprint() -> Blueprint:
    from app.schools import manage_schools as schools
    from app.schools import run_sessions as sessions

    bp = Blueprint("schools", __name__, url_prefix="/schools")
    bp.add_url_rule("/", view_func=schools.list_schools)
    bp.add_url_rule("/new", view_func=schools.create_school, methods=["GET", "POST"])
    bp.add_url_rule("/<int:school_id>", view_func=schools.show_school)
    bp.add_url_rule("/<int:school_id>/teachers/new", view_func=schools.create_teacher, methods=["GET", "POST"])
    bp.add_url_rule("/<int:school_id>/summary", view_func=schools.show_school_summary)
    one = "/sessions/<int:session_id>"
    bp.add_url_rule("/sessions", view_func=sessions.list_sessions)
    bp.add_url_rule("/sessions/new", view_func=sessions.create_session, methods=["GET", "POST"])
    bp.add_url_rule(one, view_func=sessions.show_session)
    bp.add_url_rule(f"{one}/open", view_func=sessions.open_session, methods=["GET", "POST"])
    bp.add_url_rule(f"{one}/dsl-confirmation", view_func=sessions.resend_dsl_confirmation, methods=["POST"])
    bp.add_url_rule(f"{one}/projector", view_func=sessions.show_projector)
    bp.add_url_rule(f"{one}/counts", view_func=sessions.show_counts)
    bp.add_url_rule(f"{one}/close", view_func=sessions.close_session, methods=["POST"])
    bp.add_url_rule(f"{one}/summary", view_func=sessions.show_summary)
    return bp
