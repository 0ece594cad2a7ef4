"""Normalise pupil writing so one lexicon pattern covers many spellings.

Children write "dont", "im", "cuz", "2nite" and "nife". Rather than multiplying every pattern by every spelling,
the text is lower-cased, stripped of apostrophes, expanded ("dont" -> "do not") and lightly spell-corrected
towards a small vocabulary of harm words. Each normalised character remembers which original word it came from,
so the reviewer is shown the pupil's own words as triggers, not our rewriting of them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from app.analysis.engine.lexicon import _textblob_lexicon_path

_DATA = Path(__file__).parent / "data" / "safeguarding_spelling.yaml"
_TOKEN = re.compile(r"[^\W_]+(?:['\u2019\u2018`][^\W_]+)*|[.!?,;:&]")
_APOSTROPHES = re.compile(r"['\u2019\u2018`]")
_MIN_FUZZY_LENGTH = 4
_FUZZY_CUTOFF = 0.85
_SUFFIXES = ("s", "d", "es", "ed", "er", "ly", "ing", "ers", "ies", "ied")


@dataclass(frozen=True)
class SpellingData:
    """Spelling rules kept as data so safeguarding leads can extend them without touching code."""

    words: dict[str, str]
    fuzzy_vocabulary: tuple[str, ...]
    keep: frozenset[str]


@dataclass(frozen=True)
class NormalisedText:
    """Normalised text plus, for each character, the index of the original word it came from (-1 for spaces)."""

    text: str
    origin: tuple[int, ...]
    original_words: tuple[str, ...]

    def original_span(self, start: int, end: int) -> str:
        """Return the pupil's own words behind a normalised span, for showing to the reviewer."""
        indices = sorted({self.origin[i] for i in range(start, end) if self.origin[i] >= 0})
        return " ".join(self.original_words[i] for i in indices)


@lru_cache(maxsize=1)
def load_spelling() -> SpellingData:
    """Read the spelling data once; the file is small and never changes at run time."""
    raw = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    words = {str(k): str(v) for k, v in raw["words"].items()}
    return SpellingData(words, tuple(raw["fuzzy_vocabulary"]), frozenset(str(k) for k in raw["keep"]))


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    """Known English words (TextBlob's bundled word list) that must never be 'corrected'.

    The file is found beside TextBlob's lexicon without importing ``textblob``, which would import NLTK: that import
    took most of the screen's first call and added to every web worker's memory for one word list.
    Fuzzy correction is switched off when the list is unavailable: correcting real words is worse than
    missing a misspelling.
    """
    lexicon = _textblob_lexicon_path()
    path = lexicon.with_name("en-spelling.txt") if lexicon is not None else None
    if path is None or not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.split(" ", 1)[0] for line in lines if line and not line.startswith(";"))


@lru_cache(maxsize=4096)
def canonical(word: str) -> str:
    """Map one lower-case, apostrophe-free word to its canonical form (possibly several words)."""
    spelling = load_spelling()
    if word in spelling.words:
        return spelling.words[word]
    if len(word) < _MIN_FUZZY_LENGTH or word in spelling.keep or not word.isalpha():
        return word
    dictionary = _dictionary()
    if not dictionary or _is_known(word, dictionary):
        return word
    match = difflib.get_close_matches(word, spelling.fuzzy_vocabulary, n=1, cutoff=_FUZZY_CUTOFF)
    return match[0] if match else word


def _is_known(word: str, dictionary: frozenset[str]) -> bool:
    """A dictionary word or a regular inflection of one ("trapped", "nicked") is never 'corrected'.

    Without this, "trapped" drifts to "raped" and "nicked" to "kicked".
    """
    if word in dictionary:
        return True
    for suffix in _SUFFIXES:
        stem = word[: -len(suffix)]
        if not word.endswith(suffix) or len(stem) < 2:
            continue
        doubled = len(stem) > 2 and stem[-1] == stem[-2]
        if {stem, stem + "e", stem + "y", stem[:-1] if doubled else stem} & dictionary:
            return True
    return False


def normalise(text: str) -> NormalisedText:
    """Turn raw pupil text into single-spaced canonical tokens with a map back to the original words."""
    original_words = tuple(match.group(0) for match in _TOKEN.finditer(text))
    pieces: list[str] = []
    origin: list[int] = []
    for index, word in enumerate(original_words):
        for token in canonical(_APOSTROPHES.sub("", word.lower())).split():
            if pieces:
                pieces.append(" ")
                origin.append(-1)
            pieces.append(token)
            origin.extend([index] * len(token))
    return NormalisedText("".join(pieces), tuple(origin), original_words)
