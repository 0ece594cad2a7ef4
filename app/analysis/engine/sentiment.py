"""Lexicon sentiment with negation scope, for whole answers and single sentences.

This follows TextBlob's pattern analyser (lexicon polarities, intensifiers, negation, "!" emphasis) but fixes what
makes it unusable for consultations: negation reaches over a few words ("I don't feel safe"), phrases are scored
before words ("big problem", "can't fault"), the clause after "but" counts for more, and requests ("more patrols
please") and reported experience ("members report feeling unsafe") count for less than the writer's own account.
Scores are combined as a balance of positive and negative evidence, so mixed answers land on neutral, as the codebook
asks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.analysis.engine.lexicon import SentimentLexicon, load_default_lexicon
from app.analysis.engine.text import BOUNDARY_TOKENS, split_sentences, tokenise

NEGATIVE, NEUTRAL, POSITIVE = "negative", "neutral", "positive"
LABELS = (NEGATIVE, NEUTRAL, POSITIVE)

NEGATION_SCOPE = 4
EVIDENCE_PRIOR = 0.8
THRESHOLD = 0.12
_BEFORE_CONTRAST = 0.6
FORMAL_MARKERS = 2
FORMAL_DAMPING = 0.4
REQUEST_WEIGHT = 0.2
REPORTED_WEIGHT = 0.4
_SENTENCE_ENDS = frozenset(".!?")


@dataclass(frozen=True)
class SentimentScore:
    """A label with the polarity behind it; ``positive``/``negative`` are the summed evidence on each side."""

    label: str
    polarity: float
    confidence: float
    positive: float = 0.0
    negative: float = 0.0


@dataclass(frozen=True)
class SentenceSentiment:
    text: str
    sentiment: SentimentScore


def _token_weights(tokens: Sequence[str], lexicon: SentimentLexicon) -> list[float]:
    """How much each token's evidence counts towards the writer's own tone.

    A request or suggestion ("more patrols please", "could we have better lighting") says what the respondent wants,
    so the problem words in that sentence count for less than in an account of experience. A clause after a reporting
    verb ("tenants tell us they feel unsafe") relays other people's experience, which the writer states without a
    tone of their own.
    """
    weights = [1.0] * len(tokens)
    start = 0
    for end in range(len(tokens) + 1):
        if end < len(tokens) and tokens[end] not in _SENTENCE_ENDS:
            continue
        if _is_request(tokens[start:end], lexicon):
            weights[start:end] = [REQUEST_WEIGHT] * (end - start)
        start = end + 1
    reported = False
    for index, token in enumerate(tokens):
        reported = (reported or token in lexicon.reporting) and not _ends_clause(token, lexicon)
        weights[index] *= REPORTED_WEIGHT if reported else 1.0
    return weights


def _ends_clause(token: str, lexicon: SentimentLexicon) -> bool:
    return token in BOUNDARY_TOKENS or token in lexicon.contrast


def _is_request(sentence: Sequence[str], lexicon: SentimentLexicon) -> bool:
    if any(token in lexicon.politeness for token in sentence):
        return True
    return any(tuple(sentence[: len(cue)]) == cue for cue in lexicon.requests)


def _assess(tokens: Sequence[str], lexicon: SentimentLexicon) -> list[float]:
    """Signed evidence per sentiment-bearing word or phrase, after negation, emphasis, contrast, requests and
    reported speech (see ``_token_weights``)."""
    found: list[float] = []
    weights = _token_weights(tokens, lexicon)
    clause_start = 0
    negation_left = 0
    emphasis = 1.0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        polarity, width = _phrase_at(tokens, index, lexicon)
        if polarity is None:
            if _ends_clause(token, lexicon):
                negation_left, emphasis = 0, 1.0
                if token == "!" and len(found) > clause_start:
                    found[-1] = max(-1.0, min(1.0, found[-1] * 1.2))
                if token in lexicon.contrast:
                    found[clause_start:] = [value * _BEFORE_CONTRAST for value in found[clause_start:]]
                clause_start = len(found)
                index += 1
                continue
            polarity = lexicon.polarity(token)
            if lexicon.is_negator(token):
                negation_left = NEGATION_SCOPE + 1
            elif token in lexicon.intensifiers and polarity is None:
                emphasis *= lexicon.intensifiers[token]
        if polarity:
            if negation_left and not lexicon.is_negator(token):
                polarity = -polarity * 0.9 if polarity > 0 else -polarity * 0.5
                negation_left = 0
            found.append(max(-1.0, min(1.0, polarity * emphasis)) * weights[index])
            emphasis = 1.0
        negation_left = max(0, negation_left - 1)
        index += width
    return found


def _phrase_at(tokens: Sequence[str], index: int, lexicon: SentimentLexicon) -> tuple[float | None, int]:
    for phrase, polarity in lexicon.phrases.get(tokens[index], ()):
        if tuple(tokens[index : index + len(phrase)]) == phrase:
            return polarity, len(phrase)
    return None, 1


def score_tokens(tokens: Sequence[str], lexicon: SentimentLexicon | None = None) -> SentimentScore:
    lexicon = lexicon or load_default_lexicon()
    evidence = _assess(tokens, lexicon)
    if lexicon.irony and any(token in lexicon.irony for token in tokens):
        evidence = [-value if value > 0 else value for value in evidence]
    positive = sum(value for value in evidence if value > 0)
    negative = -sum(value for value in evidence if value < 0)
    polarity = (positive - negative) / (positive + negative + EVIDENCE_PRIOR)
    if sum(token in lexicon.formal for token in tokens) >= FORMAL_MARKERS:
        polarity *= FORMAL_DAMPING
    label = POSITIVE if polarity >= THRESHOLD else NEGATIVE if polarity <= -THRESHOLD else NEUTRAL
    return SentimentScore(label, round(polarity, 4), _confidence(polarity, positive + negative), positive, negative)


def _confidence(polarity: float, evidence: float) -> float:
    """Distance from the nearest label boundary, discounted when the answer holds little sentiment evidence."""
    margin = abs(polarity) - THRESHOLD if abs(polarity) >= THRESHOLD else THRESHOLD - abs(polarity)
    scale = 1.0 - THRESHOLD if abs(polarity) >= THRESHOLD else THRESHOLD
    certainty = 0.5 + 0.5 * min(1.0, margin / scale)
    if abs(polarity) >= THRESHOLD:
        certainty *= 0.7 + 0.3 * min(1.0, evidence / 0.8)
    return round(min(0.99, certainty), 3)


def score_sentiment(text: str, lexicon: SentimentLexicon | None = None) -> SentimentScore:
    """Overall tone of an answer: negative, neutral (including mixed) or positive."""
    return score_tokens(tokenise(text), lexicon)


def sentence_sentiments(text: str, lexicon: SentimentLexicon | None = None) -> tuple[SentenceSentiment, ...]:
    """Tone of each sentence, so a report can quote the sentence that carries an answer's point."""
    return tuple(SentenceSentiment(sentence, score_sentiment(sentence, lexicon)) for sentence in split_sentences(text))
