"""An officer reads and codes free-text answers: the filtered list with bulk coding, one answer's themes and sentiment,
and sending an answer that worries them to the safeguarding reviewers."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from app.analysis import codebooks, coding, overview
from app.analysis.forms import SENTIMENTS, AnswerCodingForm, BulkCodingForm
from app.common.access import current_actor, roles_required
from app.common.errors import DomainError, NotFoundError
from app.common.forms import error_list
from app.consultations.services import get_consultation
from app.models import Role
from app.models.types import utcnow
from app.safeguarding import referrals
from app.safeguarding.forms import SendToSafeguardingForm


@roles_required(Role.OFFICER)
def list_answers(consultation_id: int) -> ResponseReturnValue:
    """All answers, or those matching the officer's filters, each codable in place (``edit_coding`` returns here)."""
    consultation = get_consultation(consultation_id)
    filters = _answer_filters()
    page = request.args.get("page", 1, type=int) or 1
    rows, total = overview.find_answers(consultation, filters, page)
    themes = [(t.key, t.label) for t in codebooks.list_themes(consultation) if not t.retired]
    form = BulkCodingForm()
    form.theme.choices = themes
    return render_template(
        "analysis/list_answers.html",
        consultation=consultation,
        filters=filters,
        rows=rows,
        total=total,
        page=page,
        page_size=overview.PAGE_SIZE,
        form=form,
        themes=themes,
        labels=codebooks.labels(consultation),
        questions=overview.text_questions(consultation),
        sentiments=SENTIMENTS,
        here=request.full_path.rstrip("?"),
        no_theme=overview.NO_THEME,
    )


@roles_required(Role.OFFICER)
def bulk_code(consultation_id: int) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    form = BulkCodingForm()
    form.theme.choices = [(t.key, t.label) for t in codebooks.list_themes(consultation) if not t.retired]
    if form.validate_on_submit():
        done = coding.bulk_add_theme(consultation, form.answer_ids.data, form.theme.data, current_actor())
        flash(f"Added the theme to {done} answers", "success")
    else:
        flash(error_list(form)[0]["text"], "error")
    back = request.referrer if (request.referrer or "").startswith(request.host_url) else None  # never off-site
    return redirect(back or url_for(".list_answers", consultation_id=consultation_id))


@roles_required(Role.OFFICER)
def edit_coding(consultation_id: int, answer_id: int) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    answer, current = coding.get_coded_answer(consultation, answer_id)
    row = overview.coded_answer_row(answer_id)
    if row is None:
        abort(404)
    form = AnswerCodingForm(
        data=None
        if request.method == "POST"
        else {"themes": [key for key, _ in row.themes], "sentiment": current.sentiment}
    )
    form.themes.choices = [(t.key, t.label) for t in codebooks.list_themes(consultation) if not t.retired]
    back = _list_url(consultation_id)
    if form.validate_on_submit():
        coding.recode_answer(consultation, answer_id, form.themes.data, form.sentiment.data, current_actor())
        flash("Coding saved", "success")
        return redirect(f"{back}#answer-{answer_id}")
    return render_template(
        "analysis/edit_coding.html",
        consultation=consultation,
        row=row,
        form=form,
        back=back,
        errors=error_list(form),
        referral_form=SendToSafeguardingForm(formdata=None),
    )


@roles_required(Role.OFFICER)
def send_to_safeguarding(consultation_id: int, answer_id: int) -> ResponseReturnValue:
    """Move an answer that worries the officer into the safeguarding reviewer's queue (out of analysis at once)."""
    consultation = get_consultation(consultation_id)
    form = SendToSafeguardingForm()
    if not form.validate_on_submit():
        flash(error_list(form)[0]["text"], "error")
        return redirect(url_for(".edit_coding", consultation_id=consultation_id, answer_id=answer_id))
    try:
        referrals.send_to_safeguarding(
            consultation, answer_id, current_actor(), form.reason.data or "", form.level.data or "", utcnow()
        )
    except NotFoundError:
        raise  # the 404 page, not a message on the answer page
    except DomainError as error:
        flash(str(error), "error")
        return redirect(url_for(".edit_coding", consultation_id=consultation_id, answer_id=answer_id))
    flash(
        "Sent to safeguarding. A safeguarding reviewer will read the answer; it is kept out of analysis, reports "
        "and exports until they clear it.",
        "success",
    )
    return redirect(url_for(".list_answers", consultation_id=consultation_id))


def _answer_filters() -> overview.AnswerFilters:
    """Unknown values are ignored rather than refused: a filter link from an older page still shows answers."""
    sentiment = request.args.get("sentiment", "")
    return overview.AnswerFilters(
        theme=request.args.get("theme", "")[:64],
        sentiment=sentiment if sentiment in dict(SENTIMENTS) else "",
        question=request.args.get("question", "")[:64],
        search=request.args.get("q", "")[:200],
    )


def _list_url(consultation_id: int) -> str:
    """The answers list the officer came from (``next``), or "All answers"; never a page outside that list."""
    listing = url_for(".list_answers", consultation_id=consultation_id)
    wanted = request.values.get("next", "")
    return wanted if wanted.startswith(f"{listing}?") or wanted == listing else listing
