"""An officer builds a survey: the surveys of a consultation, a survey's details, and adding, editing, moving and
removing its pages and questions."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from app.builder import drafts, services
from app.builder.forms import (
    QUESTION_TYPES,
    ConfirmForm,
    MoveForm,
    PageForm,
    QuestionForm,
    QuestionTypeForm,
    SurveyCreateForm,
    SurveyDetailsForm,
)
from app.builder.services import InvalidSurveyError
from app.builder.support import (
    KINDS,
    builder_form_page,
    editing_context,
    page_of,
    question_of,
    question_type,
    saved,
    try_edit,
)
from app.common.access import current_actor, roles_required
from app.common.forms import error_list
from app.consultations.services import get_consultation
from app.models import Role
from app.surveys.engine import QuestionType, SurveyDefinition


@roles_required(Role.OFFICER)
def list_surveys(consultation_id: int) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    return render_template(
        "builder/list_surveys.html", consultation=consultation, drafted=drafts.surveys_with_drafts(consultation.surveys)
    )


@roles_required(Role.OFFICER)
def create_survey(consultation_id: int) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    form = SurveyCreateForm()
    if form.validate_on_submit():
        survey = services.new_survey(
            consultation, form.title.data or "", form.audience.data or "", form.introduction.data or "", current_actor()
        )
        flash("Survey created. Add its pages and questions.", "success")
        return redirect(url_for(".show_survey", survey_id=survey.id))
    return render_template("builder/create_survey.html", consultation=consultation, form=form, errors=error_list(form))


@roles_required(Role.OFFICER)
def show_survey(survey_id: int) -> ResponseReturnValue:
    survey = services.get_survey(survey_id)
    return render_template("builder/show_survey.html", **editing_context(survey))


@roles_required(Role.OFFICER)
def edit_survey(survey_id: int) -> ResponseReturnValue:
    survey = services.get_survey(survey_id)
    definition = services.editing_definition(survey)
    form = SurveyDetailsForm(data={"title": definition.title, "description": definition.description})
    if form.validate_on_submit():
        result = try_edit(
            lambda: services.update_details(survey, form.title.data or "", form.description.data, current_actor()), form
        )
        if result is not None:
            return saved(survey.id, result, "Survey details saved")
    return builder_form_page("builder/edit_survey.html", form, survey=survey)


@roles_required(Role.OFFICER)
def edit_page(survey_id: int, page_id: str) -> ResponseReturnValue:
    survey = services.get_survey(survey_id)
    page = page_of(services.editing_definition(survey), page_id)
    form = PageForm(data={"title": page.title, "description": page.description})
    if form.validate_on_submit():
        result = try_edit(
            lambda: services.update_page(
                survey, page_id, form.title.data or "", form.description.data, current_actor()
            ),
            form,
        )
        if result is not None:
            return saved(survey.id, result, "Page saved", f"page-{page_id}")
    return builder_form_page("builder/edit_page.html", form, survey=survey, page=page)


@roles_required(Role.OFFICER)
def move_item(survey_id: int, kind: str, target_id: str) -> ResponseReturnValue:
    survey = services.get_survey(survey_id)
    form = MoveForm()
    if kind not in KINDS or not form.validate_on_submit():
        abort(400)
    try:
        result = services.move(survey, kind, target_id, form.direction.data or "", current_actor())
    except InvalidSurveyError as error:
        return _builder_with_errors(survey, error)
    return saved(survey.id, result, f"{kind.capitalize()} moved {form.direction.data}", f"{kind}-{target_id}")


@roles_required(Role.OFFICER)
def remove_item(survey_id: int, kind: str, target_id: str) -> ResponseReturnValue:
    survey = services.get_survey(survey_id)
    definition = services.editing_definition(survey)
    if kind not in KINDS:
        abort(404)
    target = page_of(definition, target_id) if kind == "page" else question_of(definition, target_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            result = services.remove(survey, kind, target_id, current_actor())
        except InvalidSurveyError as error:
            return _builder_with_errors(survey, error)
        return saved(survey.id, result, f"{kind.capitalize()} removed", _after_removal(definition, kind, target_id))
    return render_template("builder/remove_item.html", survey=survey, kind=kind, target=target, form=form)


@roles_required(Role.OFFICER)
def choose_question_type(survey_id: int) -> ResponseReturnValue:
    survey = services.get_survey(survey_id)
    page_id = request.args.get("page")
    form = QuestionTypeForm()
    if form.validate_on_submit():
        return redirect(url_for(".add_question", survey_id=survey.id, qtype=form.question_type.data, page=page_id))
    return builder_form_page(
        "builder/choose_question_type.html", form, survey=survey, page_id=page_id, types=QUESTION_TYPES
    )


@roles_required(Role.OFFICER)
def add_question(survey_id: int, qtype: str) -> ResponseReturnValue:
    survey = services.get_survey(survey_id)
    qtype_named = question_type(qtype)
    page_id = request.args.get("page")
    form = QuestionForm(qtype_named, new_page=page_id is None)
    if form.validate_on_submit():
        result = try_edit(
            lambda: services.add_question(
                survey, page_id, qtype_named, form.values(), form.page_title.data, current_actor()
            ),
            form,
        )
        if result is not None:
            return saved(survey.id, result, "Question added", result.focus)
    return builder_form_page("builder/edit_question.html", form, survey=survey, page_id=page_id, adding=True)


@roles_required(Role.OFFICER)
def edit_question(survey_id: int, question_id: str) -> ResponseReturnValue:
    survey = services.get_survey(survey_id)
    stored = services.question_data(survey, question_id)
    form = QuestionForm(QuestionType(stored["type"]), data=stored)
    if form.validate_on_submit():
        result = try_edit(lambda: services.update_question(survey, question_id, form.values(), current_actor()), form)
        if result is not None:
            return saved(survey.id, result, "Question saved", f"question-{question_id}")
    return builder_form_page("builder/edit_question.html", form, survey=survey, question_id=question_id, adding=False)


def _builder_with_errors(survey, error: InvalidSurveyError) -> ResponseReturnValue:
    errors = [{"text": message, "href": "#survey-structure"} for message in error.messages]
    return render_template("builder/show_survey.html", **editing_context(survey), errors=errors), 400


def _after_removal(definition: SurveyDefinition, kind: str, target_id: str) -> str:
    """Where the officer returns after removing something: the page the question was on, or the page before."""
    ids = [page.id for page in definition.pages]
    if kind == "question":
        return f"page-{next(p.id for p in definition.pages if any(q.id == target_id for q in p.questions))}"
    index = ids.index(target_id)
    return f"page-{ids[index - 1]}" if index else "survey-structure"
