"""Header navigation for signed-in staff, by role."""

from __future__ import annotations

from flask import request, url_for
from flask_login import current_user

from app.models import Role


def staff_navigation() -> list[dict[str, object]]:
    if not current_user.is_authenticated:
        return []
    items: list[tuple[str, str]] = []
    if current_user.role in (Role.OFFICER, Role.ADMIN):
        items.append(("Consultations", url_for("officers.list_consultations")))
    items.append(("Sign out", url_for("auth.sign_out_confirm")))
    return [{"href": href, "text": text, "active": request.path == href} for text, href in items]
