"""Dashboards, representativeness and exports."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from app.common.access import roles_required
from app.common.errors import NotFoundError
from app.common.forms import error_list
from app.extensions import db
from app.jobs import runner
from app.models import Consultation, Role
from app.officers.consultations import get_consultation
from app.reports import exports, representativeness
from app.reports.dashboard import catch_up_tallies
from app.reports.dashboard_page import SECTIONS, build_page
from app.reports.forms import ExportForm, ProfileUploadForm
from app.reports.representativeness import ProfileError

bp = Blueprint("reports", __name__, url_prefix="/officers/reports")


def _consultation(consultation_id: int) -> Consultation:
    try:
        return get_consultation(consultation_id)
    except NotFoundError:
        abort(404)


@bp.route("/<int:consultation_id>")
@roles_required(Role.OFFICER)
def show_dashboard(consultation_id: int) -> ResponseReturnValue:
    consultation = _consultation(consultation_id)
    catch_up_tallies(consultation)
    page = build_page(consultation, request.args)
    return render_template("reports/show_dashboard.html", consultation=consultation, page=page,
                           dashboard=page.dashboard, sections=SECTIONS, formats=exports.FORMATS,
                           jobs=exports.list_exports(consultation) if page.section in ("summary", "exports") else [],
                           form=ExportForm(), errors=page.errors), 400 if page.errors else 200


@bp.route("/<int:consultation_id>/population", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def upload_profile(consultation_id: int) -> ResponseReturnValue:
    consultation = _consultation(consultation_id)
    form, problems = ProfileUploadForm(), []
    if form.validate_on_submit():
        try:
            figures = representativeness.parse_profile(form.file.data.read())
        except ProfileError as error:
            problems = error.problems
        else:
            representativeness.save_profile(consultation, figures, current_user, filename=form.file.data.filename
                                            or "", source=form.source.data or "")
            db.session.commit()
            flash(f"Population profile uploaded: {len(figures)} figures", "success")
            return redirect(url_for(".show_dashboard", consultation_id=consultation_id, view="representativeness"))
    errors = error_list(form) + [{"text": text, "href": f"#{form.file.id}"} for text in problems]
    return render_template("reports/upload_profile.html", consultation=consultation, form=form, errors=errors,
                           problems=problems, profile=representativeness.find_profile(consultation)), \
        400 if errors else 200


@bp.route("/<int:consultation_id>/exports/<key>", methods=["POST"])
@roles_required(Role.OFFICER)
def start_export(consultation_id: int, key: str) -> ResponseReturnValue:
    consultation = _consultation(consultation_id)
    if key not in exports.FORMATS:
        abort(404)
    if not ExportForm().validate_on_submit():
        abort(400)
    job = exports.start_export(consultation, key, current_user)
    db.session.expunge(job)
    db.session.commit()
    runner.enqueue(job)
    return redirect(url_for(".show_export", consultation_id=consultation_id, job_id=job.id))


@bp.route("/<int:consultation_id>/exports/<int:job_id>")
@roles_required(Role.OFFICER)
def show_export(consultation_id: int, job_id: int) -> ResponseReturnValue:
    consultation = _consultation(consultation_id)
    try:
        job = exports.get_export(consultation, job_id)
    except NotFoundError:
        abort(404)
    if request.args.get("format") == "json":
        return jsonify(status=job.status.value, percent=job.percent, message=job.message)
    return render_template("reports/show_export.html", consultation=consultation, job=job,
                           export=exports.export_format_of(job))


@bp.route("/<int:consultation_id>/exports/<int:job_id>/download")
@roles_required(Role.OFFICER)
def download_export(consultation_id: int, job_id: int) -> ResponseReturnValue:
    consultation = _consultation(consultation_id)
    try:
        job, path = exports.download(consultation, job_id, current_user)
    except NotFoundError:
        abort(404)
    except exports.ExportNotReadyError:
        flash("This export has not finished yet", "error")
        return redirect(url_for(".show_export", consultation_id=consultation_id, job_id=job_id))
    db.session.commit()
    response = send_file(path, mimetype=job.result_content_type, as_attachment=True,
                         download_name=job.result_filename, max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response


from app.reports import report_routes  # noqa: E402, F401  registers the report workspace on this blueprint
