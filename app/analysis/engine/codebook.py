"""The theme codebook as data, and an explainable multi-label keyword matcher.

Officers edit the codebook in the app, so it is a plain frozen value that can be built from database rows
(``Codebook.from_mapping``) as easily as from the YAML file that ships with the engine. Every assignment carries the
words that triggered it, because officers must be able to see why an answer was coded and disagree with it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from app.analysis.engine.text import tokenise, words


class CodebookError(ValueError):
    """Raised when codebook data is malformed, so the app can show the officer what to fix."""


@dataclass(frozen=True)
class Theme:
    """One theme; ``phrases`` use the syntax documented in ``data/codebook.yaml``. ``examples`` are answers that
    belong to the theme: with the description they let an answer that shares no phrase with the theme still get it
    when its meaning is close (``theme_meaning``)."""

    id: str
    label: str
    description: str = ""
    phrases: tuple[str, ...] = ()
    retired: bool = False
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Codebook:
    """An ordered set of themes; retired themes stay so that old codings still resolve to a label."""

    themes: tuple[Theme, ...]

    def __post_init__(self) -> None:
        ids = [theme.id for theme in self.themes]
        duplicates = sorted({theme_id for theme_id in ids if ids.count(theme_id) > 1})
        if duplicates:
            raise CodebookError(f"duplicate theme ids: {', '.join(duplicates)}")

    @property
    def theme_ids(self) -> tuple[str, ...]:
        return tuple(theme.id for theme in self.themes)

    @property
    def active_themes(self) -> tuple[Theme, ...]:
        return tuple(theme for theme in self.themes if not theme.retired)

    def get(self, theme_id: str) -> Theme | None:
        return next((theme for theme in self.themes if theme.id == theme_id), None)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Codebook:
        """Build from ``{"themes": [{"id", "label", "description", "phrases", "examples", "retired"}, ...]}``."""
        rows = data.get("themes")
        if not isinstance(rows, Sequence) or isinstance(rows, str):
            raise CodebookError("codebook needs a 'themes' list")
        return cls(themes=tuple(_theme_from_mapping(row) for row in rows))

    def to_mapping(self) -> dict[str, Any]:
        return {
            "themes": [
                {
                    "id": theme.id,
                    "label": theme.label,
                    "description": theme.description,
                    "phrases": list(theme.phrases),
                    "examples": list(theme.examples),
                    "retired": theme.retired,
                }
                for theme in self.themes
            ]
        }


def _theme_from_mapping(row: Any) -> Theme:
    if not isinstance(row, Mapping) or not row.get("id"):
        raise CodebookError(f"theme without an id: {row!r}")
    phrases = row.get("phrases") or ()
    if isinstance(phrases, str):
        phrases = [part.strip() for part in phrases.split(",")]
    examples = row.get("examples") or ()
    if isinstance(examples, str):
        examples = examples.splitlines()
    return Theme(
        id=str(row["id"]),
        label=str(row.get("label") or row["id"]),
        description=str(row.get("description") or ""),
        phrases=_stripped(phrases),
        retired=bool(row.get("retired", False)),
        examples=_stripped(examples),
    )


def _stripped(values: Sequence[Any]) -> tuple[str, ...]:
    return tuple(str(value).strip() for value in values if str(value).strip())


@lru_cache(maxsize=1)
def load_default_codebook() -> Codebook:
    """The codebook the app ships with (``data/codebook.yaml``)."""
    text = resources.files("app.analysis.engine").joinpath("data/codebook.yaml").read_text(encoding="utf-8")
    return Codebook.from_mapping(yaml.safe_load(text))


@dataclass(frozen=True)
class ThemeMatch:
    """A theme assigned to an answer and the words in the answer that triggered it."""

    theme_id: str
    triggers: tuple[str, ...]


@dataclass(frozen=True)
class _Pattern:
    theme_index: int
    parts: tuple[str, ...]
    prefix: tuple[bool, ...]
    blocker: bool

    def first_matches(self, token: str) -> bool:
        return token.startswith(self.parts[0]) if self.prefix[0] else token == self.parts[0]

    def matches_at(self, tokens: Sequence[str], start: int) -> bool:
        if start + len(self.parts) > len(tokens):
            return False
        for offset in range(1, len(self.parts)):
            token, part = tokens[start + offset], self.parts[offset]
            if not (token.startswith(part) if self.prefix[offset] else token == part):
                return False
        return True


def _compile_phrase(phrase: str, theme_index: int) -> _Pattern | None:
    blocker = phrase.startswith("!")
    raw = phrase[1:] if blocker else phrase
    tokens = [token for token in raw.split() if token]
    parts: list[str] = []
    prefix: list[bool] = []
    for token in tokens:
        pieces = words(token.rstrip("*"))
        if not pieces:
            continue
        parts.extend(pieces)
        prefix.extend([False] * (len(pieces) - 1) + [token.endswith("*")])
    if not parts:
        return None
    return _Pattern(theme_index, tuple(parts), tuple(prefix), blocker)


class CodebookMatcher:
    """Precompiled phrase index: looks up candidate phrases by first word, so cost grows with answer length only."""

    def __init__(self, codebook: Codebook) -> None:
        self.theme_ids = tuple(theme.id for theme in codebook.active_themes)
        patterns = [
            pattern
            for index, theme in enumerate(codebook.active_themes)
            for phrase in theme.phrases
            if (pattern := _compile_phrase(phrase, index)) is not None
        ]
        self._exact: dict[str, list[_Pattern]] = {}
        self._prefixed: list[_Pattern] = []
        for pattern in patterns:
            if pattern.prefix[0]:
                self._prefixed.append(pattern)
            else:
                self._exact.setdefault(pattern.parts[0], []).append(pattern)
        self._by_token: dict[str, tuple[_Pattern, ...]] = {}

    def _candidates(self, token: str) -> tuple[_Pattern, ...]:
        found = self._by_token.get(token)
        if found is None:
            found = tuple(self._exact.get(token, ())) + tuple(p for p in self._prefixed if p.first_matches(token))
            if len(self._by_token) < 200_000:
                self._by_token[token] = found
        return found

    def match_tokens(self, tokens: Sequence[str]) -> tuple[ThemeMatch, ...]:
        hits: list[tuple[int, int, int]] = []
        blocked: dict[int, list[tuple[int, int]]] = {}
        for start, token in enumerate(tokens):
            for pattern in self._candidates(token):
                if pattern.matches_at(tokens, start):
                    span = (start, start + len(pattern.parts))
                    if pattern.blocker:
                        blocked.setdefault(pattern.theme_index, []).append(span)
                    else:
                        hits.append((pattern.theme_index, *span))
        return self._collect(tokens, hits, blocked)

    def _collect(
        self, tokens: Sequence[str], hits: list[tuple[int, int, int]], blocked: dict[int, list[tuple[int, int]]]
    ) -> tuple[ThemeMatch, ...]:
        triggers: dict[int, list[str]] = {}
        for theme_index, start, end in hits:
            if any(b_start <= start and end <= b_end for b_start, b_end in blocked.get(theme_index, ())):
                continue
            phrase = " ".join(tokens[start:end])
            found = triggers.setdefault(theme_index, [])
            if phrase not in found and not any(phrase in longer for longer in found):
                found[:] = [shorter for shorter in found if shorter not in phrase] + [phrase]
        return tuple(ThemeMatch(self.theme_ids[index], tuple(triggers[index])) for index in sorted(triggers))

    def match(self, text: str) -> tuple[ThemeMatch, ...]:
        return self.match_tokens(tokenise(text))


@lru_cache(maxsize=16)
def compile_codebook(codebook: Codebook) -> CodebookMatcher:
    """Cached per codebook value, so an edited codebook gets a fresh matcher and an unchanged one is reused."""
    return CodebookMatcher(codebook)


def match_themes(text: str, codebook: Codebook) -> tuple[ThemeMatch, ...]:
    """Themes whose phrases occur in ``text``, in codebook order, each with its triggering words."""
    return compile_codebook(codebook).match(text)
