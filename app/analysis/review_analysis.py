"""An officer reviews the analysis of a consultation's free-text answers: the overview of themes and sentiment,
emerging themes, recomputes and their progress, and applying or keeping a recompute held for their confirmation."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from app.analysis import codebooks, overview, services
from app.analysis.forms import EmptyForm, ThemeForm
from app.analysis.recompute import MIN_CODED_FOR_LEARNING, MIN_HELD_BACK, ROUGH_BELOW_HELD_BACK
from app.analysis.recompute_review import ReviewDecidedError, find_review
from app.common.access import current_actor, roles_required
from app.consultations.services import get_consultation
from app.jobs import runner
from app.jobs.services import get_job, list_jobs
from app.models import Role


def _question() -> str | None:
    return request.args.get("question") or None


@roles_required(Role.OFFICER)
def show_overview(consultation_id: int) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    question = _question()
    return render_template(
        "analysis/show_overview.html",
        consultation=consultation,
        question=question,
        questions=overview.text_questions(consultation),
        themes=overview.theme_rows(consultation, question),
        progress=overview.coding_progress(consultation, question),
        agreement=services.coder_agreement(consultation),
        coded_now=services.officer_coded_count(consultation),
        min_coded=MIN_CODED_FOR_LEARNING,
        rough_below=ROUGH_BELOW_HELD_BACK,
        min_held_back=MIN_HELD_BACK,
        jobs=list_jobs(consultation, "recompute"),
        form=EmptyForm(),
    )


@roles_required(Role.OFFICER)
def list_emerging(consultation_id: int) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    return render_template(
        "analysis/list_emerging.html",
        consultation=consultation,
        form=ThemeForm(),
        candidates=services.emerging_themes(consultation, _question()),
    )


@roles_required(Role.OFFICER)
def start_recompute(consultation_id: int) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    job = services.start_recompute(consultation, current_actor())
    runner.enqueue(job)
    return redirect(url_for(".show_job", consultation_id=consultation_id, job_id=job.id))


@roles_required(Role.OFFICER)
def show_job(consultation_id: int, job_id: int) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    job = get_job(job_id, consultation)
    if request.args.get("format") == "json":
        return jsonify(status=job.status.value, percent=job.percent, message=job.message)
    review = find_review(job)
    return render_template(
        "analysis/show_job.html",
        consultation=consultation,
        job=job,
        review=review,
        theme_labels=codebooks.labels(consultation) if review else {},
        form=EmptyForm(),
    )


@roles_required(Role.OFFICER)
def apply_recompute(consultation_id: int, review_id: int) -> ResponseReturnValue:
    job = _decide_review(consultation_id, review_id, services.apply_held_recompute)
    if job is None:
        return redirect(url_for(".show_overview", consultation_id=consultation_id))
    runner.enqueue(job)
    return redirect(url_for(".show_job", consultation_id=consultation_id, job_id=job.id))


@roles_required(Role.OFFICER)
def keep_coding(consultation_id: int, review_id: int) -> ResponseReturnValue:
    review = _decide_review(consultation_id, review_id, services.keep_current_coding)
    if review is None:
        return redirect(url_for(".show_overview", consultation_id=consultation_id))
    flash("The recompute was not applied: answers keep their current coding", "success")
    return redirect(url_for(".show_job", consultation_id=consultation_id, job_id=review.job_id))


def _decide_review(consultation_id: int, review_id: int, decide):
    """The officer's decision on a held recompute; None (with the reason flashed) if already decided."""
    consultation = get_consultation(consultation_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        decided = decide(consultation, review_id, current_actor())
    except ReviewDecidedError as error:
        flash(str(error), "error")
        return None
    return decided
