"""The suppression rules on their own: no published figure, and no total or parent figure minus shown figures, is
a group of 1 to 9 pupils."""

from __future__ import annotations

from itertools import product

from app.schools.suppression import MIN_GROUP, CellId, Published, complete, publish_leaf, publish_parent

CELLS: list[CellId] = [("q", None, value) for value in ("a", "b", "c", "d")]


def _leaf(values: list[int]) -> Published:
    return publish_leaf(dict(zip(CELLS, values, strict=True)), [CELLS])


def _shown(published: Published) -> list[int | None]:
    return [published.shown(cell) for cell in CELLS]


def _small(number: int) -> bool:
    return 0 < number < MIN_GROUP


def test_a_table_without_small_cells_is_shown_whole_zeros_included() -> None:
    assert _shown(_leaf([12, 0, 15, 0])) == [12, 0, 15, 0]


def test_one_small_cell_hides_the_zeros_and_the_next_smallest_cell() -> None:
    assert _shown(_leaf([20, 12, 3, 0])) == [20, None, None, None]


def test_when_only_small_cells_remain_everything_is_hidden() -> None:
    assert _shown(_leaf([10, 0, 2, 0])) == [None, None, None, None]


def test_two_small_cells_adding_up_to_ten_need_no_complement() -> None:
    assert _shown(_leaf([20, 6, 4, 15])) == [20, None, None, 15]


def test_complete_never_hides_a_cell_that_is_not_eligible() -> None:
    assert complete([3, 0, 20], [True, False, False], [True, False, False]) == (True, False, False)


def test_no_class_table_lets_total_minus_shown_cells_be_small() -> None:
    for values in product((0, 1, 4, 9, 10, 13), repeat=4):
        total = sum(values)
        if total < MIN_GROUP:
            continue
        shown = _shown(_leaf(list(values)))
        assert not any(_small(v) for v in shown if v is not None), values
        hidden = [v for v, s in zip(values, shown, strict=True) if s is None]
        assert not hidden or (len(hidden) >= 2 and sum(hidden) >= MIN_GROUP), values


def _school(classes: list[list[int]]) -> tuple[list[Published], Published]:
    leaves = [_leaf(values) for values in classes]
    counts = {cell: sum(values[i] for values in classes) for i, cell in enumerate(CELLS)}
    return leaves, publish_parent(counts, [CELLS], leaves)


def test_school_hides_a_cell_whose_difference_with_the_shown_classes_is_small() -> None:
    leaves, school = _school([[10, 3, 0, 0], [2, 10, 0, 0]])
    assert _shown(leaves[0]) == [None, None, None, None] and _shown(leaves[1]) == [None, None, None, None]
    assert school.shown(CELLS[0]) is None or school.shown(CELLS[0]) >= MIN_GROUP
    leaves, school = _school([[20, 3, 15, 0], [12, 10, 0, 11]])
    assert _shown(leaves[1]) == [12, 10, 0, 11]
    assert school.shown(CELLS[1]) is None


def test_a_cell_every_class_shows_is_shown_at_school_level() -> None:
    _, school = _school([[20, 3, 15, 0], [12, 10, 0, 11]])
    assert school.shown(CELLS[0]) == 32


def test_no_school_figure_minus_shown_class_figures_is_small() -> None:
    options = (0, 2, 7, 10, 12)
    for first, second in product(product(options, repeat=3), repeat=2):
        classes = [[*first, 10], [*second, 10]]
        leaves, school = _school(classes)
        for cell in CELLS:
            value = school.shown(cell)
            if value is not None:
                assert not _small(value), (classes, cell)
                assert not _small(value - sum(leaf.shown(cell) or 0 for leaf in leaves)), (classes, cell)
                assert all(not _small(value - (leaf.shown(cell) or 0)) for leaf in leaves), (classes, cell)
        unknown = [
            school.counts[c] - sum(leaf.shown(c) or 0 for leaf in leaves) for c in CELLS if school.shown(c) is None
        ]
        assert sum(unknown) == 0 or sum(unknown) >= MIN_GROUP, classes


def test_a_parent_level_question_its_children_never_show_is_suppressed_like_a_class() -> None:
    children = [publish_leaf({}, []) for _ in range(2)]
    city = publish_parent({cell: value for cell, value in zip(CELLS, [30, 3, 12, 0], strict=True)}, [CELLS], children)
    assert [city.shown(cell) for cell in CELLS] == [30, None, None, None]
