"""Sampled curves → braille charts for terminals without a display (rich, no matplotlib).

As in uniplot, the plot is an array of dots first and characters second:
`rasterize` draws one panel's curves onto a dot canvas (numpy, testable on its
own), `braille` turns 2×4 blocks of dots into characters, and `TerminalPlot`
lays out the panels of the figure's plan (`actplot.plan`) to fit the console's
width and height, with ticks, titles and a legend.  It draws what the figure
draws: segments never bridged across a jump, a filled marker (●) on the value
taken at a break and an open one (○) on each other one-sided limit, ▲/▼ where a
curve leaves the frame, and Dirac impulses as arrows with their weights on the
x-axis rule and a band of lines under it, never on the canvas (a delta is
infinitely tall: no height there would be true, and an arrow there could seem to
bridge a jump).
Series differ by colour and, where colours run out or are absent (``NO_COLOR``,
pipes, CI logs), by dot pattern and marker character; the legend shows both.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.style import Style
from rich.text import Text

from actplot.activation import Array, param_text
from actplot.options import FigureOptions
from actplot.orders import ORDER_NAMES
from actplot.plan import OffFrame, Panel, Plan, SeriesStyle, make_plan, y_limits
from actplot.sampling import Curve, Impulse, Jump, Sampled, Segment
from actplot.theme import Theme, get_theme

Dots = NDArray[np.intp]
Mask = NDArray[np.bool_]

#: Narrowest chart drawn, in characters; a narrower console gets this width anyway.
MIN_WIDTH = 40
#: Narrowest chart of a grid drawn side by side with others, in characters; else the grid is stacked.
MIN_GRID_WIDTH = 26
#: Fewest character rows of a chart's canvas, however short the console.
MIN_ROWS = 5
#: Dots per character cell: braille cells are 2 dots wide and 4 high.
CELL_WIDTH, CELL_HEIGHT = 2, 4
BRAILLE_BLANK = 0x2800
#: The bit of each dot of a braille cell, indexed [row][column] (dots 1-8 of Unicode braille).
DOT_BITS = np.array([[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]], dtype=np.intp)
FILLED, OPEN = "●", "○"
#: Off-frame marks: where a curve leaves through the top or the bottom of the frame.
ABOVE, BELOW = "▲", "▼"
#: Impulse arrows: a δ of positive or negative weight, and a δ′ (an up–down pair).
UP, DOWN, UP_DOWN = "↑", "↓", "↕"
#: Dot patterns by dash index: the n-th dot a curve enters is drawn where pattern[n mod length]
#: is "1": solid, dashed, dotted, dash-dot.
PATTERNS = ("1", "11111000", "10", "1111100100")
#: Marker characters by marker index (0: none), drawn on a curve every MARKER_EVERY cells.
MARKERS = ("", "+", "×", "◆", "■", "*", "◇", "□", "#", "@", "%", "&", "$", "=", "~", "§")
MARKER_EVERY = 6
#: Rows for impulse arrows and labels: the x-axis rule and lines under it; the rest goes to a footnote.
BAND_ROWS = 4
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
    *,
    patterns: Sequence[str] | None = None,
    markers: Sequence[str] | None = None,
    off_frame: Sequence[OffFrame] = (),
) -> Raster:
    """Draw the curves of one panel on a canvas of rows × cols braille cells.

    Consecutive points of a segment are joined by straight pieces (steep parts stay
    continuous), segments are never joined to each other, and pieces are clipped
    at the y-limits: `limits`, or the figure's `y_limits(curves)` if None.
    Non-finite values are skipped.  Curve i keeps the dots where ``patterns[i]``
    (see PATTERNS; solid if None) is "1" along its length, and ``markers[i]`` every
    MARKER_EVERY cells; `off_frame` marks are ▲ on the top row or ▼ on the bottom one.
    Impulses are not drawn here: they have a band of their own (`impulse_band`).
    """
    frame = Frame(x_range, y_limits(curves) if limits is None else limits, rows, cols)
    dots = np.zeros(frame.shape, dtype=np.intp)
    marks: list[Mark] = []
    for value, curve in enumerate(curves, start=1):
        pattern = patterns[value - 1] if patterns else PATTERNS[0]
        for segment in curve.segments:
            _draw_segment(dots, frame, segment, value, pattern)
    owners = cell_curves(dots)
    for value, marker in enumerate(markers or (), start=1):
        marks += _marker_marks(owners, value, marker)
    value_of = {(curve.label, curve.order): value for value, curve in enumerate(curves, start=1)}
    for mark in off_frame:
        row = 0 if mark.side > 0 else rows - 1
        text = ABOVE if mark.side > 0 else BELOW
        marks.append(Mark(row, frame.column(mark.x) // CELL_WIDTH, text, value_of[mark.label, mark.order]))
    for value, curve in enumerate(curves, start=1):
        for jump in curve.jumps:
            marks += _jump_marks(frame, jump, value)
    return Raster(frame, dots, _zero_axes(frame), tuple(marks))


def _marker_marks(owners: Dots, value: int, marker: str) -> list[Mark]:
    """The marker on the curve's topmost cell in every MARKER_EVERY-th cell column, staggered by curve."""
    if not marker:
        return []
    marks = []
    for col in range((value * 2) % MARKER_EVERY, owners.shape[1], MARKER_EVERY):
        rows = np.flatnonzero(owners[:, col] == value)
        if rows.size:
            marks.append(Mark(int(rows[0]), col, marker, value))
    return marks


def _draw_segment(dots: Dots, frame: Frame, segment: Segment, value: int, pattern: str = "1") -> None:
    """Put `value` on the dots of the segment's polyline inside the canvas that `pattern` keeps.

    The pattern counts dots along the polyline: the n-th dot it enters (from 0) is kept
    where ``pattern[n mod len(pattern)]`` is "1", so "10" keeps every other dot on flat
    and steep parts alike.
    """
    finite = np.isfinite(segment.y)
    u = frame.u(segment.x)
    v = np.where(finite, frame.v(np.where(finite, segment.y, 0.0)), np.nan)
    u, v = _thinned(u, v)
    if pattern == PATTERNS[0]:
        _put(dots, u, v, value)
        for start in range(0, len(u) - 1, CHUNK):
            piece = slice(start, start + CHUNK + 1)
            _put(dots, *_line_points(u[piece], v[piece], frame.shape[0]), value)
        return
    pieces = [
        _line_points(u[start : start + CHUNK + 1], v[start : start + CHUNK + 1], frame.shape[0])
        for start in range(0, len(u) - 1, CHUNK)
    ]
    pu = np.concatenate([p[0] for p in pieces] or [np.empty(0)])
    pv = np.concatenate([p[1] for p in pieces] or [np.empty(0)])
    height, width = dots.shape
    on = (pu >= 0) & (pu <= width) & (pv >= 0) & (pv <= height)
    rows = np.minimum(pv[on].astype(np.intp), height - 1)
    cols = np.minimum(pu[on].astype(np.intp), width - 1)
    cells, first = np.unique(rows * width + cols, return_index=True)
    ranked = cells[np.argsort(first)]
    keep = np.array([c == "1" for c in pattern], dtype=np.bool_)
    kept = ranked[keep[np.arange(ranked.size) % keep.size]]
    dots[kept // width, kept % width] = value


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


@dataclass(frozen=True)
class Look:
    """How a series is drawn in the terminal: a colour (None: none), a dot pattern and a marker."""

    colour: str | None
    pattern: str
    marker: str

    def swatch(self, cells: int = 5) -> Text:
        """The series as the legend shows it: a horizontal run of its dot pattern with its marker."""
        on = np.zeros((CELL_HEIGHT, cells * CELL_WIDTH), dtype=np.bool_)
        on[1] = [self.pattern[i % len(self.pattern)] == "1" for i in range(cells * CELL_WIDTH)]
        text = braille(on)[0]
        if self.marker:
            text = text[: cells // 2] + self.marker + text[cells // 2 + 1 :]
        return Text().append(text, Style(color=self.colour, bold=True))


def series_looks(
    plan: Plan, palette: Sequence[str] | None, shade: Callable[[float], str] | None = None
) -> dict[tuple[str, int], Look]:
    """The look of every (activation, order): distinct within every panel, in colour or without.

    With a palette, each series takes the plan's style: colour, dash as dot pattern, marker;
    with `shade` too (a terminal of many colours), a family's members take their shades.
    Without colour, in an overlay of several orders the pattern tells the order (as the
    plan's dash does); where panels hold several activations, activation i takes marker
    i + 1 in such an overlay, else pattern i mod 4 and marker ⌊i / 4⌋.  Where every panel
    holds one activation (a grid), nothing needs telling apart: curves stay solid.
    """
    if palette is not None:
        return {key: _styled(style, palette, shade) for key, style in plan.styles.items()}
    by_order = plan.overlay and len(plan.orders) > 1
    shared = any(len({curve.label for curve in panel.curves}) > 1 for panel in plan.panels)
    looks = {}
    for i, label in enumerate(plan.labels):
        for order in plan.orders:
            pattern, marker = (order if by_order else 0), 0
            if shared and by_order:
                marker = 1 + i % (len(MARKERS) - 1)
            elif shared:
                pattern, marker = i % len(PATTERNS), (i // len(PATTERNS)) % len(MARKERS)
            looks[label, order] = Look(None, PATTERNS[pattern], MARKERS[marker])
    return looks


def _styled(style: SeriesStyle, palette: Sequence[str], shade: Callable[[float], str] | None) -> Look:
    return Look(
        shade(style.shade) if shade and style.shade is not None else palette[style.colour % len(palette)],
        PATTERNS[style.dash % len(PATTERNS)],
        MARKERS[style.marker % len(MARKERS)],
    )


@dataclass(frozen=True)
class Placed:
    """An impulse's arrow and label in the band under a chart: text from cell `col` of band row `row`.

    Band row 0 is the chart's x-axis rule; further rows are lines under it.
    """

    row: int
    col: int
    text: str
    curve: int


def impulse_band(
    impulses: Sequence[tuple[int, Impulse]], frame: Frame
) -> tuple[list[Placed], list[tuple[int, Impulse]]]:
    """Arrows and labels of impulses in at most BAND_ROWS rows of frame.cols cells, never overlapping.

    Each impulse is an arrow in the cell column of its x (↑ positive δ, ↓ negative δ,
    ↕ δ′) with `Impulse.symbol` right of it, else left of it, in the first band row
    where the cells it needs and one cell either side are free.  Impulses that find
    no room are returned second, for a footnote.

    Args:
        impulses: (curve number, impulse) in drawing order.
        frame: the chart's frame.
    """
    taken = np.zeros((BAND_ROWS, frame.cols + 2), dtype=np.bool_)  # one free cell either side of the band
    placed: list[Placed] = []
    left_out: list[tuple[int, Impulse]] = []
    for curve, impulse in impulses:
        arrow = UP_DOWN if impulse.derivative else (UP if impulse.weight > 0 else DOWN)
        col = frame.column(impulse.x) // CELL_WIDTH
        size = 1 + len(impulse.symbol)
        options = [(col, arrow + impulse.symbol), (col - size + 1, impulse.symbol + arrow)]
        spot = next(
            (
                (row, start, text)
                for row in range(BAND_ROWS)
                for start, text in options
                if start >= 0
                and start + size <= frame.cols
                and not taken[row, start : start + size + 2].any()
            ),
            None,
        )
        if spot is None:
            left_out.append((curve, impulse))
            continue
        row, start, text = spot
        taken[row, start + 1 : start + size + 1] = True
        placed.append(Placed(row, start, text, curve))
    return placed, left_out


@dataclass(frozen=True)
class _Context:
    """What every chart of one rendering shares."""

    plan: Plan
    looks: dict[tuple[str, int], Look]
    colour: bool
    axis: Style
    console: Console


class TerminalPlot:
    """The figure's panel plan as braille charts, fitted to the console's width and height.

    Layouts follow the plan: ``panels`` stacks a chart per order, ``overlay`` draws one
    chart with every order (told apart by dot pattern), ``grid`` a chart per activation
    and order, grouped by activation under its label (side by side where the width
    allows).  Stacked charts share the x tick labels under the last one.  The title is
    wrapped to the width; the canvas height is chosen so that everything, `reserve`
    lines after it included, fits the console's height (``LINES``), but never under
    MIN_ROWS.  Curves take the theme's palette (its standard colours on a 16-colour
    terminal); without colour (``Console(no_color=True)``, a file, CI logs) each
    series keeps a dot pattern and marker of its own, shown in the legend.  Text keeps
    the terminal's own colours, since its background is unknown.

    Args:
        sampled: the curves to draw, as for the figure.
        options: the figure options; the terminal honours layout, theme, title and ylim.
        width: characters per line; the console's width if None (never wider, never under MIN_WIDTH).
        height: canvas rows per chart; chosen from the console's height if None.
        reserve: lines printed after the plot (e.g. a hint) that must fit in the height too.
    """

    def __init__(
        self,
        sampled: Sampled,
        options: FigureOptions | None = None,
        *,
        width: int | None = None,
        height: int | None = None,
        reserve: int = 0,
    ) -> None:
        self.options = options or FigureOptions()
        self.plan = make_plan(sampled, self.options)
        self.theme: Theme = get_theme(self.options.theme)
        self.width = width
        self.height = height
        self.reserve = reserve

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(MIN_WIDTH, max(MIN_WIDTH, min(self.width or options.max_width, options.max_width)))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(MIN_WIDTH, min(self.width or options.max_width, options.max_width))
        colour = not console.no_color and console.color_system is not None
        standard = console.color_system in ("standard", "windows")
        palette = (self.theme.standard if standard else self.theme.palette) if colour else None
        context = _Context(
            self.plan,
            series_looks(self.plan, palette, None if standard else self.theme.shade),
            colour,
            Style(color=self.theme.axis),
            console,
        )
        if self.height is not None:
            yield from self._lines(context, width, self.height)
            return
        budget = options.max_height - self.reserve
        stacked = self._stacked(width)
        # Each stacked chart takes its rows and an x-axis rule; the x labels, title and legend come once.
        fixed = len(self._title(context, width)) + len(self._legend(context, width, 0)) + stacked + 1
        fixed += sum(heading is not None for heading, _ in self._blocks())
        rows = max(MIN_ROWS, (budget - fixed) // stacked)
        lines = self._lines(context, width, rows)
        while len(lines) > budget and rows > MIN_ROWS:  # a title off the canvas, impulse rows, footnotes
            rows = max(MIN_ROWS, rows - -(-(len(lines) - budget) // stacked))
            lines = self._lines(context, width, rows)
        yield from lines

    def _columns(self, width: int) -> int:
        """Charts side by side: a grid's orders where each gets MIN_GRID_WIDTH, else one."""
        across = self.plan.columns if self.options.layout == "grid" else 1
        return across if across * MIN_GRID_WIDTH + across - 1 <= width else 1

    def _stacked(self, width: int) -> int:
        """How many charts stand one above the other."""
        return -(-len(self.plan.panels) // self._columns(width))

    def _blocks(self) -> list[tuple[str | None, list[Panel]]]:
        """Panels in groups under an optional heading: a grid's rows, or one group of all."""
        if self.options.layout != "grid":
            return [(None, list(self.plan.panels))]
        rows: dict[int, list[Panel]] = {}
        for panel in self.plan.panels:
            rows.setdefault(panel.row, []).append(panel)
        return [(panels[0].row_label, panels) for panels in rows.values()]

    def _lines(self, context: _Context, width: int, rows: int) -> list[Text]:
        """Every line of the plot with canvases of `rows` rows."""
        lines = self._title(context, width)
        across = self._columns(width)
        chart_width = (width - across + 1) // across
        blocks = self._blocks()
        y_ticks = {
            id(panel): ticks(*panel.y_limits, most=max(3, rows // 2)) for _, ps in blocks for panel in ps
        }
        gutters = [
            max(
                len(label) for _, ps in blocks for p in ps[j::across] for label in tick_labels(y_ticks[id(p)])
            )
            for j in range(across)
        ]
        for number, (heading, panels) in enumerate(blocks):
            if heading is not None:
                lines.append(self._heading(context, heading))
            for start in range(0, len(panels), across):
                last = number == len(blocks) - 1 and start + across >= len(panels)
                charts = [
                    _chart(context, panel, rows, chart_width, gutters[j], y_ticks[id(panel)], last)
                    for j, panel in enumerate(panels[start : start + across])
                ]
                lines += _side_by_side(charts, chart_width)
        return lines + self._legend(context, width, gutters[0] + 1)

    def _title(self, context: _Context, width: int) -> list[Text]:
        """The figure's title wrapped to the width, each line centred."""
        if not self.plan.title:
            return []
        lines = []
        for line in Text(self.plan.title, style="bold").wrap(context.console, width, overflow="fold"):
            line.rstrip()
            lines.append(Text(" " * ((width - line.cell_len) // 2)).append_text(line))
        return lines

    def _entry(self, label: str, look: Look) -> Text:
        """A legend entry: the swatch, the label and the plan's notes on it."""
        notes = self.plan.notes(label)
        entry = look.swatch()
        entry.append(f" {label}")
        if notes:
            entry.append(f" ({'; '.join(notes)})")
        return entry

    def _heading(self, context: _Context, label: str) -> Text:
        """A grid group's heading: its activation's legend entry."""
        entry = self._entry(label, context.looks[label, self.plan.orders[0]])
        entry.no_wrap, entry.overflow = True, "crop"
        return entry

    def _legend(self, context: _Context, width: int, indent: int) -> list[Text]:
        """Each activation's swatch and label (and each order's pattern in an overlay), wrapped by entry.

        A grid has none: each group's heading is its entry.
        """
        if self.options.layout == "grid":
            return []
        first = self.plan.orders[0]
        entries = []
        for label in self.plan.labels:
            family = self.plan.family(label)
            if family is None:
                entries.append(self._entry(label, context.looks[label, first]))
                continue
            if label == family.labels[0]:  # a family: its sweep, then a short swatch and value of each named
                entries.append(Text(f"{family.spec.partition(':')[0]} {family.param}:"))
            index = family.labels.index(label)
            if index in family.named():
                value = _minus(param_text(family.values[index]))
                entries.append(context.looks[label, first].swatch(2).append(f" {value}"))
        if self.plan.overlay and len(self.plan.orders) > 1:
            entries += [
                Look(None, PATTERNS[order], "").swatch().append(f" {ORDER_NAMES[order].text}")
                for order in self.plan.orders
            ]
        lines: list[Text] = []
        line = Text(" " * indent)
        for entry in entries:
            if line.cell_len > indent and line.cell_len + 3 + entry.cell_len > width:
                lines.append(line)
                line = Text(" " * indent)
            if line.cell_len > indent:
                line.append("   ")
            line.append_text(entry)
        lines.append(line)
        for text in lines:
            text.no_wrap, text.overflow = True, "crop"
        return lines


def _chart(
    context: _Context,
    panel: Panel,
    rows: int,
    width: int,
    gutter: int,
    y_values: Sequence[float],
    x_labels: bool,
) -> list[Text]:
    """One panel: canvas rows with y ticks, the x-axis rule, the impulse band, x tick labels, footnotes.

    The impulse band's first row is the x-axis rule itself: the arrows stand on the axis.

    The panel's title goes in a free top corner of the canvas, else on a line above it.
    """
    looks = [context.looks[curve.label, curve.order] for curve in panel.curves]
    patterns = [
        PATTERNS[1]
        if context.colour and (c.label, c.order) in panel.coincides and look.pattern == PATTERNS[0]
        else look.pattern
        for c, look in zip(panel.curves, looks, strict=True)
    ]
    cols = width - gutter - 1
    raster = rasterize(
        panel.curves,
        context.plan.x_range,
        rows,
        cols,
        panel.y_limits,
        patterns=patterns,
        markers=[look.marker for look in looks],
        off_frame=panel.off_frame,
    )
    styles = [Style(color=look.colour) for look in looks]
    cells = _cells(raster, styles, context.axis)
    title = ", ".join(ORDER_NAMES[order].text for order in panel.orders)
    lines: list[Text] = []
    if not _title_in_corner(cells[0], title):
        lines.append(Text(" " * (gutter + 1) + title.center(cols).rstrip(), style="bold"))
    frame = raster.frame
    labels = dict(zip((frame.row(v) // CELL_HEIGHT for v in y_values), tick_labels(y_values), strict=True))
    for row, row_cells in enumerate(cells):
        line = Text(labels.get(row, "").rjust(gutter))
        line.append("┤" if row in labels else "│", context.axis)
        _append_cells(line, row_cells)
        lines.append(line)
    impulses = [
        (value, impulse) for value, curve in enumerate(panel.curves, start=1) for impulse in curve.impulses
    ]
    placed, left_out = impulse_band(impulses, frame)
    x_values = ticks(*frame.x_range, most=max(3, cols // 8))
    x_cols = [frame.column(x) // CELL_WIDTH for x in x_values]
    rule: list[Cell] = [("─", context.axis)] * cols
    for col in x_cols:
        rule[col] = ("┬", context.axis)
    band = [rule] + [[(" ", None)] * cols for _ in range(max((p.row for p in placed), default=0))]
    for p in placed:
        for offset, char in enumerate(p.text):
            band[p.row][p.col + offset] = (char, styles[p.curve - 1])
    for number, band_row in enumerate(band):
        line = Text(" " * gutter)
        line.append("└" if number == 0 else " ", context.axis)
        _append_cells(line, band_row)
        lines.append(line)
    if x_labels:
        lines.append(Text(_spread(tick_labels(x_values), [gutter + 1 + col for col in x_cols], width)))
    if left_out:
        note = "  impulses: " + "; ".join(
            f"{impulse.symbol} at x = {_minus(f'{impulse.x:g}')} ({panel.curves[curve - 1].label})"
            for curve, impulse in left_out
        )
        lines += Text(note).wrap(context.console, width, overflow="fold")
    for line in lines:
        line.no_wrap, line.overflow = True, "crop"
    return lines


def _title_in_corner(top: list[Cell], title: str) -> bool:
    """Write the title over the top row's right end, else its left end, where those cells are blank.

    One blank cell must separate it from anything drawn.
    """
    size = len(title) + 1
    for start in (len(top) - size, 1):
        if start >= 1 and all(char == " " for char, _ in top[start - 1 : start + size]):
            top[start : start + len(title)] = [(char, Style(bold=True)) for char in title]
            return True
    return False


def _side_by_side(charts: Sequence[list[Text]], width: int) -> list[Text]:
    """Charts' lines joined across, each padded to `width`, one space apart, their x-axis rules level."""
    if len(charts) == 1:
        return charts[0]
    rules = [next(i for i, line in enumerate(chart) if "└" in line.plain) for chart in charts]
    level = [[Text()] * (max(rules) - rule) + chart for chart, rule in zip(charts, rules, strict=True)]
    lines = []
    for i in range(max(len(chart) for chart in level)):
        line = Text(no_wrap=True, overflow="crop")
        for j, chart in enumerate(level):
            part = chart[i].copy() if i < len(chart) else Text()
            part.truncate(width, pad=j < len(level) - 1)
            if j:
                line.append(" ")
            line.append_text(part)
        line.rstrip()
        lines.append(line)
    return lines


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
