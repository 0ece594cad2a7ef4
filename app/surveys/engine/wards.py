"""The 19 Milton Keynes City Council electoral wards (in force since 2014), as offered by the `ward` question type."""

from __future__ import annotations

import re

from .definition import PREFER_NOT_TO_SAY, Option

MK_WARDS: tuple[str, ...] = (
    "Bletchley East",
    "Bletchley Park",
    "Bletchley West",
    "Bradwell",
    "Broughton",
    "Campbell Park & Old Woughton",
    "Central Milton Keynes",
    "Danesborough & Walton",
    "Loughton & Shenley",
    "Monkston",
    "Newport Pagnell North & Hanslope",
    "Newport Pagnell South",
    "Olney",
    "Shenley Brook End",
    "Stantonbury",
    "Stony Stratford",
    "Tattenhoe",
    "Wolverton",
    "Woughton & Fishermead",
)

NOT_IN_MK = "not_in_mk"


def ward_value(name: str) -> str:
    """A stable slug for a ward name: "Campbell Park & Old Woughton" -> "campbell_park_old_woughton"."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


WARD_OPTIONS: tuple[Option, ...] = (
    *(Option(ward_value(name), name) for name in MK_WARDS),
    Option(NOT_IN_MK, "I don't live in Milton Keynes"),
    Option(PREFER_NOT_TO_SAY, "Prefer not to say"),
)
