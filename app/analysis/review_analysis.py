"""Themes, sentiment and coding of free-text answers."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from app.analysis import codebooks, coding, overview, services
from app.analysis.forms import (
    SENTIMENTS,
    AnswerCodingForm,
    BulkCodingForm,
    EmptyForm,
    MergeForm,
    ThemeForm,
    phrase_lines,
)
from app.analysis.recompute import MIN_CODED_FOR_LEARNING, MIN_HELD_BACK, ROUGH_BELOW_HELD_BACK
from app.analysis.recompute_review import ReviewDecidedError, find_review
from app.common.access import roles_required
from app.common.errors import DomainError, NotFoundError
from app.common.forms import error_list
from app.extensions import db
from app.jobs import runner
from app.jobs.services import get_job, list_jobs
from app.models import Role
from app.models.types import utcnow
from app.safeguarding import referrals
from app.safeguarding.forms import SendToSafeguardingForm

bp = Blueprint("analysis", __name__, url_prefix="/officers/analysis")


def _consultation(consultation_id: int):  # type: ignore[no-untyped-def]
    try:
        return services.get_consultation(consultation_id)
    except NotFoundError:
        abort(404)


def _question() -> str | None:
    return request.args.get("question") or None


@bp.route("/<int:consultation_id>")
@roles_required(Role.OFFICER)
def show_overview(consultation_id: int) -> ResponseReturnValue:
    consultation = _consultation(consultation_id)
    question = _question()
    return render_template(
        "analysis/show_overview.html", consultation=consultation, question=question,
        questions=overview.text_questions(consultation), themes=overview.theme_rows(consultation, question),
        progress=overview.coding_progress(consultation, question), agreement=services.coder_agreement(consultation),
        coded_now=services.officer_coded_count(consultation), min_coded=MIN_CODED_FOR_LEARNING,
        rough_below=ROUGH_BELOW_HELD_BACK, min_held_back=MIN_HELD_BACK,
        jobs=list_jobs(consultation, "recompute"), form=EmptyForm(),
    )


@bp.route("/<int:consultation_id>/answers")
@roles_required(Role.OFFICER)
def list_answers(consultation_id: int) -> ResponseReturnValue:
    """All answers, or those matching the officer's filters, each codable in place (``edit_coding`` returns here)."""
    consultation = _consultation(consultation_id)
    filters = _answer_filters()
    page = request.args.get("page", 1, type=int) or 1
    rows, total = overview.find_answers(consultation, filters, page)
    themes = [(t.key, t.label) for t in codebooks.list_themes(consultation) if not t.retired]
    form = BulkCodingForm()
    form.theme.choices = themes
    return render_template("analysis/list_answers.html", consultation=consultation, filters=filters, rows=rows,
                           total=total, page=page, page_size=overview.PAGE_SIZE, form=form, themes=themes,
                           labels=codebooks.labels(consultation), questions=overview.text_questions(consultation),
                           sentiments=SENTIMENTS, here=request.full_path.rstrip("?"), no_theme=overview.NO_THEME)


@bp.route("/<int:consultation_id>/answers/bulk", methods=["POST"])
@roles_required(Role.OFFICER)
def bulk_code(consultation_id: int) -> ResponseReturnValue:
    consultation = _consultation(consultation_id)
    form = BulkCodingForm()
    form.theme.choices = [(t.key, t.label) for t in codebooks.list_themes(consultation) if not t.retired]
    if form.validate_on_submit():
        done = coding.bulk_add_theme(consultation, form.answer_ids.data, form.theme.data, current_user)
        db.session.commit()
        flash(f"Added the theme to {done} answers", "success")
    else:
        flash(error_list(form)[0]["text"], "error")
    back = request.referrer if (request.referrer or "").startswith(request.host_url) else None  # never off-site
    return redirect(back or url_for(".list_answers", consultation_id=consultation_id))


@bp.route("/<int:consultation_id>/answers/<int:answer_id>", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def edit_coding(consultation_id: int, answer_id: int) -> ResponseReturnValue:
    consultation = _consultation(consultation_id)
    try:
        answer, current = coding.get_coded_answer(consultation, answer_id)
    except NotFoundError:
        abort(404)
    row = overview.coded_answer_row(answer_id)
    if row is None:
        abort(404)
    form = AnswerCodingForm(data=None if request.method == "POST" else {
        "themes": [key for key, _ in row.themes], "sentiment": current.sentiment})
    form.themes.choices = [(t.key, t.label) for t in codebooks.list_themes(consultation) if not t.retired]
    back = _list_url(consultation_id)
    if form.validate_on_submit():
        coding.recode_answer(consultation, answer_id, form.themes.data, form.sentiment.data, current_user)
        db.session.commit()
        flash("Coding saved", "success")
        return redirect(f"{back}#answer-{answer_id}")
    return render_template("analysis/edit_coding.html", consultation=consultation, row=row, form=form, back=back,
                           errors=error_list(form), referral_form=SendToSafeguardingForm(formdata=None))


@bp.route("/<int:consultation_id>/answers/<int:answer_id>/safeguarding", methods=["POST"])
@roles_required(Role.OFFICER)
def send_to_safeguarding(consultation_id: int, answer_id: int) -> ResponseReturnValue:
    """Move an answer that worries the officer into the safeguarding reviewer's queue (out of analysis at once)."""
    consultation = _consultation(consultation_id)
    form = SendToSafeguardingForm()
    if not form.validate_on_submit():
        flash(error_list(form)[0]["text"], "error")
        return redirect(url_for(".edit_coding", consultation_id=consultation_id, answer_id=answer_id))
    try:
        referrals.send_to_safeguarding(consultation, answer_id, current_user._get_current_object(),
                                       form.reason.data or "", form.level.data or "", utcnow())
    except NotFoundError:
        abort(404)
    except DomainError as error:
        flash(str(error), "error")
        return redirect(url_for(".edit_coding", consultation_id=consultation_id, answer_id=answer_id))
    db.session.commit()
    flash("Sent to safeguarding. A safeguarding reviewer will read the answer; it is kept out of analysis, reports "
          "and exports until they clear it.", "success")
    return redirect(url_for(".list_answers", consultation_id=consultation_id))


@bp.route("/<int:consultation_id>/codebook")
@roles_required(Role.OFFICER)
def show_codebook(consultation_id: int) -> ResponseReturnValue:
    consultation = _consultation(consultation_id)
    themes = codebooks.list_themes(consultation)
    return render_template("analysis/show_codebook.html", consultation=consultation, themes=themes)


@bp.route("/<int:consultation_id>/codebook/new", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def add_theme(consultation_id: int) -> ResponseReturnValue:
    consultation = _consultation(consultation_id)
    form = ThemeForm()
    if form.validate_on_submit():
        try:
            codebooks.add_theme(consultation, form.label.data, phrase_lines(form.phrases.data), current_user,
                                description=form.description.data or "", examples=phrase_lines(form.examples.data))
        except DomainError as error:
            form.label.errors.append(str(error))
        else:
            db.session.commit()
            flash("Theme added. Recompute to apply it to every answer.", "success")
            return redirect(url_for(".show_codebook", consultation_id=consultation_id))
    return render_template("analysis/edit_theme.html", consultation=consultation, form=form, theme=None,
                           errors=error_list(form))


@bp.route("/<int:consultation_id>/codebook/<key>", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def edit_theme(consultation_id: int, key: str) -> ResponseReturnValue:
    consultation = _consultation(consultation_id)
    theme = _theme(consultation, key)
    form = ThemeForm(data=None if request.method == "POST" else {
        "label": theme.label, "description": theme.description, "phrases": "\n".join(theme.phrases),
        "examples": "\n".join(theme.examples or [])})
    if form.validate_on_submit():
        try:
            codebooks.update_theme(consultation, key, form.label.data, phrase_lines(form.phrases.data), current_user,
                                   description=form.description.data or "",
                                   examples=phrase_lines(form.examples.data))
        except DomainError as error:
            form.phrases.errors.append(str(error))
        else:
            db.session.commit()
            flash("Theme saved. Recompute to apply it to every answer.", "success")
            return redirect(url_for(".show_codebook", consultation_id=consultation_id))
    merge = MergeForm(prefix="merge")
    merge.target.choices = _merge_choices(consultation, key)
    return render_template("analysis/edit_theme.html", consultation=consultation, form=form, theme=theme,
                           merge=merge, retire=EmptyForm(prefix="retire"), errors=error_list(form))


@bp.route("/<int:consultation_id>/codebook/<key>/retire", methods=["POST"])
@roles_required(Role.OFFICER)
def retire_theme(consultation_id: int, key: str) -> ResponseReturnValue:
    consultation = _consultation(consultation_id)
    theme = _theme(consultation, key)
    if EmptyForm(prefix="retire").validate_on_submit():
        codebooks.retire_theme(consultation, key, current_user, retired=not theme.retired)
        db.session.commit()
        flash(f"{theme.label} {'retired' if theme.retired else 'restored'}", "success")
    return redirect(url_for(".show_codebook", consultation_id=consultation_id))


@bp.route("/<int:consultation_id>/codebook/<key>/merge", methods=["POST"])
@roles_required(Role.OFFICER)
def merge_themes(consultation_id: int, key: str) -> ResponseReturnValue:
    consultation = _consultation(consultation_id)
    _theme(consultation, key)
    form = MergeForm(prefix="merge")
    form.target.choices = _merge_choices(consultation, key)
    if form.validate_on_submit():
        target = codebooks.merge_themes(consultation, key, form.target.data, current_user)
        db.session.commit()
        flash(f"Merged into {target.label}", "success")
        return redirect(url_for(".show_codebook", consultation_id=consultation_id))
    flash(error_list(form)[0]["text"] if error_list(form) else "Select the theme to merge into", "error")
    return redirect(url_for(".edit_theme", consultation_id=consultation_id, key=key))


@bp.route("/<int:consultation_id>/emerging")
@roles_required(Role.OFFICER)
def list_emerging(consultation_id: int) -> ResponseReturnValue:
    consultation = _consultation(consultation_id)
    return render_template("analysis/list_emerging.html", consultation=consultation, form=ThemeForm(),
                           candidates=services.emerging_themes(consultation, _question()))


@bp.route("/<int:consultation_id>/recompute", methods=["POST"])
@roles_required(Role.OFFICER)
def start_recompute(consultation_id: int) -> ResponseReturnValue:
    consultation = _consultation(consultation_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    job = services.start_recompute(consultation, current_user)
    db.session.commit()
    runner.enqueue(job)
    return redirect(url_for(".show_job", consultation_id=consultation_id, job_id=job.id))


@bp.route("/<int:consultation_id>/jobs/<int:job_id>")
@roles_required(Role.OFFICER)
def show_job(consultation_id: int, job_id: int) -> ResponseReturnValue:
    consultation = _consultation(consultation_id)
    try:
        job = get_job(job_id, consultation)
    except NotFoundError:
        abort(404)
    if request.args.get("format") == "json":
        return jsonify(status=job.status.value, percent=job.percent, message=job.message)
    review = find_review(job)
    return render_template("analysis/show_job.html", consultation=consultation, job=job, review=review,
                           theme_labels=codebooks.labels(consultation) if review else {}, form=EmptyForm())


@bp.route("/<int:consultation_id>/recompute/reviews/<int:review_id>/apply", methods=["POST"])
@roles_required(Role.OFFICER)
def apply_recompute(consultation_id: int, review_id: int) -> ResponseReturnValue:
    job = _decide_review(consultation_id, review_id, services.apply_held_recompute)
    if job is None:
        return redirect(url_for(".show_overview", consultation_id=consultation_id))
    runner.enqueue(job)
    return redirect(url_for(".show_job", consultation_id=consultation_id, job_id=job.id))


@bp.route("/<int:consultation_id>/recompute/reviews/<int:review_id>/keep", methods=["POST"])
@roles_required(Role.OFFICER)
def keep_coding(consultation_id: int, review_id: int) -> ResponseReturnValue:
    review = _decide_review(consultation_id, review_id, services.keep_current_coding)
    if review is None:
        return redirect(url_for(".show_overview", consultation_id=consultation_id))
    flash("The recompute was not applied: answers keep their current coding", "success")
    return redirect(url_for(".show_job", consultation_id=consultation_id, job_id=review.job_id))


def _decide_review(consultation_id: int, review_id: int, decide):  # type: ignore[no-untyped-def]
    """The officer's decision on a held recompute, committed; None (with the reason flashed) if already decided."""
    consultation = _consultation(consultation_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        decided = decide(consultation, review_id, current_user)
    except NotFoundError:
        abort(404)
    except ReviewDecidedError as error:
        flash(str(error), "error")
        return None
    db.session.commit()
    return decided


def _answer_filters() -> overview.AnswerFilters:
    """Unknown values are ignored rather than refused: a filter link from an older page still shows answers."""
    sentiment = request.args.get("sentiment", "")
    return overview.AnswerFilters(
        theme=request.args.get("theme", "")[:64], sentiment=sentiment if sentiment in dict(SENTIMENTS) else "",
        question=request.args.get("question", "")[:64], search=request.args.get("q", "")[:200])


def _list_url(consultation_id: int) -> str:
    """The answers list the officer came from (``next``), or "All answers"; never a page outside that list."""
    listing = url_for(".list_answers", consultation_id=consultation_id)
    wanted = request.values.get("next", "")
    return wanted if wanted.startswith(f"{listing}?") or wanted == listing else listing


def _theme(consultation, key: str):  # type: ignore[no-untyped-def]
    try:
        return codebooks.get_theme(consultation, key)
    except NotFoundError:
        abort(404)


def _merge_choices(consultation, key: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [("", "Select a theme")] + [(t.key, t.label) for t in codebooks.list_themes(consultation)
                                       if t.key != key and not t.retired]
