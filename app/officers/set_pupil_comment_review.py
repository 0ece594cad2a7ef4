"""The consultation setting "a reviewer reads every pupil comment first" (``Consultation.pupil_comment_review``).

On by default. An officer may turn it off only after confirming a clear warning: pupil comments the safeguarding
screen passes would then reach analysis, reports and exports without any adult reading them first (the screen's own
flags are still held). Changing it affects comments sent afterwards; comments already waiting stay in the reviewer's
queue until released. Each change is audited.
"""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField

from app.common.access import current_actor, roles_required
from app.common.audit import record_event
from app.common.errors import DomainError
from app.common.forms import form_page
from app.consultations.services import get_consultation
from app.models import Consultation, Role, User

ON, OFF = "on", "off"


class PupilCommentSettingError(DomainError):
    pass


class PupilCommentSettingForm(FlaskForm):
    review = RadioField(
        "Should a safeguarding reviewer read every pupil comment before it is used?",
        choices=[
            (ON, "Yes, a reviewer reads and releases every pupil comment first (recommended)"),
            (OFF, "No, only comments the safeguarding screen flags are held for a reviewer"),
        ],
        validate_choice=False,
    )
    understood = BooleanField(
        "I understand that pupils' comments the screen does not flag will reach analysis, "
        "reports and exports without an adult reading them first"
    )


def set_pupil_comment_review(actor: User, consultation: Consultation, review: str, understood: bool) -> bool:
    """Apply the setting; turning it off needs ``understood``. Returns whether it changed."""
    if review not in (ON, OFF):
        raise PupilCommentSettingError("Choose whether a reviewer reads every pupil comment first")
    wanted = review == ON
    if not wanted and consultation.pupil_comment_review and not understood:
        raise PupilCommentSettingError("Confirm you understand what turning this off means, or keep it on")
    if wanted == consultation.pupil_comment_review:
        return False
    consultation.pupil_comment_review = wanted
    record_event("pupil_comment_review_changed", actor, consultation, review=wanted)
    return True


@roles_required(Role.OFFICER)
def update_pupil_comment_review(consultation_id: int) -> ResponseReturnValue:
    consultation = get_consultation(consultation_id)
    form = PupilCommentSettingForm(data={"review": ON if consultation.pupil_comment_review else OFF})
    errors = []
    if form.validate_on_submit():
        try:
            changed = set_pupil_comment_review(
                current_actor(), consultation, form.review.data or "", bool(form.understood.data)
            )
        except PupilCommentSettingError as error:
            errors = [{"text": str(error), "href": "#review" if "Choose" in str(error) else "#understood"}]
        else:
            if changed:
                flash(
                    "Pupil comment review " + ("turned on" if consultation.pupil_comment_review else "turned off"),
                    "success",
                )
            return redirect(url_for("officers.show_consultation", consultation_id=consultation.id))
    return form_page("officers/pupil_comment_review.html", form, errors, consultation=consultation)
