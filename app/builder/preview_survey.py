"""An officer previews a draft or a version as respondents will see it: its pages, answering them (kept in the
officer's session, never stored) and its check-answers page."""

from __future__ import annotations

from types import SimpleNamespace

from flask import redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from app.builder import preview, services
from app.builder.forms import ConfirmForm
from app.builder.support import page_of
from app.common.access import roles_required
from app.models import Role
from app.surveys import journey_step
from app.surveys.engine import first_page, summary_rows
from app.surveys.views_support import destination_url, navigation, page_context


@roles_required(Role.OFFICER)
def preview_survey(survey_id: int, number: int | None) -> ResponseReturnValue:
    survey = services.get_survey(survey_id)
    subject = preview.subject(survey, number)
    preview.start(session, subject.key)
    return redirect(
        url_for(".preview_page", survey_id=survey.id, number=number, page_id=first_page(subject.definition).id)
    )


@roles_required(Role.OFFICER)
def preview_page(survey_id: int, number: int | None, page_id: str) -> ResponseReturnValue:
    """The respondent's page, rendered by the respondent's template and checked by the same journey step;
    answers stay in the officer's session and nothing is stored."""
    survey = services.get_survey(survey_id)
    subject = preview.subject(survey, number)
    store = preview.PreviewStore(session, subject)
    page_of(subject.definition, page_id)
    answers = store.answers()
    context = {"subject": subject, "back_to_start": url_for(".show_survey", survey_id=survey.id)}
    if request.method == "GET":
        view = journey_step.show_page(store, page_id)
        return render_template(
            "builder/preview_page.html", **context, **page_context(survey, subject.definition, page_id, answers, view)
        )
    step = journey_step.answer_page(store, page_id, request.form.to_dict(flat=False), navigation())
    if step.destination is None:
        return render_template(
            "builder/preview_page.html",
            **context,
            **page_context(survey, subject.definition, page_id, answers, step.view),
        ), 400
    return redirect(
        destination_url(step.destination, ".preview_page", ".preview_check", survey_id=survey.id, number=number)
    )


@roles_required(Role.OFFICER)
def preview_check(survey_id: int, number: int | None) -> ResponseReturnValue:
    survey = services.get_survey(survey_id)
    subject = preview.subject(survey, number)
    definition = subject.definition
    if ConfirmForm().validate_on_submit():
        return render_template("builder/preview_sent.html", survey=survey, subject=subject)
    draft = SimpleNamespace(
        definition=definition, response=SimpleNamespace(status=SimpleNamespace(value="in_progress"), reference="")
    )
    return render_template(
        "builder/preview_check.html",
        survey=survey,
        subject=subject,
        draft=draft,
        phase="open",
        rows=summary_rows(definition, preview.answers(session, subject.key)),
        change_endpoint="builder.preview_page",
        change_args={"survey_id": survey.id, "number": number},
        submit_url=url_for(".preview_check", survey_id=survey.id, number=number),
    )
