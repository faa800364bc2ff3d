"""Sampled curves → colour braille charts for terminals without a display (rich, no matplotlib).

As in uniplot, the plot is an array of dots first and characters second:
`rasterize` draws one order's curves onto a dot canvas (numpy, testable on its
own), `braille` turns 2×4 blocks of dots into characters, and `TerminalPlot`
stacks one chart per order with ticks, titles and one legend.  It draws what the
figure draws: segments never bridged across a jump, a filled marker (●) on the
value taken at a break and an open one (○) on the other side, and each Dirac
impulse as a vertical run labelled with `Impulse.symbol`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.style import Style
from rich.text import Text

from actplot.activation import Array
from actplot.orders import ORDER_NAMES
from actplot.plan import impulse_tips, stacked_impulses, y_limits
from actplot.sampling import Curve, Impulse, Jump, Sampled, Segment
from actplot.theme import Theme, get_theme

Dots = NDArray[np.intp]
Mask = NDArray[np.bool_]

#: Narrowest plot drawn, in characters; a narrower console gets this width anyway.
MIN_WIDTH = 40
#: Character rows per chart: a single chart, or each of several stacked ones.
ROWS_SINGLE, ROWS_STACKED = 16, 12
#: Dots per character cell: braille cells are 2 dots wide and 4 high.
CELL_WIDTH, CELL_HEIGHT = 2, 4
BRAILLE_BLANK = 0x2800
#: The bit of each dot of a braille cell, indexed [row][column] (dots 1-8 of Unicode braille).
DOT_BITS = np.array([[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]], dtype=np.intp)
FILLED, OPEN = "●", "○"
#: Line pieces drawn per NumPy pass, so 10⁷ points never need one huge temporary array.
CHUNK = 4096
#: Dot coordinates are capped this far outside the canvas (clipping is exact long before).
FAR = 1e9


@dataclass(frozen=True)
class Frame:
    """The data rectangle one chart shows and its dot canvas.

    Dot row r covers the band of y between hi − r·h and hi − (r+1)·h with
    h = (hi − lo) / (rows·4), and likewise for columns, so a value outside the
    limits lands outside the canvas rather than on its edge.
    """

    x_range: tuple[float, float]
    y_limits: tuple[float, float]
    rows: int
    cols: int

    @property
    def shape(self) -> tuple[int, int]:
        """(height, width) of the canvas in dots."""
        return self.rows * CELL_HEIGHT, self.cols * CELL_WIDTH

    def u(self, x: ArrayLike) -> Array:
        """Dot column coordinate of x: 0 at the left edge, width at the right."""
        a, b = self.x_range
        return _scale(x, a, b, self.shape[1])

    def v(self, y: ArrayLike) -> Array:
        """Dot row coordinate of y: 0 at the top limit, height at the bottom one."""
        lo, hi = self.y_limits
        return _scale(y, hi, lo, self.shape[0])

    def column(self, x: float) -> int:
        """The dot column holding x, or the nearest edge column if x is outside the range."""
        return min(max(math.floor(self.u(x)), 0), self.shape[1] - 1)

    def row(self, y: float) -> int:
        """The dot row holding y, or the nearest edge row if y is outside the limits."""
        return min(max(math.floor(self.v(y)), 0), self.shape[0] - 1)


def _scale(value: ArrayLike, start: float, end: float, size: int) -> Array:
    """size·(value − start)/(end − start), capped at ±FAR; halved first so ±1e308 cannot overflow."""
    with np.errstate(over="ignore"):
        scaled = (np.asarray(value, dtype=np.float64) / 2 - start / 2) / (end / 2 - start / 2) * size
    return np.clip(scaled, -FAR, FAR)


@dataclass(frozen=True)
class Mark:
    """Text over the braille cells at character (row, col): a jump marker or an impulse's symbol."""

    row: int
    col: int
    text: str
    curve: int


@dataclass(frozen=True)
class Raster:
    """One chart as dots.

    Attributes:
        frame: the data rectangle and canvas size.
        dots: (rows·4, cols·2) array holding the index + 1 of the curve drawn there, 0 where empty.
        axes: where the zero axes put a (faint) dot.
        marks: text drawn over the cells, in drawing order.
    """

    frame: Frame
    dots: Dots
    axes: Mask
    marks: tuple[Mark, ...]


def rasterize(
    curves: Sequence[Curve],
    x_range: tuple[float, float],
    rows: int,
    cols: int,
    limits: tuple[float, float] | None = None,
) -> Raster:
    """Draw curves of one order on a canvas of rows × cols braille cells.

    Consecutive points of a segment are joined by straight pieces (steep parts stay
    continuous), segments are never joined to each other, and pieces are clipped
    at the y-limits: `limits`, or the figure's `y_limits(curves)` if None.
    Non-finite values are skipped.
    """
    frame = Frame(x_range, y_limits(curves) if limits is None else limits, rows, cols)
    dots = np.zeros(frame.shape, dtype=np.intp)
    marks: list[Mark] = []
    for value, curve in enumerate(curves, start=1):
        for segment in curve.segments:
            _draw_segment(dots, frame, segment, value)
        for jump in curve.jumps:
            marks += _jump_marks(frame, jump, value)
    value_of = {id(curve): value for value, curve in enumerate(curves, start=1)}
    for curve, impulse, rank in stacked_impulses(curves, x_range[1] - x_range[0]):
        marks.append(_draw_impulse(dots, frame, impulse, value_of[id(curve)], rank))
    return Raster(frame, dots, _zero_axes(frame), tuple(marks))


def _draw_segment(dots: Dots, frame: Frame, segment: Segment, value: int) -> None:
    """Put `value` on every dot of the segment's polyline inside the canvas."""
    finite = np.isfinite(segment.y)
    u = frame.u(segment.x)
    v = np.where(finite, frame.v(np.where(finite, segment.y, 0.0)), np.nan)
    u, v = _thinned(u, v)
    _put(dots, u, v, value)
    for start in range(0, len(u) - 1, CHUNK):
        piece = slice(start, start + CHUNK + 1)
        _put(dots, *_line_points(u[piece], v[piece], frame.shape[0]), value)


def _thinned(u: Array, v: Array) -> tuple[Array, Array]:
    """Drop each point lying in the same unit square of dots as both its neighbours.

    The pieces either side of such a point stay inside that square, so the dots
    drawn do not change, while a dense grid shrinks to about one point per dot.
    """
    cu, cv = np.floor(u), np.floor(v)
    same = (cu[1:] == cu[:-1]) & (cv[1:] == cv[:-1])
    keep = np.ones(len(u), dtype=np.bool_)
    keep[1:-1] = ~(same[1:] & same[:-1])
    return u[keep], v[keep]


def _line_points(u: Array, v: Array, height: int) -> tuple[Array, Array]:
    """Points at most one dot apart along each piece (u[i], v[i])–(u[i+1], v[i+1]).

    Each piece is first clipped to 0 ≤ v ≤ height; pieces with a NaN end are dropped.
    """
    v0, du, dv = v[:-1], np.diff(u), np.diff(v)
    safe = np.where(dv == 0, 1.0, dv)
    t_top, t_bottom = -v0 / safe, (height - v0) / safe
    t0 = np.where(dv == 0, 0.0, np.maximum(0.0, np.minimum(t_top, t_bottom)))
    t1 = np.where(dv == 0, 1.0, np.minimum(1.0, np.maximum(t_top, t_bottom)))
    inside = (dv != 0) | ((v0 >= 0) & (v0 <= height))
    keep = np.isfinite(v0) & np.isfinite(dv) & inside & (t0 <= t1)
    t0, t1, du, dv = t0[keep], t1[keep], du[keep], dv[keep]
    start_u, start_v = u[:-1][keep] + t0 * du, v0[keep] + t0 * dv
    length_u, length_v = (t1 - t0) * du, (t1 - t0) * dv
    steps = np.ceil(np.maximum(np.abs(length_u), np.abs(length_v))).astype(np.intp) + 1
    first = np.repeat(np.cumsum(steps) - steps, steps)
    share = (np.arange(int(steps.sum())) - first) / np.repeat(np.maximum(steps - 1, 1), steps)
    return (
        np.repeat(start_u, steps) + share * np.repeat(length_u, steps),
        np.repeat(start_v, steps) + share * np.repeat(length_v, steps),
    )


def _put(dots: Dots, u: Array, v: Array, value: int) -> None:
    """Set the dots holding points (u, v) that lie on the canvas (the far edges included)."""
    height, width = dots.shape
    on = (u >= 0) & (u <= width) & (v >= 0) & (v <= height)
    rows = np.minimum(v[on].astype(np.intp), height - 1)
    cols = np.minimum(u[on].astype(np.intp), width - 1)
    dots[rows, cols] = value


def _jump_marks(frame: Frame, jump: Jump, curve: int) -> list[Mark]:
    """○ on each one-sided limit that is not the value taken at the break, then ● on that value.

    Marks outside the y-limits are left out; where ○ and ● share a cell, ● wins.
    """
    lo, hi = frame.y_limits
    placed = [(limit, OPEN) for limit in jump.open_limits] + [(jump.value, FILLED)]
    return [
        Mark(frame.row(y) // CELL_HEIGHT, frame.column(jump.x) // CELL_WIDTH, text, curve)
        for y, text in placed
        if lo <= y <= hi
    ]


def _draw_impulse(dots: Dots, frame: Frame, impulse: Impulse, value: int, rank: int) -> Mark:
    """A δ as a run of dots from 0 towards its sign, a δ′ as an up–down pair; the symbol by the tip."""
    tips = impulse_tips(impulse, frame.y_limits, rank)
    column = frame.column(impulse.x)
    runs = list(zip((column,) if len(tips) == 1 else (column - 1, column + 1), tips, strict=True))
    ahead = tips[0]
    base = frame.row(0.0)
    for col, tip in runs:
        top, bottom = sorted((base, frame.row(tip)))
        dots[top : bottom + 1, min(max(col, 0), frame.shape[1] - 1)] = value
    label_col = runs[0][0] // CELL_WIDTH + 1
    if label_col + len(impulse.symbol) > frame.cols:
        label_col = max(label_col - 1 - len(impulse.symbol), 0)
    return Mark(frame.row(ahead) // CELL_HEIGHT, label_col, impulse.symbol, value)


def _zero_axes(frame: Frame) -> Mask:
    """The lines x = 0 and y = 0 where they are in range, dotted so they stay faint."""
    axes = np.zeros(frame.shape, dtype=np.bool_)
    (a, b), (lo, hi) = frame.x_range, frame.y_limits
    if lo <= 0 <= hi:
        axes[frame.row(0.0), ::CELL_WIDTH] = True
    if a <= 0 <= b:
        axes[1::CELL_HEIGHT, frame.column(0.0)] = True
    return axes


def braille(on: Mask) -> list[str]:
    """Rows of braille characters for a (4·rows, 2·cols) boolean dot array; empty cells are U+2800."""
    height, width = on.shape
    cells = on.reshape(height // CELL_HEIGHT, CELL_HEIGHT, width // CELL_WIDTH, CELL_WIDTH)
    codes = (cells * DOT_BITS[None, :, None, :]).sum(axis=(1, 3))
    return ["".join(chr(BRAILLE_BLANK + int(code)) for code in row) for row in codes]


def cell_curves(dots: Dots) -> Dots:
    """For each character cell, the index + 1 of the last-drawn curve with a dot in it (0: none)."""
    height, width = dots.shape
    cells = dots.reshape(height // CELL_HEIGHT, CELL_HEIGHT, width // CELL_WIDTH, CELL_WIDTH)
    result: Dots = cells.max(axis=(1, 3))
    return result


def ticks(lo: float, hi: float, most: int) -> list[float]:
    """Round values in [lo, hi], a 1, 2, 2.5 or 5 × 10ᵏ step apart, at most `most` of them (≥ 2)."""
    exponent = math.floor(math.log10((hi - lo) / max(most, 2)))
    while True:
        for multiple in (1.0, 2.0, 2.5, 5.0):
            step = multiple * 10.0**exponent
            first, last = math.ceil(lo / step), math.floor(hi / step)
            if last - first + 1 <= most:
                return [k * step for k in range(first, last + 1)]
        exponent += 1


def tick_labels(values: Sequence[float]) -> list[str]:
    """Tick values with the fewest decimals that tell them apart, and a true minus sign."""
    if not values:
        return []
    step = values[1] - values[0] if len(values) > 1 else 1.0
    biggest = max(abs(v) for v in values)
    if biggest >= 1e5 or (0 < step < 1e-3):
        return [_minus(f"{v:.3g}") for v in values]
    decimals = next(d for d in range(12) if all(abs(round(v, d) - v) < 1e-6 * step for v in values))
    return [_minus(f"{v:.{decimals}f}") for v in values]


def _minus(text: str) -> str:
    return text.replace("-", "−")


class TerminalPlot:
    """One braille chart per order, stacked, with titles, ticks, zero axes and one legend.

    Curves take the theme's palette colours and the frame and zero axes its axis
    colour; text keeps the terminal's own colours, since its background is unknown.
    Without colour (``Console(no_color=True)``, a file, CI logs) the charts stay
    readable: jumps are ●/○, impulses are labelled.

    Args:
        sampled: the curves to draw, as for the figure.
        theme: a `Theme` or a theme name (``"light"``, ``"dark"``).
        width: characters per line; the console's width if None (never wider, never under MIN_WIDTH).
        height: character rows per chart; 16 for one chart, 12 each for several if None.

    Raises:
        UsageError: an unknown theme name.
    """

    def __init__(
        self,
        sampled: Sampled,
        theme: Theme | str = "light",
        *,
        width: int | None = None,
        height: int | None = None,
    ) -> None:
        self.sampled = sampled
        self.theme = get_theme(theme) if isinstance(theme, str) else theme
        self.width = width
        self.height = height

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(MIN_WIDTH, max(MIN_WIDTH, min(self.width or options.max_width, options.max_width)))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(MIN_WIDTH, min(self.width or options.max_width, options.max_width))
        rows = self.height or (ROWS_SINGLE if len(self.sampled.orders) == 1 else ROWS_STACKED)
        charts = [(order, self.sampled.by_order(order)) for order in self.sampled.orders]
        limits = [y_limits(curves) for _, curves in charts]
        y_ticks = [ticks(lo, hi, max(2, rows // 2)) for lo, hi in limits]
        gutter = max((len(label) for values in y_ticks for label in tick_labels(values)), default=1)
        cols = width - gutter - 1
        for (order, curves), lo_hi, values in zip(charts, limits, y_ticks, strict=True):
            raster = rasterize(curves, self.sampled.x_range, rows, cols, lo_hi)
            styles = [Style(color=self._colour[curve.label]) for curve in curves]
            yield from self._chart(raster, styles, ORDER_NAMES[order].text, values, gutter)
        yield self._legend(gutter)

    @property
    def _colour(self) -> dict[str, str]:
        """Each activation's colour, the same in every chart and in the legend."""
        return {label: self.theme.colour(i) for i, label in enumerate(self.sampled.labels)}

    def _chart(
        self, raster: Raster, styles: Sequence[Style], title: str, y_values: Sequence[float], gutter: int
    ) -> Iterable[Text]:
        """The title line, the canvas rows with y ticks, the x-axis line and the x tick labels.

        `styles` holds the style of each curve, in the order of the raster's curve numbers.
        """
        frame = raster.frame
        axis = Style(color=self.theme.axis)
        yield Text(
            " " * (gutter + 1) + title.center(frame.cols).rstrip(),
            style="bold",
            no_wrap=True,
            overflow="crop",
        )
        labels = dict(
            zip((frame.row(v) // CELL_HEIGHT for v in y_values), tick_labels(y_values), strict=True)
        )
        for row, cells in enumerate(_cells(raster, styles, axis)):
            line = Text(labels.get(row, "").rjust(gutter), no_wrap=True, overflow="crop")
            line.append("┤" if row in labels else "│", axis)
            _append_cells(line, cells)
            yield line
        x_values = ticks(*frame.x_range, most=max(2, frame.cols // 8))
        x_cols = [frame.column(x) // CELL_WIDTH for x in x_values]
        rule = ["─"] * frame.cols
        for col in x_cols:
            rule[col] = "┬"
        yield Text(" " * gutter + "└" + "".join(rule), style=axis, no_wrap=True, overflow="crop")
        centres = [gutter + 1 + col for col in x_cols]
        yield Text(
            _spread(tick_labels(x_values), centres, gutter + 1 + frame.cols), no_wrap=True, overflow="crop"
        )

    def _legend(self, gutter: int) -> Text:
        """A colour swatch and a label per activation, on one line (wrapped if it must)."""
        legend = Text(" " * (gutter + 1))
        for label in self.sampled.labels:
            legend.append("━━", Style(color=self._colour[label], bold=True))
            legend.append(f" {label}   ")
        legend.rstrip()
        return legend


Cell = tuple[str, Style | None]


def _cells(raster: Raster, styles: Sequence[Style], axis: Style) -> list[list[Cell]]:
    """Each canvas row as (character, style) cells, marks written over the braille.

    A cell takes the style of the last-drawn curve with a dot in it, else the axis
    style; a cell with no dot is a space.
    """
    owners = cell_curves(raster.dots)
    chars = braille((raster.dots > 0) | raster.axes)
    rows: list[list[Cell]] = [
        [
            (" ", None) if char == chr(BRAILLE_BLANK) else (char, styles[owner - 1] if owner else axis)
            for char, owner in zip(text, owner_row.tolist(), strict=True)
        ]
        for text, owner_row in zip(chars, owners, strict=True)
    ]
    for mark in raster.marks:
        for offset, char in enumerate(mark.text):
            if 0 <= mark.col + offset < raster.frame.cols:
                rows[mark.row][mark.col + offset] = (char, styles[mark.curve - 1])
    return rows


def _append_cells(line: Text, cells: Sequence[Cell]) -> None:
    """Append cells to a line, one span per run of equally styled cells, without trailing blanks."""
    run, style = "", None
    for char, cell_style in cells:
        if cell_style != style and run:
            line.append(run, style)
            run = ""
        run, style = run + char, cell_style
    line.append(run, style)
    line.rstrip()


def _spread(labels: Sequence[str], centres: Sequence[int], width: int) -> str:
    """Labels centred on their columns within `width`, skipping any that would touch the previous one."""
    line = [" "] * width
    free = 0
    for label, centre in zip(labels, centres, strict=True):
        start = min(max(centre - len(label) // 2, 0), width - len(label))
        if start >= free:
            line[start : start + len(label)] = label
            free = start + len(label) + 1
    return "".join(line).rstrip()
