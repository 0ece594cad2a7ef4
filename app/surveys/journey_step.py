"""One question-page step for every journey: read the page, validate it with the engine, save it, decide where next.

Residents, invited organisations, pupils, the builder's preview and officers keying a paper form all answer the same
survey definitions, so the step is written once here, after the router of the ONS questionnaire runner: a view says
which page was posted and how the respondent got there (a "Change" link, a refused Send), the service does the rest
and returns a small result, and the view only picks the template and turns the destination into its own URL.

Where answers live differs by journey, so the service works on a ``DraftStore``: the resident's draft in the
database, the pupil's draft with its safeguarding holds, the preview's answers in the officer's session cookie, or
an officer's keyed form. Like the engine, this module imports nothing from Flask or the database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from app.surveys.engine import (
    Answers,
    FormValues,
    PageResult,
    SurveyDefinition,
    missing_required,
    next_page_id,
    page_values,
    read_page,
    resume_page_id,
)

Form = Mapping[str, Sequence[str]]


class DraftStore(Protocol):
    """Where one respondent's answers to one survey are kept while they are written."""

    @property
    def definition(self) -> SurveyDefinition: ...

    def answers(self) -> Answers:
        """The answers saved so far (empty before the first save)."""
        ...

    def save(self, page_answers: Answers) -> Answers:
        """Store the answers of one page (or a whole keyed form) and return every answer now kept; may raise the
        journey's own domain errors (closed survey, response already sent), which its view words."""
        ...


class Reading(Protocol):
    """A validated submission: a page's ``PageResult`` or an officer's whole keyed form."""

    @property
    def ok(self) -> bool: ...

    @property
    def answers(self) -> Answers: ...


@dataclass(frozen=True)
class Navigation:
    """How the respondent reached the page: ``change`` is the question id of the check-answers row whose "Change"
    link they followed; ``incomplete`` that a Send was refused for missing answers and they are filling the gaps."""

    change: str | None = None
    incomplete: bool = False


ONWARD = Navigation()
"""Plain "Save and continue": no change link followed, no refused Send."""


@dataclass(frozen=True)
class Destination:
    """Where to go next: question page ``page_id`` (``incomplete`` carried on while gaps remain), or check your
    answers when ``page_id`` is None, scrolled to row ``anchor`` after a change."""

    page_id: str | None = None
    anchor: str | None = None
    incomplete: bool = False

    @property
    def is_check_answers(self) -> bool:
        return self.page_id is None


@dataclass(frozen=True)
class PageView:
    """What a question page shows: the form's values, and the errors to show (None when there are none)."""

    values: FormValues
    result: PageResult | None = None


@dataclass(frozen=True)
class StepResult:
    """A posted page: ``destination`` when it was saved; otherwise ``view`` shows the page again with its errors."""

    view: PageView
    destination: Destination | None = None
    answers: Answers | None = None

    @property
    def ok(self) -> bool:
        return self.destination is not None


def show_page(store: DraftStore, page_id: str, navigation: Navigation = ONWARD) -> PageView:
    """A page as it opens: its saved answers; after a refused Send, checked as if saved, so the GOV.UK error summary
    says what is still needed. Raises ``UnknownPageError`` for a page the survey does not have."""
    definition, answers = store.definition, store.answers()
    definition.page(page_id)
    if navigation.incomplete:
        missing = read_page(definition, page_id, page_values(definition, page_id, answers), answers)
        if not missing.ok:
            return PageView(missing.values, missing)
    return PageView(page_values(definition, page_id, answers))


def answer_page(
    store: DraftStore, page_id: str, form: Form, navigation: Navigation = ONWARD, *, today: date | None = None
) -> StepResult:
    """Read, validate and save one posted page, then route. Nothing is saved unless the whole page is valid."""
    definition, answers = store.definition, store.answers()
    result = read_page(definition, page_id, form, answers, today=today)
    saved = save_reading(store, result)
    if saved is None:
        return StepResult(PageView(result.values, result))
    return StepResult(PageView(result.values), next_destination(definition, page_id, saved, navigation), saved)


def save_reading(store: DraftStore, reading: Reading) -> Answers | None:
    """The part every journey shares, officers' keyed forms included: save only a reading with no errors. Returns
    the answers now kept, or None when nothing was saved."""
    return store.save(reading.answers) if reading.ok else None


def next_destination(
    definition: SurveyDefinition, page_id: str, answers: Answers, navigation: Navigation = ONWARD
) -> Destination:
    """After a saved page: back to the changed row after a "Change"; after a refused Send, on to the next page still
    missing a required answer; else the next page the answers lead to, or check your answers after the last."""
    if navigation.change is not None:
        return back_to_check(definition, navigation)
    if navigation.incomplete:
        missing = missing_required(definition, answers)
        return Destination(definition.page_id_of(missing[0]), incomplete=True) if missing else Destination()
    return Destination(next_page_id(definition, page_id, answers))


def back_to_check(definition: SurveyDefinition, navigation: Navigation) -> Destination:
    """Check your answers, at the row a "Change" link came from (the top if it names no question of the survey)."""
    change = navigation.change or ""
    return Destination(anchor=f"answer-{change}" if definition.has_question(change) else None)


def resume_destination(definition: SurveyDefinition, answers: Answers, *, sent: bool = False) -> Destination:
    """Where "Continue your response" and a resume link lead: the page after the last one answered, so nobody is
    dropped on check your answers with pages still to do; check your answers once every page is answered, or when
    an organisation comes back to change the response it sent."""
    return Destination(None if sent else resume_page_id(definition, answers))
