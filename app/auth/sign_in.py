"""Staff sign in, land on their role's home page, and sign out (which ends every copy of their session)."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import current_app, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user

from app.auth import services
from app.auth.forms import SignInForm
from app.auth.lockout import LockoutRules
from app.common.access import current_actor, public, roles_required
from app.common.audit import record_event
from app.common.forms import error_list
from app.common.unit_of_work import keep_refused_writes
from app.extensions import limiter
from app.models import Role


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("auth.home")


@limiter.limit("20 per minute", methods=["POST"])
@public
def sign_in() -> ResponseReturnValue:
    form = SignInForm()
    sign_in_error = None
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                form.email.data or "",
                form.password.data or "",
                address=get_remote_address(),
                rules=LockoutRules.from_config(current_app.config),
            )
        except services.SignInError as error:
            keep_refused_writes()
            sign_in_error = str(error)
        else:
            session.clear()
            login_user(user)
            now = datetime.now(UTC).timestamp()
            session.update(signed_in_at=now, seen_at=now)
            record_event("sign_in", user, user)
            return redirect(_safe_next(request.args.get("next")))
    errors = error_list(form) or ([{"text": sign_in_error, "href": "#email"}] if sign_in_error else [])
    return render_template("auth/sign_in.html", form=form, errors=errors), 200 if not errors else 400


@roles_required(Role.OFFICER, Role.REVIEWER, Role.TEACHER, Role.DSL)
def home() -> ResponseReturnValue:
    role = current_actor().role
    if role in (Role.OFFICER, Role.ADMIN):
        return redirect(url_for("officers.list_consultations"))
    if role == Role.TEACHER:
        return redirect(url_for("schools.list_sessions"))
    if role == Role.REVIEWER:
        return redirect(url_for("safeguarding.list_flags"))
    if role == Role.DSL:
        return redirect(url_for("dsl.list_school_flags"))
    return render_template("auth/home.html")


@roles_required(Role.OFFICER, Role.REVIEWER, Role.TEACHER, Role.DSL)
def sign_out_confirm() -> ResponseReturnValue:
    return render_template("auth/sign_out.html")


@public
def sign_out() -> ResponseReturnValue:
    if current_user.is_authenticated:
        user = current_actor()
        record_event("sign_out", user, user)
        services.end_sessions(user)
        logout_user()
    session.clear()
    return redirect(url_for("auth.sign_in", signed_out=1))
