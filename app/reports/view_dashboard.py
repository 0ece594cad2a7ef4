"""An officer reads the dashboard of a consultation's results (filtered by ward, age band or survey) and uploads the
population profile the representativeness figures compare against."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from app.common.access import current_actor, roles_required
from app.common.forms import error_list
from app.consultations.services import get_consultation
from app.models import Role
from app.reports import exports, representativeness
from app.reports.dashboard import catch_up_tallies
from app.reports.dashboard_page import SECTIONS, build_page
from app.reports.forms import ExportForm, ProfileUploadForm
from app.reports.representativeness import ProfileError


@roles_required(Role.OFFICER)
def show_dashboard(consultation_id: int) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    catch_up_tallies(consultation)
    page = build_page(consultation, request.args)
    return render_template(
        "reports/show_dashboard.html",
        consultation=consultation,
        page=page,
        dashboard=page.dashboard,
        sections=SECTIONS,
        formats=exports.FORMATS,
        jobs=exports.list_exports(consultation) if page.section in ("summary", "exports") else [],
        form=ExportForm(),
        errors=page.errors,
    ), 400 if page.errors else 200


@roles_required(Role.OFFICER)
def upload_profile(consultation_id: int) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    form, problems = ProfileUploadForm(), []
    if form.validate_on_submit():
        try:
            figures = representativeness.parse_profile(form.file.data.read())
        except ProfileError as error:
            problems = error.problems
        else:
            representativeness.save_profile(
                consultation,
                figures,
                current_actor(),
                filename=form.file.data.filename or "",
                source=form.source.data or "",
            )
            flash(f"Population profile uploaded: {len(figures)} figures", "success")
            return redirect(url_for(".show_dashboard", consultation_id=consultation_id, view="representativeness"))
    errors = error_list(form) + [{"text": text, "href": f"#{form.file.id}"} for text in problems]
    return render_template(
        "reports/upload_profile.html",
        consultation=consultation,
        form=form,
        errors=errors,
        problems=problems,
        profile=representativeness.find_profile(consultation),
    ), 400 if errors else 200
