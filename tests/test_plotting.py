"""The Python API as a matplotlib user meets it: ax=, labelled artists, sample(), knobs, show, reprs."""

from __future__ import annotations

import io
import json
import re

import matplotlib as mpl
import matplotlib.font_manager
import numpy as np
import pytest
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D
from PIL import Image

import actplot
from actplot.figure import BAND, draw, figure_bytes
from actplot.options import FigureOptions
from actplot.sampling import one_sided_limits


def curves(ax: Axes) -> list[Line2D]:
    """The lines actplot drew for curves (gid ``label/order``, no suffix)."""
    return [line for line in ax.get_lines() if str(line.get_gid()).count("/") == 1]


def paper_figure() -> tuple[Figure, np.ndarray]:
    figure = Figure(figsize=(7.0, 5.0), layout="constrained")
    return figure, figure.subplots(2, 2)


# --- ax= -------------------------------------------------------------------------------------------


def test_panels_into_a_users_axes_leave_the_rest_of_the_figure_alone() -> None:
    figure, axs = paper_figure()
    axs[1, 1].plot([0, 1], [2, 3], label="mine")
    axs[1, 1].set_title("my panel")
    before = (axs[1, 1].get_xlim(), axs[1, 1].get_ylim(), len(axs[1, 1].get_children()))
    returned = actplot.plot(["relu", "elu", "step"], derivs=1, ax=[axs[0, 0], axs[0, 1]])
    assert returned is figure
    assert tuple(figure.get_size_inches()) == (7.0, 5.0)
    assert isinstance(figure.get_layout_engine(), ConstrainedLayoutEngine)
    assert (axs[1, 1].get_xlim(), axs[1, 1].get_ylim(), len(axs[1, 1].get_children())) == before
    assert axs[1, 1].get_title() == "my panel"
    assert axs[1, 0].get_lines() == []
    for order, ax in enumerate(axs[0]):
        assert {line.get_gid() for line in curves(ax)} == {f"{s}/{order}" for s in ("relu", "elu", "step")}
        assert ax.get_legend_handles_labels()[1] == ["relu", "elu", "step"]  # one entry per activation


def test_overlay_into_one_axes_labels_each_activation_and_order_once() -> None:
    _, axs = paper_figure()
    actplot.plot(["gelu", "silu"], derivs=2, ax=axs[0, 0])
    labels = axs[0, 0].get_legend_handles_labels()[1]
    assert labels == ["gelu", "gelu (f′)", "gelu (f″)", "silu", "silu (f′)", "silu (f″)"]


def test_the_user_keeps_the_first_segments_label_only() -> None:
    _, axs = paper_figure()
    actplot.plot("step", ax=axs[0, 0])  # two segments, one legend entry
    lines = curves(axs[0, 0])
    assert len(lines) == 2
    assert [line.get_label() for line in lines] == ["step", "_nolegend_"]


def test_impulses_go_to_a_band_under_the_users_axes() -> None:
    figure, axs = paper_figure()
    actplot.plot(["relu", "step"], derivs=1, ax=[axs[0, 0], axs[0, 1]])
    figure.draw_without_rendering()
    (band,) = [child for child in axs[0, 1].child_axes if child.get_gid() == BAND]
    assert band.get_window_extent().y1 <= axs[0, 1].get_window_extent().y0 + 1.0
    assert band.get_window_extent().y0 >= axs[1, 1].get_tightbbox().y1  # the layout made room for it
    assert not axs[0, 0].child_axes  # f has no impulses


def test_without_a_theme_the_users_rcparams_decide_the_colours() -> None:
    with mpl.rc_context({"axes.prop_cycle": cycler(color=["#112233", "#445566"])}):
        figure, axs = paper_figure()
        actplot.plot(["sigmoid", "tanh"], ax=axs[0, 0])
    assert [to_hex(line.get_color()) for line in curves(axs[0, 0])] == ["#112233", "#445566"]
    assert to_hex(figure.get_facecolor()) == "#ffffff"


def test_a_theme_colours_the_inside_of_the_given_axes_only() -> None:
    figure, axs = paper_figure()
    actplot.plot("sigmoid", ax=axs[0, 0], theme="dark")
    assert to_hex(axs[0, 0].get_facecolor()) == "#0d1117"
    assert to_hex(axs[1, 1].get_facecolor()) == "#ffffff"
    assert to_hex(figure.get_facecolor()) == "#ffffff"  # the user's texts stay readable
    assert to_hex(axs[0, 0].title.get_color()) == to_hex(
        mpl.rcParams["axes.titlecolor"]
        if mpl.rcParams["axes.titlecolor"] != "auto"
        else mpl.rcParams["text.color"]
    )


def test_style_and_font_scale_reach_the_users_axes() -> None:
    _, axs = paper_figure()
    actplot.plot(["relu", "step"], derivs=1, ax=list(axs[0]), style="ggplot", font_scale=2.0)
    assert to_hex(axs[0, 0].get_facecolor()) == "#e5e5e5"  # ggplot's axes
    size = axs[0, 0].xaxis.get_major_ticks()[0].label1.get_fontsize()
    assert (
        size
        == 2
        * matplotlib.font_manager.FontProperties(size=mpl.rcParams["xtick.labelsize"]).get_size_in_points()
    )
    assert axs[0, 0].title.get_fontsize() > 1.9 * axs[1, 0].title.get_fontsize()


def test_two_calls_into_one_axes_keep_every_legend_entry() -> None:
    _, axs = paper_figure()
    axs[0, 0].plot([0, 1], [0, 1], label="mine")
    actplot.plot("relu", ax=axs[0, 0])
    actplot.plot("gelu", ax=axs[0, 0])
    texts = [t.get_text() for t in axs[0, 0].get_legend().get_texts()]
    assert texts == ["mine", "relu", "gelu"]  # and no "f(x)" entry for one order


def test_jump_markers_keep_their_edge_under_any_style() -> None:
    _, axs = paper_figure()
    actplot.plot(["step"], ax=axs[0, 0], style="seaborn-v0_8-paper")  # it sets lines.markeredgewidth 0
    marks = [line for line in axs[0, 0].get_lines() if str(line.get_gid()).endswith("/jump")]
    assert len(marks) == 2
    assert all(mark.get_markeredgewidth() > 0 for mark in marks)


def test_transparent_open_markers_are_hollow() -> None:
    figure = actplot.plot("step", transparent=True)
    marks = [line for line in figure.axes[0].get_lines() if str(line.get_gid()).endswith("/jump")]
    assert sorted(str(m.get_markerfacecolor()) != "none" for m in marks) == [False, True]


def test_numpy_numbers_are_numbers() -> None:
    sampled = actplot.sample("relu", derivs=np.int64(1), xrange=np.array([-2.0, 2.0]), points=np.int64(5))
    assert json.loads(json.dumps(sampled.to_dict())) == sampled.to_dict()
    assert sampled.points == 5 and sampled.orders == (0, 1)


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"derivs": 2, "ax": "axes"}, TypeError, "ax is a matplotlib Axes"),
        ({"derivs": 2, "ax": "pair"}, actplot.UsageError, "give one (every order in it) or 3"),
        ({"derivs": 1, "ax": "pair", "layout": "overlay"}, actplot.UsageError, "does not fit"),
        ({"ax": "one", "title": "T"}, actplot.UsageError, "for a new figure"),
    ],
)
def test_bad_axes_are_refused_before_anything_is_drawn(kwargs: dict, error: type, words: str) -> None:
    _, axs = paper_figure()
    kwargs["ax"] = {"axes": "axes", "pair": [axs[0, 0], axs[0, 1]], "one": axs[0, 0]}[kwargs["ax"]]
    with pytest.raises(error, match=re.escape(words)):
        actplot.plot("relu", **kwargs)
    assert all(not ax.get_lines() for ax in axs.flat)


# --- sample() --------------------------------------------------------------------------------------


def test_sample_round_trips_through_json() -> None:
    sampled = actplot.sample(["relu", "step", "exponential"], derivs=2, xrange=(-1.0, 800.0), points=9)
    plain = sampled.to_dict()
    assert json.loads(json.dumps(plain, allow_nan=False)) == plain
    (exponential,) = [c for c in plain["curves"] if c["label"] == "exponential" and c["order"] == 0]
    assert exponential["segments"][0]["y"][-1] == "inf"  # exp(800) overflows: said as a string


def test_sample_matches_evaluate_but_carries_one_sided_limits_at_jumps() -> None:
    specs = ["relu", "hard_tanh", "step", "leaky_relu:negative_slope=0.2"]
    sampled = actplot.sample(specs, derivs=2, xrange=(-2.0, 2.0), points=20)
    for curve in sampled.curves:
        activation = actplot.get(curve.label)
        for jump in curve.jumps:
            left, right = one_sided_limits(activation, jump.x)
            assert (jump.left, jump.right) == (left[curve.order], right[curve.order])
            assert jump.value == actplot.evaluate(activation, jump.x, curve.order)
        at_jumps = {j.x for j in curve.jumps}
        for segment in curve.segments:
            expected = actplot.evaluate(activation, segment.x, curve.order)
            inner = ~np.isin(segment.x, list(at_jumps))
            np.testing.assert_array_equal(segment.y[inner], expected[inner])
    assert set(sampled.breaks) <= set(sampled.grid.tolist())
    assert sampled.grid.size == 20 + 3  # 20 points miss the breaks −1, 0 and 1: each is added once


def test_sample_reports_impulses_with_order_and_kind() -> None:
    (f2,) = [c for c in actplot.sample("step", derivs=2, xrange=(-1, 1), points=5).curves if c.order == 2]
    assert [i.to_dict() for i in f2.impulses] == [{"x": 0.0, "order": 2, "weight": 1.0, "kind": "δ′"}]


def test_the_figure_drawn_from_sample_is_the_figure_plot_draws() -> None:
    specs = ["relu", "hard_tanh", "sigmoid"]
    plotted = actplot.plot(specs, derivs=2, points=100)
    drawn = draw(actplot.sample(specs, derivs=2, points=100), FigureOptions())
    assert figure_bytes(plotted, "svg") == figure_bytes(drawn, "svg")


# --- knobs -----------------------------------------------------------------------------------------


def test_transparent_leaves_no_background() -> None:
    png = figure_bytes(actplot.plot("relu", transparent=True, points=50), "png", dpi=30)
    assert Image.open(io.BytesIO(png)).convert("RGBA").getpixel((0, 0))[3] == 0
    png = figure_bytes(actplot.plot("relu", points=50), "png", dpi=30)
    assert Image.open(io.BytesIO(png)).convert("RGBA").getpixel((0, 0))[3] == 255


def test_font_scale_scales_every_text_together() -> None:
    def sizes(figure: Figure) -> list[float]:
        figure.draw_without_rendering()
        texts = [t for t in figure.findobj(mpl.text.Text) if t.get_text() and t.get_visible()]
        return sorted(t.get_fontsize() for t in texts)

    plain = sizes(actplot.plot(["relu", "step"], derivs=2, title="T"))
    scaled = sizes(actplot.plot(["relu", "step"], derivs=2, title="T", font_scale=1.5))
    assert set(scaled) == {1.5 * size for size in plain}  # (bigger labels may mean fewer ticks)


@pytest.mark.parametrize(
    ("legend", "figure_legends", "axes_legend"), [("outside", 1, False), ("inside", 0, True)]
)
def test_legend_places(legend: str, figure_legends: int, axes_legend: bool) -> None:
    figure = actplot.plot(["relu", "elu"], derivs=1, legend=legend)
    assert len(figure.legends) == figure_legends
    assert (figure.axes[0].get_legend() is not None) is axes_legend


def test_no_legend() -> None:
    figure = actplot.plot(["relu", "elu"], derivs=1, legend="none")
    assert not figure.legends
    assert all(ax.get_legend() is None for ax in figure.axes)


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"font_scale": 5}, "font scale 5"),
        ({"legend": "top"}, "unknown legend place"),
        ({"transparent": 1}, "true"),
    ],
)
def test_bad_knobs_are_one_clear_error(kwargs: dict, words: str) -> None:
    with pytest.raises(actplot.UsageError, match=words):
        actplot.plot("relu", **kwargs)


# --- showing, reprs, the namespace -----------------------------------------------------------------


def test_show_without_a_display_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPLBACKEND", "Agg")
    figure = actplot.plot("relu")
    with pytest.raises(actplot.OutputError, match=r"no display.*savefig"):
        figure.show()
    with pytest.raises(actplot.OutputError, match="no display"):
        actplot.show("relu")


def test_jupyter_gets_a_png() -> None:
    assert actplot.plot("relu")._repr_png_().startswith(b"\x89PNG")


def test_activation_repr_is_short() -> None:
    assert (
        repr(actplot.get("leaky_relu:negative_slope=0.2")) == "Activation('leaky_relu', negative_slope=0.2)"
    )
    assert repr(actplot.get("gelu:approximate=tanh")) == "Activation('gelu', approximate='tanh')"
    assert repr(actplot.get("m=x*tanh(softplus(x))")) == "Activation('x*tanh(softplus(x))', label='m')"


def test_dir_lists_the_public_api_only() -> None:
    assert dir(actplot) == sorted(actplot.__all__)
    assert {"Any", "annotations", "importlib"}.isdisjoint(dir(actplot))
    for name in actplot.__all__:
        assert getattr(actplot, name) is not None


def test_help_of_plot_documents_every_parameter() -> None:
    import inspect

    doc = actplot.plot.__doc__ or ""
    for name in inspect.signature(actplot.plot).parameters:
        assert f"{name}:" in doc, name


def test_a_legend_inside_that_would_bury_the_panel_is_refused() -> None:
    with pytest.raises(actplot.UsageError, match="--legend inside: 12 entries"):
        actplot.plot(
            [
                "sigmoid",
                "tanh",
                "relu",
                "elu",
                "gelu",
                "silu",
                "mish",
                "softplus",
                "step",
                "hard_tanh",
                "leaky_relu",
                "selu",
            ],
            derivs=2,
            legend="inside",
            font_scale=1.5,
        )
    figure = actplot.plot(["relu", "gelu"], derivs=2, legend="inside", font_scale=2)
    figure.draw_without_rendering()
    legend, panel = figure.axes[0].get_legend().get_window_extent(), figure.axes[0].get_window_extent()
    assert panel.x0 <= legend.x0 and legend.x1 <= panel.x1 and panel.y0 <= legend.y0 and legend.y1 <= panel.y1
