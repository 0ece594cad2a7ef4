"""The safeguarding reviewer's queue of flagged pupil texts."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from app.common.access import current_actor, roles_required
from app.common.forms import form_page
from app.models import Role
from app.models.types import utcnow
from app.safeguarding import services
from app.safeguarding.forms import FlagReviewForm, ReleaseCommentsForm


@roles_required(Role.REVIEWER, Role.ADMIN)
def list_flags() -> ResponseReturnValue:
    flags = services.list_open_flags()
    return render_template(
        "safeguarding/list_flags.html",
        flags=flags,
        alerts=services.alert_states(flags),
        reviewed=services.list_reviewed_flags(),
        category_label=services.category_label,
    )


@roles_required(Role.REVIEWER, Role.ADMIN)
def list_comments() -> ResponseReturnValue:
    """Every pupil comment not yet released, in the screen's order, with a bulk release of those it passed."""
    form = ReleaseCommentsForm()
    errors = []
    if form.is_submitted():
        if form.validate():
            released = services.release_comments(form.flag_ids.data or [], current_actor(), utcnow())
            flash(f"Released {released} comment{'' if released == 1 else 's'} to reports", "success")
            return redirect(url_for(".list_comments"))
        errors = [{"text": form.flag_ids.errors[0] if form.flag_ids.errors else "Try again", "href": "#flag_ids"}]
    comments = services.read_unreleased_comments(current_actor())
    return form_page(
        "safeguarding/list_comments.html",
        form,
        errors,
        comments=comments,
        requests=services.list_adult_contact_requests(),
        alerts=services.alert_states(comments),
        category_label=services.category_label,
        question_label=services.question_label,
    )


@roles_required(Role.REVIEWER, Role.ADMIN)
def review_flag(flag_id: int) -> ResponseReturnValue:
    reviewer = current_actor()
    flag = services.get_flag(flag_id, reviewer)
    form = FlagReviewForm.for_flag(flag)
    errors = []
    if flag.status.value == "open" and form.validate_on_submit():
        try:
            services.review_flag(
                flag,
                reviewer,
                form.decision.data or "",
                form.action_taken.data or "",
                utcnow(),
                form.judgement(),
                form.escalated_to.data or "",
            )
        except services.ReviewError as error:
            errors = [{"text": str(error), "href": "#decision"}]
        else:
            flash("Review recorded", "success")
            return redirect(url_for(".list_flags"))
    return form_page(
        "safeguarding/review_flag.html",
        form,
        errors,
        flag=flag,
        category_label=services.category_label,
        reason=services.flag_reason(flag),
    )
