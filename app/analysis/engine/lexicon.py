"""The sentiment lexicon: TextBlob's English lexicon with a community-safety layer on top.

TextBlob's (pattern) lexicon knows general adjectives but not "unsafe", "drugs" or "patrols", and rates "big" and
"more" as positive. The engine reads TextBlob's own lexicon file directly rather than through ``textblob.en``, which
would import NLTK (seconds of start-up) for data the engine already has, then applies the domain layer from
``data/sentiment_lexicon.yaml``.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from xml.etree import ElementTree  # nosec B405 - parses only the lexicon file shipped inside the textblob package

import yaml

from app.analysis.engine.text import words

PhraseIndex = Mapping[str, tuple[tuple[tuple[str, ...], float], ...]]


@dataclass(frozen=True, eq=False)
class SentimentLexicon:
    """Word and phrase polarities plus the word lists that steer negation and emphasis."""

    words: Mapping[str, float]
    phrases: PhraseIndex
    intensifiers: Mapping[str, float]
    negators: frozenset[str]
    contrast: frozenset[str]
    prefixes: tuple[tuple[str, float], ...] = ()
    formal: frozenset[str] = frozenset()
    irony: frozenset[str] = frozenset()
    requests: tuple[tuple[str, ...], ...] = ()
    politeness: frozenset[str] = frozenset()
    reporting: frozenset[str] = frozenset()
    _prefix_cache: dict[str, float | None] = field(default_factory=dict, repr=False)

    def polarity(self, word: str) -> float | None:
        """Polarity of one word, or None when the word carries no sentiment."""
        value = self.words.get(word)
        if value is not None or not self.prefixes:
            return value
        if word not in self._prefix_cache:
            self._prefix_cache[word] = next((p for stem, p in self.prefixes if word.startswith(stem)), None)
        return self._prefix_cache[word]

    def is_negator(self, word: str) -> bool:
        return word in self.negators or word.endswith("n't")

    def extended(self, extra_words: Mapping[str, float]) -> SentimentLexicon:
        """A copy with more (or changed) word polarities, e.g. terms an officer flags for a consultation."""
        merged = dict(self.words)
        merged.update({word.lower(): float(value) for word, value in extra_words.items()})
        return SentimentLexicon(
            merged,
            self.phrases,
            self.intensifiers,
            self.negators,
            self.contrast,
            self.prefixes,
            self.formal,
            self.irony,
            self.requests,
            self.politeness,
            self.reporting,
        )


def _textblob_lexicon_path() -> Path | None:
    spec = importlib.util.find_spec("textblob")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "en" / "en-sentiment.xml"
    return path if path.exists() else None


@lru_cache(maxsize=1)
def textblob_polarities() -> dict[str, float]:
    """Word polarities as TextBlob computes them: mean over senses per part of speech, then over parts of speech."""
    path = _textblob_lexicon_path()
    if path is None:
        return {}
    by_pos: dict[str, dict[str | None, list[float]]] = {}
    for node in ElementTree.parse(path).getroot().iter("word"):  # nosec B314 - trusted package data, never user input
        form = node.attrib.get("form")
        if form:
            by_pos.setdefault(form.lower(), {}).setdefault(node.attrib.get("pos"), []).append(
                float(node.attrib.get("polarity", 0.0))
            )
    result = {}
    for form, senses in by_pos.items():
        means = [sum(values) / len(values) for values in senses.values()]
        polarity = sum(means) / len(means)
        if polarity:
            result[form] = polarity
    return result


def _phrase_index(phrases: Mapping[str, float]) -> PhraseIndex:
    index: dict[str, list[tuple[tuple[str, ...], float]]] = {}
    for phrase, polarity in phrases.items():
        tokens = tuple(words(phrase))
        if len(tokens) > 1:
            index.setdefault(tokens[0], []).append((tokens, float(polarity)))
    return {first: tuple(sorted(items, key=lambda item: -len(item[0]))) for first, items in index.items()}


def build_lexicon(data: Mapping[str, Any], base: Mapping[str, float] | None = None) -> SentimentLexicon:
    """Combine a base word list (TextBlob's by default) with a domain layer in the YAML file's shape."""
    merged = dict(textblob_polarities() if base is None else base)
    for word in data.get("neutral", ()):
        merged.pop(str(word).lower(), None)
    prefixes = []
    for word, value in (data.get("words") or {}).items():
        key = str(word).lower()
        if key.endswith("*"):
            prefixes.append((key[:-1], float(value)))
        elif value:
            merged[key] = float(value)
        else:
            merged.pop(key, None)
    return SentimentLexicon(
        words=merged,
        phrases=_phrase_index(data.get("phrases") or {}),
        intensifiers={str(k).lower(): float(v) for k, v in (data.get("intensifiers") or {}).items()},
        negators=frozenset(str(word).lower() for word in data.get("negators", ())),
        contrast=frozenset(str(word).lower() for word in data.get("contrast", ())),
        prefixes=tuple(prefixes),
        formal=frozenset(str(word).lower() for word in data.get("formal", ())),
        irony=frozenset(str(word) for word in data.get("irony", ())),
        requests=tuple(sorted({tuple(words(str(cue))) for cue in data.get("requests", ())}, key=lambda cue: -len(cue))),
        politeness=frozenset(str(word).lower() for word in data.get("politeness", ())),
        reporting=frozenset(str(word).lower() for word in data.get("reporting", ())),
    )


@lru_cache(maxsize=1)
def load_default_lexicon() -> SentimentLexicon:
    """TextBlob's lexicon plus ``data/sentiment_lexicon.yaml``; loaded once per process."""
    text = resources.files("app.analysis.engine").joinpath("data/sentiment_lexicon.yaml").read_text(encoding="utf-8")
    return build_lexicon(yaml.safe_load(text))
