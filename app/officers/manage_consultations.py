"""The officer workspace: the list of consultations, each consultation's overview, creating and editing it and
moving it through its lifecycle. Documents, milestones and results live in ``manage_content``."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm

from app.common.access import current_actor, roles_required
from app.common.forms import form_page
from app.consultations.services import get_consultation
from app.models import Role
from app.models.types import utcnow
from app.officers import consultations, services
from app.officers.consultations import ConsultationError
from app.officers.forms import ConsultationDetailsForm, ConsultationForm, ExtendForm, StatusChangeForm


def _field_error(form: FlaskForm, error: ConsultationError, default_field: str) -> None:
    field = form[error.field or default_field]
    field.errors = [*field.errors, str(error)]


@roles_required(Role.OFFICER)
def list_consultations() -> ResponseReturnValue:
    return render_template("officers/list_consultations.html", rows=services.list_consultations_with_counts())


@roles_required(Role.OFFICER)
def create_consultation() -> ResponseReturnValue:
    form = ConsultationForm()
    if form.validate_on_submit() and form.open_at_utc and form.close_at_utc:
        consultation = consultations.create_consultation(
            current_actor(),
            title=form.title.data or "",
            summary=form.summary.data or "",
            open_at_utc=form.open_at_utc,
            close_at_utc=form.close_at_utc,
        )
        flash(f"Consultation \u2018{consultation.title}\u2019 created as a draft", "success")
        return redirect(url_for("officers.show_consultation", consultation_id=consultation.id))
    return form_page("officers/create_consultation.html", form)


@roles_required(Role.OFFICER)
def show_consultation(consultation_id: int) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    now = utcnow()
    return render_template(
        "officers/show_consultation.html",
        consultation=consultation,
        phase=consultation.phase(now),
        actions=consultations.available_actions(consultation, now),
        phase_words=consultations.PHASE_WORDS,
    )


@roles_required(Role.OFFICER)
def update_consultation(consultation_id: int) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    now = utcnow()
    with_dates = consultations.dates_editable(consultation, now)
    form = (ConsultationForm if with_dates else ConsultationDetailsForm)(obj=consultation)
    if isinstance(form, ConsultationForm) and not form.is_submitted():
        form.fill_dates(consultation.open_at_utc, consultation.close_at_utc)
    if form.validate_on_submit():
        try:
            consultations.update_consultation(
                current_actor(),
                consultation,
                now,
                title=form.title.data or "",
                summary=form.summary.data or "",
                open_at_utc=getattr(form, "open_at_utc", None),
                close_at_utc=getattr(form, "close_at_utc", None),
            )
        except ConsultationError as error:
            _field_error(form, error, "title")
        else:
            flash("Consultation details saved", "success")
            return redirect(url_for("officers.show_consultation", consultation_id=consultation.id))
    return form_page("officers/update_consultation.html", form, consultation=consultation, with_dates=with_dates)


@roles_required(Role.OFFICER)
def change_status(consultation_id: int, action: str) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    now = utcnow()
    try:
        status_action = consultations.get_action(consultation, action, now)
    except ConsultationError as error:
        flash(str(error))
        return redirect(url_for("officers.show_consultation", consultation_id=consultation.id))
    form = ExtendForm() if action == "extend" else StatusChangeForm()
    if form.validate_on_submit():
        try:
            consultations.change_status(
                current_actor(),
                consultation,
                action,
                now,
                reason=form.reason.data or "",
                new_close_at_utc=getattr(form, "close_at_utc", None),
            )
        except ConsultationError as error:
            _field_error(form, error, "reason")
        else:
            flash(status_action.done, "success")
            return redirect(url_for("officers.show_consultation", consultation_id=consultation.id))
    return form_page(
        "officers/change_status.html", form, consultation=get_consultation(consultation_id), action=status_action
    )
