"""Other channels: officers key in paper and email responses through the survey's own pages, and import CSV files."""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from app.common.access import roles_required
from app.common.errors import NotFoundError
from app.common.forms import error_list, form_page
from app.extensions import db
from app.models import ResponseChannel, ResponseStatus, Role, Survey
from app.models.types import utcnow
from app.stakeholders import imports, keying, received
from app.stakeholders import services as stakeholder_services
from app.stakeholders.csv_format import columns
from app.stakeholders.errors import (
    DuplicateImportError,
    ImportFileError,
    KeyedOrganisationError,
    KeyingNotAllowedError,
)
from app.stakeholders.forms import KeyedResponseStartForm, ResponsesImportForm
from app.surveys.definitions_service import definition_of
from app.surveys.engine import UnknownPageError, first_page, next_page_id, page_values, read_page, summary_rows
from app.surveys.errors import IncompleteResponseError, ResponseSentError
from app.surveys.responses import Draft
from app.surveys.views_support import page_context

bp = Blueprint("channels", __name__, url_prefix="/officers/responses")


def _keyed(response_id: int) -> tuple[Survey, Draft]:
    try:
        return keying.get_keyed_draft(response_id)
    except NotFoundError:
        abort(404)


def _survey(survey_id: int) -> Survey:
    try:
        return keying.get_keyable_survey(survey_id)
    except NotFoundError:
        abort(404)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def start_keyed_response() -> ResponseReturnValue:
    now = utcnow()
    surveys = keying.list_keyable_surveys(now)
    form = KeyedResponseStartForm()
    form.survey.choices = [(s.id, f"{s.title} ({s.consultation.title})") for s in surveys]
    form.organisation.choices = [(0, "Not from an organisation"),
                                 *((row.organisation.id, row.organisation.name)
                                   for row in stakeholder_services.list_organisations())]
    if form.validate_on_submit():
        try:
            response = keying.start_keyed_response(current_user, _survey(form.survey.data),
                                                   ResponseChannel(form.channel.data), now,
                                                   received_on_time=bool(form.received_on_time.data),
                                                   organisation_id=form.organisation.data or None)
        except KeyingNotAllowedError as error:
            (form.received_on_time if error.needs_confirmation else form.survey).errors = [str(error)]
        except KeyedOrganisationError as error:
            form.organisation.errors = [str(error)]
        else:
            db.session.commit()
            survey = _survey(form.survey.data)
            return redirect(url_for(".answer_keyed_page", response_id=response.id,
                                    page_id=first_page(definition_of(survey.current_version)).id))
    return form_page("stakeholders/start_keyed_response.html", form, surveys=surveys,
                     unfinished=keying.list_unfinished(current_user), grace_days=keying.GRACE_PERIOD.days)


@bp.route("/<int:response_id>/questions/<page_id>", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def answer_keyed_page(response_id: int, page_id: str) -> ResponseReturnValue:
    survey, draft = _keyed(response_id)
    if draft.response.status == ResponseStatus.SUBMITTED:
        return redirect(url_for(".show_keyed_response", response_id=response_id))
    try:
        draft.definition.page(page_id)
    except UnknownPageError:
        abort(404)
    extra = {"back_to_start": url_for(".start_keyed_response"), "allow_save": False}
    if request.method == "GET":
        values = page_values(draft.definition, page_id, draft.answers)
        return render_template("surveys/answer_page.html", **extra,
                               **page_context(survey, draft.definition, page_id, draft.answers, values))
    result = read_page(draft.definition, page_id, request.form.to_dict(flat=False), draft.answers)
    if not result.ok:
        return render_template("surveys/answer_page.html", **extra, **page_context(
            survey, draft.definition, page_id, draft.answers, result.values, result)), 400
    try:
        draft = keying.save_keyed_page(survey, draft, result.answers, utcnow())
    except KeyingNotAllowedError as error:
        return render_template("stakeholders/keying_closed.html", survey=survey, message=str(error)), 403
    except ResponseSentError:
        return redirect(url_for(".show_keyed_response", response_id=response_id))
    db.session.commit()
    following = next_page_id(draft.definition, page_id, draft.answers)
    if following is None or request.args.get("change"):
        return redirect(url_for(".check_keyed_answers", response_id=response_id))
    return redirect(url_for(".answer_keyed_page", response_id=response_id, page_id=following))


@bp.route("/<int:response_id>/check-answers")
@roles_required(Role.OFFICER)
def check_keyed_answers(response_id: int) -> ResponseReturnValue:
    survey, draft = _keyed(response_id)
    if draft.response.status == ResponseStatus.SUBMITTED:
        return redirect(url_for(".show_keyed_response", response_id=response_id))
    return render_template("surveys/check_answers.html", survey=survey, draft=draft,
                           rows=summary_rows(draft.definition, draft.answers),
                           phase="open" if keying.in_window(survey, utcnow()) else "closed",
                           change_endpoint="channels.answer_keyed_page", change_args={"response_id": response_id},
                           submit_url=url_for(".submit_keyed_response", response_id=response_id))


@bp.route("/<int:response_id>/submit", methods=["POST"])
@roles_required(Role.OFFICER)
def submit_keyed_response(response_id: int) -> ResponseReturnValue:
    survey, draft = _keyed(response_id)
    try:
        keying.submit_keyed(current_user, survey, draft, utcnow())
    except KeyingNotAllowedError as error:
        return render_template("stakeholders/keying_closed.html", survey=survey, message=str(error)), 403
    except IncompleteResponseError as error:
        first_missing = draft.definition.page_id_of(error.question_ids[0])
        return redirect(url_for(".answer_keyed_page", response_id=response_id, page_id=first_missing, incomplete=1))
    db.session.commit()
    return redirect(url_for(".show_keyed_response", response_id=response_id))


@bp.route("/<int:response_id>/confirmation")
@roles_required(Role.OFFICER)
def show_keyed_response(response_id: int) -> ResponseReturnValue:
    survey, draft = _keyed(response_id)
    if draft.response.status != ResponseStatus.SUBMITTED:
        return redirect(url_for(".check_keyed_answers", response_id=response_id))
    return render_template("stakeholders/show_keyed_response.html", survey=survey, response=draft.response)


@bp.route("/surveys/<int:survey_id>/import", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def import_responses(survey_id: int) -> ResponseReturnValue:
    survey = _survey(survey_id)
    form, outcome = ResponsesImportForm(), None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            outcome = imports.import_responses(current_user, survey, upload.filename or "", upload.read(), utcnow(),
                                               received_on_time=bool(form.received_on_time.data))
        except (ImportFileError, DuplicateImportError) as error:
            form.file.errors = [str(error)]
        except KeyingNotAllowedError as error:
            (form.received_on_time if error.needs_confirmation else form.file).errors = [str(error)]
        else:
            db.session.commit()
            if outcome.batch is not None:
                return redirect(url_for(".show_import", batch_id=outcome.batch.id))
    errors = error_list(form) or ([{"text": _rejected_text(outcome.rejected_rows), "href": "#problems"}]
                                  if outcome else [])
    return form_page("stakeholders/import_responses.html", form, errors, survey=survey, outcome=outcome,
                     columns=columns(definition_of(survey.current_version)), received_column=received.COLUMN)


@bp.route("/surveys/<int:survey_id>/import-template.csv")
@roles_required(Role.OFFICER)
def download_import_template(survey_id: int) -> ResponseReturnValue:
    survey = _survey(survey_id)
    response = Response(imports.template_csv(survey), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{survey.slug}-import-template.csv"'
    return response


def _rejected_text(rows: int) -> str:
    return f"{rows} {'row has' if rows == 1 else 'rows have'} problems, so nothing from this file was imported"


@bp.route("/imports/<int:batch_id>")
@roles_required(Role.OFFICER)
def show_import(batch_id: int) -> ResponseReturnValue:
    try:
        batch, survey = imports.get_batch(batch_id)
    except NotFoundError:
        abort(404)
    return render_template("stakeholders/show_import.html", survey=survey, batch=batch)
