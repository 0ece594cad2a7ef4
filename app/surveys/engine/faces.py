"""The fixed face scale for pupils: every face is paired with words, plus two non-substantive answers."""

from __future__ import annotations

from .definition import Option

FACE_OPTIONS: tuple[Option, ...] = (
    Option("very_safe", "Very safe", "😀"),
    Option("a_bit_safe", "A bit safe", "🙂"),
    Option("not_sure", "Not sure", "😐"),
    Option("a_bit_unsafe", "A bit unsafe", "🙁"),
    Option("very_unsafe", "Very unsafe", "😟"),
    Option("dont_go", "I don't go there"),
    Option("prefer_not", "I'd rather not say"),
)
