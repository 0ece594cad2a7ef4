"""The CSV import layout: one column per question, grid rows as `question:row`, `;` for several choices; each row is
read through the survey engine and problems name the cell to fix."""

from __future__ import annotations

from datetime import date

from app.stakeholders.csv_format import columns, read_row
from app.surveys.engine import AnswerItem, load_definition

DEFINITION = load_definition(
    """
schema_version: 1
slug: mixed
title: Mixed
audience: public
pages:
  - id: one
    title: One
    questions:
      - {id: intro, type: information, label: Intro, body: Hello}
      - {id: kind, type: single_choice, label: Kind, required: true, options: [Resident, Business], other: true}
      - {id: feel, type: grid, label: Feel, rows: [Day, Night], options: [Safe, Unsafe]}
  - id: two
    title: Two
    show_if: {question: kind, equals: business}
    questions:
      - {id: staff, type: number, label: Staff, min: 1}
  - id: three
    title: Three
    questions:
      - {id: top, type: ranking, label: Top, pick: 2, options: [Drugs, Knives, Litter]}
      - {id: seen, type: multiple_choice, label: Seen, options: [Drugs, Knives]}
      - {id: when, type: date, label: When}
""",
    "yaml",
)
TODAY = date(2025, 1, 31)


def test_columns_follow_the_survey_with_grid_rows_and_other_text() -> None:
    assert [column.name for column in columns(DEFINITION)] == [
        "kind",
        "kind:other",
        "feel:day",
        "feel:night",
        "staff",
        "top",
        "seen",
        "when",
    ]


def test_a_full_row_becomes_answer_items_by_value_or_label() -> None:
    reading = read_row(
        DEFINITION,
        {
            "kind": "Other",
            "kind:other": "=1+1",
            "feel:day": "SAFE",
            "feel:night": "unsafe",
            "top": "knives; drugs",
            "seen": "Drugs;Knives",
            "when": "30/01/2025",
        },
        TODAY,
    )
    assert reading.problems == []
    assert reading.answers == {
        "kind": (AnswerItem("kind", None, "other"), AnswerItem("kind", "other", "=1+1")),
        "feel": (AnswerItem("feel", "day", "safe"), AnswerItem("feel", "night", "unsafe")),
        "top": (AnswerItem("top", None, "knives", 1), AnswerItem("top", None, "drugs", 2)),
        "seen": (AnswerItem("seen", None, "drugs"), AnswerItem("seen", None, "knives")),
        "when": (AnswerItem("when", None, "2025-01-30"),),
    }


def test_problems_name_the_column_and_say_what_is_wrong() -> None:
    reading = read_row(
        DEFINITION, {"kind": "", "feel:day": "sometimes", "top": "Drugs;Drugs", "when": "tomorrow", "staff": "3"}, TODAY
    )
    problems = {problem.column: problem.message for problem in reading.problems}
    assert problems["kind"] == "Select an answer"
    assert problems["feel:day"].startswith("'sometimes' is not one of the options. Use one of: safe, unsafe")
    assert problems["top"] == "You cannot choose 'Drugs' more than once"
    assert problems["when"] == "Enter a date like 2024-11-30 or 30/11/2024"
    assert problems["staff"].startswith("This question does not apply")


def test_a_question_shown_by_an_earlier_answer_is_read_and_checked() -> None:
    assert read_row(DEFINITION, {"kind": "business", "staff": "12"}, TODAY).answers["staff"] == (
        AnswerItem("staff", None, "12"),
    )
    problems = read_row(DEFINITION, {"kind": "business", "staff": "0"}, TODAY).problems
    assert [(p.column, p.message) for p in problems] == [("staff", "Enter a number that is 1 or more")]
