"""The figure: artists' data equal the library's numbers, breaks are vertices, jumps split, impulses drawn.

Plots are inspected through their artists (seaborn's habit); the two pixel tests use a pinned style.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.style
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.mathtext import MathTextParser
from matplotlib.text import Annotation
from PIL import Image

import actplot
from actplot.figure import BAND, figure_bytes
from actplot.options import FigureOptions
from actplot.orders import ORDER_NAMES
from actplot.plan import make_plan, y_limits
from actplot.sampling import one_sided_limits, sample
from actplot.theme import THEMES

matplotlib.use("Agg")

#: Jumps (step, hard_shrink, threshold), kinks (relu, leaky_relu, hard_tanh) and none (sigmoid).
SPECS = ["sigmoid", "step", "relu", "leaky_relu:negative_slope=0.2", "hard_shrink", "hard_tanh", "threshold"]
#: A range whose grid misses 0 and ±0.5 and ±1 unless the breaks are added.
X_RANGE = (-2.3, 2.1)
POINTS = 12
FORMATS = ["png", "svg", "pdf"]


@pytest.fixture(autouse=True)
def _no_display(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)


@pytest.fixture(scope="module")
def panels() -> Figure:
    return actplot.plot(SPECS, derivs=2, xrange=X_RANGE, points=POINTS)


@pytest.fixture(scope="module")
def figures(panels: Figure) -> dict[str, Figure]:
    return {
        "panels": panels,
        "overlay": actplot.plot(SPECS, derivs=2, xrange=X_RANGE, points=POINTS, layout="overlay"),
        "grid": actplot.plot(SPECS, derivs=2, xrange=X_RANGE, points=POINTS, layout="grid"),
    }


def panel_axes(figure: Figure) -> list[Axes]:
    """The panels' axes, row by row (not the impulse bands under them)."""
    return [ax for ax in figure.axes if ax.get_gid() != BAND]


def band_axes(figure: Figure) -> list[Axes]:
    """The impulse bands' axes."""
    return [ax for ax in figure.axes if ax.get_gid() == BAND]


def curve_lines(figure: Figure) -> Iterator[tuple[Axes, Line2D, str, int]]:
    """Every curve line with its axes, activation label and order, read from its gid "label/order"."""
    for ax in panel_axes(figure):
        yield from curve_lines_of(ax)


def curve_lines_of(ax: Axes) -> Iterator[tuple[Axes, Line2D, str, int]]:
    """The curve lines of one axes (not their jump markers, whose gid ends in /jump)."""
    for line in ax.get_lines():
        match = re.fullmatch(r"(.+)/([012])", line.get_gid() or "")
        if match:
            yield ax, line, match[1], int(match[2])


def lines_of(ax: Axes, gid: str) -> list[Line2D]:
    return [line for line in ax.get_lines() if line.get_gid() == gid]


def jumps_at(label: str, order: int) -> dict[float, tuple[float, float]]:
    """Break x → (left, right) limits, where order `order` of `label` jumps."""
    activation = actplot.get(label)
    found = {}
    for br in activation.breaks:
        left, right = one_sided_limits(activation, br.x)
        if br.order <= order and left[order] != right[order]:
            found[br.x] = (left[order], right[order])
    return found


def markers(ax: Axes) -> list[Line2D]:
    return [line for line in ax.get_lines() if (line.get_gid() or "").endswith("/jump")]


def impulse_labels(figure: Figure, gid: str) -> list[Annotation]:
    """The labels of the impulses of curve `gid` ("label/order")."""
    return [t for ax in band_axes(figure) for t in ax.texts if t.get_gid() == f"{gid}/impulse/label"]  # type: ignore[misc]


def arrows(figure: Figure, gid: str) -> list[Annotation]:
    """The impulse arrows of curve `gid` ("label/order")."""
    return [t for ax in band_axes(figure) for t in ax.texts if t.get_gid() == f"{gid}/impulse"]  # type: ignore[misc]


def arrow_ends(arrow: Annotation) -> tuple[tuple[float, float], tuple[float, float]]:
    """The arrow's tail and tip in display space."""
    tail = arrow.anncoords.transform(arrow.xyann)  # type: ignore[union-attr]
    tip = arrow.xycoords.transform(arrow.xy)  # type: ignore[union-attr]
    return (float(tail[0]), float(tail[1])), (float(tip[0]), float(tip[1]))


def png_size(data: bytes) -> tuple[int, int]:
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


# --- structure --------------------------------------------------------------------------------------


@pytest.mark.parametrize("derivs", [0, 1, 2])
def test_panels_have_one_axes_per_order(derivs: int) -> None:
    figure = actplot.plot(["sigmoid", "relu"], derivs=derivs, points=20)
    assert isinstance(figure, Figure)
    assert len(panel_axes(figure)) == derivs + 1
    for order, ax in enumerate(panel_axes(figure)):
        assert {line.get_gid() for _, line, _, _ in curve_lines_of(ax)} == {
            f"sigmoid/{order}",
            f"relu/{order}",
        }


def test_grid_has_one_axes_per_activation_and_order(figures: dict[str, Figure]) -> None:
    figure = figures["grid"]
    assert len(panel_axes(figure)) == len(SPECS) * 3
    for index, ax in enumerate(panel_axes(figure)):
        row, order = divmod(index, 3)
        gids = {line.get_gid() for _, line, _, _ in curve_lines_of(ax)}
        assert gids == {f"{SPECS[row]}/{order}"}
    assert [panel_axes(figure)[3 * row].get_ylabel() for row in range(len(SPECS))] == SPECS


def test_overlay_has_a_single_axes_with_a_dash_per_order(figures: dict[str, Figure]) -> None:
    figure = figures["overlay"]
    (ax,) = panel_axes(figure)
    gids = {line.get_gid() for _, line, _, _ in curve_lines_of(ax)}
    assert gids == {f"{spec}/{order}" for spec in SPECS for order in range(3)}
    sampled = sample([actplot.get(s) for s in SPECS], [0, 1, 2], X_RANGE, POINTS)
    (panel,) = make_plan(sampled, FigureOptions(layout="overlay")).panels
    styles = {
        order: {
            line.get_linestyle()
            for _, line, label, o in curve_lines(figure)
            if o == order and (label, o) not in panel.coincides  # those are dashed over the other
        }
        for order in range(3)
    }
    assert all(len(s) == 1 for s in styles.values())
    assert len(set.union(*styles.values())) == 3


def test_plot_accepts_a_single_spec_and_an_activation() -> None:
    by_name = actplot.plot("relu", points=20)
    by_object = actplot.plot(actplot.get("relu"), points=20)
    assert len(panel_axes(by_name)) == len(panel_axes(by_object)) == 1
    assert figure_bytes(by_name, "svg") == figure_bytes(by_object, "svg")


# --- the data are the library's numbers ---------------------------------------------------------------


@pytest.mark.parametrize("layout", ["panels", "overlay", "grid"])
def test_line_data_equal_evaluate_except_one_sided_limits_at_jumps(
    figures: dict[str, Figure], layout: str
) -> None:
    checked = 0
    for _, line, label, order in curve_lines(figures[layout]):
        x = np.asarray(line.get_xdata(), dtype=np.float64)
        y = np.asarray(line.get_ydata(), dtype=np.float64)
        expected = actplot.evaluate(label, x, order)
        jumps = jumps_at(label, order)
        if x[0] in jumps:
            expected[0] = jumps[x[0]][1]
        if x[-1] in jumps:
            expected[-1] = jumps[x[-1]][0]
        np.testing.assert_array_equal(y, expected, err_msg=line.get_gid())
        checked += 1
    assert checked >= len(SPECS) * 3


def test_each_curve_spans_the_whole_range(panels: Figure) -> None:
    for ax in panel_axes(panels):
        assert ax.get_xlim() == X_RANGE
    spans: dict[str, list[float]] = {}
    for _, line, label, order in curve_lines(panels):
        x = line.get_xdata()
        spans.setdefault(f"{label}/{order}", []).extend([x[0], x[-1]])
    for gid, ends in spans.items():
        assert (min(ends), max(ends)) == X_RANGE, gid


def test_breaks_are_exact_vertices_of_every_order(panels: Figure) -> None:
    vertices: dict[tuple[str, int], set[float]] = {}
    for _, line, label, order in curve_lines(panels):
        vertices.setdefault((label, order), set()).update(np.asarray(line.get_xdata()).tolist())
    for (label, order), xs in vertices.items():
        for br in actplot.get(label).breaks:
            if X_RANGE[0] <= br.x <= X_RANGE[1]:
                assert br.x in xs, (label, order, br.x)


def test_relu_corner_is_a_vertex_with_seven_points() -> None:
    figure = actplot.plot("relu", xrange=(-1.0, 2.5), points=7)
    (line,) = [line for _, line, _, _ in curve_lines(figure)]
    assert 0.0 in np.asarray(line.get_xdata()).tolist()
    assert line.get_ydata()[list(line.get_xdata()).index(0.0)] == 0.0


def test_no_line_crosses_a_jump(panels: Figure) -> None:
    for _, line, label, order in curve_lines(panels):
        x = np.asarray(line.get_xdata())
        assert np.all(np.diff(x) > 0), f"{line.get_gid()} is not a function of x (vertical bridge?)"
        for at in jumps_at(label, order):
            assert not x[0] < at < x[-1], f"{line.get_gid()} bridges the jump at {at}"


@pytest.mark.parametrize(
    ("gid", "pieces"),
    [("step/0", 2), ("relu/1", 2), ("leaky_relu:negative_slope=0.2/1", 2), ("relu/0", 1), ("sigmoid/2", 1)],
)
def test_jumps_split_the_line(panels: Figure, gid: str, pieces: int) -> None:
    order = int(gid.rpartition("/")[2])
    assert len(lines_of(panel_axes(panels)[order], gid)) == pieces


@pytest.mark.parametrize(
    ("spec", "order", "filled", "hollow"),
    [
        ("step", 0, 0.0, 1.0),
        ("relu", 1, 0.0, 1.0),
        ("leaky_relu:negative_slope=0.2", 1, 0.2, 1.0),
    ],
)
def test_a_jump_has_a_filled_marker_on_the_value_and_an_open_one_opposite(
    panels: Figure, spec: str, order: int, filled: float, hollow: float
) -> None:
    ax = panel_axes(panels)[order]
    colour = lines_of(ax, f"{spec}/{order}")[0].get_color()
    background = THEMES["light"].background
    mine = [m for m in markers(ax) if to_hex(m.get_color()) == to_hex(colour)]
    full = [m for m in mine if to_hex(m.get_markerfacecolor()) == to_hex(colour)]
    empty = [m for m in mine if to_hex(m.get_markerfacecolor()) == background]
    assert [(m.get_xdata()[0], m.get_ydata()[0]) for m in full] == [(0.0, filled)]
    assert [(m.get_xdata()[0], m.get_ydata()[0]) for m in empty] == [(0.0, hollow)]


def test_continuous_curves_have_no_markers() -> None:
    figure = actplot.plot(["sigmoid", "relu"], derivs=0, points=20)
    assert markers(panel_axes(figure)[0]) == []


# --- impulses ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "order", "text"),
    [
        ("step", 1, "δ"),
        ("relu", 2, "δ"),
        ("leaky_relu:negative_slope=0.2", 2, "0.8δ"),
        ("step", 2, "δ′"),
    ],
)
def test_impulses_are_labelled_with_their_weight(panels: Figure, spec: str, order: int, text: str) -> None:
    colour = to_hex(lines_of(panel_axes(panels)[order], f"{spec}/{order}")[0].get_color())
    labels = impulse_labels(panels, f"{spec}/{order}")
    assert [a.get_text() for a in labels] == [text]
    assert all(to_hex(a.get_color()) == colour for a in labels)


def test_impulses_are_in_a_band_under_their_panel_not_on_its_scale() -> None:
    figure = actplot.plot(["relu", "step"], derivs=2, xrange=(-1.0, 1.0), points=11)
    _, f1, f2 = panel_axes(figure)
    bands = band_axes(figure)
    assert len(bands) == 2, "f has no impulses, f′ and f″ have"
    for panel, band in zip((f1, f2), bands, strict=True):
        assert band.get_shared_x_axes().joined(band, panel)
        assert band.get_yticks().size == 0, "no numeric scale for δ"
        assert band.get_position().y1 <= panel.get_position().y0, "under its panel"
        assert not [t for t in panel.texts if "impulse" in (t.get_gid() or "")]


def test_impulse_arrows_have_one_length_and_point_along_the_weight() -> None:
    figure = actplot.plot(["relu", "step", "hard_tanh"], derivs=2, xrange=(-2.0, 2.0), points=21)
    figure.canvas.draw()
    (delta,) = arrows(figure, "relu/2")
    pair = arrows(figure, "step/2")
    assert len(pair) == 2, "δ′ is an up–down pair"
    signs = []
    lengths = set()
    for arrow in [delta, *pair, *arrows(figure, "hard_tanh/2")]:
        (x0, y0), (x1, y1) = arrow_ends(arrow)
        assert x0 == x1
        signs.append(np.sign(y1 - y0))
        lengths.add(round(abs(y1 - y0), 6))
    assert len(lengths) == 1, "a symbolic height: every arrow equally long"
    assert signs[:3] == [1.0, 1.0, -1.0]
    tanh = {
        arrow_ends(a)[0][0]: np.sign(arrow_ends(a)[1][1] - arrow_ends(a)[0][1])
        for a in arrows(figure, "hard_tanh/2")
    }
    assert [tanh[x] for x in sorted(tanh)] == [1.0, -1.0], "+δ at −1, −δ at 1"
    assert sorted(a.get_text() for a in impulse_labels(figure, "hard_tanh/2")) == ["δ", "−δ"]


def test_overlay_impulse_labels_name_the_order(figures: dict[str, Figure]) -> None:
    texts = {
        a.get_text()
        for spec in SPECS
        for o in (1, 2)
        for a in impulse_labels(figures["overlay"], f"{spec}/{o}")
    }
    assert {"f′: δ", "f″: δ′", "f″: 0.8δ"} <= texts


def test_smooth_curves_have_no_impulses() -> None:
    figure = actplot.plot(["sigmoid", "identity"], derivs=2, points=20)
    assert band_axes(figure) == []
    assert all(len(ax.texts) == 0 for ax in figure.axes)


# --- look: legend, colours, titles, zero axes, limits, theme, style ---------------------------------


@pytest.mark.parametrize("layout", ["panels", "overlay", "grid"])
def test_the_activations_have_one_legend_and_the_overlay_orders_another(
    figures: dict[str, Figure], layout: str
) -> None:
    figure = figures[layout]
    assert len(figure.legends) == (2 if layout == "overlay" else 1)
    assert all(ax.get_legend() is None for ax in figure.axes)
    texts = [t.get_text() for t in figure.legends[0].get_texts()]
    assert [text.partition(" (")[0] for text in texts] == SPECS
    if layout == "overlay":
        orders = figure.legends[1]
        assert [t.get_text() for t in orders.get_texts()] == [o.mathtext for o in ORDER_NAMES]
        assert len({h.get_linestyle() for h in orders.legend_handles}) == 3
        assert {h.get_linestyle() for h in figure.legends[0].legend_handles} == {"-"}, "colours alone"


@pytest.mark.parametrize("layout", ["panels", "overlay", "grid"])
def test_an_activation_keeps_one_colour_from_the_palette(figures: dict[str, Figure], layout: str) -> None:
    figure = figures[layout]
    colours: dict[str, set[str]] = {}
    for _, line, label, _ in curve_lines(figure):
        colours.setdefault(label, set()).add(to_hex(line.get_color()))
    assert list(colours) == SPECS
    palette = [to_hex(c) for c in THEMES["light"].palette]
    assert [colours[spec] for spec in SPECS] == [{palette[i]} for i in range(len(SPECS))]
    legend = {
        t.get_text().partition(" (")[0]: to_hex(h.get_color())
        for t, h in zip(figure.legends[0].get_texts(), figure.legends[0].legend_handles, strict=True)
    }
    assert all(legend[spec] == palette[i] for i, spec in enumerate(SPECS))


def test_titles_are_mathtext(figures: dict[str, Figure]) -> None:
    titles = [ax.get_title() for ax in panel_axes(figures["panels"])]
    assert titles == list(tuple(o.mathtext for o in ORDER_NAMES))
    overlay_title = panel_axes(figures["overlay"])[0].get_title()
    parser = MathTextParser("path")
    for title in [*titles, *re.findall(r"\$[^$]+\$", overlay_title)]:
        assert re.fullmatch(r"\$[^$]+\$", title), title
        parser.parse(title)
    assert overlay_title.count("$") == 6


def test_axes_through_zero(panels: Figure) -> None:
    axis = to_hex(THEMES["light"].axis)
    for ax in panel_axes(panels):
        plain = [line for line in ax.get_lines() if not line.get_gid() and line.get_marker() in ("None", "")]
        horizontal = [
            ln for ln in plain if list(ln.get_ydata()) == [0.0, 0.0] and to_hex(ln.get_color()) == axis
        ]
        vertical = [
            ln for ln in plain if list(ln.get_xdata()) == [0.0, 0.0] and to_hex(ln.get_color()) == axis
        ]
        assert len(horizontal) == 1
        assert len(vertical) == 1
        assert all(g.get_visible() for g in [*ax.get_xgridlines(), *ax.get_ygridlines()]), "grid on"


def test_no_vertical_zero_axis_when_zero_is_outside_the_range() -> None:
    figure = actplot.plot("sigmoid", xrange=(1.0, 3.0), points=20)
    ax = panel_axes(figure)[0]
    assert not [ln for ln in ax.get_lines() if not ln.get_gid() and list(ln.get_xdata()) == [0.0, 0.0]]


def test_y_limits_are_the_sampled_limits(panels: Figure) -> None:
    sampled = sample([actplot.get(s) for s in SPECS], [0, 1, 2], X_RANGE, POINTS)
    for order, ax in enumerate(panel_axes(panels)):
        assert ax.get_ylim() == pytest.approx(y_limits(sampled.by_order(order)), rel=1e-12)
        lo, hi = ax.get_ylim()
        assert lo < 0 < hi


def test_an_exploding_curve_does_not_flatten_the_others() -> None:
    figure = actplot.plot(["sigmoid", "exponential"], xrange=(-5.0, 10.0), points=50)
    lo, hi = panel_axes(figure)[0].get_ylim()
    assert hi < 2.0
    assert lo < 0.0


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_theme_sets_background_and_palette(theme: str) -> None:
    figure = actplot.plot(["sigmoid", "relu"], points=20, theme=theme)
    colours = THEMES[theme]
    assert to_hex(figure.get_facecolor()) == colours.background
    assert to_hex(panel_axes(figure)[0].get_facecolor()) == colours.background
    lines = {label: to_hex(line.get_color()) for _, line, label, _ in curve_lines(figure)}
    assert lines == {"sigmoid": to_hex(colours.palette[0]), "relu": to_hex(colours.palette[1])}


def test_dark_theme_figure_facecolor_is_the_dark_background(figures: dict[str, Figure]) -> None:
    figure = actplot.plot(SPECS, derivs=2, xrange=X_RANGE, points=POINTS, theme="dark")
    assert to_hex(figure.get_facecolor()) == THEMES["dark"].background
    assert to_hex(figure.get_facecolor()) != to_hex(figures["panels"].get_facecolor())


def test_builtin_style_is_applied_over_the_theme() -> None:
    figure = actplot.plot("sigmoid", points=20, style="ggplot")
    facecolor = matplotlib.style.library["ggplot"]["axes.facecolor"]
    assert to_hex(panel_axes(figure)[0].get_facecolor()) == to_hex(facecolor)


def test_style_file_is_applied(tmp_path: Path) -> None:
    style = tmp_path / "mine.mplstyle"
    style.write_text("axes.facecolor: 123456\n")
    figure = actplot.plot("sigmoid", points=20, style=str(style))
    assert to_hex(panel_axes(figure)[0].get_facecolor()) == "#123456"


def test_style_does_not_leak_into_later_figures() -> None:
    actplot.plot("sigmoid", points=20, style="ggplot")
    figure = actplot.plot("sigmoid", points=20)
    assert to_hex(panel_axes(figure)[0].get_facecolor()) == THEMES["light"].background


def test_unknown_style_is_a_usage_error() -> None:
    with pytest.raises(actplot.UsageError, match="no_such_style"):
        actplot.plot("sigmoid", points=20, style="no_such_style")


def test_size_and_title() -> None:
    figure = actplot.plot("sigmoid", points=20, size=(5.0, 3.0), title="Sigmoid")
    assert tuple(figure.get_size_inches()) == (5.0, 3.0)
    assert figure.get_suptitle() == "Sigmoid"


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"specs": []}, "activation"),
        ({"specs": "sigmod"}, "sigmoid"),
        ({"derivs": 3}, "3"),
        ({"derivs": -1}, "-1"),
        ({"layout": "stacked"}, "stacked"),
        ({"theme": "blue"}, "blue"),
        ({"xrange": (1.0, -1.0)}, "range"),
        ({"xrange": (0.0, float("nan"))}, "range"),
        ({"points": 1}, "points"),
        ({"specs": "leaky_relu:negative_slope=abc"}, "abc"),
    ],
)
def test_plot_rejects_bad_arguments(kwargs: dict[str, object], match: str) -> None:
    arguments: dict[str, object] = {"specs": "sigmoid", "points": 20, **kwargs}
    with pytest.raises(actplot.UsageError, match=match):
        actplot.plot(**arguments)  # type: ignore[arg-type]


# --- bytes ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small() -> dict[str, bytes]:
    """A small figure as PNG (40 dpi), SVG and PDF."""
    figure = actplot.plot(["sigmoid", "step"], derivs=1, points=30, size=(4.0, 2.5))
    return {fmt: figure_bytes(figure, fmt, dpi=40) for fmt in FORMATS}


def test_png_bytes(small: dict[str, bytes]) -> None:
    data = small["png"]
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert png_size(data) == (160, 100)


def test_png_dpi_defaults_to_150() -> None:
    figure = actplot.plot("sigmoid", points=20, size=(2.0, 1.6))
    assert png_size(figure_bytes(figure, "png")) == (300, 240)


def test_svg_bytes_parse_as_xml(small: dict[str, bytes]) -> None:
    root = ET.fromstring(small["svg"])
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("width") == "288pt"


def test_pdf_bytes(small: dict[str, bytes]) -> None:
    data = small["pdf"]
    assert data.startswith(b"%PDF")
    assert data.rstrip().endswith(b"%%EOF")


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_date_and_no_version_in_files(small: dict[str, bytes], fmt: str) -> None:
    data = small[fmt]
    assert matplotlib.__version__.encode() not in data
    assert b"CreationDate" not in data
    assert b"<dc:date>" not in data


#: Jumps, kinks and impulses in three panels: the figure whose layout is the hardest to settle.
BUSY = ["step", "relu", "leaky_relu:negative_slope=0.2"]


@pytest.fixture(scope="module")
def saved_in_turn() -> dict[str, list[bytes]]:
    """Two figures of one plot call saved in each format: the first in turn and again, the second reversed.

    The PNG at the default dpi draws on the renderer that settles the layout: first or last, the same bytes.
    """
    first = actplot.plot(BUSY, derivs=2, points=50)
    second = actplot.plot(BUSY, derivs=2, points=50)
    saved: dict[str, list[bytes]] = {fmt: [] for fmt in FORMATS}
    for figure, formats in ((first, FORMATS), (second, FORMATS[::-1]), (first, FORMATS)):
        for fmt in formats:
            saved[fmt].append(figure_bytes(figure, fmt))
    return saved


@pytest.mark.parametrize("fmt", FORMATS)
def test_bytes_depend_on_nothing_but_the_figure(saved_in_turn: dict[str, list[bytes]], fmt: str) -> None:
    """Not on the call that drew it, on the formats saved before it, or on an earlier save of its own."""
    first, second, again = saved_in_turn[fmt]
    assert first.startswith({"png": b"\x89PNG", "svg": b"<?xml", "pdf": b"%PDF"}[fmt])
    assert second == first, "two plot calls (formats saved in another order) give different bytes"
    assert again == first, "the same figure saved twice gives different bytes"


def test_each_file_is_one_draw(monkeypatch: pytest.MonkeyPatch) -> None:
    figure = actplot.plot(BUSY, derivs=2, points=20)
    draws: list[str] = []
    draw = Figure.draw

    def counted(self: Figure, renderer: Any) -> None:
        draws.append(type(renderer).__name__)
        draw(self, renderer)

    monkeypatch.setattr(Figure, "draw", counted)
    for fmt in FORMATS:
        figure_bytes(figure, fmt, dpi=30)
    assert len(draws) == len(FORMATS), draws  # the layout is settled without a draw


def test_svg_keeps_the_artists_gids_as_element_ids() -> None:
    figure = actplot.plot(["relu", "step", "exponential"], derivs=2, xrange=(-5.0, 10.0), points=50)
    ids = set(re.findall(r'id="([^"]+)"', figure_bytes(figure, "svg").decode()))
    expected = {"relu/0", "relu/1/jump", "relu/2/impulse", "relu/2/impulse/label", "step/0/jump"}
    expected |= {"step/2/impulse", "exponential/0", "exponential/0/offframe"}
    assert expected <= ids


def test_writing_files_does_not_import_pyplot(tmp_path: Path) -> None:
    script = f"""
import json, sys
import actplot
from actplot.figure import BAND, figure_bytes
figure_bytes(actplot.plot("relu", derivs=1, points=20), "png", dpi=20)
library = "matplotlib.pyplot" in sys.modules
import actplot.cli
code = actplot.cli.main(["sigmoid", "--points", "20", "-o", {str(tmp_path / "x.png")!r}])
print(json.dumps({{"code": code, "library": library, "cli": "matplotlib.pyplot" in sys.modules}}))
"""
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "MPLBACKEND"}}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"code": 0, "library": False, "cli": False}
    assert (tmp_path / "x.png").read_bytes().startswith(b"\x89PNG")


# --- pixels (pinned style: matplotlib's defaults under the theme) -----------------------------------


def rendered(theme: str) -> np.ndarray:
    with matplotlib.style.context("default"):
        figure = actplot.plot("relu", xrange=(-1.0, 1.0), points=5, theme=theme, size=(3.0, 2.0))
        data = figure_bytes(figure, "png", dpi=50)
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=np.int16)


def has_colour(pixels: np.ndarray, colour: str, tolerance: int = 24) -> bool:
    target = np.array([round(255 * c) for c in to_rgb(colour)], dtype=np.int16)
    return bool(np.any(np.abs(pixels - target).max(axis=-1) <= tolerance))


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_pixels_background_in_the_corners_and_the_curve_colour_present(theme: str) -> None:
    pixels = rendered(theme)
    colours = THEMES[theme]
    assert pixels.shape == (100, 150, 3)
    background = np.array([round(255 * c) for c in to_rgb(colours.background)])
    for corner in (pixels[0, 0], pixels[0, -1], pixels[-1, -1]):
        np.testing.assert_array_equal(corner, background)
    assert has_colour(pixels, colours.palette[0])
    assert not has_colour(pixels, colours.palette[1], tolerance=8)


def test_a_curve_hidden_in_places_is_drawn_again_dashed_on_top_there() -> None:
    figure = actplot.plot(["relu", "elu"], derivs=1, xrange=(-2.0, 2.0), points=41)
    for order, ax in enumerate(figure.axes[:2]):
        (again,) = [line for line in ax.get_lines() if line.get_gid() == f"relu/{order}/covered"]
        (elu,) = [line for line in ax.get_lines() if line.get_gid() == f"elu/{order}"]
        assert again.get_zorder() > elu.get_zorder()
        assert again.get_linestyle() != "-"
        assert min(again.get_xdata()) > -0.05
        assert max(again.get_xdata()) == 2.0


@pytest.mark.parametrize("size", [None, (4.0, 3.5)])  # (4 x 3 leaves the panels no room: refused)
def test_a_legend_of_twelve_noted_entries_fits_the_figure(size: tuple[float, float] | None) -> None:
    # matplotlib fills the first len % ncols columns with one more entry: the width must be judged so
    specs = [f"a{i}=x+{0.3 * i}" for i in range(10)] + ["step", "relu"]
    figure = actplot.plot(specs, derivs=1, xrange=(-0.001, 0.001), points=21, size=size)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    box = figure.legends[0].get_window_extent(canvas.get_renderer())
    assert box.x0 >= 0
    assert box.x1 <= figure.bbox.width
