"""Generate N sent responses of the demo resident survey straight into a database with bulk inserts.

    DATABASE_URL=sqlite:////tmp/bench.db .venv/bin/python bench/generate_responses.py [--n 100000] [--seed 0]

Migrates and seeds the demo if needed, then writes responses, their answer rows (every closed question answered,
one long-text comment in a quarter of responses) and the analysis of those comments (each distinct comment is
analysed once and its coding copied), with ``executemany`` in batches. Prints rows written and seconds taken.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select, text  # noqa: E402

from app.extensions import db  # noqa: E402
from app.models import Consultation, Survey, SurveyQuestion  # noqa: E402
from app.surveys.definitions_service import definition_of  # noqa: E402
from app.surveys.engine import Question  # noqa: E402

BATCH = 5000
COMMENT_SHARE = 0.25
CHANNELS = ["online"] * 7 + ["paper", "email", "import"]
COMMENTS = [
    "Drug dealing near the school is a big problem and nobody does anything",
    "Kids on motorbikes ripping round the estate at night, it is anti social behaviour every evening",
    "The underpass by the shops has no lighting and I don't feel safe walking the redways after dark",
    "We never see police on patrol any more, bring back the PCSOs",
    "My car was broken into twice this year and my neighbour was burgled",
    "Speeding on the main road past the primary school, someone will be killed",
    "Scam calls targeting older neighbours, my mum lost money to fraud online",
    "The youth club closed and there is nothing for young people to do",
    "Street drinking outside the off licence every afternoon, it is intimidating",
    "The neighbourhood team have been brilliant since the new sergeant started",
    "Women are harassed at the bus station at night, catcalling and following",
    "County lines gangs are using children to move drugs, knife crime is rising",
    "Email me at someone@example.com if you want to know more, it's all fine round here",
]


def _answers(question: Question, rng: random.Random) -> list[tuple[str | None, str, int | None]]:
    values = [option.value for option in question.choices if option.value != "other"]
    kind = question.type.value
    if question.has_rows:
        return [(row.value, rng.choice(values), None) for row in question.rows]
    if kind in ("single_choice", "ward", "face_scale", "consent"):
        return [(None, rng.choice(values), None)]
    if kind == "multiple_choice":
        return [(None, value, None) for value in rng.sample(values, k=min(len(values), rng.randint(1, 3)))]
    if kind == "ranking":
        picked = rng.sample(values, k=min(len(values), question.effective_pick))
        return [(None, value, position) for position, value in enumerate(picked, start=1)]
    if kind == "postcode":
        return [(None, f"MK{rng.randint(1, 19)} {rng.randint(1, 9)}", None)]
    if kind == "long_text" and rng.random() < COMMENT_SHARE:
        return [(None, rng.choice(COMMENTS), None)]
    return []


def _plan(survey: Survey) -> tuple[list[Question], dict[str, int], int]:
    version = survey.current_version
    ids = dict(
        db.session.execute(
            select(SurveyQuestion.key, SurveyQuestion.id).where(SurveyQuestion.survey_version_id == version.id)
        ).all()
    )
    return list(definition_of(version).questions), ids, version.id


def generate(consultation: Consultation, n: int, seed: int = 0) -> dict[str, int]:
    """Insert ``n`` sent responses of the consultation's ``residents`` survey; commits per batch."""
    survey = next(s for s in consultation.surveys if s.audience.value == "public")
    questions, ids, version_id = _plan(survey)
    rng, run = random.Random(seed), uuid.uuid4().hex[:6]
    now = datetime.now(UTC).replace(tzinfo=None)
    connection = db.session.connection()
    start_id = (connection.execute(text("SELECT COALESCE(MAX(id), 0) FROM responses")).scalar() or 0) + 1
    written = {"responses": 0, "answers": 0}
    for batch_start in range(0, n, BATCH):
        responses, answers = [], []
        for offset in range(batch_start, min(n, batch_start + BATCH)):
            rid = start_id + offset
            submitted = now - timedelta(minutes=rng.randint(0, 60 * 24 * 30))
            responses.append(
                (
                    rid,
                    consultation.id,
                    version_id,
                    "public",
                    rng.choice(CHANNELS),
                    "submitted",
                    f"B{run}{offset:09d}",
                    f"bench-{run}-{offset}",
                    submitted,
                    submitted,
                    submitted,
                )
            )
            for question in questions:
                for item, value, position in _answers(question, rng):
                    answers.append((rid, ids[question.id], item, value, position))
        connection.exec_driver_sql(
            "INSERT INTO responses (id, consultation_id, survey_version_id, audience, channel, status, reference, "
            f"draft_key, created_at_utc, updated_at_utc, submitted_at_utc) VALUES ({_marks(11, connection)})",
            responses,
        )
        connection.exec_driver_sql(
            f"INSERT INTO answers (response_id, question_id, item, value, position) VALUES ({_marks(5, connection)})",
            answers,
        )
        written["responses"] += len(responses)
        written["answers"] += len(answers)
        db.session.commit()
        connection = db.session.connection()
    written["codings"] = _code_comments(consultation, [ids[q.id] for q in questions if q.type.value == "long_text"])
    db.session.commit()
    return written


def _marks(count: int, connection: Any) -> str:
    mark = "?" if connection.dialect.name == "sqlite" else "%s"
    return ", ".join([mark] * count)


def _code_comments(consultation: Consultation, question_ids: list[int]) -> int:
    """Analyse each distinct comment once with the app's engine and copy its coding to every answer with it."""
    from app.analysis.codebooks import codebook_for
    from app.analysis.engine import analyse_answer

    codebook, revision = codebook_for(consultation)
    analyses = {comment: analyse_answer(comment, codebook) for comment in COMMENTS}
    connection = db.session.connection()
    rows = connection.execute(
        text(
            "SELECT a.id, a.value FROM answers a LEFT JOIN answer_codings c ON c.answer_id = a.id "
            f"WHERE c.answer_id IS NULL AND a.question_id IN ({', '.join(str(i) for i in question_ids)})"
        )
    ).all()
    codings, themes = [], []
    for answer_id, value in rows:
        analysis = analyses.get(value)
        if analysis is None:
            continue
        codings.append(
            (
                answer_id,
                consultation.id,
                analysis.sentiment,
                analysis.polarity,
                analysis.confidence,
                analysis.redacted_text,
                False,
                revision,
            )
        )
        themes += [(answer_id, consultation.id, match.theme_id, "codebook", "[]") for match in analysis.themes]
    connection.exec_driver_sql(
        "INSERT INTO answer_codings (answer_id, consultation_id, sentiment, polarity, confidence, redacted_text, "
        f"officer_coded, codebook_revision) VALUES ({_marks(8, connection)})",
        codings,
    )
    connection.exec_driver_sql(
        "INSERT INTO answer_themes (answer_id, consultation_id, theme_key, source, triggers) "
        f"VALUES ({_marks(5, connection)})",
        themes,
    )
    return len(codings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    from bench.reports_bench import demo_app

    app = demo_app(os.environ.get("DATABASE_URL") or "")
    with app.app_context():
        from app.demo import DEMO_SLUG

        consultation = db.session.scalar(select(Consultation).where(Consultation.slug == DEMO_SLUG))
        started = time.perf_counter()
        written = generate(consultation, args.n, args.seed)
        print(
            f"Wrote {written['responses']:,} responses, {written['answers']:,} answer rows and "
            f"{written['codings']:,} codings in {time.perf_counter() - started:.1f} s"
        )


if __name__ == "__main__":
    main()
