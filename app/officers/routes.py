"""The officer workspace."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from app.common.access import roles_required
from app.models import Role
from app.officers import services

bp = Blueprint("officers", __name__, url_prefix="/officers")


@bp.route("/consultations")
@roles_required(Role.OFFICER)
def list_consultations() -> ResponseReturnValue:
    return render_template("officers/list_consultations.html", rows=services.list_consultations_with_counts())
