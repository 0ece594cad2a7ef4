"""The analysis as JSON for re-use (dashboards elsewhere, the published results): aggregates and redacted quotes,
never raw answers.

Schema 2: a hidden count is ``null`` with ``"suppressed": true`` and no share (schema 1 had no hidden counts). A
count is hidden by the one rule every table follows (``app.reports.suppression``: a group of 1 to 9 people, or a
number that would give one away; pupils' by the schools' rules), so this file hides exactly what the dashboard, the
report and the Excel export hide. ``held_back_by_safeguarding`` is ``null`` when 1 to 9; ``pupil_surveys`` says why a
pupil survey has no closed-question results yet. Every key is described in ``docs/exports.md``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.models import Consultation
from app.reports.dashboard import Count, QuestionResult
from app.reports.report_data import Report, build_report

SCHEMA = "safervoice.analysis/2"


def _count(c: Count) -> dict[str, Any]:
    if c.suppressed:
        return {"key": c.key, "label": c.label, "count": None, "share": None, "suppressed": True}
    return {"key": c.key, "label": c.label, "count": c.count, "share": round(c.share, 4)} | (
        {"ranked_first": c.first} if c.first is not None else {}
    )


def _counts(counts: tuple[Count, ...]) -> list[dict[str, Any]]:
    return [_count(c) for c in counts]


def _question(result: QuestionResult) -> dict[str, Any]:
    data: dict[str, Any] = {
        "survey": result.survey_slug,
        "key": result.key,
        "label": result.label,
        "type": result.type,
        "answered": result.base,
    }
    if result.rows:
        data["rows"] = [
            {"key": line.key, "label": line.label, "answered": line.base, "answers": _counts(line.cells)}
            for line in result.rows
        ]
    else:
        data["answers"] = _counts(result.options)
    if result.previous is not None:
        data["previous"] = {"consultation": result.previous_title, **_question(result.previous)}
    return data


def analysis_document(report: Report) -> dict[str, Any]:
    dashboard, consultation = report.dashboard, report.consultation
    return {
        "schema": SCHEMA,
        "generated_at_utc": report.generated_at_utc.isoformat(),
        "consultation": {
            "id": consultation.id,
            "slug": consultation.slug,
            "title": consultation.title,
            "open_at_utc": consultation.open_at_utc.isoformat(),
            "close_at_utc": consultation.close_at_utc.isoformat(),
        },
        "responses": {
            "sent": dashboard.total,
            "in_progress": dashboard.in_progress,
            "held_back_by_safeguarding": dashboard.held_back,
            "by_day": _counts(dashboard.by_day),
            "by_channel": _counts(dashboard.by_channel),
            "by_audience": _counts(dashboard.by_audience),
            "by_ward": _counts(dashboard.by_ward),
        },
        "closed_questions": [_question(result) for result in dashboard.questions],
        "pupil_surveys": [{"survey": note.survey_title, "results": note.status} for note in dashboard.pupil_notes],
        "sentiment": _counts(dashboard.sentiment),
        "themes": [
            {
                "key": t.key,
                "label": t.label,
                "count": t.count,
                "share": round(t.share, 4),
                "sentiment": t.sentiment,
                "by_audience": _counts(t.by_audience),
                "quotes": [
                    {"audience": audience, "text": q.text, "sentiment": q.sentiment}
                    for audience, quotes in t.quotes
                    for q in quotes
                ],
            }
            for t in report.themes
        ],
        "representativeness": {
            "source": report.profile.source if report.profile else None,
            "dimensions": [
                {
                    "dimension": d.dimension,
                    "question": d.question_label,
                    "respondents": d.respondents,
                    "categories": [
                        {
                            "category": c.category,
                            "population": c.population,
                            "population_share": round(c.population_share, 4),
                            "respondents": c.respondents,
                            "suppressed": c.matched and c.suppressed,
                            "under_represented": c.under_represented,
                        }
                        for c in d.categories
                    ],
                }
                for d in report.comparisons
            ],
        },
    }


def write_json(consultation: Consultation, path: Path, progress: Callable[[int, int], None] | None = None) -> int:
    document = analysis_document(build_report(consultation))
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    if progress:
        progress(1, 1)
    return 1
