"""An admin reads the audit log and the mail outbox. The outbox holds every email the platform sent, so reading it is
audited like any other access to personal data (and commits that audit row)."""

from __future__ import annotations

from flask import render_template, request
from flask.typing import ResponseReturnValue

from app.admin import audit_names, records
from app.common.access import current_actor, roles_required
from app.models import Role


def _page_number() -> int:
    return request.args.get("page", 1, type=int) or 1


@roles_required(Role.ADMIN)
def list_audit_events() -> ResponseReturnValue:
    filters = records.audit_filters()
    action = request.args.get("action") or None
    actor_id = request.args.get("actor", type=int)
    page = records.list_audit_events(filters, action=action, actor_id=actor_id, page=_page_number())
    return render_template(
        "admin/list_audit_events.html",
        page=page,
        rows=audit_names.readable(page.items),
        filters=filters,
        action=action if action in filters.actions else None,
        actor_id=actor_id if actor_id in {u.id for u in filters.actors} else None,
    )


@roles_required(Role.ADMIN)
def list_outbox() -> ResponseReturnValue:
    undelivered_only = request.args.get("show") == "undelivered"
    return render_template(
        "admin/list_outbox.html",
        undelivered_only=undelivered_only,
        undelivered=records.count_undelivered(),
        page=records.list_outbox(_page_number(), current_actor(), undelivered_only=undelivered_only),
    )


@roles_required(Role.ADMIN)
def show_outbox_message(message_id: int) -> ResponseReturnValue:
    message = records.get_outbox_message(message_id, current_actor())
    return render_template("admin/show_outbox_message.html", message=message)
