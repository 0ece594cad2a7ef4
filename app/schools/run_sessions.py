"""Officers manage schools and teacher accounts; teachers run class sessions and see their class's aggregates."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from app.auth.services import UserError
from app.common.access import roles_required
from app.common.errors import DomainError, NotFoundError
from app.common.forms import form_page
from app.extensions import db, limiter
from app.models import Role
from app.models.types import utcnow
from app.safeguarding.dsl import DslNotConfirmedError, dsl_status, resend_confirmation
from app.schools import pupil_counts, services, summaries
from app.schools.forms import (
    ClassSessionCreateForm,
    ConfirmForm,
    OpenSessionForm,
    SchoolCreateForm,
    TeacherCreateForm,
)

bp = Blueprint("schools", __name__, url_prefix="/schools")


def _user():  # type: ignore[no-untyped-def]
    return current_user._get_current_object()


def _or_404(finder, *args):  # type: ignore[no-untyped-def]
    try:
        return finder(*args)
    except NotFoundError:
        abort(404)


# Officers ----------------------------------------------------------------------------------------------------------

@bp.route("/")
@roles_required(Role.OFFICER)
def list_schools() -> ResponseReturnValue:
    return render_template("schools/list_schools.html", schools=services.list_schools())


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def create_school() -> ResponseReturnValue:
    form = SchoolCreateForm()
    errors = []
    if form.validate_on_submit():
        try:
            school = services.create_school(form.name.data or "", _user())
        except DomainError as error:
            errors = [{"text": str(error), "href": "#name"}]
        else:
            db.session.commit()
            flash(f"{school.name} added", "success")
            return redirect(url_for(".show_school", school_id=school.id))
    return form_page("schools/create_school.html", form, errors)


@bp.route("/<int:school_id>")
@roles_required(Role.OFFICER)
def show_school(school_id: int) -> ResponseReturnValue:
    school = _or_404(services.get_school, school_id)
    return render_template("schools/show_school.html", school=school, teachers=services.list_teachers(school),
                           sessions=services.list_school_sessions(school))


@bp.route("/<int:school_id>/teachers/new", methods=["GET", "POST"])
@roles_required(Role.OFFICER)
def create_teacher(school_id: int) -> ResponseReturnValue:
    school = _or_404(services.get_school, school_id)
    form = TeacherCreateForm()
    errors = []
    if form.validate_on_submit():
        try:
            teacher = services.create_teacher(school, form.email.data or "", form.name.data or "",
                                              form.password.data or "", _user())
        except UserError as error:
            errors = [{"text": str(error), "href": "#email"}]
        else:
            db.session.commit()
            flash(f"Teacher account created for {teacher.email}", "success")
            return redirect(url_for(".show_school", school_id=school.id))
    return form_page("schools/create_teacher.html", form, errors, school=school)


@bp.route("/<int:school_id>/summary")
@roles_required(Role.OFFICER, Role.TEACHER)
def show_school_summary(school_id: int) -> ResponseReturnValue:
    school = _or_404(services.get_school_for, _user(), school_id)
    by_survey = services.sessions_by_survey(services.list_school_sessions(school))
    now = utcnow()
    results = [(survey, summaries.school_summary(survey, sessions, now)) for survey, sessions in by_survey]
    return render_template("schools/show_school_summary.html", school=school, results=results,
                           min_group=summaries.MIN_GROUP)


# Teachers ----------------------------------------------------------------------------------------------------------

@bp.route("/sessions")
@roles_required(Role.TEACHER)
def list_sessions() -> ResponseReturnValue:
    return render_template("schools/list_sessions.html", sessions=services.list_sessions(_user()), now=utcnow())


@bp.route("/sessions/new", methods=["GET", "POST"])
@roles_required(Role.TEACHER)
def create_session() -> ResponseReturnValue:
    form = ClassSessionCreateForm()
    surveys = services.list_schools_surveys(utcnow())
    form.survey_id.choices = [(s.id, f"{s.title} ({s.consultation.title})") for s in surveys]
    errors = []
    if form.validate_on_submit():
        try:
            session = services.create_session(_user(), form.survey_id.data, form.year_group.data or "",
                                              form.planned_date(), utcnow())  # type: ignore[arg-type]
        except DomainError as error:
            errors = [{"text": str(error), "href": "#survey_id"}]
        else:
            db.session.commit()
            return redirect(url_for(".open_session", session_id=session.id))
    return form_page("schools/create_session.html", form, errors, surveys=surveys)


@bp.route("/sessions/<int:session_id>")
@roles_required(Role.TEACHER, Role.OFFICER)
def show_session(session_id: int) -> ResponseReturnValue:
    session = _or_404(services.get_session_for, _user(), session_id)
    now = utcnow()
    teacher = _user().role == Role.TEACHER
    return render_template("schools/show_session.html", session=session, is_open=session.is_open(now),
                           counts=services.session_counts(session) if teacher else None,
                           counted=None if teacher else pupil_counts.counted_for_officers(session, now),
                           form=ConfirmForm())


@bp.route("/sessions/<int:session_id>/open", methods=["GET", "POST"])
@roles_required(Role.TEACHER)
def open_session(session_id: int) -> ResponseReturnValue:
    session = _or_404(services.get_session_to_run, _user(), session_id)
    if session.status.value != "draft":
        return redirect(url_for(".show_session", session_id=session.id))
    form = OpenSessionForm(obj=session)
    errors = []
    if form.validate_on_submit():
        try:
            services.open_session(session, _user(), utcnow(), dsl_name=form.dsl_name.data or "",
                                  dsl_email=form.dsl_email.data or "", dsl_informed=form.dsl_informed.data,
                                  parents_notified=form.parents_notified.data,
                                  alternative_ready=form.alternative_ready.data)
        except DslNotConfirmedError as error:
            db.session.commit()
            errors = [{"text": str(error), "href": "#dsl_email"}]
        except DomainError as error:
            db.session.rollback()
            errors = [{"text": str(error), "href": "#dsl_name"}]
        else:
            db.session.commit()
            return redirect(url_for(".show_projector", session_id=session.id))
    return form_page("schools/open_session.html", form, errors, session=session, dsl=dsl_status(session))


@bp.route("/sessions/<int:session_id>/dsl-confirmation", methods=["POST"])
@limiter.limit("10 per hour")
@roles_required(Role.TEACHER)
def resend_dsl_confirmation(session_id: int) -> ResponseReturnValue:
    session = _or_404(services.get_session_to_run, _user(), session_id)
    if ConfirmForm().validate_on_submit():
        try:
            resend_confirmation(session, _user(), utcnow())
        except DomainError as error:
            db.session.rollback()
            flash(str(error))
        else:
            db.session.commit()
            flash(f"We sent the confirmation link again to {session.dsl_email}", "success")
    return redirect(url_for(".open_session", session_id=session.id))


@bp.route("/sessions/<int:session_id>/projector")
@roles_required(Role.TEACHER)
def show_projector(session_id: int) -> ResponseReturnValue:
    session = _or_404(services.get_session_to_run, _user(), session_id)
    return render_template("schools/show_projector.html", session=session, is_open=session.is_open(utcnow()),
                           counts=services.session_counts(session))


@bp.route("/sessions/<int:session_id>/counts")
@roles_required(Role.TEACHER)
def show_counts(session_id: int) -> ResponseReturnValue:
    session = _or_404(services.get_session_to_run, _user(), session_id)
    counts = services.session_counts(session)
    return jsonify(joined=counts.joined, completed=counts.completed, open=session.is_open(utcnow()))


@bp.route("/sessions/<int:session_id>/close", methods=["POST"])
@roles_required(Role.TEACHER)
def close_session(session_id: int) -> ResponseReturnValue:
    session = _or_404(services.get_session_to_run, _user(), session_id)
    if ConfirmForm().validate_on_submit():
        services.close_session(session, _user(), utcnow())
        db.session.commit()
        flash("The session is closed. The code no longer works.", "success")
    return redirect(url_for(".show_session", session_id=session.id))


@bp.route("/sessions/<int:session_id>/summary")
@roles_required(Role.TEACHER, Role.OFFICER)
def show_summary(session_id: int) -> ResponseReturnValue:
    session = _or_404(services.get_session_for, _user(), session_id)
    return render_template("schools/show_summary.html", session=session,
                           summary=summaries.class_summary(session, utcnow()), min_group=summaries.MIN_GROUP)
