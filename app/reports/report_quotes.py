"""Quotes for the themed summary: the ones an officer pins to a theme first, then the most typical of each audience,
2 to 4 per theme and never the same answer (or the same words) under two themes.

Pupils' answers are quoted only from released classes (``pupil_results.released_responses``) and only if the
safeguarding screen would not flag them today; every quote is redacted."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Select, select

from app.analysis.engine import AnalysedAnswer, redact, select_quotes
from app.analysis.engine.safeguarding import screen
from app.common.audit import record_event
from app.common.errors import NotFoundError
from app.extensions import db
from app.models import Answer, AnswerCoding, AnswerTheme, Consultation, PinnedQuote, Response, SurveyAudience, User
from app.models.types import utcnow
from app.reports import aggregates, pupil_results
from app.reports.dashboard import AUDIENCE_LABELS
from app.reports.traceability import TraceabilityError

REQUEST = re.compile(r"\b(need|needs|needed|should|want|wish|please|more|better|bring back|stop)\b", re.IGNORECASE)
"""Words of an answer that asks for something, for a priority's "What people asked for"."""
QUOTE_POOL = 200
MAX_QUOTES = 4
PER_AUDIENCE = 2


@dataclass(frozen=True)
class ReportQuote:
    answer_id: int
    audience: str
    text: str
    sentiment: str
    pinned: bool = False


def coded_sent(consultation: Consultation, *columns):
    """Coded theme rows of sent, reportable responses of ``consultation``."""
    return (
        select(*columns)
        .select_from(AnswerTheme)
        .join(AnswerCoding, AnswerCoding.answer_id == AnswerTheme.answer_id)
        .join(Answer, Answer.id == AnswerTheme.answer_id)
        .join(Response, Response.id == Answer.response_id)
        .where(
            AnswerTheme.consultation_id == consultation.id,
            aggregates.sent(consultation.id),
            pupil_results.released_responses(utcnow()),
        )
    )


def _pool(query: Select) -> list[tuple[int, str, str, SurveyAudience]]:
    rows = db.session.execute(query).all()
    return [
        (answer_id, text, sentiment, audience)
        for answer_id, text, sentiment, audience in rows
        if audience != SurveyAudience.SCHOOLS or screen(text).level == "none"
    ]


def _theme_pool(
    consultation: Consultation, key: str, audience: str | None = None
) -> list[tuple[int, str, str, SurveyAudience]]:
    query = coded_sent(
        consultation, Answer.id, AnswerCoding.redacted_text, AnswerCoding.sentiment, Response.audience
    ).where(AnswerTheme.theme_key == key)
    if audience is not None:
        query = query.where(Response.audience == SurveyAudience(audience))
    return _pool(query.order_by(AnswerTheme.answer_id).limit(QUOTE_POOL))


def _words(text: str) -> str:
    return " ".join(text.casefold().split())


class QuotePicker:
    """Picks each theme's quotes in turn, remembering what earlier themes used."""

    def __init__(self, consultation: Consultation) -> None:
        self.consultation = consultation
        self.used_ids: set[int] = set()
        self.used_words: set[str] = set()
        self.pins = pins_by_theme(consultation)

    def _take(self, quote: ReportQuote) -> bool:
        if quote.answer_id in self.used_ids or _words(quote.text) in self.used_words:
            return False
        self.used_ids.add(quote.answer_id)
        self.used_words.add(_words(quote.text))
        return True

    def pick(self, key: str, audiences: dict[str, int]) -> tuple[ReportQuote, ...]:
        chosen = [quote for quote in self.pins.get(key, []) if self._take(quote)][:MAX_QUOTES]
        for audience in AUDIENCE_LABELS:
            if not audiences.get(audience) or len(chosen) >= MAX_QUOTES:
                continue
            pool = [row for row in _theme_pool(self.consultation, key, audience) if row[0] not in self.used_ids]
            answers = [
                AnalysedAnswer(text=text, theme_ids=(key,), sentiment=sentiment) for _, text, sentiment, _ in pool
            ]
            taken = 0
            for quote in select_quotes(answers, list(range(len(answers))), PER_AUDIENCE + 2):
                candidate = ReportQuote(
                    pool[quote.answer_index][0], AUDIENCE_LABELS[audience], quote.text, quote.sentiment
                )
                if taken < PER_AUDIENCE and len(chosen) < MAX_QUOTES and self._take(candidate):
                    chosen.append(candidate)
                    taken += 1
        return tuple(chosen)

    def requests(self, keys: list[str], limit: int = 2) -> tuple[ReportQuote, ...]:
        """Typical answers under ``keys`` that ask for something, not quoted anywhere else in the report."""
        pool = [
            row
            for key in keys
            for row in _theme_pool(self.consultation, key)
            if row[0] not in self.used_ids and REQUEST.search(row[1])
        ]
        answers = [
            AnalysedAnswer(text=text, theme_ids=tuple(keys), sentiment=sentiment) for _, text, sentiment, _ in pool
        ]
        chosen: list[ReportQuote] = []
        for quote in select_quotes(answers, list(range(len(answers))), limit + 2):
            answer_id, _, _, audience = pool[quote.answer_index]
            candidate = ReportQuote(answer_id, AUDIENCE_LABELS[audience.value], quote.text, quote.sentiment)
            if len(chosen) < limit and self._take(candidate):
                chosen.append(candidate)
        return tuple(chosen)


def pins_by_theme(consultation: Consultation) -> dict[str, list[ReportQuote]]:
    rows = db.session.execute(
        select(PinnedQuote.theme_key, Answer.id, AnswerCoding.redacted_text, AnswerCoding.sentiment, Response.audience)
        .join(Answer, Answer.id == PinnedQuote.answer_id)
        .join(AnswerCoding, AnswerCoding.answer_id == Answer.id)
        .join(Response, Response.id == Answer.response_id)
        .where(
            PinnedQuote.consultation_id == consultation.id,
            aggregates.sent(consultation.id),
            pupil_results.released_responses(utcnow()),
        )
        .order_by(PinnedQuote.pinned_at_utc, PinnedQuote.id)
    ).all()
    pins: dict[str, list[ReportQuote]] = {}
    for key, answer_id, text, sentiment, audience in rows:
        if audience == SurveyAudience.SCHOOLS and screen(text).level != "none":
            continue
        pins.setdefault(key, []).append(
            ReportQuote(answer_id, AUDIENCE_LABELS[audience.value], redact(text), sentiment, pinned=True)
        )
    return pins


def candidates(consultation: Consultation, key: str) -> list[ReportQuote]:
    """Answers coded with the theme that an officer may pin, the pinned ones first."""
    pinned = {quote.answer_id for quote in pins_by_theme(consultation).get(key, [])}
    pool = _theme_pool(consultation, key)
    return sorted(
        (
            ReportQuote(answer_id, AUDIENCE_LABELS[audience.value], redact(text), sentiment, answer_id in pinned)
            for answer_id, text, sentiment, audience in pool
        ),
        key=lambda quote: (not quote.pinned, quote.answer_id),
    )


def pin_quote(actor: User, consultation: Consultation, key: str, answer_id: int) -> PinnedQuote:
    if answer_id not in {quote.answer_id for quote in candidates(consultation, key)}:
        raise NotFoundError(f"answer {answer_id} under {key}")
    existing = db.session.scalar(
        select(PinnedQuote).where(PinnedQuote.consultation_id == consultation.id, PinnedQuote.answer_id == answer_id)
    )
    if existing is not None:
        raise TraceabilityError(
            "This answer is already quoted under another theme; unpin it there first"
            if existing.theme_key != key
            else "This answer is already pinned"
        )
    if len(pins_by_theme(consultation).get(key, [])) >= MAX_QUOTES:
        raise TraceabilityError(f"A theme can have at most {MAX_QUOTES} quotes; unpin one first")
    pin = PinnedQuote(consultation_id=consultation.id, theme_key=key, answer_id=answer_id, pinned_by_id=actor.id)
    db.session.add(pin)
    db.session.flush()
    record_event("quote_pinned", actor, consultation, theme=key, answer_id=answer_id)
    return pin


def unpin_quote(actor: User, consultation: Consultation, key: str, answer_id: int) -> None:
    pin = db.session.scalar(
        select(PinnedQuote).where(
            PinnedQuote.consultation_id == consultation.id,
            PinnedQuote.theme_key == key,
            PinnedQuote.answer_id == answer_id,
        )
    )
    if pin is None:
        raise NotFoundError(f"pin of {answer_id} under {key}")
    db.session.delete(pin)
    db.session.flush()
    record_event("quote_unpinned", actor, consultation, theme=key, answer_id=answer_id)
