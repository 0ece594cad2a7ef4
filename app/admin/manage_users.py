"""An admin manages staff accounts: creating them, changing a role or school, resetting a password, deactivating and
reactivating. Role changes and deactivation end the user's sessions (the services raise their session version)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm

from app.admin import users
from app.admin.forms import ROLE_CHOICES, ROLE_HINTS, PasswordResetForm, UserCreateForm, UserRoleForm
from app.auth.services import UserError
from app.common.access import current_actor, roles_required
from app.common.forms import form_page
from app.models import Role


def role_names() -> dict[str, object]:
    """Template context for the admin pages: each role's readable name."""
    return {"role_names": dict(ROLE_CHOICES)}


def _form_page(template: str, form: FlaskForm, **context: object) -> ResponseReturnValue:
    return form_page(template, form, role_hints=ROLE_HINTS, **context)


def _school_choices(form: UserCreateForm | UserRoleForm) -> None:
    form.set_schools([(school.id, school.name) for school in users.list_schools()])


def _add_error(form: FlaskForm, field: str, error: UserError) -> None:
    form[field].errors = [*form[field].errors, str(error)]


@roles_required(Role.ADMIN)
def list_users() -> ResponseReturnValue:
    return render_template("admin/list_users.html", users=users.list_users())


@roles_required(Role.ADMIN)
def create_user() -> ResponseReturnValue:
    form = UserCreateForm()
    _school_choices(form)
    if form.validate_on_submit():
        try:
            user = users.create_account(
                current_actor(),
                email=form.email.data or "",
                name=form.name.data or "",
                role=Role(form.role.data),
                password=form.password.data or "",
                school_id=form.school_id.data,
            )
        except UserError as error:
            _add_error(form, "school_id" if "school" in str(error) else "email", error)
        else:
            flash(f"Account created for {user.name}", "success")
            return redirect(url_for("admin.show_user", user_id=user.id))
    return _form_page("admin/create_user.html", form)


@roles_required(Role.ADMIN)
def show_user(user_id: int) -> ResponseReturnValue:
    return render_template("admin/show_user.html", user=users.get_user(user_id), is_me=user_id == current_actor().id)


@roles_required(Role.ADMIN)
def update_user_role(user_id: int) -> ResponseReturnValue:
    user = users.get_user(user_id)
    form = UserRoleForm(data={"role": user.role.value, "school_id": user.school_id})
    _school_choices(form)
    if form.validate_on_submit():
        try:
            users.change_role(current_actor(), user, Role(form.role.data), form.school_id.data)
        except UserError as error:
            _add_error(form, "school_id" if "school" in str(error) else "role", error)
        else:
            flash(f"Role changed for {user.name}. They need to sign in again", "success")
            return redirect(url_for("admin.show_user", user_id=user.id))
    return _form_page("admin/update_user_role.html", form, user=user)


@roles_required(Role.ADMIN)
def reset_password(user_id: int) -> ResponseReturnValue:
    user = users.get_user(user_id)
    form = PasswordResetForm()
    if form.validate_on_submit():
        users.reset_password(current_actor(), user, form.password.data or "")
        flash(f"New password set for {user.name}. Give it to them securely", "success")
        return redirect(url_for("admin.show_user", user_id=user.id))
    return _form_page("admin/reset_password.html", form, user=user)


@roles_required(Role.ADMIN)
def deactivate_user(user_id: int) -> ResponseReturnValue:
    user = users.get_user(user_id)
    try:
        users.deactivate(current_actor(), user)
    except UserError as error:
        flash(str(error))
    else:
        flash(f"{user.name}\u2019s account is deactivated and their sessions have ended", "success")
    return redirect(url_for("admin.show_user", user_id=user.id))


@roles_required(Role.ADMIN)
def reactivate_user(user_id: int) -> ResponseReturnValue:
    user = users.get_user(user_id)
    users.reactivate(current_actor(), user)
    flash(f"{user.name}\u2019s account is active again", "success")
    return redirect(url_for("admin.show_user", user_id=user.id))
