"""Sample responses for the demo's resident survey, so `make run` shows an officer themes with quotes, answers to
recode and enough officer coding to train the learned coder.

They go through the same services a real officer uses: a CSV file (built in memory from the survey's import template)
is imported by the demo officer, which validates every row through the survey engine and analyses the free text as it
is stored; then the demo officer codes 30 of the answers as the coding page would. The closed answers are drawn from
a seeded random generator, so every run builds the same file. Comments and coding: `demo_data/resident_responses.yaml`.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from app.analysis.coding import recode_answer
from app.extensions import db
from app.models import Answer, AnswerCoding, Consultation, ImportBatch, Survey, User
from app.models.types import utcnow
from app.stakeholders.errors import KeyingNotAllowedError
from app.stakeholders.imports import import_responses, template_csv
from app.surveys.definitions_service import definition_of
from app.surveys.engine import AnswerItem, Question, QuestionType, SurveyDefinition
from app.surveys.engine.routing import visible_questions

DATA = Path(__file__).parent / "demo_data" / "resident_responses.yaml"
FILENAME = "demo-sample-responses.csv"
SEED = 2022
NOT_AN_OPINION = frozenset({"dont_know", "not_applicable", "prefer_not_to_say", "other"})
SKIP_OPTIONAL = 0.06
T = QuestionType


def seed_resident_responses(consultation: Consultation, officer: User) -> list[str]:
    """Import the sample responses once; a survey that already has them is left alone."""
    survey = next(s for s in consultation.surveys if s.slug == "resident")
    if (
        db.session.scalar(
            select(ImportBatch.id).where(ImportBatch.survey_id == survey.id, ImportBatch.filename == FILENAME)
        )
        is not None
    ):
        return ["The resident survey already has the demo's sample responses."]
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    try:
        outcome = import_responses(officer, survey, FILENAME, sample_csv(survey, data), utcnow())
    except KeyingNotAllowedError:
        return ["The demo consultation is not open, so no sample responses were added."]
    if not outcome.ok:
        problems = "; ".join(f"row {p.row} {p.column}: {p.message}" for p in outcome.problems[:5])
        raise ValueError(f"The demo's sample responses do not fit the resident survey: {problems}")
    coded = code_as_officer(consultation, officer, data["comments"])
    return [
        f"Added {outcome.row_count} sample responses to the resident survey; the demo officer has coded "
        f"{coded} of their comments."
    ]


def sample_csv(survey: Survey, data: Mapping[str, Any]) -> bytes:
    """The import file: the survey's template header, then one row per response."""
    template = template_csv(survey)
    header = next(csv.reader(io.StringIO(template.lstrip("\ufeff"))))
    definition = definition_of(survey.current_version)
    rng = random.Random(SEED)
    count = int(data["count"])
    comments = _place_comments(data["comments"], count, rng)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\r\n")
    for index in range(count):
        generator = _Respondent(data["profile"], data["postcode_districts"], rng)
        writer.writerow(generator.answer(definition, comments.get(index, {})))
    return (template + out.getvalue()).encode("utf-8")


def _place_comments(
    comments: Mapping[str, list[dict[str, Any]]], count: int, rng: random.Random
) -> dict[int, dict[str, str]]:
    """Each comment goes to one response, chosen at random; a response may get comments on several questions."""
    placed: dict[int, dict[str, str]] = {}
    for question_id, items in comments.items():
        for index, item in zip(rng.sample(range(count), len(items)), items, strict=True):
            placed.setdefault(index, {})[question_id] = item["text"]
    return placed


class _Respondent:
    """One made-up resident: how worried they are sets the tone of their closed answers."""

    def __init__(self, profile: Mapping[str, Any], districts: Mapping[str, list[str]], rng: random.Random) -> None:
        self.profile, self.districts, self.rng = profile, districts, rng
        self.worry = rng.betavariate(2, 2.5)

    def answer(self, definition: SurveyDefinition, comments: Mapping[str, str]) -> dict[str, str]:
        chosen: dict[str, tuple[AnswerItem, ...]] = {}
        cells: dict[str, str] = {}
        for page in definition.pages:
            for question in visible_questions(definition, page, chosen):
                if question.id in comments:
                    cells[question.id] = comments[question.id]
                if not (question.choices or question.type is T.POSTCODE) or self._skips(question):
                    continue
                values = self._values(question, cells)
                if values:
                    cells[question.id] = ";".join(values)
                    chosen[question.id] = tuple(AnswerItem(question.id, None, value) for value in values)
        return cells

    def _skips(self, question: Question) -> bool:
        return not question.required and not question.rows and self.rng.random() < SKIP_OPTIONAL

    def _values(self, question: Question, cells: dict[str, str]) -> list[str]:
        spec = self.profile.get(question.id, {})
        if question.rows:
            shifts = spec.get("row_shift", {})
            for row in question.rows:
                cells[f"{question.id}:{row.value}"] = self._one(question, spec, shifts.get(row.value, 0.0))
            return []
        if question.type is T.POSTCODE:
            return self._postcode(cells.get("ward", ""))
        if question.type is T.MULTIPLE_CHOICE:
            return self._several(question, spec)
        if question.type is T.RANKING:
            return self._ranking(question, spec)
        return [self._one(question, spec, 0.0)]

    def _one(self, question: Question, spec: Mapping[str, Any], shift: float) -> str:
        if "weights" in spec:
            weights = spec["weights"]
            return self.rng.choices(list(weights), weights=list(weights.values()))[0]
        opinions = [o.value for o in question.choices if o.value not in NOT_AN_OPINION]
        others = [o.value for o in question.choices if o.value in NOT_AN_OPINION and o.value != "other"]
        if others and self.rng.random() < 0.05:
            return self.rng.choice(others)
        lean = spec.get("lean")
        if lean is None:
            return self.rng.choice(opinions)
        level = abs(self.rng.gauss(0, 0.2)) if lean == "agree" else self.worry + shift + self.rng.gauss(0, 0.18)
        level = min(max(level, 0.0), 1.0)
        position = 1 - level if lean == "calm" else level
        return opinions[round(position * (len(opinions) - 1))]

    def _several(self, question: Question, spec: Mapping[str, Any]) -> list[str]:
        weights = spec.get("weights") or {o.value: 30 for o in question.options if o.value not in NOT_AN_OPINION}
        ticked = [value for value, percent in weights.items() if self.rng.random() * 100 < percent]
        if not ticked:
            ticked = self.rng.choices(list(weights), weights=list(weights.values()))
        exclusive = [value for value in ticked if value in question.exclusive]
        if exclusive:
            return exclusive[:1]
        if question.max_choices and len(ticked) > question.max_choices:
            ticked = sorted(self.rng.sample(ticked, question.max_choices), key=list(weights).index)
        return ticked

    def _ranking(self, question: Question, spec: Mapping[str, Any]) -> list[str]:
        weights = dict(spec.get("weights") or {o.value: 1 for o in question.options})
        picked: list[str] = []
        while weights and len(picked) < question.effective_pick:
            value = self.rng.choices(list(weights), weights=list(weights.values()))[0]
            picked.append(value)
            del weights[value]
        return picked

    def _postcode(self, ward: str) -> list[str]:
        districts = self.districts.get(ward)
        if not districts or self.rng.random() < 0.5:
            return []
        return [f"{self.rng.choice(districts)} {self.rng.randint(1, 9)}"]


def code_as_officer(consultation: Consultation, officer: User, comments: Mapping[str, list[dict[str, Any]]]) -> int:
    """Record the officer's coding of the comments the data file codes, through the coding page's own service."""
    coded = [item for items in comments.values() for item in items if "coded" in item]
    answer_ids = dict(
        db.session.execute(
            select(Answer.value, Answer.id)
            .join(AnswerCoding, AnswerCoding.answer_id == Answer.id)
            .where(AnswerCoding.consultation_id == consultation.id, Answer.value.in_([item["text"] for item in coded]))
            .order_by(Answer.id)
        ).all()
    )
    for item in coded:
        recode_answer(
            consultation, answer_ids[item["text"]], item["coded"]["themes"], item["coded"]["sentiment"], officer
        )
    return len(coded)
