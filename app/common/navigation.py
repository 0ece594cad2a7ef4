"""Header navigation for signed-in staff, by role. Entries whose page does not exist yet are left out."""

from __future__ import annotations

from flask import current_app, request, url_for
from flask_login import current_user

from app.models import Role

OFFICER_NAV = [
    ("Consultations", "officers.list_consultations"),
    ("Stakeholders", "stakeholders.list_organisations"),
    ("Add responses", "channels.start_keyed_response"),
    ("Schools", "schools.list_schools"),
]
ADMIN_NAV = [("Admin", "admin.list_users")]
"""One entry for users, audit log and outbox (listed on every admin page), so an admin's navigation fits on one line
at desktop widths."""
SECTIONS = {"admin.list_users": "/admin/"}
"""Entries that stand for a whole section: shown as current on every page under the path."""
NAV_BY_ROLE: dict[Role, list[tuple[str, str]]] = {
    Role.OFFICER: OFFICER_NAV,
    Role.ADMIN: OFFICER_NAV + ADMIN_NAV,
    Role.TEACHER: [("Class sessions", "schools.list_sessions")],
    Role.REVIEWER: [("Safeguarding queue", "safeguarding.list_flags")],
    Role.DSL: [("Safeguarding alerts", "dsl.list_school_flags")],
}


def staff_navigation() -> list[dict[str, object]]:
    if not current_user.is_authenticated:
        return []
    entries = [entry for entry in NAV_BY_ROLE.get(current_user.role, []) if entry[1] in current_app.view_functions]
    entries.append(("Sign out", "auth.sign_out_confirm"))
    items = []
    for text, endpoint in entries:
        href = url_for(endpoint)
        items.append({"href": href, "text": text, "active": request.path.startswith(SECTIONS.get(endpoint, href))})
    return items
