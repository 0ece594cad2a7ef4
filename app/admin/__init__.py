"""Administration (URLs under ``/admin``): staff accounts, the audit log and the mail outbox.

``create_blueprint`` is the package's one URL table: each line maps a URL to the view function that serves it, in the
module named for what the admin is doing there."""

from __future__ import annotations

from flask import Blueprint


def create_blueprint() -> Blueprint:
    from app.admin import manage_users, review_records

    bp = Blueprint("admin", __name__, url_prefix="/admin")
    bp.context_processor(manage_users.role_names)
    bp.add_url_rule("/users", view_func=manage_users.list_users)
    bp.add_url_rule("/users/new", view_func=manage_users.create_user, methods=["GET", "POST"])
    bp.add_url_rule("/users/<int:user_id>", view_func=manage_users.show_user)
    bp.add_url_rule("/users/<int:user_id>/role", view_func=manage_users.update_user_role, methods=["GET", "POST"])
    bp.add_url_rule("/users/<int:user_id>/password", view_func=manage_users.reset_password, methods=["GET", "POST"])
    bp.add_url_rule("/users/<int:user_id>/deactivate", view_func=manage_users.deactivate_user, methods=["POST"])
    bp.add_url_rule("/users/<int:user_id>/reactivate", view_func=manage_users.reactivate_user, methods=["POST"])
    bp.add_url_rule("/audit", view_func=review_records.list_audit_events)
    bp.add_url_rule("/outbox", view_func=review_records.list_outbox)
    bp.add_url_rule("/outbox/<int:message_id>", view_func=review_records.show_outbox_message)
    return bp
