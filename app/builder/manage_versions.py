"""An officer works with a survey's versions: listing and reading them, exporting and importing definitions, copying
a survey from another consultation, and reading one response as it was answered."""

from __future__ import annotations

from flask import Response as FlaskResponse
from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import FileStorage

from app.builder import services
from app.builder.forms import MAX_DEFINITION_BYTES, CopySurveyForm, DefinitionUploadForm
from app.builder.support import builder_form_page, structure_context
from app.common.access import current_actor, roles_required
from app.common.errors import listed_problems
from app.consultations.services import get_consultation
from app.models import Role
from app.surveys.engine import DefinitionError


@roles_required(Role.OFFICER)
def list_versions(survey_id: int) -> ResponseReturnValue:
    survey = services.get_survey(survey_id)
    return render_template("builder/list_versions.html", survey=survey, rows=services.list_versions(survey))


@roles_required(Role.OFFICER)
def show_version(survey_id: int, number: int) -> ResponseReturnValue:
    survey = services.get_survey(survey_id)
    version = services.get_version(survey, number)
    return render_template(
        "builder/show_version.html", **structure_context(survey, version), responses=services.list_responses(version)
    )


@roles_required(Role.OFFICER)
def export_definition(survey_id: int, number: int, fmt: str) -> ResponseReturnValue:
    survey = services.get_survey(survey_id)
    text, filename, mimetype = services.export_definition(survey, number, fmt, current_actor())
    response = FlaskResponse(text, mimetype=f"{mimetype}; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@roles_required(Role.OFFICER)
def import_survey(consultation_id: int) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    form = DefinitionUploadForm()
    if form.validate_on_submit() and (upload := _upload(form)) is not None:
        try:
            survey = services.import_survey(consultation, upload[0], upload[1], current_actor())
        except DefinitionError as error:
            _problems_on(form, error)
        else:
            flash(f"Survey \u201c{survey.title}\u201d imported.", "success")
            return redirect(url_for(".show_survey", survey_id=survey.id))
    return builder_form_page("builder/import_definition.html", form, consultation=consultation, survey=None)


@roles_required(Role.OFFICER)
def import_version(survey_id: int) -> ResponseReturnValue:
    survey = services.get_survey(survey_id)
    form = DefinitionUploadForm()
    if form.validate_on_submit() and (upload := _upload(form)) is not None:
        try:
            version = services.import_version(survey, upload[0], upload[1], current_actor())
        except DefinitionError as error:
            _problems_on(form, error)
        else:
            flash(
                f"Imported as version {version.number}."
                if version
                else "Imported as your draft changes. Preview them, then publish them when you are ready.",
                "success",
            )
            return redirect(url_for(".show_survey", survey_id=survey.id))
    return builder_form_page("builder/import_definition.html", form, consultation=survey.consultation, survey=survey)


@roles_required(Role.OFFICER)
def copy_survey(consultation_id: int) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    candidates = services.copy_candidates(consultation)
    form = CopySurveyForm()
    form.source.choices = [(s.id, f"{s.title} ({s.consultation.title})") for s in candidates]
    if form.validate_on_submit():
        survey = services.copy_survey(consultation, form.source.data, current_actor())
        flash(f"Survey \u201c{survey.title}\u201d copied into this consultation.", "success")
        return redirect(url_for(".show_survey", survey_id=survey.id))
    return builder_form_page("builder/copy_survey.html", form, consultation=consultation, candidates=candidates)


@roles_required(Role.OFFICER)
def show_response(response_id: int) -> ResponseReturnValue:
    view = services.get_response_view(response_id, current_actor())
    return render_template("builder/show_response.html", view=view)


def _upload(form: DefinitionUploadForm) -> tuple[str, str] | None:
    """The uploaded file's text and name, or None with an error on the field."""
    upload: FileStorage = form.definition.data
    content = upload.stream.read(MAX_DEFINITION_BYTES + 1)
    filename = upload.filename or "definition"
    if len(content) > MAX_DEFINITION_BYTES:
        form.definition.errors = ["The file must be smaller than 512 KB"]
    elif filename.rsplit(".", 1)[-1].lower() not in ("json", "yaml", "yml"):
        form.definition.errors = ["The file must be a .json, .yaml or .yml file"]
    else:
        try:
            return content.decode("utf-8-sig"), filename
        except UnicodeDecodeError:
            form.definition.errors = ["The file must be text saved as UTF-8"]
    return None


def _problems_on(form: DefinitionUploadForm, error: DefinitionError) -> None:
    """Every problem in the error summary (syntax errors with their line, others with their path)."""
    messages = listed_problems([str(problem) for problem in error.problems])
    form.definition.errors = messages
    form.builder_errors = [{"text": message, "href": "#definition"} for message in messages[1:]]
