"""The one rule for which respondent counts an officer's dashboard, the representativeness table, the report and the
summary exports may show: a group of 1 to 9 people is never shown, nor any figure from which it could be worked out.

Pure: counts in, counts or None out. Every table that counts people by who they are or what they answered (ward,
age band, an answer option, a cross-tab cell, a representativeness category) goes through ``shown_group`` when its
total is shown beside it, or ``shown`` when it stands alone; None means hidden, and is printed as ``HIDDEN`` and
written as an empty number cell with a note, never as text in a number column. Within a group the pupils' rule
(``app.schools.suppression.complete``) applies: once a cell is hidden, zeros beside it and the smallest other cells
are hidden too until "total minus the shown cells" is no small group. Counts of when and how responses arrived
(per day, per channel) are about no one's answers and are shown as they are; a filtered view whose total is 1 to 9
shows none of its figures.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

from app.schools.suppression import MIN_GROUP, complete

K = TypeVar("K", bound=Hashable)

SMALL = MIN_GROUP
HIDDEN = "not shown"
EXPLANATION = (
    f"Numbers of fewer than {SMALL} people are not shown, nor any number from which one could be worked "
    "out (such as the last one in a table whose total is shown)."
)


def is_small(count: int) -> bool:
    return 0 < count < SMALL


def shown(count: int) -> int | None:
    """A count shown on its own: None when 1 to 9."""
    return None if is_small(count) else count


def shown_group(counts: Sequence[int]) -> tuple[int | None, ...]:
    """Counts whose total is shown too (the answers to one question, the wards of all respondents)."""
    hidden = complete(counts, [is_small(count) for count in counts], [True] * len(counts))
    return tuple(None if hide else count for count, hide in zip(counts, hidden, strict=True))


def shown_mapping(counts: Mapping[K, int]) -> dict[K, int | None]:
    """``shown_group`` over the non-zero counts, keyed as given: the same counts give the same hidden cells whatever
    order a caller lists them in (ties are broken by key), so the dashboard's ward table and the representativeness
    table hide the same wards. A category nobody chose stays 0: listing it or not must not change the result."""
    keys = sorted((key for key, count in counts.items() if count), key=repr)
    shown_counts = dict(zip(keys, shown_group([counts[key] for key in keys]), strict=True))
    return {key: shown_counts.get(key, 0) for key in counts}


def text(count: int | None) -> str:
    return HIDDEN if count is None else f"{count:,}"
