"""The pupil pages (URLs under ``/join``): joining a class session with its code, answering, asking for an adult,
stopping. The class sessions, drafts and join limits they use are services of ``app.schools``.

``create_blueprint`` is the package's one URL table: each line maps a URL (or a page hook) to the function that
serves it."""

from __future__ import annotations

from flask import Blueprint


def create_blueprint() -> Blueprint:
    from app.pupils import join_and_answer as pupil

    bp = Blueprint("pupils", __name__, url_prefix="/join")
    bp.errorhandler(429)(pupil.too_many_tries)
    bp.before_request(pupil.forget_idle_pupil)
    bp.context_processor(pupil.pupil_context)
    bp.add_url_rule("", view_func=pupil.join, methods=["GET", "POST"])
    bp.add_url_rule("/take-part", view_func=pupil.take_part, methods=["GET", "POST"])
    bp.add_url_rule("/no-thanks", view_func=pupil.no_thanks)
    bp.add_url_rule("/your-answers", view_func=pupil.your_answers)
    bp.add_url_rule("/questions/<page_id>", view_func=pupil.answer_page, methods=["GET", "POST"])
    bp.add_url_rule("/check-answers", view_func=pupil.check_answers)
    bp.add_url_rule("/submit", view_func=pupil.submit_answers, methods=["POST"])
    bp.add_url_rule("/thank-you", view_func=pupil.thank_you)
    bp.add_url_rule("/help", view_func=pupil.get_help)
    bp.add_url_rule("/talk-to-an-adult", view_func=pupil.request_adult, methods=["POST"])
    bp.add_url_rule("/talk-to-an-adult/sent", view_func=pupil.adult_request_sent)
    bp.add_url_rule("/finish", view_func=pupil.finish, methods=["POST"])
    bp.add_url_rule("/stop", view_func=pupil.stop, methods=["POST"])
    return bp
