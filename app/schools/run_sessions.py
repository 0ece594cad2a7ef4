"""A teacher runs class sessions: creating one, opening it with the safeguarding lead's details, the projector and
live counts pages, closing it, and its summary (which an officer may also read)."""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from app.common.access import current_actor, roles_required
from app.common.errors import DomainError
from app.common.forms import form_page
from app.common.unit_of_work import keep_refused_writes
from app.extensions import limiter
from app.models import Role
from app.models.types import utcnow
from app.safeguarding.dsl import DslNotConfirmedError, dsl_status, resend_confirmation
from app.schools import pupil_counts, services, summaries
from app.schools.forms import ClassSessionCreateForm, ConfirmForm, OpenSessionForm


@roles_required(Role.TEACHER)
def list_sessions() -> ResponseReturnValue:
    return render_template("schools/list_sessions.html", sessions=services.list_sessions(current_actor()), now=utcnow())


@roles_required(Role.TEACHER)
def create_session() -> ResponseReturnValue:
    form = ClassSessionCreateForm()
    surveys = services.list_schools_surveys(utcnow())
    form.survey_id.choices = [(s.id, f"{s.title} ({s.consultation.title})") for s in surveys]
    errors = []
    if form.validate_on_submit():
        try:
            session = services.create_session(
                current_actor(), form.survey_id.data, form.year_group.data or "", form.planned_date(), utcnow()
            )
        except DomainError as error:
            errors = [{"text": str(error), "href": "#survey_id"}]
        else:
            return redirect(url_for(".open_session", session_id=session.id))
    return form_page("schools/create_session.html", form, errors, surveys=surveys)


@roles_required(Role.TEACHER, Role.OFFICER)
def show_session(session_id: int) -> ResponseReturnValue:
    session = services.get_session_for(current_actor(), session_id)
    now = utcnow()
    teacher = current_actor().role == Role.TEACHER
    return render_template(
        "schools/show_session.html",
        session=session,
        is_open=session.is_open(now),
        counts=services.session_counts(session) if teacher else None,
        counted=None if teacher else pupil_counts.counted_for_officers(session, now),
        form=ConfirmForm(),
    )


@roles_required(Role.TEACHER)
def open_session(session_id: int) -> ResponseReturnValue:
    session = services.get_session_to_run(current_actor(), session_id)
    if session.status.value != "draft":
        return redirect(url_for(".show_session", session_id=session.id))
    form = OpenSessionForm(obj=session)
    errors = []
    if form.validate_on_submit():
        try:
            services.open_session(
                session,
                current_actor(),
                utcnow(),
                dsl_name=form.dsl_name.data or "",
                dsl_email=form.dsl_email.data or "",
                dsl_informed=form.dsl_informed.data,
                parents_notified=form.parents_notified.data,
                alternative_ready=form.alternative_ready.data,
            )
        except DslNotConfirmedError as error:
            keep_refused_writes()
            errors = [{"text": str(error), "href": "#dsl_email"}]
        except DomainError as error:
            errors = [{"text": str(error), "href": "#dsl_name"}]
        else:
            return redirect(url_for(".show_projector", session_id=session.id))
    return form_page("schools/open_session.html", form, errors, session=session, dsl=dsl_status(session))


@limiter.limit("10 per hour")
@roles_required(Role.TEACHER)
def resend_dsl_confirmation(session_id: int) -> ResponseReturnValue:
    session = services.get_session_to_run(current_actor(), session_id)
    if ConfirmForm().validate_on_submit():
        try:
            resend_confirmation(session, current_actor(), utcnow())
        except DomainError as error:
            flash(str(error))
        else:
            flash(f"We sent the confirmation link again to {session.dsl_email}", "success")
    return redirect(url_for(".open_session", session_id=session.id))


@roles_required(Role.TEACHER)
def show_projector(session_id: int) -> ResponseReturnValue:
    session = services.get_session_to_run(current_actor(), session_id)
    return render_template(
        "schools/show_projector.html",
        session=session,
        is_open=session.is_open(utcnow()),
        counts=services.session_counts(session),
    )


@roles_required(Role.TEACHER)
def show_counts(session_id: int) -> ResponseReturnValue:
    session = services.get_session_to_run(current_actor(), session_id)
    counts = services.session_counts(session)
    return jsonify(joined=counts.joined, completed=counts.completed, open=session.is_open(utcnow()))


@roles_required(Role.TEACHER)
def close_session(session_id: int) -> ResponseReturnValue:
    session = services.get_session_to_run(current_actor(), session_id)
    if ConfirmForm().validate_on_submit():
        services.close_session(session, current_actor(), utcnow())
        flash("The session is closed. The code no longer works.", "success")
    return redirect(url_for(".show_session", session_id=session.id))


@roles_required(Role.TEACHER, Role.OFFICER)
def show_summary(session_id: int) -> ResponseReturnValue:
    session = services.get_session_for(current_actor(), session_id)
    return render_template(
        "schools/show_summary.html",
        session=session,
        summary=summaries.class_summary(session, utcnow()),
        min_group=summaries.MIN_GROUP,
    )
