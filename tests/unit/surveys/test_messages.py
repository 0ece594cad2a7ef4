"""The engine reports errors as codes with parameters; residents, officers and pupils each read them in their words.

Pupils' words are held to Flesch-Kincaid grade 5 or below (reading age about 10), scored with textstat as in
tests/integration/schools/test_readability.py.
"""

from __future__ import annotations

from datetime import date

import pytest
import textstat

from app.surveys.engine import ErrorCode, QuestionType, ValidationError, parse_definition, read_page
from app.surveys.messages import officer, pupil, resident, wording_for
from tests.unit.surveys.bad_answers import BAD_ANSWERS, definition

TODAY = date(2024, 11, 1)
MAX_GRADE = 5.0
DEFINITION = parse_definition(definition("public"))


def engine_error(label: str) -> ValidationError:
    bad = BAD_ANSWERS[label]
    result = read_page(DEFINITION, bad.page, bad.form, {}, today=TODAY)
    assert list(result.errors) == [bad.page] and result.answers[bad.page] == (), label
    return result.errors[bad.page]


def every_pupil_error() -> list[ValidationError]:
    """Each bad answer's error as the engine gives it, and the variants of those whose wording depends on params."""
    required = [
        ValidationError(ErrorCode.REQUIRED, {"question_type": str(kind)})
        for kind in QuestionType
        if kind is not QuestionType.INFORMATION
    ]
    variants = [
        ValidationError(ErrorCode.NUMBER_OUT_OF_RANGE, {"min": 0}),
        ValidationError(ErrorCode.NUMBER_OUT_OF_RANGE, {"max": 99}),
        ValidationError(ErrorCode.TOO_MANY_CHOICES, {"max": 1}),
        ValidationError(ErrorCode.DATE_INCOMPLETE, {"missing": ("day", "month")}),
        ValidationError(ErrorCode.OTHER_NOT_SELECTED, {"other_label": "Other — please specify"}),
    ]
    return [engine_error(label) for label in BAD_ANSWERS] + required + variants


def test_every_error_code_has_a_resident_and_a_pupil_wording() -> None:
    assert set(resident.WORDINGS) == set(ErrorCode)
    assert set(pupil.WORDINGS) == set(ErrorCode)


def test_the_bad_answers_give_every_error_code() -> None:
    given = {label: engine_error(label).code for label in BAD_ANSWERS}
    assert given == {label: bad.code for label, bad in BAD_ANSWERS.items()}
    assert set(given.values()) == set(ErrorCode)


def test_the_engine_gives_codes_with_the_facts_a_wording_needs() -> None:
    assert engine_error("too long") == ValidationError(ErrorCode.TOO_LONG, {"max": 20})
    assert engine_error("too many") == ValidationError(ErrorCode.TOO_MANY_CHOICES, {"max": 2})
    assert engine_error("out of range") == ValidationError(ErrorCode.NUMBER_OUT_OF_RANGE, {"min": 1, "max": 10})
    assert engine_error("date part missing") == ValidationError(ErrorCode.DATE_INCOMPLETE, {"missing": ("month",)})
    assert engine_error("exclusive") == ValidationError(ErrorCode.EXCLUSIVE_OPTION, {"option": "Not sure"})
    assert engine_error("other typed, not ticked").params == {"other_label": "Something else"}
    assert engine_error("a row missed").params == {"row": "In parks"}
    assert engine_error("nothing chosen") == ValidationError(ErrorCode.REQUIRED, {"question_type": "single_choice"})


@pytest.mark.parametrize("label", list(BAD_ANSWERS))
def test_residents_and_officers_read_the_messages_they_always_have(label: str) -> None:
    error = engine_error(label)
    assert resident.word(error) == BAD_ANSWERS[label].resident
    assert officer.word(error) == BAD_ANSWERS[label].resident


@pytest.mark.parametrize("label", list(BAD_ANSWERS))
def test_pupils_read_their_own_words(label: str) -> None:
    assert pupil.word(engine_error(label)) == BAD_ANSWERS[label].pupil


def test_every_pupil_wording_reads_at_grade_five_or_below() -> None:
    texts = {pupil.word(error) for error in every_pupil_error()}
    graded = {text: float(textstat.flesch_kincaid_grade(text)) for text in texts}
    assert len(texts) >= 25
    assert {text: grade for text, grade in graded.items() if grade > MAX_GRADE} == {}


def test_an_authors_own_required_message_is_shown_as_written_to_everyone() -> None:
    custom = ValidationError(ErrorCode.REQUIRED, {"question_type": "single_choice", "custom": "Pick your year"})
    row = ValidationError(ErrorCode.ROW_REQUIRED, {"row": "At school", "custom": "Pick a face for At school"})
    assert resident.word(custom) == pupil.word(custom) == "Pick your year"
    assert resident.word(row) == pupil.word(row) == "Pick a face for At school"


def test_an_imported_cell_names_the_value_it_could_not_match() -> None:
    error = ValidationError(ErrorCode.NOT_AN_OPTION)
    assert officer.word_cell(error, "Purple") == "'Purple' is not one of the options"
    assert officer.word_cell(error, "") == "This is not one of the options"
    assert officer.word_cell(ValidationError(ErrorCode.TOO_LONG, {"max": 5}), "abcdef") == (
        "Your answer must be 5 characters or less"
    )


def test_a_schools_survey_is_worded_for_pupils_and_the_rest_for_residents() -> None:
    assert wording_for("schools") is pupil.word
    assert wording_for("public") is resident.word and wording_for("stakeholder") is resident.word
