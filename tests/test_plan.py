"""The panel plan: layouts as data, y-limits, series styles, coinciding curves, curves leaving the frame."""

from __future__ import annotations

import numpy as np
import pytest

import actplot
from actplot.options import LAYOUTS, FigureOptions
from actplot.plan import (
    COLOURS,
    LAYOUT_FUNCTIONS,
    Plan,
    check_size,
    make_plan,
    off_frame,
    series_styles,
    y_limits,
)
from actplot.sampling import Curve, Segment, sample


def sampled(
    specs: list[str], orders: list[int], x_range: tuple[float, float] = (-3.0, 3.0), points: int = 61
):  # type: ignore[no-untyped-def]
    return sample([actplot.get(s) for s in specs], orders, x_range, points)


def only_curve(spec: str, order: int, x_range: tuple[float, float] = (-3.0, 3.0), points: int = 61) -> Curve:
    (curve,) = sampled([spec], [order], x_range, points).curves
    return curve


def synthetic(y: list[float], label: str = "synthetic") -> Curve:
    x = np.linspace(-1.0, 1.0, len(y))
    return Curve(label, 0, (Segment(x, np.array(y, dtype=np.float64)),), (), ())


def plan_of(specs: list[str], derivs: int = 2, **options: object) -> Plan:
    return make_plan(sampled(specs, list(range(derivs + 1))), FigureOptions(**options))  # type: ignore[arg-type]


# --- layouts ----------------------------------------------------------------------------------------


def test_every_layout_has_one_function() -> None:
    assert tuple(LAYOUT_FUNCTIONS) == LAYOUTS


@pytest.mark.parametrize(
    ("layout", "rows", "columns", "panels"), [("panels", 1, 3, 3), ("overlay", 1, 1, 1), ("grid", 2, 3, 6)]
)
def test_layout_shapes(layout: str, rows: int, columns: int, panels: int) -> None:
    plan = plan_of(["sigmoid", "relu"], layout=layout)
    assert (plan.rows, plan.columns, len(plan.panels)) == (rows, columns, panels)
    drawn = sorted((c.label, c.order) for p in plan.panels for c in p.curves)
    assert drawn == sorted((label, order) for label in ("sigmoid", "relu") for order in (0, 1, 2))


def test_grid_rows_are_labelled_with_their_activation() -> None:
    plan = plan_of(["sigmoid", "relu"], layout="grid")
    assert {(p.row, p.row_label) for p in plan.panels} == {(0, "sigmoid"), (1, "relu")}


def test_given_y_limits_hold_in_every_panel() -> None:
    plan = plan_of(["sigmoid", "relu"], ylim=(-0.5, 2.0))
    assert {p.y_limits for p in plan.panels} == {(-0.5, 2.0)}


# --- series styles ----------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 7, 8, 12, 30])
def test_series_drawn_together_differ_in_colour_or_dash_or_marker(count: int) -> None:
    labels = [f"a{i}" for i in range(count)]
    overlay = series_styles(labels, [0, 1, 2], overlay=True)
    together = [[(s.colour, s.dash, s.marker) for s in overlay.values()]]
    panels = series_styles(labels, [0, 1, 2], overlay=False)
    together += [
        [(s.colour, s.dash, s.marker) for (_, o), s in panels.items() if o == order] for order in (0, 1, 2)
    ]
    for keys in together:
        assert len(set(keys)) == len(keys)


def test_panels_keep_one_style_per_activation_across_orders() -> None:
    styles = series_styles(["a", "b"], [0, 1, 2], overlay=False)
    assert styles["a", 0] == styles["a", 2]
    assert styles["a", 0].colour != styles["b", 0].colour


def test_an_eighth_activation_reuses_a_colour_with_another_dash() -> None:
    styles = series_styles([f"a{i}" for i in range(COLOURS + 1)], [0], overlay=False)
    first, eighth = styles["a0", 0], styles[f"a{COLOURS}", 0]
    assert first.colour == eighth.colour
    assert first.dash != eighth.dash


# --- y-limits ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "curve", [synthetic([2.0, 3.0]), synthetic([-3.0, -2.0]), synthetic([5.0, 5.0]), synthetic([0.0, 0.0])]
)
def test_y_limits_include_zero(curve: Curve) -> None:
    lo, hi = y_limits([curve])
    assert lo < 0 < hi or (lo <= 0 <= hi and lo < hi)


def test_a_flat_zero_frame_is_minus_one_to_one() -> None:
    assert y_limits([only_curve("relu", 2)]) == (-1.0, 1.0)


def test_y_limits_of_sigmoid_hold_zero_and_the_curve_with_a_margin() -> None:
    lo, hi = y_limits([only_curve("sigmoid", 0)])
    assert -0.2 < lo < 0.0
    assert 1.0 < hi < 1.2


def test_an_exploding_curve_does_not_set_the_y_limits() -> None:
    sigmoid = only_curve("sigmoid", 0)
    exploding = synthetic([0.0, 10.0, 1e4], label="exploding")
    assert y_limits([sigmoid, exploding]) == y_limits([sigmoid])


def test_exponential_beside_sigmoid_does_not_flatten_it() -> None:
    curves = sampled(["sigmoid", "exponential"], [0], (-5.0, 10.0), 101).curves
    lo, hi = y_limits(curves)
    assert hi < 2.0
    assert lo < 0.0


def test_curves_of_similar_spans_all_fit() -> None:
    lo, hi = y_limits([synthetic([0.0, 1.0]), synthetic([-2.0, 4.0], label="other")])
    assert lo < -2.0
    assert hi > 4.0


def test_a_nearly_flat_curve_does_not_push_a_unit_jump_out() -> None:
    # On a tiny range sigmoid′ is flat at 0.25; relu′ still reaches 1 and must stay in the frame.
    curves = sampled(["sigmoid", "relu"], [1], (-0.001, 0.001), 21).curves
    _, hi = y_limits(curves)
    assert hi > 1.0


def test_a_curve_far_from_zero_but_flat_is_not_exploding() -> None:
    # On [−0.001, 0.001] sigmoid sits near 0.5 while relu stays below 0.001: both are drawn.
    curves = sampled(["sigmoid", "relu"], [0], (-0.001, 0.001), 21).curves
    _, hi = y_limits(curves)
    assert hi > 0.5


def test_a_curvature_twenty_times_the_others_stays_in_the_frame() -> None:
    curves = sampled(["leaky_relu:negative_slope=0.2", "elu:alpha=2", "softmax:others=1/2"], [2]).curves
    _, hi = y_limits(curves)
    assert hi > 2.0


def test_an_exploding_activation_leaves_the_overlay_frame_with_all_its_orders() -> None:
    curves = sampled(["sigmoid", "tanh", "exponential"], [0, 1, 2], (-5, 5), 200).curves
    lo, hi = y_limits(curves)
    assert -1.2 < lo < -1.0
    assert 1.0 < hi < 1.2


def test_y_limits_of_huge_slopes_stay_finite() -> None:
    curves = sampled(["leaky_relu:negative_slope=1e308"], [0, 1, 2]).curves
    for curve in curves:
        lo, hi = y_limits([curve])
        assert np.isfinite([lo, hi]).all()
        assert lo < hi


# --- off the frame and coinciding ---------------------------------------------------------------------


def test_an_exploding_curve_is_marked_where_it_leaves() -> None:
    plan = make_plan(sampled(["sigmoid", "exponential"], [0], (-5.0, 5.0)), FigureOptions())
    (panel,) = plan.panels
    marks = [(m.label, m.side) for m in panel.off_frame]
    assert marks == [("exponential", 1)]
    (mark,) = panel.off_frame
    assert np.exp(mark.x) > panel.y_limits[1]
    assert "leaves the frame" in plan.notes("exponential")
    assert plan.notes("sigmoid") == []


def test_curves_inside_the_frame_have_no_marks() -> None:
    plan = plan_of(["sigmoid", "relu", "step"])
    assert all(not p.off_frame for p in plan.panels)


def test_off_frame_marks_each_run_from_either_side() -> None:
    curve = synthetic([0.0, 5.0, 5.0, 0.0, -5.0, 0.0])
    assert [(m.side) for m in off_frame(curve, (-1.0, 1.0))] == [1, -1]


def test_identical_curves_coincide_and_the_legend_says_so() -> None:
    plan = plan_of(["mish", "mymish=x*tanh(softplus(x))"])
    for panel in plan.panels:
        order = panel.orders[0]
        assert panel.coincides == {("mymish", order): ("mish", order)}
    assert plan.notes("mymish") == ["= mish"]


def test_curves_that_differ_somewhere_do_not_coincide() -> None:
    plan = plan_of(["relu", "elu", "softplus"])
    assert all(not p.coincides for p in plan.panels)


# --- size -----------------------------------------------------------------------------------------------


def test_a_size_too_narrow_names_the_width() -> None:
    with pytest.raises(actplot.UsageError, match=r"width 3 < 3\.4 inches; use at least 3\.4x4"):
        check_size((3.0, 4.0), 3, 3)


def test_a_size_too_low_names_the_height() -> None:
    with pytest.raises(actplot.UsageError, match=r"height 1 < 1\.6 inches"):
        check_size((10.0, 1.0), 1, 3)


def test_a_curve_hidden_in_places_is_marked_where_a_later_one_lies_on_it() -> None:
    # relu = elu for x > 0 (and relu″ = elu″ = 0 there): drawn later, elu would hide relu there.
    plan = plan_of(["relu", "elu"], derivs=2)
    for panel in plan.panels:
        (order,) = panel.orders
        (piece,) = panel.covered["relu", order]
        assert piece.x[0] == pytest.approx(0.0, abs=0.05)  # elu ≈ x is within the tolerance of 0 there
        assert piece.x[-1] == 3.0
        np.testing.assert_allclose(piece.y, actplot.evaluate("relu", piece.x, order), atol=1e-9)
        assert ("elu", order) not in panel.covered


def test_coinciding_curves_are_not_also_marked_as_covered() -> None:
    plan = plan_of(["mish", "mymish=x*tanh(softplus(x))"])
    assert all(not panel.covered for panel in plan.panels)


def test_a_hidden_piece_never_bridges_a_jump() -> None:
    # relu6′ lies on relu′ on both sides of their common jump at 0, and leaves it at 6.
    plan = make_plan(sampled(["relu", "relu6"], [1], (-3.0, 8.0)), FigureOptions())
    pieces = plan.panels[0].covered["relu", 1]
    assert len(pieces) == 2
    assert pieces[0].x[-1] <= 0.0 <= pieces[1].x[0]
    for piece in pieces:
        assert np.ptp(piece.y) < 0.1
