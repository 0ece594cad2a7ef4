"""An officer exports a consultation's responses (CSV zip, XLSX, JSON): the export runs as a job, its page polls the
job's progress, and the file is downloaded once it is ready."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue

from app.common.access import current_actor, roles_required
from app.consultations.services import get_consultation
from app.extensions import db
from app.jobs import runner
from app.models import Role
from app.reports import exports
from app.reports.forms import ExportForm


@roles_required(Role.OFFICER)
def start_export(consultation_id: int, key: str) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    if key not in exports.FORMATS:
        abort(404)
    if not ExportForm().validate_on_submit():
        abort(400)
    job = exports.start_export(consultation, key, current_actor())
    db.session.expunge(job)
    runner.enqueue(job)
    return redirect(url_for(".show_export", consultation_id=consultation_id, job_id=job.id))


@roles_required(Role.OFFICER)
def show_export(consultation_id: int, job_id: int) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    job = exports.get_export(consultation, job_id)
    if request.args.get("format") == "json":
        return jsonify(status=job.status.value, percent=job.percent, message=job.message)
    return render_template(
        "reports/show_export.html", consultation=consultation, job=job, export=exports.export_format_of(job)
    )


@roles_required(Role.OFFICER)
def download_export(consultation_id: int, job_id: int) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    try:
        job, path = exports.download(consultation, job_id, current_actor())
    except exports.ExportNotReadyError:
        flash("This export has not finished yet", "error")
        return redirect(url_for(".show_export", consultation_id=consultation_id, job_id=job_id))
    response = send_file(
        path, mimetype=job.result_content_type, as_attachment=True, download_name=job.result_filename, max_age=0
    )
    response.headers["Cache-Control"] = "no-store"
    return response
