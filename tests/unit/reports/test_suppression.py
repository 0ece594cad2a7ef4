"""One rule hides small groups of people in every table: 1 to 9 is hidden, and so is whatever would give it away."""

from __future__ import annotations

from app.reports.suppression import shown, shown_group, shown_mapping, text


def test_a_count_on_its_own_is_hidden_only_from_1_to_9() -> None:
    assert [shown(n) for n in (0, 1, 9, 10, 250)] == [0, None, None, 10, 250]
    assert (text(None), text(1234)) == ("not shown", "1,234")


def test_a_group_with_one_small_cell_hides_the_next_smallest_so_the_total_does_not_give_it_away() -> None:
    assert shown_group([24, 6]) == (None, None)
    assert shown_group([40, 12, 3]) == (40, None, None)
    assert shown_group([40, 12, 30]) == (40, 12, 30)


def test_small_hidden_cells_that_add_up_to_under_10_take_another_with_them() -> None:
    assert shown_group([50, 2, 3, 20]) == (50, None, None, None)
    assert shown_group([50, 5, 6, 20]) == (50, None, None, 20)


def test_the_same_counts_hide_the_same_cells_whatever_the_order_and_zeros_stay_zero() -> None:
    wards = {"olney": 12, "bletchley_east": 30, "newport": 4, "wolverton": 0}
    reordered = dict(reversed(list(wards.items())))
    assert (
        shown_mapping(wards)
        == shown_mapping(reordered)
        == {"olney": None, "bletchley_east": 30, "newport": None, "wolverton": 0}
    )
