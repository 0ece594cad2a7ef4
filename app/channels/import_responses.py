"""An officer imports a CSV file of responses into a survey (from its template), and reads what an import accepted and
rejected."""

from __future__ import annotations

from flask import Response, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from app.common.access import current_actor, roles_required
from app.common.forms import error_list, form_page
from app.common.unit_of_work import keep_refused_writes
from app.models import Role
from app.models.types import utcnow
from app.stakeholders import imports, keying, received
from app.stakeholders.csv_format import columns
from app.stakeholders.errors import DuplicateImportError, ImportFileError, KeyingNotAllowedError
from app.stakeholders.forms import ResponsesImportForm
from app.surveys.definitions_service import definition_of


@roles_required(Role.OFFICER)
def import_responses(survey_id: int) -> ResponseReturnValue:
    survey = keying.get_keyable_survey(survey_id)
    form, outcome = ResponsesImportForm(), None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            outcome = imports.import_responses(
                current_actor(),
                survey,
                upload.filename or "",
                upload.read(),
                utcnow(),
                received_on_time=bool(form.received_on_time.data),
            )
        except (ImportFileError, DuplicateImportError) as error:
            form.file.errors = [str(error)]
        except KeyingNotAllowedError as error:
            (form.received_on_time if error.needs_confirmation else form.file).errors = [str(error)]
        else:
            if outcome.batch is not None:
                return redirect(url_for(".show_import", batch_id=outcome.batch.id))
            keep_refused_writes()  # the audit log records the rejected file
    errors = error_list(form) or (
        [{"text": _rejected_text(outcome.rejected_rows), "href": "#problems"}] if outcome else []
    )
    return form_page(
        "stakeholders/import_responses.html",
        form,
        errors,
        survey=survey,
        outcome=outcome,
        columns=columns(definition_of(survey.current_version)),
        received_column=received.COLUMN,
    )


@roles_required(Role.OFFICER)
def download_import_template(survey_id: int) -> ResponseReturnValue:
    survey = keying.get_keyable_survey(survey_id)
    response = Response(imports.template_csv(survey), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{survey.slug}-import-template.csv"'
    return response


def _rejected_text(rows: int) -> str:
    return f"{rows} {'row has' if rows == 1 else 'rows have'} problems, so nothing from this file was imported"


@roles_required(Role.OFFICER)
def show_import(batch_id: int) -> ResponseReturnValue:
    batch, survey = imports.get_batch(batch_id)
    return render_template("stakeholders/show_import.html", survey=survey, batch=batch)
