"""An officer keys in a paper or email response: choosing the survey and channel, then the whole form on one page,
then its confirmation."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from app.common.access import current_actor, roles_required
from app.common.filters import LONDON
from app.common.forms import form_page
from app.models import ResponseChannel, ResponseStatus, Role, Survey
from app.models.types import utcnow
from app.stakeholders import keying
from app.stakeholders import services as stakeholder_services
from app.stakeholders.errors import KeyedOrganisationError, KeyingNotAllowedError
from app.stakeholders.forms import KeyedResponseStartForm
from app.stakeholders.keyed_form import page_conditions, read_keyed_form, stored_values, typed_values, with_not_answered
from app.stakeholders.received import ReceivedDateError
from app.surveys import journey_step
from app.surveys.engine import FormValues, summary_rows
from app.surveys.responses import Draft


@roles_required(Role.OFFICER)
def start_keyed_response() -> ResponseReturnValue:
    now = utcnow()
    surveys = keying.list_keyable_surveys(now)
    form = KeyedResponseStartForm()
    form.survey.choices = [(s.id, f"{s.title} ({s.consultation.title})") for s in surveys]
    form.organisation.choices = [
        (0, "Not from an organisation"),
        *((row.organisation.id, row.organisation.name) for row in stakeholder_services.list_organisations()),
    ]
    if form.validate_on_submit():
        try:
            response = keying.start_keyed_response(
                current_actor(),
                keying.get_keyable_survey(form.survey.data),
                ResponseChannel(form.channel.data),
                now,
                received_on_time=bool(form.received_on_time.data),
                organisation_id=form.organisation.data or None,
            )
        except KeyingNotAllowedError as error:
            (form.received_on_time if error.needs_confirmation else form.survey).errors = [str(error)]
        except KeyedOrganisationError as error:
            form.organisation.errors = [str(error)]
        else:
            return redirect(url_for(".enter_keyed_form", response_id=response.id))
    return form_page(
        "stakeholders/start_keyed_response.html",
        form,
        surveys=surveys,
        unfinished=keying.list_unfinished(current_actor()),
        grace_days=keying.GRACE_PERIOD.days,
    )


@roles_required(Role.OFFICER)
def enter_keyed_form(response_id: int) -> ResponseReturnValue:
    """The whole paper or email form on one page: one submit per form, blanks recorded as not answered."""
    survey, draft = keying.get_keyed_draft(response_id)
    if draft.response.status == ResponseStatus.SUBMITTED:
        return redirect(url_for(".show_keyed_response", response_id=response_id))
    if request.method == "GET":
        values = {**typed_values(draft.definition, {}), **stored_values(draft.definition, draft.answers)}
        return _keyed_form_page(survey, draft, values, {}, {}, "")
    now, received_text = utcnow(), request.form.get("date_received", "")
    reading = read_keyed_form(draft.definition, request.form.to_dict(flat=False), now.astimezone(LONDON).date())
    received_on = None
    try:
        received_on = keying.check_received_date(survey, received_text, now)
    except ReceivedDateError as error:
        reading.errors = {"date_received": str(error), **reading.errors}
    try:
        saved = journey_step.save_reading(
            keying.KeyedDraftStore(current_actor(), survey, draft, received_on, now), reading
        )
    except KeyingNotAllowedError as error:
        return render_template("stakeholders/keying_closed.html", survey=survey, message=str(error)), 403
    if saved is None:
        return _keyed_form_page(survey, draft, reading.values, reading.errors, reading.field_errors, received_text), 400
    return redirect(url_for(".show_keyed_response", response_id=response_id))


def _keyed_form_page(
    survey: Survey,
    draft: Draft,
    values: FormValues,
    errors: dict[str, str],
    field_errors: dict[str, str],
    received_text: str,
) -> str:
    return render_template(
        "stakeholders/enter_keyed_form.html",
        survey=survey,
        draft=draft,
        values=values,
        errors=[{"text": text, "href": f"#{anchor}"} for anchor, text in errors.items()],
        field_errors=field_errors,
        received_error=errors.get("date_received"),
        received_text=received_text,
        conditions=page_conditions(draft.definition),
        organisation=keying.organisation_of(draft.response),
        with_not_answered=with_not_answered,
    )


@roles_required(Role.OFFICER)
def show_keyed_response(response_id: int) -> ResponseReturnValue:
    survey, draft = keying.get_keyed_draft(response_id)
    if draft.response.status != ResponseStatus.SUBMITTED:
        return redirect(url_for(".enter_keyed_form", response_id=response_id))
    return render_template(
        "stakeholders/show_keyed_response.html",
        survey=survey,
        response=draft.response,
        rows=summary_rows(draft.definition, draft.answers),
    )
