"""Regex tokenising shared by sentiment, theme matching and emerging themes.

TextBlob's own tokenisers need NLTK corpora that cannot be downloaded at run time, so the engine splits text with
regular expressions. Every component must see the same tokens, otherwise a codebook phrase that matches in the
officer's preview would silently fail to match in a recompute.
"""

from __future__ import annotations

import re

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u201c": '"', "\u201d": '"'})
_TOKEN_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)*|[.!?;:,()]|[\u2639\u263a\U0001F300-\U0001FAFF]")
_WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+|\s*\n+\s*")

BOUNDARY_TOKENS = frozenset(".!?;:,()")


def normalise(text: str) -> str:
    """Lower-case and straighten quotes so that "don’t" and "don't" are the same token."""
    return text.translate(_QUOTES).lower()


def tokenise(text: str) -> list[str]:
    """Words plus the punctuation that bounds negation scope."""
    return _TOKEN_RE.findall(normalise(text))


def words(text: str) -> list[str]:
    """Words only, for phrases and clustering."""
    return _WORD_RE.findall(normalise(text))


def split_sentences(text: str) -> list[str]:
    """Sentences for per-sentence sentiment and quotes; answers are short, so a regex split is enough."""
    return [part.strip() for part in _SENTENCE_RE.split(text.strip()) if part and part.strip()]
