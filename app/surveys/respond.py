"""A resident answers a survey: starting it, each question page, checking and sending their answers, the
confirmation, saving to finish later (by link or email), resuming, and opening an organisation's invite."""

from __future__ import annotations

from datetime import datetime

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from app.common.access import public, token_holder
from app.common.capacity import respondent_write_capacity
from app.common.forms import error_list
from app.extensions import limiter
from app.models import ResponseStatus, Survey
from app.models.types import utcnow
from app.surveys import consultations, invites, journey, journey_step, receipts, responses
from app.surveys.engine import Answers, UnknownPageError, first_page, summary_rows
from app.surveys.errors import IncompleteResponseError, InviteInvalidError, ResponseSentError, SurveyNotOpenError
from app.surveys.forms import RECEIPT_HINT, ReceiptForm, ResumeLinkEmailForm
from app.surveys.responses import Draft
from app.surveys.views_support import (
    closed_page,
    continue_url,
    invite_required_page,
    navigation,
    page_context,
    sent_page,
    survey_destination_url,
    survey_url,
)


@public
def start_survey(slug: str, survey_slug: str) -> ResponseReturnValue:
    survey = consultations.get_public_survey(slug, survey_slug)
    if not journey.may_answer(session, survey):
        return invite_required_page(survey)
    phase = survey.consultation.phase(utcnow()).value
    draft = journey.current_draft(session, survey)
    started = draft is not None and (bool(draft.answers) or draft.response.status == ResponseStatus.SUBMITTED)
    return render_template(
        "surveys/start_survey.html",
        survey=survey,
        phase=phase,
        draft=draft,
        continue_url=continue_url(survey, draft) if draft and started else None,
        organisation_name=journey.organisation_name(draft),
        first_page=first_page(journey.definition_for(survey)).id,
    )


@respondent_write_capacity()
@limiter.limit(lambda: current_app.config["RESPONDENT_PAGE_LIMIT"], methods=["POST"])
@public
def answer_page(slug: str, survey_slug: str, page_id: str) -> ResponseReturnValue:
    survey = consultations.get_public_survey(slug, survey_slug)
    if not journey.may_answer(session, survey):
        return invite_required_page(survey)
    if journey.holds_sent_response(session, survey):
        return sent_page(survey)
    now, route = utcnow(), navigation()
    try:
        responses.ensure_open(survey, now)
        store = journey.DraftStore(session, survey, now)
        store.definition.page(page_id)
    except SurveyNotOpenError as error:
        return closed_page(survey, error.phase)
    except UnknownPageError:
        abort(404)
    answers = store.answers()
    if request.method == "GET":
        return _question_page(survey, store, page_id, answers, journey_step.show_page(store, page_id, route))
    try:
        step = journey_step.answer_page(store, page_id, request.form.to_dict(flat=False), route)
    except ResponseSentError:
        return sent_page(survey)
    if step.destination is None:
        return _question_page(survey, store, page_id, answers, step.view), 400
    saving = request.form.get("action") == "save"
    journey.keep_saved_link(session, survey, journey.resume_token_for(store.draft) if saving and store.draft else None)
    if saving:
        return redirect(url_for(".show_saved", slug=slug, survey_slug=survey_slug))
    return redirect(survey_destination_url(survey, step.destination))


def _question_page(
    survey: Survey, store: journey.DraftStore, page_id: str, answers: Answers, view: journey_step.PageView
) -> str:
    definition, route = store.definition, navigation()
    back = survey_destination_url(survey, journey_step.back_to_check(definition, route)) if route.change else None
    return render_template(
        "surveys/answer_page.html",
        organisation_name=journey.organisation_name(store.draft),
        back_to_check=back,
        **page_context(survey, definition, page_id, answers, view),
    )


@public
def check_answers(slug: str, survey_slug: str) -> ResponseReturnValue:
    survey = consultations.get_public_survey(slug, survey_slug)
    draft = journey.current_draft(session, survey)
    if draft is None:
        return redirect(url_for(".start_survey", slug=slug, survey_slug=survey_slug))
    return _check_answers_page(survey, draft, ReceiptForm())


def _check_answers_page(survey: Survey, draft: Draft, form: ReceiptForm) -> ResponseReturnValue:
    errors = error_list(form)
    return render_template(
        "surveys/check_answers.html",
        survey=survey,
        draft=draft,
        receipt_form=form,
        rows=summary_rows(draft.definition, draft.answers),
        errors=errors,
        organisation_name=journey.organisation_name(draft),
        receipt_hint=RECEIPT_HINT,
        phase=survey.consultation.phase(utcnow()).value,
    ), 400 if errors else 200


@limiter.limit(lambda: current_app.config["RESPONDENT_SUBMIT_LIMIT"])
@public
def submit_response(slug: str, survey_slug: str) -> ResponseReturnValue:
    now, form = utcnow(), ReceiptForm()
    if not form.validate():
        return _refuse_receipt_address(slug, survey_slug, form)
    survey_id = consultations.find_public_survey_id(slug, survey_slug)
    key = journey.draft_key(session, survey_id) if survey_id else None
    sent = responses.submit_complete_draft(survey_id, key, now) if survey_id and key else None
    if sent is None:
        return _submit_carefully(slug, survey_slug, now, form.email.data)
    journey.finish_sent(session, survey_id, *sent)
    if form.email.data:
        _send_answers_copy(slug, survey_slug, sent[0], form.email.data)
    return redirect(url_for(".show_confirmation", slug=slug, survey_slug=survey_slug))


def _refuse_receipt_address(slug: str, survey_slug: str, form: ReceiptForm) -> ResponseReturnValue:
    """A mistyped address for the copy: nothing is sent, and check your answers says what to correct."""
    survey = consultations.get_public_survey(slug, survey_slug)
    draft = journey.current_draft(session, survey)
    if draft is None:
        return redirect(url_for(".start_survey", slug=slug, survey_slug=survey_slug))
    return _check_answers_page(survey, draft, form)


def _send_answers_copy(slug: str, survey_slug: str, reference: str, email: str) -> None:
    """Only queued here: the copy is delivered after the request's commit, so a mail problem can never lose or hold
    up the answers."""
    receipts.send_answers_copy(consultations.get_public_survey(slug, survey_slug), reference, email)
    flash(f"We have emailed a copy of your answers to {email}.", "success")


def _submit_carefully(slug: str, survey_slug: str, now: datetime, email: str | None) -> ResponseReturnValue:
    """Everything that is not a plain send: replays, incomplete answers, a closed survey."""
    survey = consultations.get_public_survey(slug, survey_slug)
    draft = journey.current_draft(session, survey)
    if draft is None and (sent := journey.sent_response(session, survey)) is not None:
        journey.finish(session, survey, sent)  # Send pressed twice: the second press sees the same confirmation
        return redirect(url_for(".show_confirmation", slug=slug, survey_slug=survey_slug))
    if draft is None:
        target = ".show_confirmation" if journey.confirmed_reference(session, survey) else ".start_survey"
        return redirect(url_for(target, slug=slug, survey_slug=survey_slug))
    unsent = draft.response.status == ResponseStatus.IN_PROGRESS
    try:
        responses.ensure_open(survey, now)
        response = responses.submit(draft, now)
    except SurveyNotOpenError as error:
        return closed_page(survey, error.phase)
    except IncompleteResponseError as error:
        first_missing = draft.definition.page_id_of(error.question_ids[0])
        return redirect(
            url_for(".answer_page", slug=slug, survey_slug=survey_slug, page_id=first_missing, incomplete=1)
        )
    journey.finish(session, survey, response)
    if email and unsent:
        _send_answers_copy(slug, survey_slug, response.reference, email)
    return redirect(url_for(".show_confirmation", slug=slug, survey_slug=survey_slug))


@public
def show_confirmation(slug: str, survey_slug: str) -> ResponseReturnValue:
    survey = consultations.get_public_survey(slug, survey_slug)
    reference = journey.confirmed_reference(session, survey)
    if reference is None:
        return redirect(url_for(".start_survey", slug=slug, survey_slug=survey_slug))
    return render_template(
        "surveys/show_confirmation.html",
        survey=survey,
        reference=reference,
        invited=journey.is_invited(session, survey),
    )


@public
def show_saved(slug: str, survey_slug: str) -> ResponseReturnValue:
    survey = consultations.get_public_survey(slug, survey_slug)
    return _saved_page(survey, ResumeLinkEmailForm())


@limiter.limit("10 per hour")
@public
def email_resume_link(slug: str, survey_slug: str) -> ResponseReturnValue:
    survey = consultations.get_public_survey(slug, survey_slug)
    form, token = ResumeLinkEmailForm(), journey.saved_link(session, survey)
    if token is None:
        return redirect(url_for(".show_saved", slug=slug, survey_slug=survey_slug))
    if not form.validate():
        return _saved_page(survey, form)
    receipts.send_resume_link(survey, form.email.data, url_for(".resume_response", token=token, _external=True))
    journey.keep_saved_link(session, survey, None)
    flash(f"We have sent the link to {form.email.data}.", "success")
    return redirect(url_for(".show_saved", slug=slug, survey_slug=survey_slug))


def _saved_page(survey: Survey, form: ResumeLinkEmailForm) -> ResponseReturnValue:
    token = journey.saved_link(session, survey)
    draft = journey.current_draft(session, survey)
    errors = error_list(form)
    return render_template(
        "surveys/show_saved.html",
        survey=survey,
        form=form,
        errors=errors,
        resume_url=url_for(".resume_response", token=token, _external=True) if token else None,
        continue_url=continue_url(survey, draft) if draft else survey_url(".start_survey", survey),
    ), 400 if errors else 200


@limiter.limit("30 per minute")
@token_holder
def resume_response(token: str) -> ResponseReturnValue:
    response = responses.find_by_resume_token(token)
    if response is None:
        return render_template("surveys/resume_link_unknown.html"), 404
    survey = journey.survey_of(response)
    if response.status == ResponseStatus.SUBMITTED:
        return render_template(
            "surveys/response_sent.html", survey=survey, reference=response.reference, from_link=True
        ), 410
    journey.remember(session, survey, response)
    return redirect(continue_url(survey, responses.load_draft(response)))


@limiter.limit("30 per minute")
@token_holder
def open_invite(token: str) -> ResponseReturnValue:
    try:
        survey, response = invites.open_invite(token, utcnow())
    except InviteInvalidError:
        return render_template("surveys/invite_invalid.html"), 404
    except SurveyNotOpenError as error:
        return render_template("surveys/invite_invalid.html", phase=error.phase), 403
    journey.remember(session, survey, response)
    slug, survey_slug = survey.consultation.slug, survey.slug
    if response.status == ResponseStatus.SUBMITTED:
        return redirect(url_for(".check_answers", slug=slug, survey_slug=survey_slug))
    return redirect(url_for(".start_survey", slug=slug, survey_slug=survey_slug))
