"""Sliders: moving one redraws f, f′, f″, their breaks, jumps and impulses at exactly the new value.

The controls are moved headless (``slider.set_val``), as a notebook user or a script would, and
the drawn artists are read back and compared with `actplot.evaluate` of the new spec.
"""

from __future__ import annotations

from collections.abc import Iterator

import matplotlib.pyplot as plt
import numpy as np
import pytest
from cli_output import assert_one_error_line
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Annotation
from typer.testing import CliRunner, Result

import actplot
from actplot import cli, machine
from actplot.activation import Param
from actplot.errors import UsageError
from actplot.explorer import Explorer, explore, slider_span
from actplot.figure import panel_axes

POINTS = 101


@pytest.fixture(autouse=True)
def _headless(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    yield
    plt.close("all")


def explored(*specs: str, derivs: int = 2) -> Explorer:
    return explore(list(specs), derivs=derivs, points=POINTS)


def lines(e: Explorer, label: str, order: int, part: str = "") -> list[tuple[list[float], list[float]]]:
    """(x, y) of each artist drawn for one curve (its segments, or `part`: ``/jump``, ``/offframe``)."""
    ax = panel_axes(e.figure, e.plan)[order][0]
    gid = f"{label}/{order}{part}"
    drawn = [line for line in ax.lines if line.get_gid() == gid]
    return [(np.asarray(line.get_xdata()).tolist(), np.asarray(line.get_ydata()).tolist()) for line in drawn]


def impulses(e: Explorer, label: str, order: int) -> list[tuple[float, str]]:
    """(x, label) of each impulse drawn in the band under the panel of `order`."""
    band = panel_axes(e.figure, e.plan)[order][1]
    assert band is not None
    gid = f"{label}/{order}/impulse/label"
    texts = [a for a in band.texts if isinstance(a, Annotation) and a.get_gid() == gid]
    return sorted((a.xy[0], a.get_text()) for a in texts)


def assert_drawn(e: Explorer, label: str, spec: str, orders: range) -> None:
    """Every segment of every order equals `evaluate(spec)`, but the one-sided limits at its breaks."""
    breaks = {b.x for b in actplot.get(spec).breaks}
    for order in orders:
        drawn = lines(e, label, order)
        assert drawn, (label, order)
        for xs, ys in drawn:
            x, y = np.array(xs), np.array(ys)
            inner = ~np.isin(x, list(breaks)) | ((x != x[0]) & (x != x[-1]))
            np.testing.assert_array_equal(y[inner], actplot.evaluate(spec, x[inner], order), err_msg=spec)


def test_a_control_per_parameter_keyed_label_param_starting_at_the_spec() -> None:
    e = explored("elu:alpha=0.5", "hard_tanh", "softmax:others=1/2", "gelu", "relu", "elu", derivs=0)
    spans = {key: (s.valmin, s.valmax, s.val) for key, s in e.sliders.items()}
    assert spans == {
        "elu:alpha": (0.1, 4.0, 0.5),
        "hard_tanh:min_val": (-3.0, 1.0, -1.0),
        "hard_tanh:max_val": (-1.0, 3.0, 1.0),
        "softmax:others[0]": (-2.0, 2.0, 1.0),
        "softmax:others[1]": (-2.0, 2.0, 2.0),
        "elu#2:alpha": (0.1, 4.0, 1.0),
    }
    assert list(e.choices) == ["gelu:approximate"]
    assert e.choices["gelu:approximate"].value_selected == "none"


@pytest.mark.parametrize(
    ("param", "value", "span"),
    [
        (Param("a", 1.0, "", domain="positive"), 1.0, (0.1, 4.0)),
        (Param("a", 1.0, "", domain="positive"), 10.0, (1.0, 40.0)),
        (Param("b", 4.0, "", domain="nonnegative"), 0.0, (0.0, 16.0)),
        (Param("s", 0.25, "", domain="real"), 0.25, (-1.75, 2.25)),
        (Param("m", -3.0, "", domain="real"), -3.0, (-9.0, 3.0)),
    ],
)
def test_slider_spans_follow_the_domain_and_hold_the_value(
    param: Param, value: float, span: tuple[float, float]
) -> None:
    assert slider_span(param, value) == span


def test_moving_a_slider_redraws_its_curves_at_exactly_the_new_value() -> None:
    e = explored("elu", "sigmoid")
    e.sliders["elu:alpha"].set_val(2.5)
    assert e.activations["elu"].params == {"alpha": 2.5}
    assert_drawn(e, "elu", "elu:alpha=2.5", range(3))
    assert_drawn(e, "sigmoid", "sigmoid", range(3))
    assert impulses(e, "elu", 2) == [(0.0, "−1.5δ")]  # f′ jumps from α to 1 at 0


def test_moving_a_parameter_moves_breaks_jumps_and_impulses() -> None:
    e = explored("hard_tanh", "threshold", "leaky_relu")
    e.sliders["hard_tanh:min_val"].set_val(-2.0)
    e.sliders["threshold:threshold"].set_val(0.5)
    e.sliders["leaky_relu:negative_slope"].set_val(0.25)
    assert_drawn(e, "hard_tanh", "hard_tanh:min_val=-2", range(3))
    assert_drawn(e, "threshold", "threshold:threshold=0.5", range(3))
    assert_drawn(e, "leaky_relu", "leaky_relu:negative_slope=0.25", range(3))
    assert sorted(x[0] for x, _ in lines(e, "hard_tanh", 1, "/jump")) == [-2.0, -2.0, 1.0, 1.0]
    assert impulses(e, "hard_tanh", 2) == [(-2.0, "δ"), (1.0, "−δ")]
    assert [x[-1] for x, _ in lines(e, "threshold", 0)] == [0.5, e.plan.x_range[1]]  # split at the jump
    assert {x[0] for x, _ in lines(e, "threshold", 0, "/jump")} == {0.5}
    assert impulses(e, "threshold", 1) == [(0.5, "0.5δ")]  # θ − v
    assert impulses(e, "leaky_relu", 2) == [(0.0, "0.75δ")]


def test_a_value_the_family_refuses_is_said_and_the_curves_keep_the_last_that_works() -> None:
    e = explored("hard_tanh", derivs=0)
    e.sliders["hard_tanh:min_val"].set_val(0.5)
    before = lines(e, "hard_tanh", 0)
    e.sliders["hard_tanh:min_val"].set_val(1.5)
    assert "min_val=1.5 must be less than max_val=1" in e.figure.texts[0].get_text()
    assert lines(e, "hard_tanh", 0) == before
    assert e.activations["hard_tanh"].params["min_val"] == 0.5
    e.sliders["hard_tanh:max_val"].set_val(2.0)
    assert e.figure.texts[0].get_text() == ""
    assert_drawn(e, "hard_tanh", "hard_tanh:min_val=0.5,max_val=2", range(1))


def test_radio_buttons_switch_a_choice_and_list_numbers_have_a_slider_each() -> None:
    e = explored("gelu", "softmax:others=1/2", derivs=1)
    e.choices["gelu:approximate"].set_active(1)
    e.sliders["softmax:others[1]"].set_val(-1.0)
    assert_drawn(e, "gelu", "gelu:approximate=tanh", range(2))
    assert_drawn(e, "softmax", "softmax:others=1/-1", range(2))


def test_y_limits_stay_a_curve_leaving_the_frame_is_marked_and_fit_y_brings_it_back() -> None:
    e = explored("elu", derivs=0)
    ax = panel_axes(e.figure, e.plan)[0][0]
    limits = ax.get_ylim()
    e.sliders["elu:alpha"].set_val(4.0)
    assert ax.get_ylim() == limits
    assert lines(e, "elu", 0, "/offframe") == [([e.plan.x_range[0]], [limits[0]])]
    assert e.figure.legends[0].get_texts()[0].get_text() == "elu (leaves the frame)"
    e.fit_y()
    assert ax.get_ylim()[0] < actplot.evaluate("elu:alpha=4", e.plan.x_range[0]) < ax.get_ylim()[1]
    assert lines(e, "elu", 0, "/offframe") == []
    assert e.figure.legends[0].get_texts()[0].get_text() == "elu"


def test_a_move_blits_the_same_picture_a_full_draw_makes(monkeypatch: pytest.MonkeyPatch) -> None:
    e = explored("elu", "leaky_relu", derivs=1)
    canvas = e.figure.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    canvas.draw()
    e.figure.set_layout_engine("none")  # each full draw then lays out as the last: pixels comparable
    canvas.draw()
    draw = canvas.draw
    full_draws: list[object] = []
    monkeypatch.setattr(canvas, "draw", lambda: full_draws.append(draw()))
    e.sliders["leaky_relu:negative_slope"].set_val(0.2)
    blitted = np.asarray(canvas.buffer_rgba()).copy()
    assert full_draws == []
    draw()
    np.testing.assert_array_equal(blitted, np.asarray(canvas.buffer_rgba()))


def test_nothing_to_slide_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="nothing to slide: relu, x"):
        actplot.explore(["relu", "x**2"])


def run(*args: str) -> Result:
    return CliRunner().invoke(cli.app, list(args))


def test_cli_without_a_display_says_what_to_do_instead() -> None:
    assert_one_error_line(run("explore", "elu", "-d", "2"), 1, "no display", "actplot.explore", "-o FILE")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [(["relu", "x*x"], "nothing to slide"), (["elu", "--range", "2", "1"], "range 2 1"), (["nope"], "nope")],
)
def test_cli_usage_errors_are_one_line(args: list[str], fragment: str) -> None:
    assert_one_error_line(run("explore", *args), 2, fragment)


def test_cli_opens_a_window_with_the_sliders(monkeypatch: pytest.MonkeyPatch) -> None:
    shown = []
    monkeypatch.setattr(machine, "has_display", lambda: True)
    monkeypatch.setattr(plt, "show", lambda: shown.append(plt.gcf()))
    result = run("explore", "leaky_relu", "--theme", "dark")
    assert result.exit_code == 0, result.output
    (figure,) = shown
    texts = [t.get_text() for ax in figure.axes for t in ax.texts]
    assert texts == ["leaky_relu:negative_slope", "0.01", "fit y"]
