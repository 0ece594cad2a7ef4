"""Screen pupil free text for safeguarding disclosures (SPEC §4, codebook.md levels).

This is triage for a human reviewer, never a decision about a child. It leans towards flagging: a missed
disclosure costs far more than a reviewer reading an ordinary answer. Levels follow codebook.md:

- ``urgent``: the writer (or a named person) is at current risk with imminence or severity
- ``concern``: first-person disclosure of harm, abuse, exploitation, self-harm or carrying a weapon
- ``watch``: third-party or general worry in a safeguarding area
- ``none``: an ordinary opinion

Two screens run on every answer and the higher level wins (recall first): the rules, whose patterns live in
``data/safeguarding_lexicon.yaml`` so the DSL can review them and which name the words that matched, and the learned
screen (``safeguarding_model``), which reads the answer's meaning through a sentence encoder and catches disclosures
that share no word with any rule. ``screen_rules`` is the rules alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from app.analysis.engine.safeguarding_lexicon import Lexicon, Rule, load_lexicon
from app.analysis.engine.safeguarding_text import NormalisedText, normalise

if TYPE_CHECKING:
    # The learned screen (numpy) and its encoder load on the first answer screened, not when the app imports this
    # module for its levels and categories.
    from app.analysis.engine.safeguarding_model import LearnedScreen, ModelVerdict

LEVELS: tuple[str, ...] = ("none", "watch", "concern", "urgent")
LEVEL_ORDER: dict[str, int] = {level: rank for rank, level in enumerate(LEVELS)}
FLAGGED_LEVELS: frozenset[str] = frozenset({"concern", "urgent"})

CATEGORY_LABELS: dict[str, str] = {
    "self_harm": "Self-harm or suicide",
    "sexual_harm": "Sexual harm",
    "modern_slavery": "Modern slavery",
    "radicalisation": "Radicalisation or extremism",
    "criminal_exploitation": "Criminal exploitation or county lines",
    "weapons_violence": "Weapons or serious violence",
    "domestic_abuse": "Domestic abuse",
    "abuse_neglect": "Abuse or neglect",
    "bullying": "Bullying",
}
CATEGORIES: tuple[str, ...] = tuple(CATEGORY_LABELS)
"""Also the tie-break order when two categories reach the same level: the most dangerous first."""

_NEGATORS = frozenset({"not", "never", "no", "nobody", "nothing", "neither", "nor", "none"})
_HYPOTHETICAL = frozenset({"if", "would", "could", "should", "might", "whether", "case", "imagine"})
_CLAUSE_BREAKS = frozenset({"but", "because", "and", "so", "then", "though", "although", "when"})
_SENTENCE_END = re.compile(r"[.!?]")
_INTENSIFYING_NOT = re.compile(r"\b(?:can|could) not (?:stop|help|escape|get away)\b")
_FIRST_PERSON = re.compile(r"\b(?:i|me|my|myself|we|us|our)\b")
_PREFIX_WORDS = 3
_LOOKAROUND_CHARS = 50


@dataclass(frozen=True)
class ScreeningResult:
    """What the reviewer sees: a level, the most serious category and the pupil's words that caused it."""

    level: str
    category: str | None
    triggers: tuple[str, ...]
    source: str = "rules"
    """Which screen set the level: ``rules``, ``model`` (the learned screen alone) or ``both``."""
    score: float | None = field(default=None, compare=False)
    """The learned screen's flag score (None from the rules alone): it orders the reviewer's queue within a level."""

    @property
    def flagged(self) -> bool:
        """Concern and urgent are quarantined and sent to the DSL; watch only feeds aggregate themes."""
        return self.level in FLAGGED_LEVELS


@dataclass(frozen=True)
class Hit:
    """One rule matching one span of the normalised text."""

    rule: Rule
    category: str
    level: str
    start: int
    end: int
    escalated_by: tuple[tuple[int, int], ...] = ()


NO_CONCERN = ScreeningResult(level="none", category=None, triggers=())


def screen(text: str) -> ScreeningResult:
    """Screen one pupil answer with the rules and the learned screen; deterministic, no network, no stored state."""
    return screen_with(learned_screen(), text)


def screen_with(model: LearnedScreen, text: str) -> ScreeningResult:
    """Screen with a given learned screen (a retrained one being compared with the shipped one, say)."""
    rules = screen_rules(text)
    if not text or not text.strip():
        return rules
    from app.analysis.engine.encoder import screen_vector

    return combine(rules, model.assess(screen_vector(text), rules.flagged))


def combine(rules: ScreeningResult, verdict: ModelVerdict) -> ScreeningResult:
    """The higher level wins; the category is the learned screen's unless it is unsure and a rule matched."""
    if LEVEL_ORDER[verdict.level] > LEVEL_ORDER[rules.level]:
        level, source = verdict.level, "model"
    elif rules.level == "none":
        return replace(rules, score=verdict.flag_score)
    else:
        level, source = rules.level, "both" if verdict.level == rules.level else "rules"
    unsure = verdict.category_confidence < verdict.category_unsure_below and rules.category is not None
    return ScreeningResult(
        level, rules.category if unsure else verdict.category, rules.triggers, source, verdict.flag_score
    )


_screen_file: tuple[Path, str] | None = None
"""A partnership's retrained screen and its SHA-256, or None for the shipped one."""


def use_screen_model(path: Path, sha256: str) -> None:
    """Apply a partnership's retrained screen (``flask retrain-safeguarding``) instead of the shipped one."""
    global _screen_file
    _screen_file = (path, sha256)
    learned_screen.cache_clear()


@cache
def learned_screen() -> LearnedScreen:
    from app.analysis.engine.safeguarding_model import SHIPPED_MODEL_PATH, SHIPPED_MODEL_SHA256, load_screen_model

    return load_screen_model(*(_screen_file or (SHIPPED_MODEL_PATH, SHIPPED_MODEL_SHA256)))


def screen_rules(text: str) -> ScreeningResult:
    """Screen one pupil answer with the rules alone."""
    if not text or not text.strip():
        return NO_CONCERN
    lexicon = load_lexicon(frozenset(CATEGORIES))
    normalised = normalise(text)
    blanked = _blank_everyday(normalised.text, lexicon)
    hits = [_escalate(hit, blanked, lexicon) for hit in _find_hits(blanked, lexicon)]
    return _result(hits, normalised)


def _blank_everyday(text: str, lexicon: Lexicon) -> str:
    """Overwrite idioms ("this survey is killing me") with '~' so no rule can match them.

    Same-length blanking keeps character offsets aligned with the map back to the pupil's words.
    """
    for pattern in lexicon.everyday:
        text = pattern.sub(lambda m: "~" * len(m.group(0)), text)
    return text


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right = _SENTENCE_END.search(text, end)
    return left, right.start() if right else len(text)


def _sentence(text: str, start: int, end: int) -> str:
    left, right = _sentence_bounds(text, start, end)
    return text[left:right]


def _find_hits(text: str, lexicon: Lexicon) -> list[Hit]:
    hits: list[Hit] = []
    for rule in lexicon.rules:
        for pattern in rule.patterns:
            for match in pattern.finditer(text):
                hit = _check(rule, text, match.start(), match.end(), lexicon.third_party)
                if hit is not None:
                    hits.append(hit)
    return hits


def _check(rule: Rule, text: str, start: int, end: int, third_party: re.Pattern[str] | None) -> Hit | None:
    """Apply a rule's guards to one match; return a hit only if the match survives all of them."""
    sentence = _sentence(text, start, end)
    if rule.requires is not None and not rule.requires.search(sentence):
        return None
    if rule.unless is not None and rule.unless.search(sentence):
        return None
    if rule.unless_before is not None and rule.unless_before.search(text[max(0, start - _LOOKAROUND_CHARS) : start]):
        return None
    after = _SENTENCE_END.split(text[end : end + _LOOKAROUND_CHARS], maxsplit=1)[0]
    if rule.unless_after is not None and rule.unless_after.search(after):
        return None
    if rule.negatable and _negated(text, start, end):
        return None
    category = next((name for name, pattern in rule.context if pattern.search(sentence)), rule.category)
    level = rule.level
    if third_party is not None and third_party.search(sentence) and not _FIRST_PERSON.search(text[start:end]):
        level = "watch"
    return Hit(rule=rule, category=category, level=level, start=start, end=end)


def _negated(text: str, start: int, end: int) -> bool:
    """True for "i do not carry a knife", "he never hits me", "if someone hurt me i would tell".

    "can not stop" and "can not escape" intensify rather than negate, so they are taken out first.
    """
    inside = set(_INTENSIFYING_NOT.sub(" ", text[start:end]).split())
    prefix = _clause_prefix(_INTENSIFYING_NOT.sub(" ", text[:start]))
    return bool((inside | set(prefix)) & _NEGATORS or set(prefix) & _HYPOTHETICAL)


def _clause_prefix(before: str) -> list[str]:
    """The last few words before a match, stopping at punctuation or a clause-joining word."""
    words: list[str] = []
    for token in reversed(before.split()):
        if not token.isalnum() or token in _CLAUSE_BREAKS or len(words) == _PREFIX_WORDS:
            break
        words.insert(0, token)
    return words


def _escalate(hit: Hit, text: str, lexicon: Lexicon) -> Hit:
    """Lift a hit to urgent when the text shows imminence, continuing harm, coercion or threat.

    First-person hits look across the whole answer (pupils rarely punctuate); third-party watch hits only
    within their own sentence, so "people get stabbed, it's scary" never becomes urgent by accident.
    """
    if hit.level == "urgent" or not hit.rule.escalate:
        return hit
    left, right = (0, len(text)) if hit.level == "concern" else _sentence_bounds(text, hit.start, hit.end)
    for name in hit.rule.escalate:
        cue = lexicon.escalator(name).search(text, left, right)
        if cue is not None:
            return Hit(hit.rule, hit.category, "urgent", hit.start, hit.end, ((cue.start(), cue.end()),))
    return hit


def _result(hits: list[Hit], normalised: NormalisedText) -> ScreeningResult:
    if not hits:
        return NO_CONCERN
    level = max((hit.level for hit in hits), key=LEVEL_ORDER.__getitem__)
    top = [hit for hit in hits if hit.level == level]
    best = min(top, key=lambda hit: (hit.rule.generic, CATEGORIES.index(hit.category), hit.start))
    spans = sorted({(hit.start, hit.end) for hit in top} | {span for hit in top for span in hit.escalated_by})
    found = [t for t in dict.fromkeys(normalised.original_span(start, end) for start, end in spans) if t]
    triggers = tuple(t for t in found if not any(t != other and t in other for other in found))
    return ScreeningResult(level=level, category=best.category, triggers=triggers)
