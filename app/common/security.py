"""Security headers with a per-request CSP nonce, and idle/absolute time-outs for staff sessions."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from flask import Flask, Response, g, request, session
from flask_login import current_user, logout_user


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def security_headers(nonce: str | None, *, secure: bool) -> dict[str, str]:
    """The headers every response carries. ``nonce`` is the page's script nonce; a response that rendered no page
    (a redirect, a file) has none, and its policy then allows no inline script at all."""
    scripts = f"script-src 'self' 'nonce-{nonce}'" if nonce else "script-src 'self'"
    headers = {
        "Content-Security-Policy": (
            f"default-src 'self'; {scripts}; style-src 'self'; img-src 'self' data:; "
            "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
            "form-action 'self'"
        ),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
    }
    if secure:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return headers


def _apply_headers(response: Response) -> Response:
    """Add each security header the view has not set itself (one pass over the response's headers)."""
    from flask import current_app

    wanted = security_headers(g.get("csp_nonce"), secure=current_app.config["SESSION_COOKIE_SECURE"])
    if request.endpoint != "static":
        wanted["Cache-Control"] = "no-store"
    present = {name.lower() for name in response.headers.keys()}
    response.headers.extend((name, value) for name, value in wanted.items() if name.lower() not in present)
    return response


def _enforce_session_timeouts() -> None:
    from flask import current_app

    if not current_user.is_authenticated:
        return
    now = datetime.now(UTC).timestamp()
    started = session.get("signed_in_at", 0)
    seen = session.get("seen_at", started)
    idle = current_app.config["SESSION_IDLE_TIMEOUT"].total_seconds()
    absolute = current_app.config["PERMANENT_SESSION_LIFETIME"].total_seconds()
    if now - seen > idle or now - started > absolute:
        logout_user()
        session.clear()
        return
    session["seen_at"] = now


def init_security(app: Flask) -> None:
    app.before_request(_enforce_session_timeouts)
    app.after_request(_apply_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
