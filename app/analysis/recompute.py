"""Recomputing a consultation's coding after a codebook change, as a background job with progress.

Officer-coded answers are never overwritten. When officers have coded enough answers, the learned coder trained on
their coding suggests themes and sentiment for the rest (it falls back on codebook keywords for rare themes, and
themes no officer has used yet are found by their phrases). Its agreement with officers is measured and stored here,
off the request (training is too slow for a page view), beside the codebook's agreement on the same held-back
answers; the coder's themes and its sentiment are each used only if they agreed better on at least 50 held-back
answers with a paired bootstrap interval of the gain above zero (``engine.gate``).

Every answer is analysed before any is stored: a recompute that would move the overall sentiment or theme
distribution by more than 20 points is held for an officer to confirm (``recompute_review``) and changes nothing;
a confirmed recompute (``params["confirmed"]``) is stored whatever it moves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Row, delete, func, insert, select, update

from app.analysis.codebooks import codebook_for
from app.analysis.engine.codebook import Codebook, ThemeMatch
from app.analysis.engine.pipeline import AnswerAnalysis, analyse_answers
from app.analysis.recompute_progress import StagedProgress
from app.analysis.recompute_review import Coding, current_codings, hold_for_review
from app.extensions import db
from app.jobs.runner import Progress
from app.models import Answer, AnswerCoding, AnswerTheme, CoderAgreement, Consultation, Job

if TYPE_CHECKING:
    # The learned coder and its agreement pull in numpy, TextBlob and the encoder: imported in the job that uses
    # them, not when the web app starts.
    from app.analysis.engine.agreement import AgreementReport
    from app.analysis.engine.gate import GainInterval
    from app.analysis.engine.learned import CodedAnswer, LearnedCoder, Suggestion

BATCH = 500
MIN_CODED_FOR_LEARNING = 20
ROUGH_BELOW_HELD_BACK = 30  # fewer held-back answers than this and the agreement figures are flagged as rough
MIN_HELD_BACK = 50  # engine.gate.MIN_HELD_BACK, without importing NumPy into the web app to read it


def count_officer_coded(consultation: Consultation) -> int:
    """The same answers ``officer_coded`` returns, counted, so a stored agreement's ``n_coded`` compares with it."""
    return (
        db.session.scalar(
            select(func.count(AnswerCoding.answer_id))
            .join(Answer, Answer.id == AnswerCoding.answer_id)
            .where(AnswerCoding.consultation_id == consultation.id, AnswerCoding.officer_coded.is_(True))
        )
        or 0
    )


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
        .where(AnswerTheme.answer_id.in_([row[0] for row in rows]))
        .order_by(AnswerTheme.theme_key)
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
    consultation = db.session.get(Consultation, job.consultation_id)
    codebook, revision = codebook_for(consultation)
    todo = list(
        db.session.execute(
            select(Answer.id, Answer.value)
            .join(AnswerCoding, AnswerCoding.answer_id == Answer.id)
            .where(AnswerCoding.consultation_id == consultation.id, AnswerCoding.officer_coded.is_(False))
            .order_by(Answer.id)
        )
    )
    coded = officer_coded(consultation)
    confirmed = bool(job.params.get("confirmed"))  # read now: after a commit, reading it would open a transaction
    db.session.commit()  # each step commits before reporting progress, which writes on a connection of its own
    staged = StagedProgress(progress)
    learned = _learned_use(job, consultation, coded, codebook, todo, staged)
    analyses = _analyse_all(todo, codebook, learned, staged)
    if not confirmed and _held_for_review(job, consultation, todo, analyses, staged):
        return
    source = "learned" if learned is not None and learned.themes else "codebook"
    staged.start("save")
    for start in range(0, len(todo), BATCH):
        ids = [answer_id for answer_id, _text in todo[start : start + BATCH]]
        _store_batch(consultation.id, list(zip(ids, analyses[start : start + BATCH], strict=True)), revision, source)
        db.session.commit()
        done = min(start + BATCH, len(todo))
        staged.answers(done, len(todo))


def _store_batch(consultation_id: int, pairs: list[tuple[int, AnswerAnalysis]], revision: int, source: str) -> None:
    """The rows ``coding.store_analysis`` writes, for a batch of answers in three statements (an executemany
    UPDATE, one DELETE and one INSERT of themes) instead of a SELECT, DELETE and INSERT per answer."""
    db.session.execute(
        update(AnswerCoding),
        [
            {
                "answer_id": answer_id,
                "sentiment": a.sentiment,
                "polarity": a.polarity,
                "confidence": a.confidence,
                "redacted_text": a.redacted_text,
                "officer_coded": False,
                "codebook_revision": revision,
            }
            for answer_id, a in pairs
        ],
    )
    db.session.execute(
        delete(AnswerTheme)
        .where(AnswerTheme.answer_id.in_([answer_id for answer_id, _ in pairs]))
        .execution_options(synchronize_session=False)
    )
    themes = [
        {
            "answer_id": answer_id,
            "consultation_id": consultation_id,
            "theme_key": match.theme_id,
            "source": source,
            "triggers": list(match.triggers),
        }
        for answer_id, a in pairs
        for match in a.themes
    ]
    if themes:
        db.session.execute(insert(AnswerTheme), themes)


def _held_for_review(
    job: Job,
    consultation: Consultation,
    todo: list[Row[tuple[int, str]]],
    analyses: list[AnswerAnalysis],
    progress: StagedProgress,
) -> bool:
    pairs = [(answer_id, analysis) for (answer_id, _), analysis in zip(todo, analyses, strict=True)]
    after = {answer_id: Coding(a.sentiment, tuple(sorted(a.theme_ids))) for answer_id, a in pairs}
    texts = {answer_id: a.redacted_text for answer_id, a in pairs}
    review = hold_for_review(job, consultation, current_codings(consultation), after, texts)
    shift = review.largest_shift if review is not None else None  # read before the commit expires it
    db.session.commit()
    if shift is None:
        return False
    progress.finish(f"Not applied: it would move {shift:.0f} points, so an officer must confirm it")
    return True


def _learned_use(
    job: Job,
    consultation: Consultation,
    coded: list[CodedAnswer],
    codebook: Codebook,
    todo: list[Row[tuple[int, str]]],
    progress: StagedProgress,
) -> LearnedUse | None:
    """The learned coder, if officers have coded enough and it passed the gate for themes or sentiment."""
    from app.analysis.engine.learned import train_coder

    if len(coded) < MIN_CODED_FOR_LEARNING:
        return None
    progress.start("check")
    report = _store_agreement(job, consultation, coded, codebook)
    db.session.commit()
    if not (report.learned_themes_better or report.learned_sentiment_better):
        return None
    progress.start("learn")
    coder = train_coder(coded, codebook, uncoded_texts=[text for _, text in todo[:5000]])
    return LearnedUse(coder, report.learned_themes_better, report.learned_sentiment_better)


def _analyse_all(
    todo: list[Row[tuple[int, str]]], codebook: Codebook, learned: LearnedUse | None, progress: StagedProgress
) -> list[AnswerAnalysis]:
    progress.start("analyse")
    analyses: list[AnswerAnalysis] = []
    for start in range(0, len(todo), BATCH):
        analyses.extend(_analyse(todo[start : start + BATCH], codebook, learned))
        progress.answers(len(analyses), len(todo))
    return analyses


def _store_agreement(
    job: Job, consultation: Consultation, coded: list[CodedAnswer], codebook: Codebook
) -> AgreementReport:
    from app.analysis.engine.agreement import measure_agreement

    report = measure_agreement(coded, codebook, unlearned_keywords=True)
    db.session.add(
        CoderAgreement(
            consultation_id=consultation.id,
            job_id=job.id,
            n_coded=len(coded),
            n_train=report.n_train,
            n_holdout=report.n_holdout,
            sentiment_accuracy=report.sentiment_accuracy,
            sentiment_macro_f1=report.sentiment_macro_f1,
            themes_micro_f1=report.themes_micro_f1,
            themes_samples_f1=report.themes_samples_f1,
            themes_macro_f1=report.themes_macro_f1,
            codebook_sentiment_macro_f1=report.codebook_sentiment_macro_f1,
            codebook_themes_samples_f1=report.codebook_themes_samples_f1,
            learned_themes_used=report.learned_themes_better,
            learned_sentiment_used=report.learned_sentiment_better,
            **_gain_columns("sentiment", report.sentiment_gain),
            **_gain_columns("themes", report.themes_gain),
        )
    )
    db.session.flush()
    return report


def _gain_columns(kind: str, interval: GainInterval | None) -> dict[str, float | None]:
    if interval is None:
        return {f"{kind}_gain": None, f"{kind}_gain_low": None, f"{kind}_gain_high": None}
    return {f"{kind}_gain": interval.gain, f"{kind}_gain_low": interval.low, f"{kind}_gain_high": interval.high}


def _analyse(batch: list[Row[tuple[int, str]]], codebook: Codebook, learned: LearnedUse | None) -> list[AnswerAnalysis]:
    """The pipeline's analyses of a batch, with the learned coder's suggestions where it is trusted; each answer is
    encoded once for both (answers the coder was trained beside are not encoded again)."""
    texts = [text for _, text in batch]
    if learned is None or learned.coder.features.vectors is None:
        results = analyse_answers(texts, codebook)
        if learned is None:
            return results
        suggestions = learned.coder.suggest(texts, unlearned_keywords=learned.themes)
    else:
        known = learned.coder.features.vectors
        vectors = known.rows(texts)
        results = analyse_answers(texts, codebook, vectors=vectors)
        with known.lent(texts, vectors):
            suggestions = learned.coder.suggest(texts, unlearned_keywords=learned.themes)
    return _combined(results, suggestions, learned)


def _combined(
    results: list[AnswerAnalysis], suggestions: list[Suggestion], learned: LearnedUse
) -> list[AnswerAnalysis]:
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
