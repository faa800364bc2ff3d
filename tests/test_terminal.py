"""The terminal plot: first as an array of dots, then as braille characters, then as rendered text."""

from __future__ import annotations

import io
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

import actplot
from actplot.activation import Activation
from actplot.errors import UsageError
from actplot.plan import y_limits
from actplot.sampling import Curve, Impulse, Sampled, Segment, sample
from actplot.terminal import (
    FILLED,
    MIN_WIDTH,
    OPEN,
    Raster,
    TerminalPlot,
    braille,
    cell_curves,
    rasterize,
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
) -> Raster:
    curves = sampled(names, [order], x_range, points).by_order(order)
    return rasterize(curves, x_range, rows, cols)


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


def test_an_impulse_is_a_vertical_run_from_zero_labelled_with_its_symbol() -> None:
    r = raster(["sigmoid", "relu"], order=2)
    height, width = r.dots.shape
    lo, hi = r.frame.y_limits
    col = dot_col(0.0, (-5.0, 5.0), width)
    run = np.flatnonzero(r.dots[:, col] == 2)
    tip, base = dot_row(0.88 * hi, (lo, hi), height), dot_row(0.0, (lo, hi), height)
    assert run.tolist() == list(range(tip, base + 1))
    assert base - tip >= 0.8 * base  # reaches most of the way up
    (mark,) = r.marks
    assert (mark.row, mark.col, mark.text, mark.curve) == (tip // 4, col // 2 + 1, "δ", 2)


def test_impulse_symbols_carry_weight_and_derivative() -> None:
    r = raster(["relu", "leaky_relu", "step"], order=2)
    assert [m.text for m in r.marks] == ["δ", "0.99δ", "δ′"]
    assert sorted(m.row for m in r.marks) == [m.row for m in r.marks]  # later ones reach less high


def test_a_delta_prime_runs_both_ways() -> None:
    r = raster(["step"], order=2)
    height, width = r.dots.shape
    base = dot_row(0.0, r.frame.y_limits, height)
    columns = np.flatnonzero((r.dots == 1).sum(axis=0) > 1)
    col = dot_col(0.0, (-5.0, 5.0), width)
    assert columns.tolist() == [col - 1, col + 1]
    assert (r.dots[:base, col - 1] == 1).sum() > height / 4  # up, weight > 0
    assert (r.dots[base + 1 :, col + 1] == 1).sum() > height / 4  # then down


def test_a_negative_impulse_points_down_with_its_label_at_the_tip() -> None:
    x = np.linspace(-2.0, 2.0, 41)
    curve = Curve("t", 2, (Segment(x, 0.1 * x),), (), (Impulse(1.0, -0.5, 0),))
    r = rasterize([curve], (-2.0, 2.0), rows=12, cols=40)
    height, width = r.dots.shape
    lo, _ = r.frame.y_limits
    col = dot_col(1.0, (-2.0, 2.0), width)
    base, tip = dot_row(0.0, r.frame.y_limits, height), dot_row(0.88 * lo, r.frame.y_limits, height)
    assert np.flatnonzero(r.dots[base:, col]).tolist() == list(range(tip - base + 1))
    (mark,) = r.marks
    assert (mark.row, mark.text) == (tip // 4, "−0.5δ")


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


@pytest.fixture(scope="module")
def sigmoid_relu() -> Sampled:
    return sampled(["sigmoid", "relu"], [0, 1, 2], (-5.0, 5.0), 1000)


def test_text_has_titles_ticks_legend_and_delta(sigmoid_relu: Sampled) -> None:
    text = render(TerminalPlot(sigmoid_relu, THEMES["light"]), width=80)
    lines = text.splitlines()
    for title in ("f(x)", "f′(x)", "f″(x)"):
        assert sum(line.strip() == title for line in lines) == 1
    assert lines[-1].split() == ["━━", "sigmoid", "━━", "relu"]
    x_labels = [line.split() for line in lines if line.split()[:1] == ["−4"]]
    assert x_labels == [["−4", "−2", "0", "2", "4"]] * 3
    y_labels = [line.split("┤")[0].strip() for line in lines if "┤" in line]
    assert y_labels[:6] == ["5", "4", "3", "2", "1", "0"]  # f: relu reaches 5
    assert "1.0" in y_labels and "0.00" in y_labels and "−0.10" in y_labels
    assert "δ" in text and FILLED in text and OPEN in text
    assert len(lines) == 3 * (1 + 12 + 2) + 1


@pytest.mark.parametrize("width", [40, 57, 80, 100, 200])
def test_no_line_is_wider_than_the_console(sigmoid_relu: Sampled, width: int) -> None:
    lines = render(TerminalPlot(sigmoid_relu), width=width).splitlines()
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
    assert len(lines) == 3 * (1 + 8 + 2) + 1
    single = sampled(["tanh"], [0], (-3.0, 3.0), 200)
    assert len(render(TerminalPlot(single), width=80).splitlines()) == 1 + 16 + 2 + 1


def test_it_fits_inside_other_renderables(sigmoid_relu: Sampled) -> None:
    lines = render(Panel(TerminalPlot(sigmoid_relu), title="activations"), width=80).splitlines()
    assert max(cell_len(line) for line in lines) == 80
    assert all(line.startswith("│") and line.endswith("│") for line in lines[1:-1])


def test_plain_output_has_no_escape_codes(sigmoid_relu: Sampled) -> None:
    plain = render(TerminalPlot(sigmoid_relu), width=80)
    assert "\x1b" not in plain
    no_color = render(TerminalPlot(sigmoid_relu), width=80, force_terminal=True, no_color=True)
    assert not re.search(r"\x1b\[[0-9;]*3[0-9;]*m", no_color.replace("\x1b[1m", ""))  # no colours
    assert ANSI.sub("", no_color) == plain


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_curves_take_the_palette_colours(sigmoid_relu: Sampled, theme: str) -> None:
    text = render(TerminalPlot(sigmoid_relu, theme), width=80, force_terminal=True, color_system="truecolor")
    for colour in (*THEMES[theme].palette[:2], THEMES[theme].axis):
        red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        assert f"38;2;{red};{green};{blue}" in text


def test_unknown_theme_name_is_a_usage_error(sigmoid_relu: Sampled) -> None:
    with pytest.raises(UsageError, match="theme"):
        TerminalPlot(sigmoid_relu, "sepia")


def test_every_catalogue_case_renders(activation: Activation) -> None:
    s = sample([activation], [0, 1, 2], (-5.0, 5.0), 400)
    lines = render(TerminalPlot(s), width=60).splitlines()
    assert max(cell_len(line) for line in lines) <= 60
    assert [line.strip() for line in lines if line.strip() in ("f(x)", "f′(x)", "f″(x)")] == [
        "f(x)",
        "f′(x)",
        "f″(x)",
    ]
    impulses = [i for c in s.curves for i in c.impulses]
    assert all(i.symbol in "".join(lines) for i in impulses)
