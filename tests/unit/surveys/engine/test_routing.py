from __future__ import annotations

import pytest

from app.surveys.engine import (
    AnswerItem,
    SurveyDefinition,
    UnknownPageError,
    first_page,
    missing_required,
    next_page_id,
    parse_definition,
    previous_page_id,
    progress,
    prune_hidden,
    resume_page_id,
    visible_pages,
    visible_questions,
)


def routed_survey() -> SurveyDefinition:
    return parse_definition(
        {
            "schema_version": 1,
            "slug": "routed",
            "title": "Routed",
            "audience": "public",
            "pages": [
                {
                    "id": "start",
                    "title": "Start",
                    "questions": [
                        {
                            "id": "changed",
                            "type": "single_choice",
                            "label": "Changed?",
                            "required": True,
                            "options": ["Yes", "No", "Prefer not to say"],
                        },
                    ],
                },
                {
                    "id": "what-changed",
                    "title": "What changed",
                    "show_if": {"question": "changed", "equals": "yes"},
                    "questions": [
                        {
                            "id": "changes",
                            "type": "multiple_choice",
                            "label": "What?",
                            "required": True,
                            "options": ["Routes", "Times", "Other places"],
                        },
                    ],
                },
                {
                    "id": "places",
                    "title": "Places",
                    "questions": [
                        {"id": "place", "type": "short_text", "label": "Where?"},
                        {
                            "id": "why",
                            "type": "long_text",
                            "label": "Why?",
                            "required": True,
                            "show_if": {"question": "place", "answered": True},
                        },
                    ],
                },
                {
                    "id": "follow-up",
                    "title": "Follow up",
                    "questions": [
                        {
                            "id": "detail",
                            "type": "short_text",
                            "label": "Tell us more",
                            "show_if": {"question": "changes", "any_of": ["routes", "times"]},
                        },
                    ],
                },
                {
                    "id": "end",
                    "title": "End",
                    "questions": [
                        {"id": "agree", "type": "consent", "label": "I agree"},
                    ],
                },
            ],
        }
    )


def answer(question_id: str, *values: str) -> tuple[AnswerItem, ...]:
    return tuple(AnswerItem(question_id, None, value) for value in values)


def test_first_page_is_the_first_listed() -> None:
    assert first_page(routed_survey()).id == "start"


def test_yes_routes_through_the_follow_up_pages() -> None:
    definition = routed_survey()
    answers = {"changed": answer("changed", "yes"), "changes": answer("changes", "routes")}

    assert next_page_id(definition, "start", answers) == "what-changed"
    assert next_page_id(definition, "what-changed", answers) == "places"
    assert next_page_id(definition, "places", answers) == "follow-up"
    assert next_page_id(definition, "end", answers) is None
    assert [page.id for page in visible_pages(definition, answers)] == [
        "start", "what-changed", "places", "follow-up", "end",
    ]  # fmt: skip


def test_no_skips_the_pages_whose_questions_are_all_hidden() -> None:
    definition = routed_survey()
    answers = {"changed": answer("changed", "no")}

    assert next_page_id(definition, "start", answers) == "places"
    assert next_page_id(definition, "places", answers) == "end"
    assert previous_page_id(definition, "end", answers) == "places"
    assert previous_page_id(definition, "places", answers) == "start"
    assert previous_page_id(definition, "start", answers) is None
    assert progress(definition, "places", answers) == (2, 3)


def test_stale_answers_behind_a_changed_answer_do_not_route() -> None:
    definition = routed_survey()
    answers = {"changed": answer("changed", "no"), "changes": answer("changes", "routes")}

    assert next_page_id(definition, "places", answers) == "end"


def test_unknown_page_raises() -> None:
    with pytest.raises(UnknownPageError):
        next_page_id(routed_survey(), "nowhere", {})


def test_visible_questions_follow_same_page_conditions() -> None:
    definition = routed_survey()

    without_place = visible_questions(definition, "places", {})
    with_place = visible_questions(definition, "places", {"place": answer("place", "The underpass")})

    assert [q.id for q in without_place] == ["place"]
    assert [q.id for q in with_place] == ["place", "why"]


def test_prune_hidden_removes_answers_of_questions_now_hidden() -> None:
    definition = routed_survey()
    answers = {
        "changed": answer("changed", "no"),
        "changes": answer("changes", "routes"),
        "detail": answer("detail", "Took the long way"),
        "place": answer("place", "Park"),
        "why": answer("why", "Dark"),
        "retired_question": answer("retired_question", "x"),
    }

    assert prune_hidden(definition, answers) == {
        "changed": answer("changed", "no"),
        "place": answer("place", "Park"),
        "why": answer("why", "Dark"),
    }


def test_prune_hidden_keeps_answers_that_are_still_shown() -> None:
    definition = routed_survey()
    answers = {"changed": answer("changed", "yes"), "changes": answer("changes", "times")}

    assert prune_hidden(definition, answers) == answers


def test_missing_required_lists_visible_unanswered_required_questions() -> None:
    definition = routed_survey()

    assert missing_required(definition, {}) == ["changed", "agree"]
    assert missing_required(definition, {"changed": answer("changed", "yes")}) == ["changes", "agree"]
    assert missing_required(
        definition,
        {"changed": answer("changed", "no"), "place": answer("place", "Park"), "agree": answer("agree", "yes")},
    ) == ["why"]


def test_missing_required_is_empty_when_complete() -> None:
    answers = {"changed": answer("changed", "prefer_not_to_say"), "agree": answer("agree", "yes")}

    assert missing_required(routed_survey(), answers) == []


def test_missing_required_needs_every_grid_row() -> None:
    definition = parse_definition(
        {
            "schema_version": 1,
            "slug": "grid",
            "title": "Grid",
            "audience": "public",
            "pages": [
                {
                    "id": "one",
                    "title": "One",
                    "questions": [
                        {
                            "id": "g",
                            "type": "grid",
                            "label": "G",
                            "required": True,
                            "rows": ["Day", "Night"],
                            "options": ["Safe", "Unsafe"],
                        },
                    ],
                }
            ],
        }
    )

    assert missing_required(definition, {"g": (AnswerItem("g", "day", "safe"),)}) == ["g"]
    assert missing_required(definition, {"g": (AnswerItem("g", "day", "safe"), AnswerItem("g", "night", "safe"))}) == []


def test_page_count_never_grows_as_the_respondent_goes_on() -> None:
    """Pages that hang on questions not reached yet are counted until an answer skips them."""
    definition = routed_survey()

    assert progress(definition, "start", {}) == (1, 5)
    assert progress(definition, "what-changed", {"changed": answer("changed", "yes")}) == (2, 5)
    chose = {"changed": answer("changed", "yes"), "changes": answer("changes", "routes")}
    assert progress(definition, "places", chose) == (3, 5)
    assert progress(definition, "places", {"changed": answer("changed", "no")}) == (2, 3)
    after_places = {"changed": answer("changed", "no"), "place": answer("place", "Park")}
    assert progress(definition, "end", after_places) == (3, 3)


def test_a_question_passed_unanswered_decides_the_pages_that_hang_on_it() -> None:
    definition = routed_survey()
    passed = {"changed": answer("changed", "yes")}

    assert progress(definition, "follow-up", {**passed, "changes": answer("changes", "times")}) == (4, 5)
    assert progress(definition, "end", passed) == (4, 4)


def test_resume_page_is_the_page_after_the_last_answered() -> None:
    definition = routed_survey()

    assert resume_page_id(definition, {}) == "start"
    assert resume_page_id(definition, {"changed": answer("changed", "no")}) == "places"
    assert resume_page_id(definition, {"changed": answer("changed", "yes")}) == "what-changed"
    answered_places = {
        "changed": answer("changed", "no"),
        "place": answer("place", "Park"),
        "why": answer("why", "Dark"),
    }
    assert resume_page_id(definition, answered_places) == "end"
    assert resume_page_id(definition, {**answered_places, "agree": answer("agree", "yes")}) is None
