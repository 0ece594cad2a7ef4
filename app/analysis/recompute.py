"""Recomputing a consultation's coding after a codebook change, as a background job with progress.

Officer-coded answers are never overwritten. When officers have coded enough answers, the learned coder trained on
their coding suggests themes and sentiment for the rest (it falls back on codebook keywords for rare themes, and
themes no officer has used yet are found by their phrases). Its agreement with officers is measured and stored here,
off the request (training is too slow for a page view), beside the codebook's agreement on the same held-back
answers; the coder's themes and its sentiment are each used only if they agreed better.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Row, func, select

from app.analysis.codebooks import codebook_for
from app.analysis.coding import store_analysis
from app.analysis.engine.codebook import Codebook, ThemeMatch
from app.analysis.engine.pipeline import AnswerAnalysis, analyse_answer
from app.extensions import db
from app.jobs.runner import Progress
from app.models import Answer, AnswerCoding, AnswerTheme, CoderAgreement, Consultation, Job

if TYPE_CHECKING:
    # The learned coder and its agreement pull in scikit-learn and SciPy: imported in the job that uses them, not
    # when the web app starts.
    from app.analysis.engine.agreement import AgreementReport
    from app.analysis.engine.learned import CodedAnswer, LearnedCoder

BATCH = 500
MIN_CODED_FOR_LEARNING = 20
ROUGH_BELOW_HELD_BACK = 30  # fewer held-back answers than this and the agreement figures are flagged as rough


def count_officer_coded(consultation: Consultation) -> int:
    """The same answers ``officer_coded`` returns, counted, so a stored agreement's ``n_coded`` compares with it."""
    return db.session.scalar(
        select(func.count(AnswerCoding.answer_id))
        .join(Answer, Answer.id == AnswerCoding.answer_id)
        .where(AnswerCoding.consultation_id == consultation.id, AnswerCoding.officer_coded.is_(True))
    ) or 0


def officer_coded(consultation: Consultation) -> list[CodedAnswer]:
    from app.analysis.engine.learned import CodedAnswer

    rows = db.session.execute(
        select(Answer.id, Answer.value, AnswerCoding.sentiment)
        .join(AnswerCoding, AnswerCoding.answer_id == Answer.id)
        .where(AnswerCoding.consultation_id == consultation.id, AnswerCoding.officer_coded.is_(True))
        .order_by(Answer.id)
    ).all()
    themes: dict[int, list[str]] = {}
    for answer_id, key in db.session.execute(
        select(AnswerTheme.answer_id, AnswerTheme.theme_key)
        .where(AnswerTheme.answer_id.in_([row[0] for row in rows])).order_by(AnswerTheme.theme_key)
    ):
        themes.setdefault(answer_id, []).append(key)
    return [CodedAnswer(text, tuple(themes.get(answer_id, ())), sentiment) for answer_id, text, sentiment in rows]


@dataclass(frozen=True)
class LearnedUse:
    """The trained coder and what it is trusted with: only what it agreed with officers on better than the codebook
    and lexicon did, on the same held-back answers."""

    coder: LearnedCoder
    themes: bool
    sentiment: bool


def recompute_analysis(job: Job, progress: Progress) -> None:
    from app.analysis.engine.learned import train_coder

    consultation = db.session.get(Consultation, job.consultation_id)
    codebook, revision = codebook_for(consultation)
    todo = list(db.session.execute(
        select(Answer.id, Answer.value)
        .join(AnswerCoding, AnswerCoding.answer_id == Answer.id)
        .where(AnswerCoding.consultation_id == consultation.id, AnswerCoding.officer_coded.is_(False))
        .order_by(Answer.id)
    ))
    coded = officer_coded(consultation)
    db.session.commit()  # each step commits before reporting progress, which writes on a connection of its own
    learned = None
    if len(coded) >= MIN_CODED_FOR_LEARNING:
        progress.update(0, len(todo), "Checking the learned coder against officers' coding")
        report = _store_agreement(job, consultation, coded, codebook)
        db.session.commit()
        if report.learned_themes_better or report.learned_sentiment_better:
            progress.update(0, len(todo), "Learning from officers' coding")
            coder = train_coder(coded, codebook, uncoded_texts=[text for _, text in todo[:5000]])
            learned = LearnedUse(coder, report.learned_themes_better, report.learned_sentiment_better)
    progress.update(0, len(todo), "Recomputing themes and sentiment")
    source = "learned" if learned is not None and learned.themes else "codebook"
    for start in range(0, len(todo), BATCH):
        batch = todo[start:start + BATCH]
        for (answer_id, _text), analysis in zip(batch, _analyse(batch, codebook, learned), strict=True):
            store_analysis(consultation.id, answer_id, analysis, revision, source=source)
        db.session.commit()
        progress.update(start + len(batch), message=f"Recomputed {start + len(batch)} of {len(todo)} answers")


def _store_agreement(
    job: Job, consultation: Consultation, coded: list[CodedAnswer], codebook: Codebook
) -> AgreementReport:
    from app.analysis.engine.agreement import measure_agreement

    report = measure_agreement(coded, codebook, unlearned_keywords=True)
    db.session.add(CoderAgreement(
        consultation_id=consultation.id, job_id=job.id, n_coded=len(coded), n_train=report.n_train,
        n_holdout=report.n_holdout, sentiment_accuracy=report.sentiment_accuracy,
        sentiment_macro_f1=report.sentiment_macro_f1, themes_micro_f1=report.themes_micro_f1,
        themes_samples_f1=report.themes_samples_f1, themes_macro_f1=report.themes_macro_f1,
        codebook_sentiment_macro_f1=report.codebook_sentiment_macro_f1,
        codebook_themes_samples_f1=report.codebook_themes_samples_f1,
        learned_themes_used=report.learned_themes_better, learned_sentiment_used=report.learned_sentiment_better,
    ))
    db.session.flush()
    return report


def _analyse(batch: list[Row[tuple[int, str]]], codebook: Codebook, learned: LearnedUse | None) -> list[AnswerAnalysis]:
    results = [analyse_answer(text, codebook) for _, text in batch]
    if learned is None:
        return results
    suggestions = learned.coder.suggest([text for _, text in batch], unlearned_keywords=learned.themes)
    combined = []
    for analysis, suggestion in zip(results, suggestions, strict=True):
        themes = analysis.themes
        if learned.themes:
            triggers = {match.theme_id: match.triggers for match in analysis.themes}
            themes = tuple(ThemeMatch(key, triggers.get(key, ())) for key in suggestion.theme_ids)
        sentiment, confidence = analysis.sentiment, analysis.confidence
        if learned.sentiment and suggestion.sentiment:
            sentiment, confidence = suggestion.sentiment, suggestion.sentiment_confidence or confidence
        combined.append(AnswerAnalysis(sentiment, analysis.polarity, confidence, themes, analysis.redacted_text))
    return combined
