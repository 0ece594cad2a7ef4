"""A paper form keyed on one page is read by the survey engine with blanks allowed and errors about the form."""

from __future__ import annotations

from datetime import date

from app.stakeholders.keyed_form import blanks_allowed, read_keyed_form, stored_values, with_not_answered
from app.surveys.engine import AnswerItem, ErrorCode, ValidationError, load_definition
from app.surveys.messages import officer
from tests.factories import FIXTURES

TODAY = date(2026, 11, 1)
DEFINITION = load_definition((FIXTURES / "mini_survey.yaml").read_text(), "yaml")


def test_every_error_code_has_a_keyed_wording_about_the_form() -> None:
    assert set(officer.KEYED) == set(ErrorCode)
    assert officer.word_keyed(ValidationError(ErrorCode.NOT_A_WHOLE_NUMBER), "How old are you?") == (
        "The form's answer to 'How old are you?' must be a whole number, like 12"
    )


def test_blanks_are_allowed_without_changing_the_survey() -> None:
    assert DEFINITION.question("safe_day").required
    assert not any(question.required for question in blanks_allowed(DEFINITION).questions)
    reading = read_keyed_form(DEFINITION, {}, TODAY)
    assert reading.ok and all(items == () for items in reading.answers.values())


def test_answers_on_every_page_are_read_in_one_go() -> None:
    reading = read_keyed_form(
        DEFINITION,
        {"safe_day": ["unsafe"], "why_unsafe": ["Dark"], "top-1": ["drugs"], "comments": ["More patrols"]},
        TODAY,
    )
    assert reading.ok
    assert reading.answers["why_unsafe"] == (AnswerItem("why_unsafe", None, "Dark"),)
    assert reading.answers["top"] == (AnswerItem("top", None, "drugs", 1),)
    assert stored_values(DEFINITION, reading.answers)["top-1"] == "drugs"


def test_a_typed_value_is_kept_to_show_again_when_another_answer_is_wrong() -> None:
    reading = read_keyed_form(DEFINITION, {"ward": ["Atlantis"], "comments": ["Keep me"]}, TODAY)
    assert reading.errors == {
        "ward": "The form's answer to 'Which ward do you live in?' must be one of the options listed"
    }
    assert reading.field_errors == {"ward": reading.errors["ward"]}
    assert reading.values["comments"] == "Keep me"


def test_radios_start_with_not_answered_which_reads_as_a_blank() -> None:
    shown = with_not_answered(DEFINITION.question("safe_day"))
    assert [option.label for option in shown.choices][:2] == ["Not answered", "Safe"]
    assert with_not_answered(DEFINITION.question("top")) == DEFINITION.question("top")
    reading = read_keyed_form(DEFINITION, {"safe_day": [""], "top-1": ["drugs"]}, TODAY)
    assert reading.ok and reading.answers["safe_day"] == ()
