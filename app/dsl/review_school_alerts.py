"""A school's safeguarding lead: confirming their address from the emailed link, then reading and acknowledging their
own school's alerts and adult-contact requests. Reviewers and admins acknowledge alerts here too."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from app.common.access import roles_required, token_holder
from app.common.errors import DomainError, NotFoundError
from app.common.forms import form_page
from app.extensions import db, limiter
from app.models import Role, User
from app.models.types import utcnow
from app.safeguarding import dsl, school_alerts
from app.safeguarding.dsl_forms import AcknowledgeForm, DslConfirmForm
from app.safeguarding.services import category_label, flag_reason

bp = Blueprint("dsl", __name__, url_prefix="/safeguarding-lead")


def _user() -> User:
    return current_user._get_current_object()  # type: ignore[no-any-return]


@bp.route("/confirm/<token>", methods=["GET", "POST"])
@limiter.limit("30 per minute")
@token_holder
def confirm_address(token: str) -> ResponseReturnValue:
    try:
        confirmation = dsl.get_confirmation(token, utcnow())
    except dsl.ConfirmationLinkError as error:
        return render_template("dsl/confirm_invalid.html", message=str(error)), 400
    form = DslConfirmForm(data={"name": confirmation.name})
    errors = []
    if form.validate_on_submit():
        try:
            dsl.confirm(confirmation, form.name.data or "", form.password.data or "", utcnow())
        except DomainError as error:
            db.session.rollback()
            errors = [{"text": str(error), "href": "#password"}]
        else:
            db.session.commit()
            flash("Your address is confirmed and your account is ready. Sign in to see your school's alerts",
                  "success")
            return redirect(url_for("auth.sign_in"))
    return form_page("dsl/confirm_address.html", form, errors, confirmation=confirmation)


@bp.route("/")
@roles_required(Role.DSL)
def list_school_flags() -> ResponseReturnValue:
    user = _user()
    requests = school_alerts.list_school_contact_requests(user)
    return render_template("dsl/list_school_flags.html", flags=school_alerts.list_school_flags(user),
                           requests=requests, acknowledgers=school_alerts.acknowledgers(requests),
                           category_label=category_label)


@bp.route("/flags/<int:flag_id>")
@roles_required(Role.DSL)
def show_school_flag(flag_id: int) -> ResponseReturnValue:
    try:
        flag = school_alerts.get_school_flag(_user(), flag_id)
    except NotFoundError:
        abort(404)
    html = render_template("dsl/show_school_flag.html", flag=flag, category_label=category_label,
                           reason=flag_reason(flag), acknowledged_by=school_alerts.acknowledged_by(flag),
                           form=AcknowledgeForm())
    db.session.commit()
    return html


@bp.route("/flags/<int:flag_id>/acknowledge", methods=["POST"])
@roles_required(Role.DSL, Role.REVIEWER, Role.ADMIN)
def acknowledge_flag(flag_id: int) -> ResponseReturnValue:
    user = _user()
    try:
        flag = school_alerts.get_flag_to_acknowledge(user, flag_id)
    except NotFoundError:
        abort(404)
    if AcknowledgeForm().validate_on_submit():
        try:
            school_alerts.acknowledge(flag, user, utcnow())
        except DomainError as error:
            flash(str(error))
        else:
            db.session.commit()
            flash("Alert acknowledged", "success")
    if user.role == Role.DSL:
        return redirect(url_for(".show_school_flag", flag_id=flag.id))
    return redirect(url_for("safeguarding.review_flag", flag_id=flag.id))


@bp.route("/contact-requests/<int:request_id>/acknowledge", methods=["POST"])
@roles_required(Role.DSL, Role.REVIEWER, Role.ADMIN)
def acknowledge_contact_request(request_id: int) -> ResponseReturnValue:
    user = _user()
    try:
        contact_request = school_alerts.get_contact_request_to_acknowledge(user, request_id)
    except NotFoundError:
        abort(404)
    if AcknowledgeForm().validate_on_submit():
        try:
            school_alerts.acknowledge_contact_request(contact_request, user, utcnow())
        except DomainError as error:
            flash(str(error))
        else:
            db.session.commit()
            flash("Request acknowledged", "success")
    if user.role == Role.DSL:
        return redirect(url_for(".list_school_flags"))
    return redirect(url_for("safeguarding.list_comments", _anchor="adult-contact-requests"))
