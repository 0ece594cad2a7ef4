"""Administration: staff accounts and roles, the audit log, and the mail outbox. All of it is admin-only: the outbox
holds every email the platform sent, so reading it is audited like any other access to personal data."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm

from app.admin import audit_names, records, users
from app.admin.forms import ROLE_CHOICES, ROLE_HINTS, PasswordResetForm, UserCreateForm, UserRoleForm
from app.auth.services import UserError
from app.common.access import roles_required
from app.common.errors import NotFoundError
from app.common.forms import form_page
from app.extensions import db
from app.models import Role, User

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.context_processor
def _role_names() -> dict[str, object]:
    return {"role_names": dict(ROLE_CHOICES)}


def _actor() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return]


def _user_or_404(user_id: int) -> User:
    try:
        return users.get_user(user_id)
    except NotFoundError:
        abort(404)


def _page_number() -> int:
    return request.args.get("page", 1, type=int) or 1


def _form_page(template: str, form: FlaskForm, **context: object) -> ResponseReturnValue:
    return form_page(template, form, role_hints=ROLE_HINTS, **context)


def _school_choices(form: UserCreateForm | UserRoleForm) -> None:
    form.set_schools([(school.id, school.name) for school in users.list_schools()])


def _add_error(form: FlaskForm, field: str, error: UserError) -> None:
    form[field].errors = [*form[field].errors, str(error)]


@bp.route("/users")
@roles_required(Role.ADMIN)
def list_users() -> ResponseReturnValue:
    return render_template("admin/list_users.html", users=users.list_users())


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def create_user() -> ResponseReturnValue:
    form = UserCreateForm()
    _school_choices(form)
    if form.validate_on_submit():
        try:
            user = users.create_account(_actor(), email=form.email.data or "", name=form.name.data or "",
                                        role=Role(form.role.data), password=form.password.data or "",
                                        school_id=form.school_id.data)
        except UserError as error:
            db.session.rollback()
            _add_error(form, "school_id" if "school" in str(error) else "email", error)
        else:
            db.session.commit()
            flash(f"Account created for {user.name}", "success")
            return redirect(url_for("admin.show_user", user_id=user.id))
    return _form_page("admin/create_user.html", form)


@bp.route("/users/<int:user_id>")
@roles_required(Role.ADMIN)
def show_user(user_id: int) -> ResponseReturnValue:
    return render_template("admin/show_user.html", user=_user_or_404(user_id), is_me=user_id == _actor().id)


@bp.route("/users/<int:user_id>/role", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def update_user_role(user_id: int) -> ResponseReturnValue:
    user = _user_or_404(user_id)
    form = UserRoleForm(data={"role": user.role.value, "school_id": user.school_id})
    _school_choices(form)
    if form.validate_on_submit():
        try:
            users.change_role(_actor(), user, Role(form.role.data), form.school_id.data)
        except UserError as error:
            db.session.rollback()
            _add_error(form, "school_id" if "school" in str(error) else "role", error)
        else:
            db.session.commit()
            flash(f"Role changed for {user.name}. They need to sign in again", "success")
            return redirect(url_for("admin.show_user", user_id=user.id))
    return _form_page("admin/update_user_role.html", form, user=user)


@bp.route("/users/<int:user_id>/password", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def reset_password(user_id: int) -> ResponseReturnValue:
    user = _user_or_404(user_id)
    form = PasswordResetForm()
    if form.validate_on_submit():
        users.reset_password(_actor(), user, form.password.data or "")
        db.session.commit()
        flash(f"New password set for {user.name}. Give it to them securely", "success")
        return redirect(url_for("admin.show_user", user_id=user.id))
    return _form_page("admin/reset_password.html", form, user=user)


@bp.route("/users/<int:user_id>/deactivate", methods=["POST"])
@roles_required(Role.ADMIN)
def deactivate_user(user_id: int) -> ResponseReturnValue:
    user = _user_or_404(user_id)
    try:
        users.deactivate(_actor(), user)
    except UserError as error:
        flash(str(error))
    else:
        db.session.commit()
        flash(f"{user.name}\u2019s account is deactivated and their sessions have ended", "success")
    return redirect(url_for("admin.show_user", user_id=user.id))


@bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
@roles_required(Role.ADMIN)
def reactivate_user(user_id: int) -> ResponseReturnValue:
    user = _user_or_404(user_id)
    users.reactivate(_actor(), user)
    db.session.commit()
    flash(f"{user.name}\u2019s account is active again", "success")
    return redirect(url_for("admin.show_user", user_id=user.id))


@bp.route("/audit")
@roles_required(Role.ADMIN)
def list_audit_events() -> ResponseReturnValue:
    filters = records.audit_filters()
    action = request.args.get("action") or None
    actor_id = request.args.get("actor", type=int)
    page = records.list_audit_events(filters, action=action, actor_id=actor_id, page=_page_number())
    return render_template("admin/list_audit_events.html", page=page, rows=audit_names.readable(page.items),
                           filters=filters,
                           action=action if action in filters.actions else None,
                           actor_id=actor_id if actor_id in {u.id for u in filters.actors} else None)


@bp.route("/outbox")
@roles_required(Role.ADMIN)
def list_outbox() -> ResponseReturnValue:
    undelivered_only = request.args.get("show") == "undelivered"
    html = render_template("admin/list_outbox.html", undelivered_only=undelivered_only,
                           undelivered=records.count_undelivered(),
                           page=records.list_outbox(_page_number(), _actor(), undelivered_only=undelivered_only))
    db.session.commit()
    return html


@bp.route("/outbox/<int:message_id>")
@roles_required(Role.ADMIN)
def show_outbox_message(message_id: int) -> ResponseReturnValue:
    try:
        message = records.get_outbox_message(message_id, _actor())
    except NotFoundError:
        abort(404)
    html = render_template("admin/show_outbox_message.html", message=message)
    db.session.commit()
    return html
