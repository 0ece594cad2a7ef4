"""UK postcodes: check the format and keep only as much as the survey needs (by default the sector, "MK9 3")."""

from __future__ import annotations

import re

from .definition import PostcodeStore

OUTWARD = r"(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR)"
FULL_RE = re.compile(rf"^({OUTWARD})([0-9])([A-Z]{{2}})$")
SECTOR_RE = re.compile(rf"^({OUTWARD}) ([0-9])$")
OUTWARD_RE = re.compile(rf"^({OUTWARD})$")
EXAMPLES = {PostcodeStore.SECTOR: "MK6 2", PostcodeStore.OUTWARD: "MK6", PostcodeStore.FULL: "MK6 2AB"}


def postcode_example(store: PostcodeStore) -> str:
    """The one example a postcode question shows, in its hint and in its error: as much as the question keeps, so a
    respondent asked for "MK6 2" is never told to type "MK9 3EJ"."""
    return EXAMPLES[store]


def normalise_postcode(raw: str, store: PostcodeStore = PostcodeStore.SECTOR) -> str | None:
    """The part of the postcode to store, or None if `raw` is not a postcode in a form `store` can use.

    A full postcode, a sector ("MK6 2") or an outward code alone ("MK6") is accepted, except that `full`
    needs the full postcode. Nothing more than `store` asks for is ever returned.
    """
    text = " ".join(raw.upper().split())
    full = FULL_RE.match(text.replace(" ", ""))
    if full:
        outward, sector_digit, unit = full.groups()
        return _cut(outward, sector_digit, unit, store)
    if store is PostcodeStore.FULL:
        return None
    sector = SECTOR_RE.match(text)
    if sector:
        return _cut(sector.group(1), sector.group(2), None, store)
    outward_only = OUTWARD_RE.match(text)
    return outward_only.group(1) if outward_only else None


def _cut(outward: str, sector_digit: str, unit: str | None, store: PostcodeStore) -> str:
    if store is PostcodeStore.OUTWARD:
        return outward
    if store is PostcodeStore.SECTOR or unit is None:
        return f"{outward} {sector_digit}"
    return f"{outward} {sector_digit}{unit}"
