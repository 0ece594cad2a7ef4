"""Per-theme summaries for reports: counts, shares, sentiment split, breakdowns and representative quotes.

Quotes are chosen to be typical of the theme (they use its most common words), clear (neither one-word nor
rambling; for long answers the sentence that carries the theme) and to reflect the theme's sentiment split, and
they are always redacted because reports leave the partnership.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from app.analysis.engine.redaction import redact
from app.analysis.engine.sentiment import LABELS
from app.analysis.engine.text import split_sentences, words

QUOTE_MIN_CHARS, QUOTE_MAX_CHARS = 25, 280
_COMMON = frozenset(
    "the a an and or but to of in on at for is are was were be it its it's this that there they we i you he she my our"
    " with as by from not no so if do don't have has had just about more very all can would should".split()
)


@dataclass(frozen=True)
class AnalysedAnswer:
    """One answer as stored by the app; ``dimensions`` holds e.g. {"ward": "Bletchley", "age_band": "25-34"}."""

    text: str
    theme_ids: tuple[str, ...]
    sentiment: str
    audience: str | None = None
    dimensions: Mapping[str, str] = field(default_factory=dict)
    respondent_id: str | None = None


@dataclass(frozen=True)
class Quote:
    text: str
    sentiment: str
    answer_index: int


@dataclass(frozen=True)
class ThemeSummary:
    theme_id: str
    count: int
    respondents: int
    share_of_respondents: float
    sentiment: Mapping[str, int]
    quotes: tuple[Quote, ...]
    by_audience: Mapping[str, int]
    by_dimension: Mapping[str, Mapping[str, int]]


def summarise_themes(
    answers: Sequence[AnalysedAnswer], theme_ids: Sequence[str] | None = None, *, quotes_per_theme: int = 3
) -> tuple[ThemeSummary, ...]:
    """One summary per theme (``theme_ids`` order, else most common first); shares are of all respondents."""
    respondents = {_respondent(answer, index) for index, answer in enumerate(answers)}
    if theme_ids is None:
        counts = Counter(theme_id for answer in answers for theme_id in dict.fromkeys(answer.theme_ids))
        theme_ids = [theme_id for theme_id, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    return tuple(_summarise(theme_id, answers, len(respondents), quotes_per_theme) for theme_id in theme_ids)


def _respondent(answer: AnalysedAnswer, index: int) -> str:
    return answer.respondent_id if answer.respondent_id is not None else f"answer-{index}"


def _summarise(theme_id: str, answers: Sequence[AnalysedAnswer], total: int, n_quotes: int) -> ThemeSummary:
    members = [index for index, answer in enumerate(answers) if theme_id in answer.theme_ids]
    respondents = {_respondent(answers[index], index) for index in members}
    by_dimension: dict[str, Counter[str]] = {}
    for index in members:
        for name, value in answers[index].dimensions.items():
            by_dimension.setdefault(name, Counter())[str(value)] += 1
    sentiment = Counter(answers[index].sentiment for index in members)
    return ThemeSummary(
        theme_id=theme_id,
        count=len(members),
        respondents=len(respondents),
        share_of_respondents=round(len(respondents) / total, 4) if total else 0.0,
        sentiment={label: sentiment.get(label, 0) for label in LABELS},
        quotes=select_quotes(answers, members, n_quotes),
        by_audience=dict(sorted(Counter(answers[i].audience or "unknown" for i in members).items())),
        by_dimension={name: dict(sorted(counter.items())) for name, counter in sorted(by_dimension.items())},
    )


def select_quotes(answers: Sequence[AnalysedAnswer], members: Sequence[int], limit: int = 3) -> tuple[Quote, ...]:
    """Typical, readable, redacted quotes, taken from the theme's sentiments in proportion to their counts."""
    if not members or limit <= 0:
        return ()
    vocabulary = Counter(w for i in members for w in set(words(answers[i].text)) if w not in _COMMON and len(w) > 2)
    ranked = sorted(members, key=lambda i: (-_typicality(answers[i].text, vocabulary), i))
    order = [label for label, _ in Counter(answers[i].sentiment for i in members).most_common()]
    chosen: list[Quote] = []
    seen: set[str] = set()
    while len(chosen) < limit and order:
        for label in list(order):
            pick = next(
                (i for i in ranked if answers[i].sentiment == label and _key(answers[i].text) not in seen), None
            )
            if pick is None:
                order.remove(label)
                continue
            seen.add(_key(answers[pick].text))
            chosen.append(Quote(redact(_excerpt(answers[pick].text, vocabulary)), label, pick))
            if len(chosen) == limit:
                break
    return tuple(chosen)


def _key(text: str) -> str:
    return " ".join(words(text))


def _typicality(text: str, vocabulary: Counter[str]) -> float:
    tokens = [w for w in words(text) if w not in _COMMON and len(w) > 2]
    if not tokens:
        return 0.0
    common = sum(vocabulary[w] for w in set(tokens)) / len(set(tokens))
    clear = 1.0 if QUOTE_MIN_CHARS <= len(text) <= QUOTE_MAX_CHARS else 0.6
    return common * clear


def _excerpt(text: str, vocabulary: Counter[str]) -> str:
    """Long answers are quoted by the sentence that best represents the theme."""
    text = text.strip()
    if len(text) <= QUOTE_MAX_CHARS:
        return text
    sentences = split_sentences(text)
    best = max(sentences, key=lambda sentence: _typicality(sentence, vocabulary), default=text)
    return best if len(best) <= QUOTE_MAX_CHARS else best[: QUOTE_MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"
