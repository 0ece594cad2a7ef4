from __future__ import annotations

from app.surveys.engine import AnswerItem, format_answer, parse_definition, summary_rows

DEFINITION = parse_definition(
    {
        "schema_version": 1,
        "slug": "display",
        "title": "Display",
        "audience": "public",
        "pages": [
            {
                "id": "one",
                "title": "One",
                "questions": [
                    {
                        "id": "help",
                        "type": "multiple_choice",
                        "label": "Help",
                        "options": ["Better lighting", "CCTV"],
                        "other": True,
                    },
                    {
                        "id": "safe",
                        "type": "grid",
                        "label": "Safe",
                        "rows": ["At home", "In parks"],
                        "options": ["Very safe", "Very unsafe"],
                    },
                    {"id": "top", "type": "ranking", "label": "Top", "options": ["Drugs", "Knife crime", "ASB"]},
                    {"id": "when", "type": "date", "label": "When"},
                    {"id": "ward", "type": "ward", "label": "Ward"},
                    {"id": "agree", "type": "consent", "label": "I agree"},
                    {"id": "intro", "type": "information", "body": "Hello"},
                ],
            },
            {
                "id": "two",
                "title": "Two",
                "questions": [
                    {
                        "id": "more",
                        "type": "short_text",
                        "label": "More",
                        "show_if": {"question": "help", "equals": "cctv"},
                    },
                ],
            },
        ],
    }
)
q = DEFINITION.question


def test_not_answered_when_empty() -> None:
    assert format_answer(q("help"), ()) == ["Not answered"]


def test_choice_labels_and_other_text() -> None:
    items = (
        AnswerItem("help", None, "better_lighting"),
        AnswerItem("help", None, "other"),
        AnswerItem("help", "other", "Wardens"),
    )

    assert format_answer(q("help"), items) == ["Better lighting", "Other: Wardens"]


def test_grid_rows_in_row_order_with_labels() -> None:
    items = (AnswerItem("safe", "in_parks", "very_unsafe"), AnswerItem("safe", "at_home", "very_safe"))

    assert format_answer(q("safe"), items) == ["At home: Very safe", "In parks: Very unsafe"]


def test_ranking_numbered_by_position() -> None:
    items = (AnswerItem("top", None, "asb", 2), AnswerItem("top", None, "knife_crime", 1))

    assert format_answer(q("top"), items) == ["1. Knife crime", "2. ASB"]


def test_date_ward_and_consent() -> None:
    assert format_answer(q("when"), (AnswerItem("when", None, "2024-05-01"),)) == ["1 May 2024"]
    assert format_answer(q("ward"), (AnswerItem("ward", None, "campbell_park_old_woughton"),)) == [
        "Campbell Park & Old Woughton"
    ]
    assert format_answer(q("agree"), (AnswerItem("agree", None, "yes"),)) == ["Yes"]


def test_summary_rows_cover_visible_questions_with_change_links() -> None:
    answers = {"help": (AnswerItem("help", None, "better_lighting"),), "more": (AnswerItem("more", None, "stale"),)}

    rows = summary_rows(DEFINITION, answers)

    assert [(row.page_id, row.question.id) for row in rows] == [
        ("one", "help"),
        ("one", "safe"),
        ("one", "top"),
        ("one", "when"),
        ("one", "ward"),
        ("one", "agree"),
    ]
    assert rows[0].lines == ("Better lighting",)
    assert rows[1].lines == ("Not answered",)
    assert rows[1].anchor == "safe-at_home"
