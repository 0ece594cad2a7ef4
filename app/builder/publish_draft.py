"""Publishing or discarding a survey's draft changes, after a confirmation that says what changes for respondents."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from app.builder import drafts, services
from app.builder.drafts import DraftOutdatedError
from app.builder.forms import ConfirmForm, PublishDraftForm
from app.common.access import current_actor, roles_required
from app.common.forms import error_list
from app.models import Role


@roles_required(Role.OFFICER)
def publish_draft(survey_id: int) -> ResponseReturnValue:
    survey = services.get_survey(survey_id)
    summary = drafts.publish_summary(survey)
    form = PublishDraftForm(data={"stamp": summary.stamp})
    errors = error_list(form)
    if form.validate_on_submit() and summary.changes.count:
        try:
            result = drafts.publish_draft(survey, form.stamp.data or "", current_actor())
        except DraftOutdatedError as error:
            summary = drafts.publish_summary(survey)
            form.stamp.data = summary.stamp
            errors = [{"text": str(error), "href": "#changes"}]
        else:
            flash(f"Changes published. New respondents now answer version {result.version.number}.", "success")
            return redirect(url_for(".show_survey", survey_id=survey.id))
    status = 400 if errors else 200
    return render_template(
        "builder/publish_draft.html", survey=survey, summary=summary, form=form, errors=errors
    ), status


@roles_required(Role.OFFICER)
def discard_draft(survey_id: int) -> ResponseReturnValue:
    survey = services.get_survey(survey_id)
    drafts.get_draft(survey)
    form = ConfirmForm()
    if form.validate_on_submit():
        drafts.discard_draft(survey, current_actor())
        flash(
            f"Draft changes discarded. The survey is as respondents see it (version {survey.current_version.number}).",
            "success",
        )
        return redirect(url_for(".show_survey", survey_id=survey.id))
    return render_template("builder/discard_draft.html", survey=survey, form=form)
