"""Which pupil counts may be published, so that no figure, and no sum or difference of figures, is a group of 1 to 9.

Pure: counts in, flags out; no Flask, no database.

A *group* is a set of cells whose total everyone knows (the pupils who sent answers): the answers to a single
choice question or one row of a grid, each with its "Did not answer" cell; or, for a multiple choice option, the
pair "chose it" / "did not choose it". Because the total is known, one hidden cell in a group can be worked out by
subtraction, and so can the sum of several small hidden cells. So, within a group:

1. a cell of 1 to 9 pupils is hidden (*primary* suppression);
2. if any cell is hidden, every zero is hidden too (an exact 0 beside a hidden cell narrows it down);
3. while only one cell is hidden, or the hidden cells add up to fewer than ``MIN_GROUP``, the smallest shown cell
   is hidden as well (*complementary* suppression), so "total minus the shown cells" is never a small group.

Figures are also published at several levels: a class, its school (all its classes), and the whole consultation
(all its schools), and anyone who can see a school's table may also see its classes' tables. The school figure
minus the class figures shown for the same cell is the sum of the hidden class cells: the cell's *residual*. A
parent level therefore applies the same three rules to its residuals rather than to its own counts:

- a cell whose children all show it exactly adds nothing new, and is shown;
- any other cell is hidden when its residual is under ``MIN_GROUP`` (even 0: that would show the hidden class
  cells were all zero);
- complements are chosen only among cells that carry hidden information, since hiding a figure anyone can add up
  from the children protects nothing; if none is left, every such cell is hidden.

So a published parent figure minus the published child figures is always 0 (nothing was hidden) or at least
``MIN_GROUP``, and by induction every published figure is 0 or at least ``MIN_GROUP``. What this does not cover
(changes between two visits, groups too small to publish at all) is handled by when results appear: see
``app.schools.summaries``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

MIN_GROUP = 10

CellId = tuple[str, str | None, str]
"""(question key, grid row or None, answer value); see ``app.schools.summaries`` for the special values."""


@dataclass(frozen=True)
class Published:
    """One level's table after suppression: ``visible`` cells are shown; ``known`` is what an onlooker can add up
    for each cell from this level and the levels below, and ``exact`` the cells they can tell exactly."""

    counts: Mapping[CellId, int]
    visible: frozenset[CellId]
    known: Mapping[CellId, int]
    exact: frozenset[CellId]

    def shown(self, cell: CellId) -> int | None:
        return self.counts.get(cell, 0) if cell in self.visible else None


def complete(values: Sequence[int], hidden: Sequence[bool], eligible: Sequence[bool]) -> tuple[bool, ...]:
    """Rules 2 and 3 for one group: add zeros and complements to the ``hidden`` cells until the hidden cells are
    at least two and add up to at least ``MIN_GROUP``. Only ``eligible`` cells are added."""
    result = list(hidden)
    if not any(result):
        return tuple(result)
    for index, value in enumerate(values):
        if value == 0 and eligible[index]:
            result[index] = True
    while _exposed(values, result):
        candidates = [i for i, value in enumerate(values) if eligible[i] and not result[i]]
        if not candidates:
            break
        result[min(candidates, key=lambda i: (values[i], i))] = True
    return tuple(result)


def _exposed(values: Sequence[int], hidden: Sequence[bool]) -> bool:
    chosen = [value for value, is_hidden in zip(values, hidden, strict=True) if is_hidden]
    return bool(chosen) and (len(chosen) == 1 or sum(chosen) < MIN_GROUP)


def publish_leaf(counts: Mapping[CellId, int], groups: Sequence[Sequence[CellId]]) -> Published:
    """A class: hide small cells and their complements, group by group. Cells in no group are never shown."""
    visible: set[CellId] = set()
    for group in groups:
        values = [counts.get(cell, 0) for cell in group]
        flags = complete(values, [0 < value < MIN_GROUP for value in values], [True] * len(group))
        visible.update(cell for cell, flag in zip(group, flags, strict=True) if not flag)
    return Published(counts, frozenset(visible), {cell: counts.get(cell, 0) for cell in visible}, frozenset(visible))


def publish_parent(
    counts: Mapping[CellId, int], groups: Sequence[Sequence[CellId]], children: Sequence[Published]
) -> Published:
    """A school or the consultation: protect the residuals of ``counts`` (the sum of ``children``)."""
    cells = set(counts) | {cell for group in groups for cell in group}
    cells |= {cell for child in children for cell in child.known}
    from_children = {cell: sum(child.known.get(cell, 0) for child in children) for cell in cells}
    derivable = {cell for cell in cells if children and all(cell in child.exact for child in children)}
    visible: set[CellId] = set()
    for group in groups:
        residuals = [counts.get(cell, 0) - from_children[cell] for cell in group]
        informative = [cell not in derivable for cell in group]
        sensitive = [flag and residual < MIN_GROUP for flag, residual in zip(informative, residuals, strict=True)]
        flags = complete(residuals, sensitive, informative)
        visible.update(cell for cell, flag in zip(group, flags, strict=True) if not flag)
    known = {cell: (counts.get(cell, 0) if cell in visible else from_children[cell]) for cell in cells}
    return Published(counts, frozenset(visible), known, frozenset(visible | derivable))
