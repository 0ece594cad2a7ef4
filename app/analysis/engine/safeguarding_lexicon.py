"""Load and compile the safeguarding lexicon (patterns as data, reviewed with the school DSL).

The YAML holds the judgement; this module only turns it into compiled, immutable rules and fails loudly on
a malformed file, because a silently skipped rule is a missed disclosure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LEXICON_PATH = Path(__file__).parent / "data" / "safeguarding_lexicon.yaml"
RULE_LEVELS = ("urgent", "concern", "watch")
_MACRO = re.compile(r"%([A-Z0-9_]+)%")
_MAX_MACRO_DEPTH = 5


class LexiconError(ValueError):
    """The lexicon file is malformed; screening must not run on a partial lexicon."""


@dataclass(frozen=True)
class Rule:
    """One family of patterns that shares a category, a level and the same checks."""

    rule_id: str
    category: str
    level: str
    patterns: tuple[re.Pattern[str], ...]
    negatable: bool = True
    generic: bool = False
    requires: re.Pattern[str] | None = None
    unless: re.Pattern[str] | None = None
    unless_before: re.Pattern[str] | None = None
    unless_after: re.Pattern[str] | None = None
    escalate: tuple[str, ...] = ()
    context: tuple[tuple[str, re.Pattern[str]], ...] = ()


@dataclass(frozen=True)
class Lexicon:
    """Everything the screen needs: idioms to ignore, escalation cues and the rules themselves."""

    rules: tuple[Rule, ...]
    everyday: tuple[re.Pattern[str], ...]
    escalators: tuple[tuple[str, re.Pattern[str]], ...]
    third_party: re.Pattern[str] | None = None

    def escalator(self, name: str) -> re.Pattern[str]:
        """Look up an escalator by name; names are validated when the lexicon loads."""
        return dict(self.escalators)[name]


def expand_macros(pattern: str, macros: dict[str, str]) -> str:
    """Replace %NAME% with the macro's text, allowing macros that use other macros."""
    for _ in range(_MAX_MACRO_DEPTH):
        expanded = _MACRO.sub(lambda m: _macro(m.group(1), macros), pattern)
        if expanded == pattern:
            return expanded
        pattern = expanded
    raise LexiconError(f"macros nested too deeply in {pattern[:60]!r}")


def _macro(name: str, macros: dict[str, str]) -> str:
    if name not in macros:
        raise LexiconError(f"unknown macro %{name}%")
    return macros[name]


def _compile(pattern: str | None, macros: dict[str, str]) -> re.Pattern[str] | None:
    if pattern is None:
        return None
    try:
        return re.compile(expand_macros(pattern, macros))
    except re.error as error:
        raise LexiconError(f"bad pattern {pattern[:60]!r}: {error}") from error


def _required(pattern: str, macros: dict[str, str]) -> re.Pattern[str]:
    compiled = _compile(pattern, macros)
    assert compiled is not None
    return compiled


def _rule(raw: dict[str, Any], macros: dict[str, str], categories: frozenset[str], escalators: set[str]) -> Rule:
    rule_id = str(raw.get("id", "?"))
    if raw.get("level") not in RULE_LEVELS or raw.get("category") not in categories:
        raise LexiconError(f"rule {rule_id}: bad level or category")
    unknown = set(raw.get("escalate", ())) - escalators
    if unknown:
        raise LexiconError(f"rule {rule_id}: unknown escalators {sorted(unknown)}")
    context = tuple((str(k), _required(v, macros)) for entry in raw.get("context", ()) for k, v in entry.items())
    if any(category not in categories for category, _ in context):
        raise LexiconError(f"rule {rule_id}: bad context category")
    return Rule(
        rule_id=rule_id,
        category=raw["category"],
        level=raw["level"],
        patterns=tuple(_required(p, macros) for p in raw["patterns"]),
        negatable=bool(raw.get("negatable", True)),
        generic=bool(raw.get("generic", False)),
        requires=_compile(raw.get("requires"), macros),
        unless=_compile(raw.get("unless"), macros),
        unless_before=_compile(raw.get("unless_before"), macros),
        unless_after=_compile(raw.get("unless_after"), macros),
        escalate=tuple(raw.get("escalate", ())),
        context=context,
    )


def parse_lexicon(raw: dict[str, Any], categories: frozenset[str]) -> Lexicon:
    """Compile a lexicon from its YAML structure; separate from file reading so tests can feed small ones."""
    macros = {str(k): str(v) for k, v in (raw.get("macros") or {}).items()}
    escalators = tuple((str(k), _required(v, macros)) for k, v in (raw.get("escalators") or {}).items())
    names = {name for name, _ in escalators}
    rules = tuple(_rule(entry, macros, categories, names) for entry in raw["rules"])
    everyday = tuple(_required(p, macros) for p in raw.get("everyday") or ())
    third_party = _compile(raw.get("third_party"), macros)
    return Lexicon(rules=rules, everyday=everyday, escalators=escalators, third_party=third_party)


@lru_cache(maxsize=1)
def load_lexicon(categories: frozenset[str]) -> Lexicon:
    """Read the shipped lexicon once per process."""
    return parse_lexicon(yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8")), categories)
