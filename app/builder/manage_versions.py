"""Versions, export and import of definitions, copying a survey, the preview, and one response as answered."""

from __future__ import annotations

from types import SimpleNamespace

from flask import Response as FlaskResponse
from flask import flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import FileStorage

from app.builder import preview, services
from app.builder.forms import MAX_DEFINITION_BYTES, ConfirmForm, CopySurveyForm, DefinitionUploadForm
from app.builder.routes import _form_page, bp
from app.builder.support import acting_user, or_404, structure_context
from app.common.access import roles_required
from app.common.errors import listed_problems
from app.extensions import db
from app.models import Role
from app.surveys import journey_step
from app.surveys.engine import DefinitionError, first_page, summary_rows
from app.surveys.views_support import destination_url, navigation, page_context


@bp.route("/<int:survey_id>/versions")
@roles_required(Role.OFFICER)
def list_versions(survey_id: int) -> ResponseReturnValue:
    survey = or_404(services.get_survey, survey_id)
    return render_template("builder/list_versions.html", survey=survey, rows=services.list_versions(survey))


@bp.route("/<int:survey_id>/versions/<int:number>")
@roles_required(Role.OFFICER)
def show_version(survey_id: int, number: int) -> ResponseReturnValue:
    survey = or_404(services.get_survey, survey_id)
    version = or_404(services.get_version, survey, number)
    return render_template("builder/show_version.html", **structure_context(survey, version),
                           responses=services.list_responses(version))


@bp.route("/<int:survey_id>/versions/<int:number>/export.<fmt>")
@roles_required(Role.OFFICER)
def export_definition(survey_id: int, number: int, fmt: str) -> ResponseReturnValue:
    survey = or_404(services.get_survey, survey_id)
    text, filename, mimetype = or_404(services.export_definition, survey, number, fmt, acting_user())
    db.session.commit()
    response = FlaskResponse(text, mimetype=f"{mimetype}; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/consultations/<int:consultation_id>/import", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def import_survey(consultation_id: int) -> ResponseReturnValue:
    consultation = or_404(services.get_consultation, consultation_id)
    form = DefinitionUploadForm()
    if form.validate_on_submit() and (upload := _upload(form)) is not None:
        try:
            survey = services.import_survey(consultation, upload[0], upload[1], acting_user())
        except DefinitionError as error:
            _problems_on(form, error)
        else:
            db.session.commit()
            flash(f"Survey \u201c{survey.title}\u201d imported.", "success")
            return redirect(url_for(".show_survey", survey_id=survey.id))
    return _form_page("builder/import_definition.html", form, consultation=consultation, survey=None)


@bp.route("/<int:survey_id>/import", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def import_version(survey_id: int) -> ResponseReturnValue:
    survey = or_404(services.get_survey, survey_id)
    form = DefinitionUploadForm()
    if form.validate_on_submit() and (upload := _upload(form)) is not None:
        try:
            version = services.import_version(survey, upload[0], upload[1], acting_user())
        except DefinitionError as error:
            _problems_on(form, error)
        else:
            db.session.commit()
            flash(f"Imported as version {version.number}." if version else
                  "Imported as your draft changes. Preview them, then publish them when you are ready.", "success")
            return redirect(url_for(".show_survey", survey_id=survey.id))
    return _form_page("builder/import_definition.html", form, consultation=survey.consultation, survey=survey)


@bp.route("/consultations/<int:consultation_id>/copy", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def copy_survey(consultation_id: int) -> ResponseReturnValue:
    consultation = or_404(services.get_consultation, consultation_id)
    candidates = services.copy_candidates(consultation)
    form = CopySurveyForm()
    form.source.choices = [(s.id, f"{s.title} ({s.consultation.title})") for s in candidates]
    if form.validate_on_submit():
        survey = or_404(services.copy_survey, consultation, form.source.data, acting_user())
        db.session.commit()
        flash(f"Survey \u201c{survey.title}\u201d copied into this consultation.", "success")
        return redirect(url_for(".show_survey", survey_id=survey.id))
    return _form_page("builder/copy_survey.html", form, consultation=consultation, candidates=candidates)


@bp.route("/<int:survey_id>/draft/preview", defaults={"number": None})
@bp.route("/<int:survey_id>/versions/<int:number>/preview")
@roles_required(Role.OFFICER)
def preview_survey(survey_id: int, number: int | None) -> ResponseReturnValue:
    survey = or_404(services.get_survey, survey_id)
    subject = or_404(preview.subject, survey, number)
    preview.start(session, subject.key)
    return redirect(url_for(".preview_page", survey_id=survey.id, number=number,
                            page_id=first_page(subject.definition).id))


@bp.route("/<int:survey_id>/draft/preview/pages/<page_id>", methods=["GET", "POST"], defaults={"number": None})
@bp.route("/<int:survey_id>/versions/<int:number>/preview/pages/<page_id>", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def preview_page(survey_id: int, number: int | None, page_id: str) -> ResponseReturnValue:
    """The respondent's page, rendered by the respondent's template and checked by the same journey step;
    answers stay in the officer's session and nothing is stored."""
    survey = or_404(services.get_survey, survey_id)
    subject = or_404(preview.subject, survey, number)
    store = preview.PreviewStore(session, subject)
    or_404(subject.definition.page, page_id)
    answers = store.answers()
    context = {"subject": subject, "back_to_start": url_for(".show_survey", survey_id=survey.id)}
    if request.method == "GET":
        view = journey_step.show_page(store, page_id)
        return render_template("builder/preview_page.html", **context,
                               **page_context(survey, subject.definition, page_id, answers, view))
    step = journey_step.answer_page(store, page_id, request.form.to_dict(flat=False), navigation())
    if step.destination is None:
        return render_template("builder/preview_page.html", **context,
                               **page_context(survey, subject.definition, page_id, answers, step.view)), 400
    return redirect(destination_url(step.destination, ".preview_page", ".preview_check", survey_id=survey.id,
                                    number=number))


@bp.route("/<int:survey_id>/draft/preview/check", methods=["GET", "POST"], defaults={"number": None})
@bp.route("/<int:survey_id>/versions/<int:number>/preview/check", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def preview_check(survey_id: int, number: int | None) -> ResponseReturnValue:
    survey = or_404(services.get_survey, survey_id)
    subject = or_404(preview.subject, survey, number)
    definition = subject.definition
    if ConfirmForm().validate_on_submit():
        return render_template("builder/preview_sent.html", survey=survey, subject=subject)
    draft = SimpleNamespace(definition=definition, response=SimpleNamespace(
        status=SimpleNamespace(value="in_progress"), reference=""))
    return render_template(
        "builder/preview_check.html", survey=survey, subject=subject, draft=draft, phase="open",
        rows=summary_rows(definition, preview.answers(session, subject.key)),
        change_endpoint="builder.preview_page", change_args={"survey_id": survey.id, "number": number},
        submit_url=url_for(".preview_check", survey_id=survey.id, number=number))


@bp.route("/responses/<int:response_id>")
@roles_required(Role.OFFICER)
def show_response(response_id: int) -> ResponseReturnValue:
    view = or_404(services.get_response_view, response_id, acting_user())
    db.session.commit()
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
