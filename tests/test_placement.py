"""`actplot.placement`: marks spread apart around where they want to be, labels in lanes."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actplot.placement import lanes, spread


def test_marks_far_apart_stay_put() -> None:
    assert spread([0.0, 10.0, 30.0], 5.0) == [0.0, 10.0, 30.0]


def test_marks_at_one_place_are_centred_on_it() -> None:
    assert spread([10.0, 10.0, 10.0], 5.0) == [5.0, 10.0, 15.0]
    assert spread([10.0, 10.0], 5.0) == [7.5, 12.5]


def test_a_run_that_grows_into_a_neighbour_takes_it_in() -> None:
    assert spread([0.0, 0.0, 6.0], 5.0) == pytest.approx([-3.0, 2.0, 7.0])


@given(st.lists(st.floats(-1e3, 1e3), max_size=20), st.floats(0.5, 20.0))
def test_spread_keeps_the_order_the_pitch_and_the_mean(wanted: list[float], pitch: float) -> None:
    wanted.sort()
    placed = spread(wanted, pitch)
    assert len(placed) == len(wanted)
    assert all(b - a >= pitch * (1 - 1e-9) for a, b in itertools.pairwise(placed))
    if wanted:
        assert sum(placed) / len(placed) == pytest.approx(sum(wanted) / len(wanted), abs=1e-6)


def test_overlapping_labels_take_new_lanes_and_others_reuse_the_first() -> None:
    assert lanes([(0.0, 10.0), (5.0, 15.0), (12.0, 20.0), (30.0, 40.0)], gap=1.0) == [0, 1, 0, 0]


@given(st.lists(st.tuples(st.floats(-100, 100), st.floats(0, 30)), max_size=15))
def test_labels_in_one_lane_never_overlap(starts: list[tuple[float, float]]) -> None:
    intervals = [(lo, lo + width) for lo, width in starts]
    chosen = lanes(intervals, gap=2.0)
    for i, (a, b) in enumerate(intervals):
        for j in range(i):
            c, d = intervals[j]
            if chosen[i] == chosen[j]:
                assert b + 2.0 <= c or d + 2.0 <= a
