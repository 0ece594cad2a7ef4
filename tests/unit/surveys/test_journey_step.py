"""The one question-page step every journey uses, run against a fake draft store: no request, no database."""

from __future__ import annotations

from datetime import date

import pytest

from app.surveys import journey_step
from app.surveys.engine import AnswerItem, Answers, ErrorCode, UnknownPageError, load_definition
from app.surveys.journey_step import Destination, Navigation

DEFINITION = load_definition(
    """
schema_version: 1
slug: residents
title: Residents' survey
audience: public
pages:
  - id: feeling-safe
    title: Feeling safe
    questions:
      - id: safe_day
        type: single_choice
        label: How safe do you feel in your area during the day?
        required: true
        options: [{value: safe, label: Safe}, {value: unsafe, label: Unsafe}]
  - id: why
    title: Why
    show_if: {question: safe_day, equals: unsafe}
    questions:
      - id: why_unsafe
        type: long_text
        label: What makes you feel unsafe?
        required: true
  - id: age
    title: Your age
    questions:
      - id: age
        type: number
        label: How old are you?
        required: true
  - id: comments
    title: Anything else
    questions:
      - id: comments
        type: long_text
        label: Any other comments?
""",
    "yaml",
)
TODAY = date(2026, 11, 1)


class FakeStore:
    """Keeps answers in a dict and records every save, as the real stores keep them in a draft or a cookie."""

    definition = DEFINITION

    def __init__(self, answers: Answers | None = None) -> None:
        self.kept: dict[str, tuple[AnswerItem, ...]] = dict(answers or {})
        self.saves: list[Answers] = []

    def answers(self) -> Answers:
        return dict(self.kept)

    def save(self, page_answers: Answers) -> Answers:
        self.saves.append(page_answers)
        self.kept.update(page_answers)
        return dict(self.kept)


def _one(question: str, value: str) -> dict[str, tuple[AnswerItem, ...]]:
    return {question: (AnswerItem(question, None, value),)}


def test_a_valid_page_is_saved_and_leads_to_the_next_page_its_answers_show() -> None:
    store = FakeStore()
    step = journey_step.answer_page(store, "feeling-safe", {"safe_day": ["unsafe"]}, today=TODAY)
    assert step.ok and store.saves == [_one("safe_day", "unsafe")]
    assert step.destination == Destination("why")
    skipped = journey_step.answer_page(FakeStore(), "feeling-safe", {"safe_day": ["safe"]}, today=TODAY)
    assert skipped.destination == Destination("age")


def test_an_invalid_page_saves_nothing_and_comes_back_with_its_errors_and_typed_values() -> None:
    store = FakeStore()
    step = journey_step.answer_page(store, "age", {"age": ["twelve"]}, today=TODAY)
    assert not step.ok and step.destination is None and store.saves == []
    assert step.view.result is not None and step.view.result.errors["age"].code is ErrorCode.NOT_A_WHOLE_NUMBER
    assert step.view.values["age"] == "twelve"


def test_the_last_page_leads_to_check_answers() -> None:
    step = journey_step.answer_page(FakeStore(), "comments", {"comments": ["More patrols"]}, today=TODAY)
    assert step.destination == Destination() and step.destination.is_check_answers


def test_a_change_returns_to_the_changed_row_of_check_answers() -> None:
    store = FakeStore({**_one("safe_day", "safe"), **_one("age", "40")})
    step = journey_step.answer_page(store, "age", {"age": ["41"]}, Navigation(change="age"), today=TODAY)
    assert step.destination == Destination(anchor="answer-age")
    assert store.kept["age"] == (AnswerItem("age", None, "41"),)
    unknown = journey_step.answer_page(store, "age", {"age": ["42"]}, Navigation(change="nope"), today=TODAY)
    assert unknown.destination == Destination(anchor=None)


def test_after_a_refused_send_each_save_leads_to_the_next_gap_then_check_answers() -> None:
    store = FakeStore(_one("safe_day", "unsafe"))
    gaps = Navigation(incomplete=True)
    step = journey_step.answer_page(store, "why", {"why_unsafe": ["Dark streets"]}, gaps, today=TODAY)
    assert step.destination == Destination("age", incomplete=True)
    last = journey_step.answer_page(store, "age", {"age": ["30"]}, gaps, today=TODAY)
    assert last.destination == Destination()


def test_a_page_opened_after_a_refused_send_shows_what_is_missing() -> None:
    store = FakeStore(_one("safe_day", "unsafe"))
    view = journey_step.show_page(store, "why", Navigation(incomplete=True))
    assert view.result is not None and view.result.errors["why_unsafe"].code is ErrorCode.REQUIRED
    assert journey_step.show_page(store, "why").result is None
    assert journey_step.show_page(FakeStore({**_one("age", "30")}), "age", Navigation(incomplete=True)).result is None


def test_a_page_shows_its_saved_answers() -> None:
    view = journey_step.show_page(FakeStore(_one("age", "30")), "age")
    assert view.values["age"] == "30" and view.result is None


def test_an_unknown_page_is_refused() -> None:
    with pytest.raises(UnknownPageError):
        journey_step.show_page(FakeStore(), "no-such-page")
    with pytest.raises(UnknownPageError):
        journey_step.answer_page(FakeStore(), "no-such-page", {})


def test_a_reading_with_errors_is_never_saved() -> None:
    store = FakeStore()
    bad = journey_step.answer_page(FakeStore(), "age", {"age": [""]}, today=TODAY).view.result
    assert bad is not None and journey_step.save_reading(store, bad) is None and store.saves == []


def test_a_resumed_response_carries_on_after_the_last_answered_page() -> None:
    assert journey_step.resume_destination(DEFINITION, {}) == Destination("feeling-safe")
    assert journey_step.resume_destination(DEFINITION, _one("safe_day", "safe")) == Destination("age")
    assert journey_step.resume_destination(DEFINITION, _one("comments", "Thanks")) == Destination()
    assert journey_step.resume_destination(DEFINITION, {}, sent=True) == Destination()
