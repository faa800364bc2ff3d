"""Figures that never mislead, checked on drawn artists and their display-space boxes (not pixels).

Every figure of the gallery and a set of deliberately crowded figures is drawn once; each check
then reads all of them: no two texts overlap and all are inside the figure, every jump has one
filled marker on the value taken and an open one on each other limit, impulse arrows are long
enough and never in a panel (so never between a jump's markers), series in one axes differ,
coinciding curves both show, and a curve beyond the y-limits is marked where it leaves.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

import matplotlib
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

import actplot
from actplot import gallery
from actplot.figure import BAND, DEFAULT_DPI, draw
from actplot.options import FigureOptions
from actplot.plan import Plan, make_plan
from actplot.sampling import sample

matplotlib.use("Agg")

#: Samples per curve: enough for every feature, few enough to draw 60 figures in seconds.
POINTS = 200
#: The shortest impulse arrow, in pixels of a PNG at the default resolution.
SHORTEST_ARROW = 15.0
WITH_BREAKS = [
    "step",
    "threshold",
    "hard_shrink",
    "hard_tanh",
    "relu",
    "leaky_relu",
    "relu6",
    "selu",
    "hard_silu",
    "soft_shrink",
    "sparse_plus",
    "celu",
]
MANY = [
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "elu",
    "selu",
    "gelu",
    "silu",
    "mish",
    "softplus",
    "softsign",
    "hard_tanh",
]
#: Crowded figures: (specs, options, range or None for the views' union).
CROWDED: dict[str, tuple[list[str], FigureOptions, tuple[float, float] | None]] = {
    "twelve activations": (MANY, FigureOptions(), None),
    "every activation with breaks": (WITH_BREAKS, FigureOptions(), None),
    "breaks, overlay": (WITH_BREAKS[:6], FigureOptions(layout="overlay"), None),
    "breaks, grid, dark": (WITH_BREAKS[:4], FigureOptions(layout="grid", theme="dark"), None),
    "README's impulses": (["relu(2*x-1)", "abs(x)", "max(x, 0.1*x)"], FigureOptions(), None),
    "identical curves": (["x*tanh(softplus(x))", "mish"], FigureOptions(layout="overlay"), None),
    "an elu clipped before": (
        ["leaky_relu:negative_slope=0.2", "elu:alpha=2", "softmax:others=1/2"],
        FigureOptions(),
        None,
    ),
    "tiny range": (["sigmoid", "relu"], FigureOptions(), (-0.001, 0.001)),
    "huge range": (["sigmoid", "relu", "step"], FigureOptions(), (0.0, 1e6)),
    "long title": (["sigmoid", "relu"], FigureOptions(title="A very long title, wrapped. " * 7), None),
    "4x3 inches": (["sigmoid", "relu", "step"], FigureOptions(size=(4.0, 3.0)), None),
    "fixed y-limits": (["relu", "elu", "exponential"], FigureOptions(ylim=(-0.5, 1.5)), None),
    "fonts ×2.5, 11x10 inches": (WITH_BREAKS[:5], FigureOptions(size=(11.0, 10.0), font_scale=2.5), None),
    "fonts ×2, default size": (WITH_BREAKS[:3], FigureOptions(font_scale=2.0, title="Scaled " * 6), None),
    "legend inside": (MANY[:6], FigureOptions(legend="inside", transparent=True, theme="dark"), None),
}


@dataclass
class Drawn:
    """A figure drawn on the Agg canvas (its layout settled), with the plan it was drawn from."""

    name: str
    figure: Figure
    plan: Plan
    renderer: RendererAgg


def drawn(name: str, figure: Figure, plan: Plan) -> Drawn:
    canvas = FigureCanvasAgg(figure)
    figure.draw_without_rendering()  # lays out and places every artist, without painting pixels
    return Drawn(name, figure, plan, canvas.get_renderer())


@pytest.fixture(scope="module")
def figures() -> list[Drawn]:
    """Every gallery figure (f, f′, f″) and every crowded figure, drawn once."""
    found = []
    for name in actplot.names():
        activation = actplot.get(name)
        labelled = replace(activation, label=gallery.full_spec(activation))
        sampled = sample([labelled], range(3), activation.view, POINTS)
        figure = gallery.entry_figure(name, 2, "light", points=POINTS)
        found.append(drawn(f"gallery {name}", figure, make_plan(sampled, FigureOptions())))
    for name, (specs, options, x_range) in CROWDED.items():
        activations = [actplot.get(s) for s in specs]
        sampled = sample(activations, range(3), x_range or actplot.activation.union_view(activations), POINTS)
        found.append(drawn(name, draw(sampled, options), make_plan(sampled, options)))
    return found


def texts(figure: Figure) -> Iterator[Text]:
    """Every visible, non-empty text of the figure: titles, labels, shown tick labels, legends, notes."""
    legends = [*figure.legends, *(ax.get_legend() for ax in figure.axes if ax.get_legend())]
    candidates: list[Text] = [*figure.texts, *(t for legend in legends for t in legend.get_texts())]
    candidates += [legend.get_title() for legend in legends]
    for ax in figure.axes:
        candidates += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label]
        candidates += [ax.xaxis.get_offset_text(), ax.yaxis.get_offset_text(), *ax.texts]
        candidates += shown_tick_labels(ax)
    for text in candidates:
        if text.get_visible() and text.get_text().strip():
            yield text


def shown_tick_labels(ax: Axes) -> list[Text]:
    """The tick labels drawn: visible, at a tick inside the view."""
    shown = []
    for axis, (lo, hi) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
        span = hi - lo
        for tick in axis.get_major_ticks():
            if lo - 1e-9 * span <= tick.get_loc() <= hi + 1e-9 * span:
                shown += [label for label in (tick.label1, tick.label2) if label.get_visible()]
    return shown


def box(artist: Text, d: Drawn) -> Bbox:
    return artist.get_window_extent(d.renderer)


def overlap(a: Bbox, b: Bbox, slack: float = 0.5) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > slack and min(a.y1, b.y1) - max(a.y0, b.y0) > slack


# --- texts --------------------------------------------------------------------------------------


def test_every_text_is_inside_the_figure(figures: list[Drawn]) -> None:
    outside = []
    for d in figures:
        frame = d.figure.bbox
        for text in texts(d.figure):
            b = box(text, d)
            if b.x0 < frame.x0 - 1 or b.y0 < frame.y0 - 1 or b.x1 > frame.x1 + 1 or b.y1 > frame.y1 + 1:
                outside.append(f"{d.name}: {text.get_text()!r}")
    assert not outside


def test_no_two_texts_overlap(figures: list[Drawn]) -> None:
    clashes = []
    for d in figures:
        found = [(text, box(text, d)) for text in texts(d.figure)]
        for i, (a, box_a) in enumerate(found):
            clashes += [
                f"{d.name}: {a.get_text()!r} × {b.get_text()!r}"
                for b, box_b in found[:i]
                if overlap(box_a, box_b)
            ]
    assert not clashes


def test_the_legend_lists_every_activation_with_its_notes(figures: list[Drawn]) -> None:
    for d in figures:
        (first, *_) = [*d.figure.legends, *(ax.get_legend() for ax in d.figure.axes if ax.get_legend())]
        legend = [t.get_text().replace("\n", " ") for t in first.get_texts()][: len(d.plan.labels)]
        expected = [
            label + (f" ({'; '.join(d.plan.notes(label))})" if d.plan.notes(label) else "")
            for label in d.plan.labels
        ]
        assert legend == expected, d.name


# --- jumps and impulses -------------------------------------------------------------------------


def panel_axes(figure: Figure) -> list[Axes]:
    return [ax for ax in figure.axes if ax.get_gid() != BAND]


def axes_of(d: Drawn, row: int, column: int) -> Axes:
    """The main axes of a panel: panels are added row by row."""
    index = next(i for i, p in enumerate(d.plan.panels) if (p.row, p.column) == (row, column))
    return panel_axes(d.figure)[index]


def test_every_jump_has_one_filled_marker_on_its_value_and_an_open_one_per_other_limit(
    figures: list[Drawn],
) -> None:
    checked = 0
    for d in figures:
        for panel in d.plan.panels:
            ax = axes_of(d, panel.row, panel.column)
            for curve in panel.curves:
                marks = [ln for ln in ax.get_lines() if ln.get_gid() == f"{curve.label}/{curve.order}/jump"]
                filled = [
                    (m.get_xdata()[0], m.get_ydata()[0])
                    for m in marks
                    if to_hex(m.get_markerfacecolor()) == to_hex(m.get_color())
                ]
                hollow = [
                    (m.get_xdata()[0], m.get_ydata()[0])
                    for m in marks
                    if to_hex(m.get_markerfacecolor()) != to_hex(m.get_color())
                ]
                assert sorted(filled) == sorted((j.x, j.value) for j in curve.jumps), (d.name, curve.label)
                assert sorted(hollow) == sorted((j.x, v) for j in curve.jumps for v in j.open_limits), d.name
                assert len(filled) == len(curve.jumps), "one filled marker per jump"
                checked += len(curve.jumps)
    assert checked > 50


def arrows(figure: Figure) -> list[Annotation]:
    return [
        t
        for ax in figure.axes
        for t in ax.texts
        if isinstance(t, Annotation) and (t.get_gid() or "").endswith("/impulse")
    ]


def test_impulse_arrows_are_long_enough_and_in_their_band_never_in_a_panel(figures: list[Drawn]) -> None:
    shortest = SHORTEST_ARROW * 72 / DEFAULT_DPI  # points
    checked = 0
    for d in figures:
        scale = d.figure.dpi / 72
        expected = sum(1 + impulse.derivative for p in d.plan.panels for _, impulse in p.impulses)
        found = arrows(d.figure)
        assert len(found) == expected, d.name
        for arrow in found:
            assert arrow.axes is not None and arrow.axes.get_gid() == BAND, d.name
            extent = arrow.arrow_patch.get_window_extent(d.renderer)  # type: ignore[union-attr]
            assert extent.height >= shortest * scale, (d.name, arrow.get_gid(), extent.height)
            assert extent.y0 >= arrow.axes.bbox.y0 - 1 and extent.y1 <= arrow.axes.bbox.y1 + 1, d.name
            checked += 1
    assert checked > 50


def test_impulse_labels_name_each_weight(figures: list[Drawn]) -> None:
    for d in figures:
        for panel in d.plan.panels:
            for curve, impulse in panel.impulses:
                gid = f"{curve.label}/{curve.order}/impulse/label"
                labels = [t.get_text() for ax in d.figure.axes for t in ax.texts if t.get_gid() == gid]
                assert any(label.endswith(impulse.symbol) for label in labels), (d.name, gid)


# --- series -------------------------------------------------------------------------------------

CURVE = re.compile(r"(.+)/([012])")


def curve_lines(ax: Axes) -> Iterator[tuple[Line2D, str, int]]:
    for line in ax.get_lines():
        match = CURVE.fullmatch(line.get_gid() or "")
        if match:
            yield line, match[1], int(match[2])


def test_no_two_series_in_one_axes_look_alike(figures: list[Drawn]) -> None:
    for d in figures:
        for panel in d.plan.panels:
            looks: dict[tuple[str, str, str], tuple[str, int]] = {}
            for line, label, order in curve_lines(axes_of(d, panel.row, panel.column)):
                if (label, order) in panel.coincides:
                    continue
                look = (to_hex(line.get_color()), str(line.get_linestyle()), str(line.get_marker()))
                assert looks.setdefault(look, (label, order)) == (label, order), (d.name, look)


def test_coinciding_curves_both_show(figures: list[Drawn]) -> None:
    checked = 0
    for d in figures:
        for panel in d.plan.panels:
            ax = axes_of(d, panel.row, panel.column)
            lines = {(label, order): line for line, label, order in curve_lines(ax)}
            for later, earlier in panel.coincides.items():
                over, under = lines[later], lines[earlier]
                assert over.get_zorder() > under.get_zorder(), d.name
                assert over.get_linestyle() != "-" or over.get_linewidth() < under.get_linewidth(), (
                    "the later one is dashed or thinner: the earlier shows through"
                )
                looks = [(to_hex(line.get_color()), line.get_linestyle()) for line in (over, under)]
                assert looks[0] != looks[1], d.name
                checked += 1
    assert checked >= 3, "the identical curves at least"
    (identical,) = [d for d in figures if d.name == "identical curves"]
    assert identical.plan.notes("mish") == ["= x*tanh(softplus(x))"]


def test_every_curve_is_inside_the_frame_or_marked_where_it_leaves(figures: list[Drawn]) -> None:
    marked = 0
    for d in figures:
        for panel in d.plan.panels:
            ax = axes_of(d, panel.row, panel.column)
            lo, hi = ax.get_ylim()
            for line, label, order in curve_lines(ax):
                y = np.asarray(line.get_ydata(), dtype=np.float64)
                if np.any((y > hi) | (y < lo)):
                    marks = [ln for ln in ax.get_lines() if ln.get_gid() == f"{label}/{order}/offframe"]
                    assert marks, (d.name, label, order)
                    assert all(m.get_ydata()[0] in (lo, hi) for m in marks)
                    marked += 1
    assert marked >= 3
