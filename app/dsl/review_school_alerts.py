"""A school's safeguarding lead: confirming their address from the emailed link, then reading and acknowledging their
own school's alerts and adult-contact requests. Reviewers and admins acknowledge alerts here too."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from app.common.access import current_actor, roles_required, token_holder
from app.common.errors import DomainError
from app.common.forms import form_page
from app.dsl.forms import AcknowledgeForm, DslConfirmForm
from app.extensions import limiter
from app.models import Role
from app.models.types import utcnow
from app.safeguarding import dsl, school_alerts
from app.safeguarding.services import category_label, flag_reason


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
            errors = [{"text": str(error), "href": "#password"}]
        else:
            flash("Your address is confirmed and your account is ready. Sign in to see your school's alerts", "success")
            return redirect(url_for("auth.sign_in"))
    return form_page("dsl/confirm_address.html", form, errors, confirmation=confirmation)


@roles_required(Role.DSL)
def list_school_flags() -> ResponseReturnValue:
    user = current_actor()
    requests = school_alerts.list_school_contact_requests(user)
    return render_template(
        "dsl/list_school_flags.html",
        flags=school_alerts.list_school_flags(user),
        requests=requests,
        acknowledgers=school_alerts.acknowledgers(requests),
        category_label=category_label,
    )


@roles_required(Role.DSL)
def show_school_flag(flag_id: int) -> ResponseReturnValue:
    flag = school_alerts.get_school_flag(current_actor(), flag_id)
    return render_template(
        "dsl/show_school_flag.html",
        flag=flag,
        category_label=category_label,
        reason=flag_reason(flag),
        acknowledged_by=school_alerts.acknowledged_by(flag),
        form=AcknowledgeForm(),
    )


@roles_required(Role.DSL, Role.REVIEWER, Role.ADMIN)
def acknowledge_flag(flag_id: int) -> ResponseReturnValue:
    user = current_actor()
    flag = school_alerts.get_flag_to_acknowledge(user, flag_id)
    if AcknowledgeForm().validate_on_submit():
        try:
            school_alerts.acknowledge(flag, user, utcnow())
        except DomainError as error:
            flash(str(error))
        else:
            flash("Alert acknowledged", "success")
    if user.role == Role.DSL:
        return redirect(url_for(".show_school_flag", flag_id=flag.id))
    return redirect(url_for("safeguarding.review_flag", flag_id=flag.id))


@roles_required(Role.DSL, Role.REVIEWER, Role.ADMIN)
def acknowledge_contact_request(request_id: int) -> ResponseReturnValue:
    user = current_actor()
    contact_request = school_alerts.get_contact_request_to_acknowledge(user, request_id)
    if AcknowledgeForm().validate_on_submit():
        try:
            school_alerts.acknowledge_contact_request(contact_request, user, utcnow())
        except DomainError as error:
            flash(str(error))
        else:
            flash("Request acknowledged", "success")
    if user.role == Role.DSL:
        return redirect(url_for(".list_school_flags"))
    return redirect(url_for("safeguarding.list_comments", _anchor="adult-contact-requests"))
