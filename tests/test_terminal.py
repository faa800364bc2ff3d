"""The terminal plot: first as an array of dots, then as braille characters, then as rendered text."""

from __future__ import annotations

import dataclasses
import io
import itertools
import math
import re
import subprocess
import sys
from collections.abc import Sequence

import numpy as np
import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.panel import Panel
from rich.style import Style

import actplot
from actplot.activation import Activation
from actplot.errors import UsageError
from actplot.options import FigureOptions
from actplot.plan import make_plan, y_limits
from actplot.sampling import Curve, Impulse, Sampled, Segment, sample
from actplot.terminal import (
    ABOVE,
    BAND_ROWS,
    BELOW,
    DOWN,
    FILLED,
    MARKER_EVERY,
    MIN_ROWS,
    MIN_WIDTH,
    OPEN,
    PATTERNS,
    UP,
    UP_DOWN,
    Frame,
    Raster,
    TerminalPlot,
    braille,
    cell_curves,
    impulse_band,
    rasterize,
    series_looks,
    tick_labels,
    ticks,
)
from actplot.theme import THEMES

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def sampled(
    names: Sequence[str], orders: Sequence[int], x_range: tuple[float, float], points: int
) -> Sampled:
    return sample([actplot.get(name) for name in names], orders, x_range, points)


def raster(
    names: Sequence[str],
    order: int = 0,
    x_range: tuple[float, float] = (-5.0, 5.0),
    points: int = 1001,
    rows: int = 12,
    cols: int = 40,
    markers: Sequence[str] | None = None,
) -> Raster:
    curves = sampled(names, [order], x_range, points).by_order(order)
    return rasterize(curves, x_range, rows, cols, markers=markers)


# An independent mapping from data to dots: dot row r holds y in the r-th of `height` equal bands
# from the top limit down, dot column c the c-th of `width` bands from the left end of the range.
def dot_row(y: float, limits: tuple[float, float], height: int) -> int:
    lo, hi = limits
    return min(math.floor((hi - y) / (hi - lo) * height), height - 1)


def dot_col(x: float, x_range: tuple[float, float], width: int) -> int:
    a, b = x_range
    return min(math.floor((x - a) / (b - a) * width), width - 1)


def dots_of(r: Raster, curve: int) -> set[tuple[int, int]]:
    return {(int(row), int(col)) for row, col in zip(*np.nonzero(r.dots == curve), strict=True)}


def render(plot: TerminalPlot, **console: object) -> str:
    out = io.StringIO()
    Console(file=out, **console).print(plot)  # type: ignore[arg-type]
    return out.getvalue()


# --- imports ----------------------------------------------------------------------------------------


def test_import_does_not_import_matplotlib() -> None:
    code = "import sys, actplot.terminal; assert 'matplotlib' not in sys.modules, 'matplotlib imported'"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


# --- braille encoding -------------------------------------------------------------------------------

# Unicode braille: dot (row, column) of a 4 × 2 cell → bit of the code point above U+2800.
DOT_BIT = {(0, 0): 0x01, (1, 0): 0x02, (2, 0): 0x04, (0, 1): 0x08, (1, 1): 0x10, (2, 1): 0x20}
DOT_BIT |= {(3, 0): 0x40, (3, 1): 0x80}


@pytest.mark.parametrize(("dot", "bit"), DOT_BIT.items())
def test_braille_single_dot(dot: tuple[int, int], bit: int) -> None:
    on = np.zeros((4, 2), dtype=bool)
    on[dot] = True
    assert braille(on) == [chr(0x2800 + bit)]


@pytest.mark.parametrize(
    ("pattern", "char"),
    [
        ("00 00 00 00", "\u2800"),
        ("11 11 11 11", "⣿"),
        ("10 10 10 10", "⡇"),
        ("01 01 01 01", "⢸"),
        ("11 00 00 00", "⠉"),
        ("00 00 00 11", "⣀"),
        ("10 01 10 01", "⢕"),
    ],
)
def test_braille_known_patterns(pattern: str, char: str) -> None:
    on = np.array([[c == "1" for c in row] for row in pattern.split()])
    assert braille(on) == [char]


def test_braille_lays_cells_out_in_rows_and_columns() -> None:
    on = np.zeros((8, 6), dtype=bool)
    on[0, 0] = True  # top-left cell, dot 1
    on[7, 5] = True  # bottom-right cell, dot 8
    on[4:8, 2] = True  # bottom-middle cell, left column
    assert braille(on) == ["⠁\u2800\u2800", "\u2800⡇⢀"]


def test_a_shared_cell_takes_the_last_drawn_curve() -> None:
    dots = np.zeros((4, 4), dtype=np.intp)
    dots[0, 0], dots[3, 1], dots[1, 3] = 1, 2, 1
    assert cell_curves(dots).tolist() == [[2, 1]]


# --- the dot canvas ---------------------------------------------------------------------------------


def test_a_straight_line_lands_on_its_dots() -> None:
    # identity sampled at its two ends only: every dot comes from line drawing
    x_range = (-1.0, 1.0)
    r = raster(["identity"], x_range=x_range, points=2, rows=6, cols=30)
    height, width = r.dots.shape
    limits = r.frame.y_limits
    assert limits == y_limits(sampled(["identity"], [0], x_range, 2).curves)
    line = dots_of(r, 1)
    assert {col for _, col in line} == set(range(width))  # no column left out
    assert (dot_row(-1.0, limits, height), 0) in line
    assert (dot_row(1.0, limits, height), width - 1) in line
    for row, col in line:  # every dot within one dot of the true line
        y = x_range[0] + (col + 0.5) / width * 2.0
        assert abs(row + 0.5 - (limits[1] - y) / (limits[1] - limits[0]) * height) <= 1.0


def test_a_steep_line_is_continuous() -> None:
    # the same line on a tall narrow canvas climbs several dots per column
    r = raster(["identity"], x_range=(-1.0, 1.0), points=2, rows=20, cols=4)
    height = r.dots.shape[0]
    rows = sorted({row for row, _ in dots_of(r, 1)})
    top, bottom = dot_row(1.0, r.frame.y_limits, height), dot_row(-1.0, r.frame.y_limits, height)
    assert rows == list(range(top, bottom + 1))


def test_a_flat_part_lies_on_one_row() -> None:
    r = raster(["step"])
    height, width = r.dots.shape
    left = {row for row, col in dots_of(r, 1) if col < dot_col(-0.2, (-5.0, 5.0), width)}
    assert left == {dot_row(0.0, r.frame.y_limits, height)}


def test_dense_sampling_draws_only_dots_on_the_curve() -> None:
    # a reference: each piece between grid points walked in 64 steps, plus the dots either side
    x_range = (-5.0, 5.0)
    curve = sampled(["sigmoid"], [1], x_range, 2_001).curves[0]
    r = rasterize([curve], x_range, rows=12, cols=40)
    height, width = r.dots.shape
    (x,), (y,) = [s.x for s in curve.segments], [s.y for s in curve.segments]
    t = np.linspace(0.0, 1.0, 64)[:, None]
    xs, ys = x[:-1] + t * np.diff(x), y[:-1] + t * np.diff(y)
    near = {
        (dot_row(yy, r.frame.y_limits, height) + dr, dot_col(xx, x_range, width))
        for xx, yy in zip(xs.ravel(), ys.ravel(), strict=True)
        for dr in (-1, 0, 1)
    }
    drawn = dots_of(r, 1)
    assert drawn <= near
    assert {col for _, col in drawn} == set(range(width))


def test_a_jump_is_not_bridged() -> None:
    r = raster(["step"])
    height, width = r.dots.shape
    col = dot_col(0.0, (-5.0, 5.0), width)
    low, high = dot_row(0.0, r.frame.y_limits, height), dot_row(1.0, r.frame.y_limits, height)
    assert r.dots[high, col] == 1 and r.dots[low, col] == 1
    assert not r.dots[high + 1 : low, col].any()


@pytest.mark.parametrize(("name", "order", "value", "other"), [("step", 0, 0.0, 1.0), ("relu", 1, 0.0, 1.0)])
def test_jump_marks_the_value_taken_filled_and_the_other_side_open(
    name: str, order: int, value: float, other: float
) -> None:
    r = raster([name], order=order)
    height, width = r.dots.shape
    cell_col = dot_col(0.0, (-5.0, 5.0), width) // 2
    marks = {(m.row, m.col, m.text) for m in r.marks}
    assert (dot_row(value, r.frame.y_limits, height) // 4, cell_col, FILLED) in marks
    assert (dot_row(other, r.frame.y_limits, height) // 4, cell_col, OPEN) in marks


def test_impulses_are_not_drawn_on_the_canvas() -> None:
    (curve,) = sampled(["relu"], [2], (-5.0, 5.0), 101).curves
    assert curve.impulses
    with_them = rasterize([curve], (-5.0, 5.0), 12, 40)
    without = rasterize([dataclasses.replace(curve, impulses=())], (-5.0, 5.0), 12, 40)
    assert np.array_equal(with_them.dots, without.dots)
    assert with_them.marks == without.marks == ()


def test_a_dashed_curve_keeps_its_pattern_along_its_length() -> None:
    x_range = (-1.0, 1.0)
    curves = sampled(["identity"], [0], x_range, 2).curves
    solid = rasterize(curves, x_range, 6, 30)
    dashed = rasterize(curves, x_range, 6, 30, patterns=[PATTERNS[1]])
    dotted = rasterize(curves, x_range, 6, 30, patterns=[PATTERNS[2]])
    assert dots_of(dashed, 1) < dots_of(solid, 1)  # the same line, with gaps
    assert dots_of(dotted, 1) < dots_of(solid, 1)
    on = PATTERNS[1].count("1") / len(PATTERNS[1])
    assert len(dots_of(dashed, 1)) == pytest.approx(on * len(dots_of(solid, 1)), rel=0.2)
    assert len(dots_of(dotted, 1)) == pytest.approx(0.5 * len(dots_of(solid, 1)), rel=0.2)
    gaps = sorted({col for _, col in dots_of(solid, 1)} - {col for _, col in dots_of(dashed, 1)})
    assert gaps and gaps[-1] - gaps[0] > len(PATTERNS[1])  # several gaps along x, not one


def test_markers_sit_on_the_curve_every_few_cells() -> None:
    r = raster(["sigmoid", "identity"], markers=["", "+"], cols=40)
    owners = cell_curves(r.dots)
    marks = [m for m in r.marks if m.text == "+"]
    assert len(marks) >= 40 // MARKER_EVERY - 1
    assert all(m.curve == 2 and owners[m.row, m.col] == 2 for m in marks)


def test_a_curve_leaving_the_frame_is_marked_at_the_edge() -> None:
    s = sampled(["sigmoid", "exponential"], [0], (-5.0, 5.0), 1001)
    plan = make_plan(s, FigureOptions())
    (panel,) = plan.panels
    r = rasterize(panel.curves, s.x_range, 12, 40, panel.y_limits, off_frame=panel.off_frame)
    (mark,) = [m for m in r.marks if m.text in (ABOVE, BELOW)]
    (where,) = panel.off_frame
    assert (mark.row, mark.text, mark.curve) == (0, ABOVE, 2)
    assert mark.col == dot_col(where.x, s.x_range, 80) // 2


def test_impulses_in_the_band_never_overlap_and_none_is_lost() -> None:
    frame = Frame((-1.0, 1.0), (-1.0, 1.0), rows=4, cols=30)
    crowd = [(1, Impulse(0.0, 1, 0.5, 0)), (2, Impulse(0.0, 2, -1.0, 0)), (3, Impulse(0.05, 2, 2.0, 1))]
    crowd += [(4, Impulse(0.0, 1, 1.0, 0)), (5, Impulse(0.0, 1, 0.25, 0)), (6, Impulse(-0.9, 1, 1.0, 0))]
    placed, left_out = impulse_band(crowd, frame)
    assert len(placed) + len(left_out) == len(crowd)
    assert left_out  # more at x = 0 than the band has rows for
    assert {p.row for p in placed} == set(range(BAND_ROWS))
    for p in placed:
        assert p.col >= 0 and p.col + len(p.text) <= frame.cols
    for p, q in itertools.combinations(placed, 2):
        if p.row == q.row:  # one blank cell at least between two labels
            assert p.col + len(p.text) < q.col or q.col + len(q.text) < p.col
    arrows = {p.curve: p for p in placed}
    assert arrows[1].text in ("↑0.5δ", "0.5δ↑") and arrows[2].text in ("↓−δ", "−δ↓")
    assert arrows[3].text in ("↕2δ′", "2δ′↕")
    column = frame.column(0.0) // 2
    for p in placed:  # the arrow stands in the impulse's own column
        x = next(impulse.x for curve, impulse in crowd if curve == p.curve)
        arrow = p.col if p.text[0] in (UP, DOWN, UP_DOWN) else p.col + len(p.text) - 1
        assert arrow == frame.column(x) // 2
    assert arrows[6].col < column - 5  # far from the crowd


@pytest.mark.parametrize(
    ("exploding", "x_range"), [("exponential", (-5.0, 5.0)), ("identity", (-50.0, 50.0))]
)
def test_an_exploding_curve_is_clipped_off_not_drawn_at_the_edge(
    exploding: str, x_range: tuple[float, float]
) -> None:
    s = sampled(["sigmoid", exploding], [0], x_range, 2001)
    r = rasterize(s.curves, x_range, rows=12, cols=40)
    width = r.dots.shape[1]
    lo, hi = r.frame.y_limits
    assert (lo, hi) == y_limits(s.curves[:1])  # the limits are sigmoid's alone
    inside = s.curves[1].segments[0]
    seen = inside.x[(inside.y >= lo) & (inside.y <= hi)]
    columns = {col for _, col in dots_of(r, 2)}
    assert columns  # it crosses the frame …
    assert min(columns) >= dot_col(seen.min(), x_range, width) - 1  # … only where its values are inside
    assert max(columns) <= dot_col(seen.max(), x_range, width) + 1


def test_non_finite_values_are_skipped() -> None:
    x = np.linspace(-1.0, 1.0, 9)
    y = np.array([0.0, 0.0, 0.0, np.nan, 0.0, 0.0, np.inf, 0.0, -np.inf])
    r = rasterize([Curve("t", 0, (Segment(x, y),), (), ())], (-1.0, 1.0), rows=4, cols=20)
    width = r.dots.shape[1]
    drawn = {col for _, col in dots_of(r, 1)}
    columns = [dot_col(v, (-1.0, 1.0), width) for v in x]
    assert {columns[i] for i in (0, 1, 2, 4, 5, 7)} <= drawn
    gaps = [range(columns[2] + 1, columns[4]), range(columns[5] + 1, columns[7])]
    assert not drawn & {col for gap in gaps for col in gap}
    assert max(drawn) == columns[7]


def test_zero_axes_are_dotted_lines_kept_apart_from_the_curves() -> None:
    r = raster(["sigmoid"])
    height, width = r.dots.shape
    row, col = dot_row(0.0, r.frame.y_limits, height), dot_col(0.0, (-5.0, 5.0), width)
    assert np.flatnonzero(r.axes.sum(axis=1) > 1).tolist() == [row]
    assert np.flatnonzero(r.axes.sum(axis=0) > 1).tolist() == [col]
    assert r.axes[row].sum() == width // 2  # one dot per cell: faint
    assert r.axes[:, col].sum() == height // 4
    assert r.axes.sum(axis=1).max() == width // 2  # in its own array, not in the curve dots
    assert raster(["sigmoid"], x_range=(1.0, 5.0)).axes.sum(axis=0).max() == 1  # no line x = 0


# --- ticks ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lo", "hi", "most", "expected"),
    [
        (-0.353, 5.303, 6, [0, 1, 2, 3, 4, 5]),
        (-5.0, 5.0, 9, [-4, -2, 0, 2, 4]),
        (-5.0, 5.0, 11, [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5]),
        (-0.12, 0.12, 6, [-0.1, -0.05, 0.0, 0.05, 0.1]),
        (0.0, 1e4, 5, [0, 2500, 5000, 7500, 10000]),
    ],
)
def test_ticks_are_round_and_few(lo: float, hi: float, most: int, expected: list[float]) -> None:
    assert ticks(lo, hi, most) == pytest.approx(expected)


def test_tick_labels() -> None:
    assert tick_labels([-0.1, -0.05, 0.0, 0.05, 0.1]) == ["−0.10", "−0.05", "0.00", "0.05", "0.10"]
    assert tick_labels([0.0, 1.0, 2.0]) == ["0", "1", "2"]
    assert tick_labels([0.1 * k for k in range(4)]) == ["0.0", "0.1", "0.2", "0.3"]
    assert tick_labels([0.0, 5e5, 1e6]) == ["0", "5e+05", "1e+06"]


# --- the rendered text ------------------------------------------------------------------------------

CROWDED = ["step", "threshold", "hard_shrink", "hard_tanh"]
TWELVE = ["sigmoid", "relu", "gelu", "elu", "tanh", "silu", "softplus"]
TWELVE += ["leaky_relu", "selu", "mish", "hard_tanh", "softsign"]
#: Escape codes that set a foreground colour (standard, bright, 256 or true colour).
COLOUR_CODE = re.compile(r"\x1b\[(?:[0-9;]*;)?(3[0-79]|9[0-7]|38;[25];[0-9;]+)m")


@pytest.fixture(autouse=True)
def _fresh_style_cache() -> None:
    """Forget rich's combined styles: each caches its escape codes for the first colour system it met."""
    Style._add.cache_clear()


@pytest.fixture(scope="module")
def sigmoid_relu() -> Sampled:
    return sampled(["sigmoid", "relu"], [0, 1, 2], (-5.0, 5.0), 1000)


def lines_of(plot: TerminalPlot, width: int = 80, height: int = 24, **console: object) -> list[str]:
    return ANSI.sub("", render(plot, width=width, height=height, **console)).splitlines()


def plot(names: Sequence[str], derivs: int = 2, **options: object) -> TerminalPlot:
    s = sampled(names, range(derivs + 1), (-5.0, 5.0), 400)
    return TerminalPlot(s, FigureOptions(**options))  # type: ignore[arg-type]


def rules(lines: Sequence[str]) -> int:
    """Charts drawn: each ends with one x-axis rule (└), side by side ones on the same line."""
    return sum(line.count("└") for line in lines)


def legend_entries(line: str) -> list[tuple[str, str]]:
    """(colour code or "", swatch) of each legend entry of a raw (escaped) legend line."""
    return re.findall(r"(?:\x1b\[([0-9;]*)m)?([⠀-⣿+×◆■*◇□#@%&$=~§]{5})(?:\x1b\[0m)? \w", line)


def test_text_has_titles_ticks_legend_and_markers(sigmoid_relu: Sampled) -> None:
    lines = lines_of(TerminalPlot(sigmoid_relu), height=50)
    text = "\n".join(lines)
    for title in ("f(x)", "f′(x)", "f″(x)"):
        assert text.count(title) == 1
    assert rules(lines) == 3
    x_labels = [line.split() for line in lines if line.split()[:1] == ["−4"]]
    assert x_labels == [["−4", "−2", "0", "2", "4"]]  # shared under the last chart
    y_labels = [line.split("┤")[0].strip() for line in lines if "┤" in line]
    assert y_labels[:6] == ["5", "4", "3", "2", "1", "0"]  # f: relu reaches 5
    assert FILLED in text and OPEN in text
    assert f"{UP}δ" in text or f"δ{UP}" in text  # relu″'s impulse in the band
    legend = lines[-1].split()
    assert legend[1::2] == ["sigmoid", "relu"] and legend[0] != legend[2]


@pytest.mark.parametrize(("height", "reserve"), [(24, 0), (24, 1), (50, 1)])
@pytest.mark.parametrize("layout", ["panels", "overlay", "grid"])
def test_it_fits_the_console_height(sigmoid_relu: Sampled, height: int, reserve: int, layout: str) -> None:
    options = FigureOptions(layout=layout, title="Activations")
    lines = lines_of(TerminalPlot(sigmoid_relu, options, reserve=reserve), height=height)
    assert height - reserve - 3 <= len(lines) <= height - reserve  # fits, and uses the height


def test_a_taller_console_gets_taller_charts(sigmoid_relu: Sampled) -> None:
    short, tall = (lines_of(TerminalPlot(sigmoid_relu), height=h) for h in (24, 50))
    canvas = [sum(1 for line in lines if "┤" in line or "│" in line) for lines in (short, tall)]
    assert canvas[1] >= canvas[0] + 3 * 7
    assert rules(short) == rules(tall) == 3


def test_a_tiny_console_still_gets_charts_of_the_minimum_height(sigmoid_relu: Sampled) -> None:
    lines = lines_of(TerminalPlot(sigmoid_relu), height=8)
    assert rules(lines) == 3
    rows = [line for line in lines if line[:1] != " " or line.lstrip()[:1] in "│┤"]
    assert sum(1 for line in lines if "┤" in line or "│" in line) >= 3 * MIN_ROWS
    assert rows


def test_a_long_title_is_wrapped_to_the_width(sigmoid_relu: Sampled) -> None:
    title = "Smooth and piecewise-linear activations with their first and second derivatives side by side"
    lines = lines_of(TerminalPlot(sigmoid_relu, FigureOptions(title=title)), width=60)
    assert max(cell_len(line) for line in lines) <= 60
    head = " ".join(" ".join(lines[:3]).split())
    assert head.startswith(title)
    assert lines[0].strip() != title  # wrapped, not cut


def test_panels_stack_a_chart_per_order(sigmoid_relu: Sampled) -> None:
    lines = lines_of(TerminalPlot(sigmoid_relu, FigureOptions(layout="panels")), height=50)
    assert rules(lines) == 3


def test_overlay_draws_every_order_in_one_chart_told_apart_by_pattern(sigmoid_relu: Sampled) -> None:
    plot = TerminalPlot(sigmoid_relu, FigureOptions(layout="overlay"))
    lines = lines_of(plot, height=30)
    assert rules(lines) == 1
    assert "f(x), f′(x), f″(x)" in "\n".join(lines)
    legend = "\n".join(lines[-2:])
    for order in ("f(x)", "f′(x)", "f″(x)"):
        assert order in legend  # the orders' patterns have entries of their own
    looks = series_looks(plot.plan, None)
    assert len({looks["sigmoid", order].pattern for order in (0, 1, 2)}) == 3


@pytest.mark.parametrize(("width", "across"), [(60, 1), (80, 3), (130, 3)])
def test_grid_draws_a_chart_per_activation_and_order_under_its_label(
    sigmoid_relu: Sampled, width: int, across: int
) -> None:
    lines = lines_of(TerminalPlot(sigmoid_relu, FigureOptions(layout="grid")), width=width, height=50)
    assert rules(lines) == 6
    assert max(line.count("└") for line in lines) == across  # side by side where the width allows
    headings = [line.split()[1] for line in lines if re.match(r"^[⠀-⣿]{5} \w", line)]
    assert headings == ["sigmoid", "relu"]


def test_a_grid_without_colour_keeps_its_one_curve_per_chart_solid(sigmoid_relu: Sampled) -> None:
    plan = TerminalPlot(sigmoid_relu, FigureOptions(layout="grid")).plan
    assert {(look.pattern, look.marker) for look in series_looks(plan, None).values()} == {(PATTERNS[0], "")}


def test_ylim_sets_every_chart_s_limits(sigmoid_relu: Sampled) -> None:
    lines = lines_of(TerminalPlot(sigmoid_relu, FigureOptions(ylim=(-3.0, 3.0))), height=50)
    y_labels = [line.split("┤")[0].strip() for line in lines if "┤" in line]
    assert y_labels.count("2") == 3 and y_labels.count("−2") == 3
    assert "5" not in y_labels  # relu reaches 5: it leaves the frame …
    assert "leaves the frame" in lines[-1]  # … and the legend says so
    assert ABOVE in "\n".join(lines)


@pytest.mark.parametrize("names", [["sigmoid", "relu", "gelu", "elu", "tanh", "silu"], TWELVE])
@pytest.mark.parametrize("layout", ["panels", "overlay"])
def test_series_differ_without_colour(names: list[str], layout: str) -> None:
    p = plot(names, 1, layout=layout)
    looks = series_looks(p.plan, None)
    for panel in p.plan.panels:
        drawn = [looks[c.label, c.order] for c in panel.curves]
        assert len(set(drawn)) == len(drawn)
    text = render(p, width=120, height=60, force_terminal=True, no_color=True)
    assert not COLOUR_CODE.search(text)
    entries = [e for line in text.splitlines() for e in legend_entries(line)]
    swatches = [swatch for _, swatch in entries][: len(names)]
    assert len(swatches) == len(names) and len(set(swatches)) == len(names)
    for name in names:
        assert name in text
    markers = {look.marker for look in looks.values()} - {""}
    assert markers <= set(ANSI.sub("", text))  # markers are drawn on the curves


@pytest.mark.parametrize("system", ["standard", "256"])
@pytest.mark.parametrize("names", [["sigmoid", "relu", "gelu", "elu", "tanh", "silu", "softplus"], TWELVE])
def test_series_differ_in_sixteen_and_256_colours(names: list[str], system: str) -> None:
    p = plot(names, 0)
    text = render(p, width=120, height=40, force_terminal=True, color_system=system)
    entries = [e for line in text.splitlines() for e in legend_entries(line)]
    assert len(entries) == len(names)
    assert len(set(entries)) == len(names)  # colour or pattern differs for every pair
    codes = [code for code, _ in entries[:7]]
    assert len(set(codes)) == 7  # sigmoid and gelu, relu and elu no longer share a colour
    assert system != "standard" or all(not code.startswith("38;") for code in codes)  # standard colours


def test_coinciding_curves_both_stay_visible_in_colour() -> None:
    s = sample([actplot.get("mish"), actplot.get("mymish=x*tanh(softplus(x))")], [0], (-5.0, 5.0), 400)
    p = TerminalPlot(s)
    assert p.plan.panels[0].coincides  # the later one is drawn dashed over the earlier
    text = render(p, width=80, height=24, force_terminal=True, color_system="truecolor")
    canvas = "\n".join(line for line in text.splitlines() if "┤" in line or "│" in line)
    for colour in THEMES["light"].palette[:2]:
        red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        assert f"38;2;{red};{green};{blue}m" in canvas
    assert "= mish" in ANSI.sub("", text.splitlines()[-1])


def test_impulse_labels_are_all_shown_in_a_crowded_chart() -> None:
    p = plot(CROWDED, 2)
    impulses = [i for panel in p.plan.panels for c in panel.curves for i in c.impulses]
    for height in (24, 50):
        text = "\n".join(lines_of(p, height=height))
        arrows = sum(text.count(a) for a in (UP, DOWN, UP_DOWN))
        footnoted = len(re.findall(r"at x = ", text))
        assert arrows + footnoted == len(impulses)
        for symbol in {i.symbol for i in impulses}:
            assert symbol in text
        assert FILLED in text and OPEN in text


def test_the_cli_draws_in_an_80_by_24_terminal_without_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from actplot import cli

    for name, value in {"LINES": "24", "COLUMNS": "80", "NO_COLOR": "1", "TERM": "xterm"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    args = ["sigmoid", "relu", "hard_tanh", "-d", "2", "-n", "200", "--title", "Three", "--layout", "overlay"]
    result = CliRunner().invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) + len(result.stderr.splitlines()) <= 24
    assert max(cell_len(line) for line in lines) <= 80
    assert "\x1b" not in result.stdout
    assert lines[0].strip() == "Three"
    assert rules(lines) == 1
    swatches = [swatch for line in lines for _, swatch in legend_entries(line)]
    assert len(set(swatches[:3])) == 3


@pytest.mark.parametrize("width", [40, 57, 80, 100, 200])
def test_no_line_is_wider_than_the_console(sigmoid_relu: Sampled, width: int) -> None:
    lines = render(TerminalPlot(sigmoid_relu), width=width, height=40).splitlines()
    assert max(cell_len(line) for line in lines) <= width
    assert max(cell_len(line) for line in lines) >= width - 2  # and the width is used


def test_a_narrow_console_gets_the_minimum_width_cropped_not_folded(sigmoid_relu: Sampled) -> None:
    wide = render(TerminalPlot(sigmoid_relu), width=MIN_WIDTH).splitlines()
    narrow = render(TerminalPlot(sigmoid_relu), width=30).splitlines()
    assert len(narrow) == len(wide)
    assert narrow == [line[:30] for line in wide]


def test_width_and_height_can_be_chosen(sigmoid_relu: Sampled) -> None:
    lines = render(TerminalPlot(sigmoid_relu, width=60, height=8), width=100).splitlines()
    assert max(cell_len(line) for line in lines) <= 60
    gutter = next(line.index("└") for line in lines if "└" in line)
    canvas = [line for line in lines if line[gutter : gutter + 1] in ("│", "┤") and "↑" not in line]
    assert len(canvas) == 3 * 8


def test_it_fits_inside_other_renderables(sigmoid_relu: Sampled) -> None:
    lines = render(Panel(TerminalPlot(sigmoid_relu), title="activations"), width=80).splitlines()
    assert max(cell_len(line) for line in lines) == 80
    assert all(line.startswith("│") and line.endswith("│") for line in lines[1:-1])


def test_plain_output_has_no_escape_codes(sigmoid_relu: Sampled) -> None:
    plain = render(TerminalPlot(sigmoid_relu), width=80)
    assert "\x1b" not in plain
    no_color = render(TerminalPlot(sigmoid_relu), width=80, force_terminal=True, no_color=True)
    assert not COLOUR_CODE.search(no_color)
    assert ANSI.sub("", no_color) == plain


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_curves_take_the_palette_colours(sigmoid_relu: Sampled, theme: str) -> None:
    plot = TerminalPlot(sigmoid_relu, FigureOptions(theme=theme))
    text = render(plot, width=80, force_terminal=True, color_system="truecolor")
    for colour in (*THEMES[theme].palette[:2], THEMES[theme].axis):
        red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        assert f"38;2;{red};{green};{blue}" in text


def test_unknown_theme_name_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="theme"):
        FigureOptions(theme="sepia")


def test_every_catalogue_case_renders(activation: Activation) -> None:
    s = sample([activation], [0, 1, 2], (-5.0, 5.0), 400)
    lines = render(TerminalPlot(s), width=60, height=40).splitlines()
    assert max(cell_len(line) for line in lines) <= 60
    text = "\n".join(lines)
    assert [title for title in ("f(x)", "f′(x)", "f″(x)") if title in text] == ["f(x)", "f′(x)", "f″(x)"]
    impulses = [i for c in s.curves for i in c.impulses]
    assert all(i.symbol in text for i in impulses)
