"""An officer adds schools and their teachers' accounts, and reads a school's summary across its class sessions (a
teacher reads their own school's)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from app.auth.services import UserError
from app.common.access import current_actor, roles_required
from app.common.errors import DomainError
from app.common.forms import form_page
from app.models import Role
from app.models.types import utcnow
from app.schools import services, summaries
from app.schools.forms import SchoolCreateForm, TeacherCreateForm


@roles_required(Role.OFFICER)
def list_schools() -> ResponseReturnValue:
    return render_template("schools/list_schools.html", schools=services.list_schools())


@roles_required(Role.OFFICER)
def create_school() -> ResponseReturnValue:
    form = SchoolCreateForm()
    errors = []
    if form.validate_on_submit():
        try:
            school = services.create_school(form.name.data or "", current_actor())
        except DomainError as error:
            errors = [{"text": str(error), "href": "#name"}]
        else:
            flash(f"{school.name} added", "success")
            return redirect(url_for(".show_school", school_id=school.id))
    return form_page("schools/create_school.html", form, errors)


@roles_required(Role.OFFICER)
def show_school(school_id: int) -> ResponseReturnValue:
    school = services.get_school(school_id)
    return render_template(
        "schools/show_school.html",
        school=school,
        teachers=services.list_teachers(school),
        sessions=services.list_school_sessions(school),
    )


@roles_required(Role.OFFICER)
def create_teacher(school_id: int) -> ResponseReturnValue:
    school = services.get_school(school_id)
    form = TeacherCreateForm()
    errors = []
    if form.validate_on_submit():
        try:
            teacher = services.create_teacher(
                school, form.email.data or "", form.name.data or "", form.password.data or "", current_actor()
            )
        except UserError as error:
            errors = [{"text": str(error), "href": "#email"}]
        else:
            flash(f"Teacher account created for {teacher.email}", "success")
            return redirect(url_for(".show_school", school_id=school.id))
    return form_page("schools/create_teacher.html", form, errors, school=school)


@roles_required(Role.OFFICER, Role.TEACHER)
def show_school_summary(school_id: int) -> ResponseReturnValue:
    school = services.get_school_for(current_actor(), school_id)
    by_survey = services.sessions_by_survey(services.list_school_sessions(school))
    now = utcnow()
    results = [(survey, summaries.school_summary(survey, sessions, now)) for survey, sessions in by_survey]
    return render_template(
        "schools/show_school_summary.html", school=school, results=results, min_group=summaries.MIN_GROUP
    )
