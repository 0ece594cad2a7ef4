"""Builds the community-safety training file from the team's source sentences, deterministically.

The shipped sentiment model must learn how residents, stakeholders and pupils write about community safety without
ever seeing the measuring file, so the team wrote source sentences per codebook theme and tone
(``data/community_safety_training.yaml``) and whole answers for the hard cases. Real answers often join two points
("the lights are out; please fix them", "our PCSO is great but the speeding is awful"), so this module also joins
sentences by rules whose label follows the codebook: a complaint with a request stays negative, praise with a
complaint is mixed and so neutral, a fact with a request is neutral.

The held-back fifth is chosen per *source sentence*, before any joining, and joined answers only combine sentences
of the same split, so no held-back answer shares a sentence with a training one.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data"
SOURCE_PATH = DATA / "community_safety_training.yaml"
CORPUS_PATH = DATA / "community_safety_training.csv"
COLUMNS = ("id", "text", "sentiment", "themes", "voice", "split")
HOLDOUT_SHARE = 0.2
SEED = 18

_PROPER_STARTS = ("I ", "I'", "MK", "Action Fraud", "Ask for Angela", "Bletchley", "Wolverton", "Olney", "Stony")
_MIXED = ("But ", "However, ", "That said, ", "On the other hand, ", "Although ")
_MIXED_REVERSED = ("But ", "Even so, ", "Still, ")
_AND = ("", "Also, ", "And ", "On top of that, ", "")


@dataclass(frozen=True)
class Sentence:
    text: str
    tone: str
    theme: str | None
    voice: str
    split: str


@dataclass(frozen=True)
class Row:
    text: str
    sentiment: str
    themes: tuple[str, ...]
    voice: str
    split: str


def _lower_start(text: str) -> str:
    if text.startswith(_PROPER_STARTS) or (len(text) > 1 and text[1].isupper()):
        return text
    return text[0].lower() + text[1:]


def _joined(first: str, second: str, connector: str) -> str:
    if not connector:
        return f"{first} {second}"
    if connector == "Although ":
        return f"Although {_lower_start(first.rstrip('.!'))}, {_lower_start(second)}"
    return f"{first} {connector}{_lower_start(second)}"


def _sentences(source: dict[str, Any], rng: random.Random) -> list[Sentence]:
    found: list[Sentence] = []
    for theme, tones in source["themes"].items():
        for key, texts in tones.items():
            pupil = key.startswith("pupil_")
            tone = key.removeprefix("pupil_")
            voice = "pupil" if pupil else "stakeholder" if tone == "neutral" and rng.random() < 0.6 else "resident"
            found.extend(Sentence(text, tone, theme, voice, _split(rng)) for text in texts)
    return found


def _split(rng: random.Random) -> str:
    return "holdout" if rng.random() < HOLDOUT_SHARE else "train"


def _hard_rows(source: dict[str, Any], rng: random.Random) -> Iterator[Row]:
    for sentiment, entries in source["hard"].items():
        for text, themes in entries:
            voice = "pupil" if text[:1].islower() else "resident"
            yield Row(text, sentiment, tuple(themes), voice, _split(rng))


def _added_rows(source: dict[str, Any]) -> Iterator[Row]:
    """Rows added after the first release, split by their own seeded draw so the rows before them keep theirs."""
    rng = random.Random(SEED + 1)
    for text, sentiment, themes, voice in source.get("added", ()):
        yield Row(text, sentiment, tuple(themes), voice, _split(rng))


def _pick(pool: Sequence[Sentence], rng: random.Random, other_than: Sentence | None = None) -> Sentence | None:
    choices = [s for s in pool if other_than is None or s.theme != other_than.theme]
    return rng.choice(choices) if choices else None


def _pair(first: Sentence, second: Sentence, sentiment: str, text: str) -> Row:
    themes = tuple(dict.fromkeys(t for t in (first.theme, second.theme) if t))
    voice = "pupil" if "pupil" in (first.voice, second.voice) else first.voice
    return Row(text, sentiment, themes, voice, first.split)


def _joined_rows(sentences: list[Sentence], rng: random.Random, split: str) -> Iterator[Row]:
    """Two-sentence answers; each rule says what tone the codebook gives the pair."""
    pools: dict[tuple[str, bool], list[Sentence]] = {}
    for s in sentences:
        if s.split == split:
            pools.setdefault((s.tone, s.voice == "pupil"), []).append(s)
    adult = {tone: pools.get((tone, False), []) for tone in ("negative", "positive", "neutral", "request")}
    pupil = {tone: pools.get((tone, True), []) for tone in ("negative", "positive", "neutral")}
    yield from _complaint_rows(adult, rng)
    yield from _praise_rows(adult, rng)
    yield from _fact_rows(adult, rng)
    yield from _pupil_rows(pupil, rng)


def _request_for(theme: str | None, requests: Sequence[Sentence], rng: random.Random) -> Sentence:
    return rng.choice([r for r in requests if r.theme == theme] or list(requests))


def _complaint_rows(adult: dict[str, list[Sentence]], rng: random.Random) -> Iterator[Row]:
    """A complaint with a request stays a complaint; two complaints are negative."""
    for s in adult["negative"]:
        request = _request_for(s.theme, adult["request"], rng)
        yield _pair(s, request, "negative", _joined(s.text, request.text, rng.choice(("", "", "So "))))
        if other := _pick(adult["negative"], rng, s):
            yield _pair(s, other, "negative", _joined(s.text, other.text, rng.choice(_AND)))


def _praise_rows(adult: dict[str, list[Sentence]], rng: random.Random) -> Iterator[Row]:
    """Praise beside a complaint, either way round, is mixed (neutral); praise with praise or a request is positive."""
    for s in adult["positive"]:
        for _ in range(2):
            if bad := _pick(adult["negative"], rng, s):
                yield _pair(s, bad, "neutral", _joined(s.text, bad.text, rng.choice(_MIXED)))
        if bad := _pick(adult["negative"], rng, s):
            yield _pair(bad, s, "neutral", _joined(bad.text, s.text, rng.choice(_MIXED_REVERSED)))
        if good := _pick(adult["positive"], rng, s):
            yield _pair(s, good, "positive", _joined(s.text, good.text, rng.choice(_AND)))
        request = _request_for(s.theme, adult["request"], rng)
        yield _pair(s, request, "positive", _joined(s.text, request.text, ""))


def _fact_rows(adult: dict[str, list[Sentence]], rng: random.Random) -> Iterator[Row]:
    for s in adult["neutral"]:
        if request := _pick(adult["request"], rng):
            yield _pair(s, request, "neutral", _joined(s.text, request.text, ""))
        if rng.random() < 0.5 and (other := _pick(adult["neutral"], rng, s)):
            yield _pair(s, other, "neutral", _joined(s.text, other.text, rng.choice(_AND)))


def _pupil_rows(pupil: dict[str, list[Sentence]], rng: random.Random) -> Iterator[Row]:
    for s in pupil["negative"]:
        other = _pick(pupil["negative"], rng, s)
        if other:
            joiner = rng.choice((" and ", " also ", " "))
            yield _pair(s, other, "negative", f"{s.text}{joiner}{other.text}")
    for s in pupil["positive"]:
        bad = _pick(pupil["negative"], rng, s)
        if bad:
            yield _pair(s, bad, "neutral", f"{s.text} but {bad.text}")
        other = _pick(pupil["positive"], rng, s)
        if other:
            yield _pair(s, other, "positive", f"{s.text} and {other.text}")


def build_rows(source_path: Path = SOURCE_PATH) -> list[Row]:
    source = yaml.safe_load(source_path.read_text(encoding="utf-8"))
    rng = random.Random(SEED)
    sentences = _sentences(source, rng)
    rows = [
        Row(s.text, "neutral" if s.tone == "request" else s.tone, (s.theme,) if s.theme else (), s.voice, s.split)
        for s in sentences
    ]
    rows.extend(_hard_rows(source, rng))
    for split in ("train", "holdout"):
        rows.extend(_joined_rows(sentences, rng, split))
    rows.extend(_added_rows(source))
    unique = {row.text: row for row in rows}
    return list(unique.values())


def write_corpus(rows: Sequence[Row], path: Path = CORPUS_PATH) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for number, row in enumerate(rows, start=1):
            writer.writerow((f"CS{number:04d}", row.text, row.sentiment, ";".join(row.themes), row.voice, row.split))


if __name__ == "__main__":
    write_corpus(build_rows())
