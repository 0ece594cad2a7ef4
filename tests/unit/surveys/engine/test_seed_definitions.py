from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from app.surveys.engine import (
    MK_WARDS,
    PREFER_NOT_TO_SAY,
    Audience,
    QuestionType,
    SurveyDefinition,
    definition_to_dict,
    load_definition,
    parse_definition,
)

ROOT = Path(__file__).resolve().parents[4]
DEFINITIONS = ROOT / "app" / "surveys" / "definitions"
ENGINE = ROOT / "app" / "surveys" / "engine"
CLOSED = {QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE, QuestionType.GRID, QuestionType.FACE_SCALE}


def load(name: str) -> SurveyDefinition:
    return parse_definition(yaml.safe_load((DEFINITIONS / f"{name}.yaml").read_text(encoding="utf-8")))


def answerable(definition: SurveyDefinition) -> list:
    return [q for q in definition.questions if q.type is not QuestionType.INFORMATION]


@pytest.mark.parametrize("name", ["resident", "stakeholder", "pupil"])
def test_seed_definition_loads_and_round_trips(name: str) -> None:
    text = (DEFINITIONS / f"{name}.yaml").read_text(encoding="utf-8")
    definition = load_definition(text, f"{name}.yaml")

    assert definition.slug == name
    assert parse_definition(definition_to_dict(definition)) == definition


def test_nineteen_wards_and_ward_question_offers_opt_outs() -> None:
    ward = load("resident").question("ward")

    assert len(MK_WARDS) == 19
    assert [option.label for option in ward.options[:19]] == list(MK_WARDS)
    assert [option.value for option in ward.options[19:]] == ["not_in_mk", PREFER_NOT_TO_SAY]


def test_resident_survey_asks_about_the_new_priorities() -> None:
    resident = load("resident")
    rows = {row.value for row in resident.question("priorities_agree").rows}

    assert resident.audience is Audience.PUBLIC
    assert {"vawg", "modern_slavery", "pandemic_recovery", "serious_violence", "domestic_abuse"} <= rows
    assert {o.value for o in resident.question("top_priorities").options} == rows
    assert resident.question("top_priorities").effective_pick == 3
    assert resident.question("vawg_improvements").max_choices == 3
    assert resident.page("priorities").description


def test_resident_closed_questions_offer_dont_know_or_prefer_not_to_say() -> None:
    opt_outs = {"dont_know", PREFER_NOT_TO_SAY, "not_sure", "not_applicable", "no_places", "nothing", "none"}
    for question in answerable(load("resident")):
        if question.type in CLOSED | {QuestionType.WARD}:
            assert opt_outs & question.choice_values, question.id


def test_resident_equality_questions_are_optional_with_prefer_not_to_say() -> None:
    equality = load("resident").page("equality")

    ids = {q.id for q in equality.questions}
    assert {"age_band", "sex", "gender_identity", "disability", "ethnic_group", "religion", "sexual_orientation"} <= ids
    assert all(q.equality and not q.required and PREFER_NOT_TO_SAY in q.choice_values for q in equality.questions)
    assert equality.description


def test_stakeholder_survey_does_not_ask_for_the_organisation_name() -> None:
    stakeholder = load("stakeholder")

    assert stakeholder.audience is Audience.STAKEHOLDER
    assert stakeholder.question("top_priorities").type is QuestionType.RANKING
    assert not any("name" in q.label.lower() for q in stakeholder.questions)


def test_pupil_survey_is_short_safe_and_offers_opt_outs_everywhere() -> None:
    pupil = load("pupil")
    questions = answerable(pupil)

    assert pupil.audience is Audience.SCHOOLS
    assert 10 <= len(questions) <= 12
    assert pupil.question("feel_safe_places").type is QuestionType.FACE_SCALE
    assert all(option.emoji for option in pupil.question("feel_safe_places").options[:5])
    for question in questions:
        if question.type in CLOSED:
            assert {"not_sure", PREFER_NOT_TO_SAY} <= question.choice_values or question.type is QuestionType.FACE_SCALE
    assert "name" in (pupil.question("one_thing").hint or "")
    forbidden = ("ethnic", "religio", "sexual", "disab", "postcode", "date of birth")
    assert not any(word in q.label.lower() for q in questions for word in forbidden)
    assert not any(q.type in (QuestionType.POSTCODE, QuestionType.WARD, QuestionType.DATE) for q in questions)


def test_engine_is_pure() -> None:
    allowed = {"__future__", "collections", "dataclasses", "datetime", "enum", "json", "re", "typing",
               "unicodedata", "yaml"}  # fmt: skip
    for path in ENGINE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            assert all(name.split(".")[0] in allowed for name in names), f"{path.name} imports {names}"
