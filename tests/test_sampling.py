"""Sampling: grids with every break, segments split at jumps, impulses, argument checks."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

import actplot
from actplot import sampling
from actplot.sampling import (
    MAX_POINTS,
    MIN_POINTS,
    Curve,
    Impulse,
    Jump,
    check_points,
    check_range,
    decimate,
    grid,
    grid_blocks,
    one_sided_limits,
    sample,
)

#: (spec, order, break x) where the order-k curve jumps.
JUMPS = [
    ("step", 0, 0.0),
    ("relu", 1, 0.0),
    ("leaky_relu", 1, 0.0),
    ("leaky_relu:negative_slope=0.2", 1, 0.0),
    ("hard_shrink", 0, -0.5),
    ("hard_shrink", 0, 0.5),
    ("hard_tanh", 1, -1.0),
    ("hard_tanh", 1, 1.0),
    ("threshold", 0, 1.0),
]


def only_curve(spec: str, order: int, x_range: tuple[float, float] = (-3.0, 3.0), points: int = 61) -> Curve:
    (curve,) = sample([actplot.get(spec)], [order], x_range, points).curves
    return curve


# --- grid -------------------------------------------------------------------------------------------


def test_relu_grid_with_seven_points_has_the_corner_as_a_vertex() -> None:
    x = grid(actplot.get("relu"), (-1.0, 2.5), 7)
    assert 0.0 in x.tolist()
    assert len(x) == 8
    assert x[0] == -1.0
    assert x[-1] == 2.5


@pytest.mark.parametrize("points", [2, 3, 7, 8, 1000])
@pytest.mark.parametrize("x_range", [(-1.0, 2.5), (-5.0, 5.0), (-0.3, 0.7)])
def test_grid_is_increasing_with_the_even_points_and_every_break(
    points: int, x_range: tuple[float, float]
) -> None:
    activation = actplot.get("relu")
    x = grid(activation, x_range, points)
    assert np.all(np.diff(x) > 0)
    assert set(np.linspace(*x_range, points).tolist()) <= set(x.tolist())
    assert 0.0 in x.tolist()


@pytest.mark.parametrize("block", [1, 2, 3, 5])
@pytest.mark.parametrize(
    ("spec", "x_range", "points"),
    [
        ("hard_shrink", (-0.5, 0.5), 9),
        ("hard_tanh", (-1.0, 1.0), 9),
        ("step", (-3.0, 3.0), 4),
        ("relu", (0, 1), 2),
        ("relu", (0.0, 1.5e-323), 9),  # three distinct floats: the even grid repeats them
    ],
)
def test_grid_blocks_are_the_grid_in_increasing_pieces(
    spec: str, x_range: tuple[float, float], points: int, block: int
) -> None:
    activation = actplot.get(spec)  # breaks on the range's ends, on grid points and between them
    pieces = list(grid_blocks(activation, x_range, points, block))
    breaks = [br.x for br in activation.breaks if x_range[0] <= br.x <= x_range[1]]
    expected = np.unique(np.concatenate([np.linspace(*x_range, points), breaks]))
    np.testing.assert_array_equal(np.concatenate(pieces), expected)
    np.testing.assert_array_equal(grid(activation, x_range, points), expected)
    assert all(p[-1] < q[0] for p, q in itertools.pairwise(pieces))


def test_grid_leaves_out_breaks_outside_the_range() -> None:
    x = grid(actplot.get("relu"), (1.0, 2.0), 5)
    np.testing.assert_array_equal(x, np.linspace(1.0, 2.0, 5))


@pytest.mark.parametrize("x_range", [(0.0, 1.0), (-1.0, 0.0), (-1.0, 1.0)])
def test_a_break_on_the_grid_is_not_repeated(x_range: tuple[float, float]) -> None:
    x = grid(actplot.get("step"), x_range, 3)
    assert x.tolist().count(0.0) == 1


@pytest.mark.parametrize("name", actplot.names())
def test_every_break_is_a_vertex_of_every_order(name: str) -> None:
    activation = actplot.get(name)
    xs = [b.x for b in activation.breaks]
    x_range = (min([-5.0, *xs]) - 1.0, max([5.0, *xs]) + 1.0)
    for curve in sample([activation], [0, 1, 2], x_range, 7).curves:
        vertices = np.concatenate([s.x for s in curve.segments]).tolist()
        assert set(xs) <= set(vertices), (name, curve.order)


# --- segments and jumps -----------------------------------------------------------------------------


def test_a_curve_without_breaks_is_one_segment_equal_to_evaluate() -> None:
    curve = only_curve("sigmoid", 0)
    (segment,) = curve.segments
    np.testing.assert_array_equal(segment.y, actplot.evaluate("sigmoid", segment.x))
    assert curve.jumps == ()
    assert curve.impulses == ()


@pytest.mark.parametrize(("spec", "order"), [("relu", 0), ("leaky_relu", 0), ("relu", 2), ("step", 1)])
def test_an_order_that_does_not_jump_is_not_split(spec: str, order: int) -> None:
    curve = only_curve(spec, order)
    assert len(curve.segments) == 1
    assert curve.jumps == ()


@pytest.mark.parametrize(("spec", "order", "at"), JUMPS)
def test_a_jump_splits_the_curve_with_one_sided_limits_at_the_ends(spec: str, order: int, at: float) -> None:
    activation = actplot.get(spec)
    curve = only_curve(spec, order)
    left, right = one_sided_limits(activation, at)
    assert left[order] != right[order]
    ending = [s for s in curve.segments if s.x[-1] == at]
    starting = [s for s in curve.segments if s.x[0] == at]
    assert len(ending) == len(starting) == 1
    assert ending[0].y[-1] == left[order]
    assert starting[0].y[0] == right[order]
    for segment in curve.segments:
        assert not segment.x[0] < at < segment.x[-1], "a segment crosses the jump"


@pytest.mark.parametrize(("spec", "order", "at"), JUMPS)
def test_jump_value_is_the_value_at_the_break_and_limits_are_one_sided(
    spec: str, order: int, at: float
) -> None:
    activation = actplot.get(spec)
    curve = only_curve(spec, order)
    (jump,) = [j for j in curve.jumps if j.x == at]
    left, right = one_sided_limits(activation, at)
    assert jump.value == actplot.evaluate(activation, at, order)
    assert jump.limits == (left[order], right[order])


@pytest.mark.parametrize(
    ("spec", "order", "value", "limits"),
    [
        ("step", 0, 0.0, (0.0, 1.0)),
        ("relu", 1, 0.0, (0.0, 1.0)),
        ("leaky_relu:negative_slope=0.2", 1, 0.2, (0.2, 1.0)),
    ],
)
def test_pytorch_values_at_the_jump(spec: str, order: int, value: float, limits: tuple[float, ...]) -> None:
    (jump,) = only_curve(spec, order).jumps
    assert jump == Jump(0.0, order, value, *limits)


@pytest.mark.parametrize(
    ("spec", "order", "jumps"),
    [
        ("hard_shrink", 0, [Jump(-0.5, 0, 0.0, -0.5, 0.0), Jump(0.5, 0, 0.0, 0.0, 0.5)]),
        ("hard_tanh", 1, [Jump(-1.0, 1, 0.0, 0.0, 1.0), Jump(1.0, 1, 0.0, 1.0, 0.0)]),
    ],
)
def test_pytorch_values_at_the_jumps_of_the_hard_functions(spec: str, order: int, jumps: list[Jump]) -> None:
    found = only_curve(spec, order).jumps
    assert [(j.x, j.value) for j in found] == [(j.x, j.value) for j in jumps]
    # The limits are measured one ulp from the break (hard_shrink gives −0.5000000000000001).
    assert [j.limits for j in found] == [pytest.approx(j.limits, rel=1e-15, abs=0) for j in jumps]


def test_jump_on_the_left_edge_keeps_only_the_limit_inside_the_range() -> None:
    curve = only_curve("step", 0, (0.0, 1.0), 5)
    (segment,) = curve.segments
    assert segment.x[0] == 0.0
    assert segment.y[0] == 1.0
    assert curve.jumps == (Jump(0.0, 0, 0.0, None, 1.0),)


def test_jump_on_the_right_edge_keeps_only_the_limit_inside_the_range() -> None:
    curve = only_curve("relu", 1, (-1.0, 0.0), 5)
    (segment,) = curve.segments
    assert segment.x[-1] == 0.0
    assert segment.y[-1] == 0.0
    assert curve.jumps == (Jump(0.0, 1, 0.0, 0.0, None),)


@pytest.mark.parametrize("name", actplot.names())
def test_segments_equal_evaluate_except_one_sided_limits_at_jumps(name: str) -> None:
    activation = actplot.get(name)
    xs = [b.x for b in activation.breaks]
    x_range = (min([-5.0, *xs]) - 1.0, max([5.0, *xs]) + 1.0)
    for curve in sample([activation], [0, 1, 2], x_range, 41).curves:
        jumping = {j.x for j in curve.jumps}
        for segment in curve.segments:
            assert np.all(np.diff(segment.x) > 0)
            expected = actplot.evaluate(activation, segment.x, curve.order)
            for end, side in ((0, 1), (-1, 0)):
                if segment.x[end] in jumping:
                    expected[end] = one_sided_limits(activation, float(segment.x[end]))[side][curve.order]
            np.testing.assert_array_equal(segment.y, expected, err_msg=f"{name} order {curve.order}")
            inner = segment.x[1:-1]
            assert not jumping & set(inner.tolist()), "a segment runs through a jump"


def test_one_sided_limits_of_step() -> None:
    assert one_sided_limits(actplot.get("step"), 0.0) == ([0.0, 0.0, 0.0], [1.0, 0.0, 0.0])


# --- impulses ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "order", "impulses"),
    [
        ("step", 1, [Impulse(0.0, 1, 1.0, 0)]),
        ("step", 2, [Impulse(0.0, 2, 1.0, 1)]),
        ("relu", 2, [Impulse(0.0, 2, 1.0, 0)]),
        ("leaky_relu:negative_slope=0.2", 2, [Impulse(0.0, 2, 0.8, 0)]),
        ("leaky_relu", 2, [Impulse(0.0, 2, 0.99, 0)]),
        ("relu", 1, []),
        ("relu", 0, []),
        ("step", 0, []),
        ("sigmoid", 2, []),
        ("identity", 2, []),
        ("hard_shrink", 1, [Impulse(-0.5, 1, 0.5, 0), Impulse(0.5, 1, 0.5, 0)]),
        ("hard_tanh", 2, [Impulse(-1.0, 2, 1.0, 0), Impulse(1.0, 2, -1.0, 0)]),
    ],
)
def test_impulses_are_the_jumps_of_lower_orders(spec: str, order: int, impulses: list[Impulse]) -> None:
    assert list(only_curve(spec, order).impulses) == impulses


def test_leaky_relu_second_derivative_weight_is_exact() -> None:
    (impulse,) = only_curve("leaky_relu:negative_slope=0.2", 2).impulses
    assert impulse.weight == 0.8  # rounded, not 0.8000000000000000444 or 0.7999999999999999


def test_an_impulse_on_the_edge_of_the_range_is_kept() -> None:
    assert only_curve("relu", 2, (0.0, 1.0), 5).impulses == (Impulse(0.0, 2, 1.0, 0),)


@pytest.mark.parametrize(
    ("impulse", "symbol"),
    [
        (Impulse(0.0, 2, 1.0, 0), "δ"),
        (Impulse(0.0, 2, -1.0, 0), "−δ"),
        (Impulse(0.0, 2, 0.8, 0), "0.8δ"),
        (Impulse(0.0, 2, -0.5, 0), "−0.5δ"),
        (Impulse(0.0, 2, 1.0, 1), "δ′"),
        (Impulse(0.0, 2, 2.0, 1), "2δ′"),
    ],
)
def test_impulse_symbol(impulse: Impulse, symbol: str) -> None:
    assert impulse.symbol == symbol


# --- sample -----------------------------------------------------------------------------------------


def test_sample_groups_curves_by_order() -> None:
    sampled = sample([actplot.get("sigmoid"), actplot.get("relu")], [0, 1, 2], (-2.0, 2.0), 11)
    assert sampled.labels == ("sigmoid", "relu")
    assert sampled.orders == (0, 1, 2)
    assert sampled.x_range == (-2.0, 2.0)
    assert [c.label for c in sampled.by_order(1)] == ["sigmoid", "relu"]


def test_sample_uses_the_spec_as_label() -> None:
    sampled = sample([actplot.get("leaky_relu:negative_slope=0.2")], [0], (-1.0, 1.0), 5)
    assert sampled.labels == ("leaky_relu:negative_slope=0.2",)


# --- argument checks --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "x_range",
    [
        (1.0, -1.0),
        (2.0, 2.0),
        (0.0, -0.0),
        (math.nan, 1.0),
        (0.0, math.nan),
        (0.0, math.inf),
        (-math.inf, 0.0),
        (-math.inf, math.inf),
        (-1.7e308, 1.7e308),
    ],
    ids=[
        "reversed",
        "empty",
        "signed-zeros",
        "nan-low",
        "nan-high",
        "inf-high",
        "inf-low",
        "both-inf",
        "overflowing",
    ],
)
def test_check_range_rejects_bad_ranges(x_range: tuple[float, float]) -> None:
    with pytest.raises(actplot.UsageError, match="range"):
        check_range(x_range)


def test_check_range_message_says_what_is_accepted() -> None:
    with pytest.raises(actplot.UsageError, match=r"range 3 1 .*A < B"):
        check_range((3.0, 1.0))


@pytest.mark.parametrize("x_range", [(-5, 5), (-1e300, 1e300), (0.0, 1e-300), (-3.5, -1.25)])
def test_check_range_accepts_finite_increasing_ranges(x_range: tuple[float, float]) -> None:
    result = check_range(x_range)
    assert result == (float(x_range[0]), float(x_range[1]))
    assert all(isinstance(v, float) for v in result)


@pytest.mark.parametrize("points", [-5, 0, 1, MAX_POINTS + 1])
def test_check_points_rejects_out_of_bounds(points: int) -> None:
    with pytest.raises(actplot.UsageError, match=str(points)):
        check_points(points)


@pytest.mark.parametrize("points", [MIN_POINTS, 1000, MAX_POINTS])
def test_check_points_accepts_the_bounds(points: int) -> None:
    assert check_points(points) == points


def test_bounds_are_two_and_ten_million() -> None:
    assert (MIN_POINTS, MAX_POINTS) == (2, 10**7)


@pytest.mark.parametrize(("x_range", "points"), [((1.0, -1.0), 10), ((math.nan, 1.0), 10), ((-1.0, 1.0), 1)])
def test_sample_checks_its_arguments(x_range: tuple[float, float], points: int) -> None:
    with pytest.raises(actplot.UsageError):
        sample([actplot.get("sigmoid")], [0], x_range, points)


# --- decimation --------------------------------------------------------------------------------------

#: Activations with jumps in f, f′ or f″, kinks and impulses, on a range holding every kind of break.
DECIMATED = ["step", "relu", "hard_tanh", "hard_shrink", "threshold", "elu", "sigmoid", "relu6"]


@pytest.mark.parametrize("spec", DECIMATED)
def test_a_decimated_curve_keeps_its_breaks_ends_and_every_columns_extremes(
    spec: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sampling, "SAMPLE_BLOCK", 997)  # block edges fall inside columns too
    x_range, points, resolution = (-3.0, 3.0), 20_001, 40
    full = sample([actplot.get(spec)], [0, 1, 2], x_range, points)
    decimated = sample([actplot.get(spec)], [0, 1, 2], x_range, points, resolution)
    for whole, kept in zip(full.curves, decimated.curves, strict=True):
        assert (kept.jumps, kept.impulses) == (whole.jumps, whole.impulses)
        assert len(kept.segments) == len(whole.segments)
        for a, b in zip(whole.segments, kept.segments, strict=True):
            assert (b.x[0], b.y[0], b.x[-1], b.y[-1]) == (a.x[0], a.y[0], a.x[-1], a.y[-1])
            assert set(zip(b.x.tolist(), b.y.tolist(), strict=True)) <= set(
                zip(a.x.tolist(), a.y.tolist(), strict=True)
            )
            column_of = np.floor((a.x - x_range[0]) * (resolution / 6.0))
            kept_column = np.floor((b.x - x_range[0]) * (resolution / 6.0))
            for column in np.unique(column_of):
                inside = b.y[kept_column == column]
                assert (inside.min(), inside.max()) == (
                    a.y[column_of == column].min(),
                    a.y[column_of == column].max(),
                )
            assert len(b.x) <= 4 * (resolution + 1) + 4 * (points // 997 + 1)
        assert whole.finite_extent() == kept.finite_extent()


def test_decimate_keeps_the_edges_of_gaps_and_only_the_extremes_between() -> None:
    x = np.linspace(0.0, 1.0, 12)
    y = np.array([0.0, 3.0, 1.0, -2.0, 0.5, np.inf, np.inf, np.inf, np.nan, 2.0, 1.0, 1.5])
    kept = decimate(x, y, (0.0, 2.0), 1, np.array([]))  # one column holds them all
    # finite run 0–4: first, max, min, last; the gap 5–8 (±inf or NaN): its ends; finite 9–11: all three
    assert kept.tolist() == [0, 1, 3, 4, 5, 8, 9, 10, 11]


def test_decimate_makes_a_break_a_run_of_its_own() -> None:
    x = np.linspace(-1.0, 1.0, 9)  # the break at 0 is the fifth point
    y = np.array([0.0, 1.0, 2.0, 1.0, 5.0, 1.0, 2.0, 1.0, 0.0])
    kept = decimate(x, y, (-1.0, 2.0), 1, np.array([0.0]))  # one column holds them all
    assert kept.tolist() == [0, 2, 3, 4, 5, 6, 8]
