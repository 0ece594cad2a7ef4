"""The survey builder: surveys of a consultation, and adding, editing, moving and removing pages and questions."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
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
from app.builder.services import EditResult, InvalidSurveyError
from app.builder.support import acting_user, edit_errors, editing_context, or_404, saved_message
from app.common.access import roles_required
from app.common.forms import error_list, form_page
from app.extensions import db
from app.models import Role
from app.surveys.engine import QuestionType, SurveyDefinition

bp = Blueprint("builder", __name__, url_prefix="/officers/surveys")
KINDS = ("page", "question")


@bp.route("/consultations/<int:consultation_id>")
@roles_required(Role.OFFICER)
def list_surveys(consultation_id: int) -> ResponseReturnValue:
    consultation = or_404(services.get_consultation, consultation_id)
    return render_template("builder/list_surveys.html", consultation=consultation,
                           drafted=drafts.surveys_with_drafts(consultation.surveys))


@bp.route("/consultations/<int:consultation_id>/new", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def create_survey(consultation_id: int) -> ResponseReturnValue:
    consultation = or_404(services.get_consultation, consultation_id)
    form = SurveyCreateForm()
    if form.validate_on_submit():
        survey = services.new_survey(consultation, form.title.data or "", form.audience.data or "",
                                     form.introduction.data or "", acting_user())
        db.session.commit()
        flash("Survey created. Add its pages and questions.", "success")
        return redirect(url_for(".show_survey", survey_id=survey.id))
    return render_template("builder/create_survey.html", consultation=consultation, form=form,
                           errors=error_list(form))


@bp.route("/<int:survey_id>")
@roles_required(Role.OFFICER)
def show_survey(survey_id: int) -> ResponseReturnValue:
    survey = or_404(services.get_survey, survey_id)
    return render_template("builder/show_survey.html", **editing_context(survey))


@bp.route("/<int:survey_id>/details", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def edit_survey(survey_id: int) -> ResponseReturnValue:
    survey = or_404(services.get_survey, survey_id)
    definition = services.editing_definition(survey)
    form = SurveyDetailsForm(data={"title": definition.title, "description": definition.description})
    if form.validate_on_submit():
        result = _try(lambda: services.update_details(survey, form.title.data or "", form.description.data,
                                                      acting_user()), form)
        if result is not None:
            return _saved(survey.id, result, "Survey details saved")
    return _form_page("builder/edit_survey.html", form, survey=survey)


@bp.route("/<int:survey_id>/pages/<page_id>/edit", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def edit_page(survey_id: int, page_id: str) -> ResponseReturnValue:
    survey = or_404(services.get_survey, survey_id)
    page = or_404(services.editing_definition(survey).page, page_id)
    form = PageForm(data={"title": page.title, "description": page.description})
    if form.validate_on_submit():
        result = _try(lambda: services.update_page(survey, page_id, form.title.data or "",
                                                   form.description.data, acting_user()), form)
        if result is not None:
            return _saved(survey.id, result, "Page saved", f"page-{page_id}")
    return _form_page("builder/edit_page.html", form, survey=survey, page=page)


@bp.route("/<int:survey_id>/<kind>/<target_id>/move", methods=["POST"])
@roles_required(Role.OFFICER)
def move_item(survey_id: int, kind: str, target_id: str) -> ResponseReturnValue:
    survey = or_404(services.get_survey, survey_id)
    form = MoveForm()
    if kind not in KINDS or not form.validate_on_submit():
        abort(400)
    try:
        result = or_404(services.move, survey, kind, target_id, form.direction.data or "", acting_user())
    except InvalidSurveyError as error:
        return _builder_with_errors(survey, error)
    return _saved(survey.id, result, f"{kind.capitalize()} moved {form.direction.data}", f"{kind}-{target_id}")


@bp.route("/<int:survey_id>/<kind>/<target_id>/remove", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def remove_item(survey_id: int, kind: str, target_id: str) -> ResponseReturnValue:
    survey = or_404(services.get_survey, survey_id)
    definition = services.editing_definition(survey)
    finder = definition.page if kind == "page" else definition.question
    target = or_404(finder, target_id) if kind in KINDS else abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            result = services.remove(survey, kind, target_id, acting_user())
        except InvalidSurveyError as error:
            return _builder_with_errors(survey, error)
        return _saved(survey.id, result, f"{kind.capitalize()} removed", _after_removal(definition, kind, target_id))
    return render_template("builder/remove_item.html", survey=survey, kind=kind, target=target, form=form)


@bp.route("/<int:survey_id>/questions/new", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def choose_question_type(survey_id: int) -> ResponseReturnValue:
    survey = or_404(services.get_survey, survey_id)
    page_id = request.args.get("page")
    form = QuestionTypeForm()
    if form.validate_on_submit():
        return redirect(url_for(".add_question", survey_id=survey.id, qtype=form.question_type.data, page=page_id))
    return _form_page("builder/choose_question_type.html", form, survey=survey, page_id=page_id,
                      types=QUESTION_TYPES)


@bp.route("/<int:survey_id>/questions/new/<qtype>", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def add_question(survey_id: int, qtype: str) -> ResponseReturnValue:
    survey = or_404(services.get_survey, survey_id)
    question_type = or_404(QuestionType, qtype)
    page_id = request.args.get("page")
    form = QuestionForm(question_type, new_page=page_id is None)
    if form.validate_on_submit():
        result = _try(lambda: services.add_question(survey, page_id, question_type, form.values(),
                                                    form.page_title.data, acting_user()), form)
        if result is not None:
            return _saved(survey.id, result, "Question added", result.focus)
    return _form_page("builder/edit_question.html", form, survey=survey, page_id=page_id, adding=True)


@bp.route("/<int:survey_id>/questions/<question_id>/edit", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def edit_question(survey_id: int, question_id: str) -> ResponseReturnValue:
    survey = or_404(services.get_survey, survey_id)
    stored = or_404(services.question_data, survey, question_id)
    form = QuestionForm(QuestionType(stored["type"]), data=stored)
    if form.validate_on_submit():
        result = _try(lambda: services.update_question(survey, question_id, form.values(), acting_user()), form)
        if result is not None:
            return _saved(survey.id, result, "Question saved", f"question-{question_id}")
    return _form_page("builder/edit_question.html", form, survey=survey, question_id=question_id, adding=False)


def _try(action, form):  # type: ignore[no-untyped-def]
    """Run a builder service; on InvalidSurveyError put its messages on the form and return None."""
    try:
        return action()
    except InvalidSurveyError as error:
        form.builder_errors = edit_errors(error, form)
        return None


def _form_page(template: str, form, **context) -> ResponseReturnValue:  # type: ignore[no-untyped-def]
    return form_page(template, form, error_list(form) + getattr(form, "builder_errors", []), **context)


def _saved(survey_id: int, result: EditResult, message: str, anchor: str | None = None) -> ResponseReturnValue:
    db.session.commit()
    flash(saved_message(result, message), "success")
    return redirect(url_for(".show_survey", survey_id=survey_id, _anchor=anchor))


def _builder_with_errors(survey, error: InvalidSurveyError) -> ResponseReturnValue:  # type: ignore[no-untyped-def]
    db.session.rollback()
    errors = [{"text": message, "href": "#survey-structure"} for message in error.messages]
    return render_template("builder/show_survey.html", **editing_context(survey), errors=errors), 400


def _after_removal(definition: SurveyDefinition, kind: str, target_id: str) -> str:
    """Where the officer returns after removing something: the page the question was on, or the page before."""
    ids = [page.id for page in definition.pages]
    if kind == "question":
        return f"page-{next(p.id for p in definition.pages if any(q.id == target_id for q in p.questions))}"
    index = ids.index(target_id)
    return f"page-{ids[index - 1]}" if index else "survey-structure"


from app.builder import conditions, routes_drafts, routes_versions  # noqa: E402, F401  (register their views on bp)
