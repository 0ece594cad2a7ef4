"""Last year's consultation for the demo, so the dashboard, the report and the exports show this year's results beside
last year's for every question the two annual resident surveys share.

The partnership runs the same resident survey every year; the demo's "last year" is a closed consultation that opened
a year before this one, with the same survey (same slug and questions) and 150 sent responses drawn by the demo's own
made-up residents (``app.demo_responses``) from slightly different weights, so the two years differ as real years
would (more worry about anti-social behaviour, less about violence against women and girls, before this year's
strategy named it). The rows are validated through the survey engine like an import, then stored as sent responses
dated across last year's consultation window. Seeded, so every run gives the same figures.
"""

from __future__ import annotations

import copy
import random
from datetime import timedelta
from typing import Any

import yaml
from sqlalchemy import select

from app.analysis.codebooks import ensure_codebook
from app.demo_responses import DATA, _Respondent
from app.extensions import db
from app.models import Consultation, ConsultationStatus, ResponseChannel
from app.models.types import utcnow
from app.stakeholders.csv_format import read_row
from app.stakeholders.imports import sent_response
from app.surveys.definitions_service import create_survey, definition_of, question_ids

SLUG_SUFFIX = "-last-year"
RESPONSES = 150
SEED = 2025
RUN_WEEKS = 8
LAST_YEAR_WEIGHTS = {
    "top_priorities": {"anti_social_behaviour": 38, "vawg": 6, "serious_violence": 26},
    "how_report": {"call_101": 64, "online_police": 38},
}
CHANNELS = (ResponseChannel.ONLINE, ResponseChannel.ONLINE, ResponseChannel.ONLINE, ResponseChannel.PAPER)


def seed_last_year(consultation: Consultation) -> list[str]:
    """Create last year's consultation and its responses once; one that exists is left alone."""
    slug = consultation.slug + SLUG_SUFFIX
    if db.session.scalar(select(Consultation.id).where(Consultation.slug == slug)) is not None:
        return ["Last year's consultation already exists."]
    resident = next(s for s in consultation.surveys if s.slug == "resident")
    opens = consultation.open_at_utc - timedelta(days=364)
    last_year = Consultation(
        slug=slug,
        title=f"Community safety survey {opens.year}",
        summary="Last year's annual survey on crime and community safety.",
        open_at_utc=opens,
        close_at_utc=opens + timedelta(weeks=RUN_WEEKS),
        status=ConsultationStatus.PUBLISHED,
    )
    db.session.add(last_year)
    db.session.flush()
    ensure_codebook(last_year)
    survey = create_survey(last_year, definition_of(resident.current_version))
    stored = add_sample_responses(last_year, survey, RESPONSES, LAST_YEAR_WEIGHTS)
    return [
        f"Added last year's consultation '{last_year.title}' with {stored} sent resident responses, shown "
        "beside this year's results."
    ]


def add_sample_responses(
    consultation: Consultation, survey: Any, count: int, weights: dict[str, dict[str, int]] | None = None
) -> int:
    """``count`` made-up residents' sent responses (closed answers only), received at random moments between the
    consultation's opening and its close or now, whichever is earlier; flushes."""
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    profile = _changed_profile(data["profile"], weights or {})
    rng = random.Random(SEED)
    version = survey.current_version
    definition, ids, now = definition_of(version), question_ids(version), utcnow()
    window = (min(consultation.close_at_utc, now) - consultation.open_at_utc).total_seconds()
    stored = 0
    for index in range(count):
        cells = _Respondent(profile, data["postcode_districts"], rng).answer(definition, {})
        reading = read_row(definition, cells, consultation.open_at_utc.date())
        if reading.problems:
            raise ValueError(f"Sample response {index} does not fit the survey: {reading.problems[:3]}")
        received = consultation.open_at_utc + timedelta(seconds=rng.random() * window)
        db.session.add(
            sent_response(
                survey,
                version,
                ids,
                reading.answers,
                channel=CHANNELS[index % len(CHANNELS)],
                entered_by_id=None,
                now=now,
                received_at_utc=received,
            )
        )
        stored += 1
    db.session.flush()
    return stored


def _changed_profile(profile: dict[str, Any], weights: dict[str, dict[str, int]]) -> dict[str, Any]:
    changed = copy.deepcopy(profile)
    for question, question_weights in weights.items():
        changed.setdefault(question, {}).setdefault("weights", {}).update(question_weights)
    return changed
