"""A pupil joins a class session with its code, answers, asks for an adult or stops. Pupils never sign in, so every
page is public and checks the class session itself: a session closed by the teacher, or past the end of its day,
accepts nothing."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_limiter.util import get_remote_address

from app.common.access import public
from app.common.unit_of_work import keep_refused_writes
from app.extensions import limiter
from app.models import ClassSession
from app.models.types import utcnow
from app.schools import join_guard, pupils
from app.schools.forms import ConfirmForm, JoinForm
from app.surveys import journey_step
from app.surveys.engine import Answers, UnknownPageError, first_page, summary_rows
from app.surveys.errors import IncompleteResponseError, ResponseSentError, SurveyNotOpenError
from app.surveys.messages import pupil
from app.surveys.views_support import destination_url, navigation, page_context

JOIN_FAILED = 400
MESSAGES = {
    "idle": "This screen was left for a while, so we cleared it. Type the code to start again.",
    "stopped": "We deleted the answers you had not sent. This screen is clear.",
    "cleared": "This screen is clear. Nothing you did is on it now.",
    "not_taken_part": "You can ask for an adult to talk to you after you start the questions. You can also talk to "
    "a teacher you trust at any time.",
    "session_limit": "Lots of pupils in your class asked today, so your school knows to come and ask who would like "
    "to talk. You can also talk to a teacher you trust at any time.",
}
"""What pupils are told in a banner after stopping, an idle screen, or an adult-contact request that is refused."""


def _client_key() -> str:
    """IP plus a random id kept in this browser's session cookie: a class shares one school IP address."""
    if "join_client" not in session:
        session["join_client"] = secrets.token_urlsafe(12)
    return f"{get_remote_address()}:{session['join_client']}"


def _failed(response) -> bool:
    return response.status_code == JOIN_FAILED


def too_many_tries(_error: Exception) -> ResponseReturnValue:
    """Pupils see a kind page in plain words, not the staff "too many requests" page."""
    response = current_app.make_response((render_template("schools/pupils/too_many_tries.html"), 429))
    response.headers["Retry-After"] = "60"
    return response


def forget_idle_pupil() -> ResponseReturnValue | None:
    """A screen left untouched too long forgets its pupil, so the next person never sees their answers. A page they
    were still writing (a POST) is kept: the pupil is plainly still there."""
    if pupils.note_activity(session, utcnow(), forget_if_idle=request.method == "GET"):
        flash(MESSAGES["idle"])
        return redirect(url_for(".join"))
    return None


def pupil_context() -> dict[str, object]:
    return {"pupil_joined": pupils.has_joined(session)}


def _open_session() -> ClassSession | None:
    try:
        return pupils.current_session(session, utcnow())
    except pupils.SessionClosedError:
        return None


def _closed() -> ResponseReturnValue:
    return render_template("schools/pupils/session_closed.html"), 403


@limiter.limit(
    lambda: current_app.config["JOIN_CODE_FAILURES_PER_CLIENT"],
    key_func=_client_key,
    methods=["POST"],
    deduct_when=_failed,
    scope="join-client",
)
@public
def join() -> ResponseReturnValue:
    form = JoinForm()
    errors = []
    if form.validate_on_submit():
        try:
            class_session = join_guard.find_open_session(form.code.data or "", get_remote_address(), utcnow())
        except join_guard.TooManyGuessesError:
            abort(429)
        except pupils.JoinCodeError:
            keep_refused_writes()
            errors = [{"text": "That code did not work. Check the board and try again.", "href": "#code"}]
        else:
            pupils.join(session, class_session)
            return redirect(url_for(".take_part"))
    elif form.errors:
        errors = [{"text": "Type the code from the board.", "href": "#code"}]
    return render_template("schools/pupils/join.html", form=form, errors=errors), JOIN_FAILED if errors else 200


@public
def take_part() -> ResponseReturnValue:
    class_session = _open_session()
    if class_session is None:
        return _closed()
    form = ConfirmForm()
    if form.validate_on_submit():
        if request.form.get("answer") != "yes":
            pupils.forget(session)
            return redirect(url_for(".no_thanks"))
        pupils.give_assent(session, class_session)
        return redirect(url_for(".your_answers"))
    return render_template("schools/pupils/take_part.html", form=form)


@public
def no_thanks() -> ResponseReturnValue:
    return render_template("schools/pupils/no_thanks.html")


@public
def your_answers() -> ResponseReturnValue:
    class_session = _open_session() if pupils.has_assented(session) else None
    start = first_page(pupils.definition_for(class_session)).id if class_session else None
    return render_template("schools/pupils/your_answers.html", start=start)


@limiter.limit("120 per minute", methods=["POST"])
@public
def answer_page(page_id: str) -> ResponseReturnValue:
    class_session = _open_session()
    if class_session is None or not pupils.has_assented(session):
        return _closed() if class_session is None else redirect(url_for(".take_part"))
    store, route = pupils.PupilDraftStore(session, class_session, utcnow()), navigation()
    answers = store.answers()
    try:
        if request.method == "GET":
            return _question_page(class_session, store, page_id, answers, journey_step.show_page(store, page_id))
        step = journey_step.answer_page(store, page_id, request.form.to_dict(flat=False), route)
    except UnknownPageError:
        abort(404)
    except SurveyNotOpenError:
        return _closed()
    except ResponseSentError:
        pupils.finish(session)
        return redirect(url_for(".thank_you"))
    if step.destination is None:
        return _question_page(class_session, store, page_id, answers, step.view), 400
    return redirect(destination_url(step.destination, ".answer_page", ".check_answers"))


def _question_page(
    class_session: ClassSession,
    store: pupils.PupilDraftStore,
    page_id: str,
    answers: Answers,
    view: journey_step.PageView,
) -> str:
    """The question page in a pupil's words; errors, too, are worded for pupils."""
    definition, route = store.definition, navigation()
    back = destination_url(journey_step.back_to_check(definition, route), ".answer_page", ".check_answers")
    return render_template(
        "schools/pupils/answer_page.html",
        back_to_check=back if route.change else None,
        **page_context(class_session.survey, definition, page_id, answers, view, wording=pupil.word),
    )


@public
def check_answers() -> ResponseReturnValue:
    class_session = _open_session()
    if class_session is None:
        return _closed()
    draft = pupils.current_draft(session, class_session)
    if draft is None:
        return redirect(url_for(".your_answers"))
    return render_template(
        "schools/pupils/check_answers.html",
        draft=draft,
        form=ConfirmForm(),
        rows=summary_rows(draft.definition, draft.answers),
    )


@limiter.limit("60 per minute")
@public
def submit_answers() -> ResponseReturnValue:
    class_session = _open_session()
    if class_session is None:
        return _closed()
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for(".check_answers"))
    try:
        response = pupils.submit(session, class_session, utcnow())
    except SurveyNotOpenError:
        return _closed()
    except IncompleteResponseError:
        return redirect(url_for(".check_answers"))
    if response is None:
        return redirect(url_for(".thank_you" if pupils.state(session).get("done") else ".your_answers"))
    pupils.finish(session)
    return redirect(url_for(".thank_you"))


@public
def thank_you() -> ResponseReturnValue:
    if not pupils.state(session).get("done"):
        return redirect(url_for(".join"))
    return render_template(
        "schools/pupils/thank_you.html",
        form=ConfirmForm(),
        can_ask=_open_session() is not None,
        taken_part=True,
        asked=pupils.has_asked_adult(session),
    )


@public
def get_help() -> ResponseReturnValue:
    taken_part = pupils.has_taken_part(session)
    return render_template(
        "schools/pupils/get_help.html",
        form=ConfirmForm(),
        back_url=_back_url(),
        can_ask=taken_part and _open_session() is not None,
        taken_part=taken_part,
        asked=pupils.has_asked_adult(session),
    )


def _back_url() -> str:
    """Where "Go back" leads from the help page: the pupil page they came from, never another site."""
    referrer = urlsplit(request.referrer or "")
    same_site = referrer.netloc == request.host and referrer.path.startswith(url_for(".join"))
    if same_site and referrer.path != url_for(".get_help"):
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return url_for(".join")


@limiter.limit("10 per minute")
@public
def request_adult() -> ResponseReturnValue:
    class_session = _open_session()
    if class_session is None:
        return _closed()
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for(".get_help"))
    try:
        pupils.request_adult_contact(session, class_session, utcnow())
    except pupils.AdultRequestRefusedError as refused:
        if refused.reason == "already_asked":
            return redirect(url_for(".adult_request_sent"))
        flash(MESSAGES[refused.reason])
        return redirect(url_for(".get_help"))
    return redirect(url_for(".adult_request_sent"))


@public
def adult_request_sent() -> ResponseReturnValue:
    return render_template("schools/pupils/adult_request_sent.html")


@public
def finish() -> ResponseReturnValue:
    """Hand the tablet on: this browser forgets the pupil completely."""
    pupils.forget(session)
    return redirect(url_for(".join"))


@public
def stop() -> ResponseReturnValue:
    """ "Stop and clear my answers": delete what was not sent and forget the pupil, then back to the join page."""
    if ConfirmForm().validate_on_submit():
        deleted = pupils.stop(session, _open_session())
        flash(MESSAGES["stopped" if deleted else "cleared"])
    return redirect(url_for(".join"))
