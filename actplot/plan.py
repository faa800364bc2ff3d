"""The panel plan: layout as data, computed once from the sampled curves (no matplotlib).

A `Plan` says which curves, jumps and impulses go in which panel, with which title
and y-limits; how each series is told apart (a colour and a dash, then a marker);
which curves coincide; and where a curve leaves its frame.  The matplotlib figure and
the terminal chart both draw from it, so they cannot disagree, and a new layout is one
function in `LAYOUT_FUNCTIONS` (and its name in `options.LAYOUTS`, which help and checks read
without loading the plan).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from actplot.activation import Array
from actplot.errors import UsageError
from actplot.orders import ORDER_NAMES
from actplot.sampling import Curve, Impulse, Sampled, Segment
from actplot.sweep import Family

if TYPE_CHECKING:
    from actplot.options import FigureOptions

#: A curve whose extent (0 included) is more than this many times the next largest does not set the y-limits.
EXPLODING_RATIO = 50.0
#: Share of the y-span added above and below.
MARGIN = 0.06
#: Two curves coincide where they differ by less than this share of the frame's height everywhere.
COINCIDE = 0.004
#: Vertices compared per curve when looking for coinciding curves.
COMPARED = 2000
#: y-limits never go past this (far beyond any curve drawn, with room for a margin in float64).
FAR = 1e300
#: Inches a panel needs at least, across and down.
MIN_PANEL = (1.0, 0.8)
#: Curve colours and dash patterns: series i takes colour i mod COLOURS, dash (i div COLOURS) mod DASHES.
COLOURS, DASHES = 7, 4


@dataclass(frozen=True)
class SeriesStyle:
    """How one series is told apart: indices into the theme's palette, the dash patterns, the markers.

    Dash 0 is solid and marker 0 is none.  Renderers map the indices to what they can draw
    (matplotlib dashes and markers; braille dot patterns and characters).  A member of a
    family also has a `shade`, its place from 0 to 1 on the theme's sequential colours, which
    renderers that can show it use instead of the palette colour.
    """

    colour: int
    dash: int
    marker: int
    shade: float | None = None


@dataclass(frozen=True)
class OffFrame:
    """Where a curve leaves the frame: at `x`, through the top (``side`` = 1) or the bottom (−1)."""

    label: str
    order: int
    x: float
    side: int


@dataclass(frozen=True)
class Panel:
    """One axes: its place in the grid, the curves drawn there and how.

    Attributes:
        row, column: the place in the figure's grid of panels.
        orders: the derivative orders shown (several in the overlay layout): the title.
        curves: the curves, in drawing order.
        y_limits: the frame's y-limits.
        row_label: the activation a grid row shows, else None.
        coincides: (label, order) of a curve → (label, order) of an earlier curve it hides.
        covered: (label, order) of a curve → the pieces of it, read on an even grid, that a later
            curve lies on (short of coinciding everywhere): the renderer shows them through it.
        off_frame: where curves leave the frame.
    """

    row: int
    column: int
    orders: tuple[int, ...]
    curves: tuple[Curve, ...]
    y_limits: tuple[float, float]
    row_label: str | None
    coincides: dict[tuple[str, int], tuple[str, int]]
    covered: dict[tuple[str, int], tuple[Segment, ...]]
    off_frame: tuple[OffFrame, ...]

    @property
    def impulses(self) -> list[tuple[Curve, Impulse]]:
        """Every impulse drawn in the panel with its curve, in drawing order."""
        return [(curve, impulse) for curve in self.curves for impulse in curve.impulses]


@dataclass(frozen=True)
class Plan:
    """Every panel of a figure, the style of each series and the legend's notes.

    Attributes:
        x_range: the x-interval every panel shows.
        rows, columns: the grid of panels.
        panels: the panels, row by row.
        labels: the activations, in drawing order (the legend's order).
        orders: the orders drawn.
        styles: (label, order) → the series' style.
        overlay: whether orders share an axes (then the dash tells the order).
        title: the figure's title, or None.
        families: the sweeps among the activations (their members share a legend entry and a colorbar).
    """

    x_range: tuple[float, float]
    rows: int
    columns: int
    panels: tuple[Panel, ...]
    labels: tuple[str, ...]
    orders: tuple[int, ...]
    styles: dict[tuple[str, int], SeriesStyle]
    overlay: bool
    title: str | None
    families: tuple[Family, ...] = ()

    def family(self, label: str) -> Family | None:
        """The family an activation belongs to, or None."""
        return next((f for f in self.families if label in f.labels), None)

    def notes(self, label: str) -> list[str]:
        """What the legend says of an activation besides its name: ``= mish``, ``leaves the frame``.

        A curve that coincides with the same order of one other activation in every order drawn
        is ``= other``; otherwise each coincidence is named with its orders.
        """
        same = sorted(
            (order, other)
            for panel in self.panels
            for (mine, order), other in panel.coincides.items()
            if mine == label
        )
        labels = {other for _, (other, _) in same}
        every_order = [order for order, _ in same] == sorted(self.orders)
        if len(labels) == 1 and every_order and all(order == theirs for order, (_, theirs) in same):
            return [f"= {labels.pop()}", *self._leaves(label)]
        notes = [
            f"{ORDER_NAMES[order].symbol} as {other}'s"
            + ("" if theirs == order else f" {ORDER_NAMES[theirs].symbol}")
            for order, (other, theirs) in same
        ]
        return notes + self._leaves(label)

    def _leaves(self, label: str) -> list[str]:
        """``leaves the frame`` if a curve of the activation leaves a panel's frame."""
        leaves = any(mark.label == label for panel in self.panels for mark in panel.off_frame)
        return ["leaves the frame"] if leaves else []


#: A layout: the sampled curves → (row, column, orders, curves, row label) of each panel.
PanelContents = tuple[int, int, tuple[int, ...], list[Curve], str | None]


def _panels(sampled: Sampled) -> list[PanelContents]:
    """One panel per order, side by side."""
    return [(0, i, (order,), sampled.by_order(order), None) for i, order in enumerate(sampled.orders)]


def _overlay(sampled: Sampled) -> list[PanelContents]:
    """Every order of every activation in one axes."""
    return [(0, 0, sampled.orders, list(sampled.curves), None)]


def _grid(sampled: Sampled) -> list[PanelContents]:
    """A row per activation (a family's members share one, named by its sweep), a column per order."""
    rows = _row_of(sampled)
    return [
        (row, column, (order,), [c for c in sampled.by_order(order) if rows[c.label] == name], name)
        for row, name in enumerate(dict.fromkeys(rows.values()))
        for column, order in enumerate(sampled.orders)
    ]


def _row_of(sampled: Sampled) -> dict[str, str]:
    """Each label → what groups it: its family's sweep, or itself."""
    rows = {label: label for label in sampled.labels}
    rows.update({label: family.spec for family in sampled.families for label in family.labels})
    return rows


#: Every layout by name, in the order help lists them: a new layout is one function and one line here.
LAYOUT_FUNCTIONS: dict[str, Callable[[Sampled], list[PanelContents]]] = {
    "panels": _panels,
    "overlay": _overlay,
    "grid": _grid,
}


def make_plan(sampled: Sampled, options: FigureOptions) -> Plan:
    """The plan of a figure of `sampled` with `options` (layout, y-limits, title)."""
    contents = LAYOUT_FUNCTIONS[options.layout](sampled)
    overlay = options.layout == "overlay"
    rows = _row_of(sampled)

    def kin(a: str, b: str) -> bool:  # one activation, or members of one family: never "coinciding"
        return rows.get(a, a) == rows.get(b, b)

    panels = [plan_panel(place, options.ylim or y_limits(place[3]), kin) for place in contents]
    return Plan(
        x_range=sampled.x_range,
        rows=1 + max(p.row for p in panels),
        columns=1 + max(p.column for p in panels),
        panels=tuple(panels),
        labels=sampled.labels,
        orders=sampled.orders,
        styles=series_styles(sampled.labels, sampled.orders, overlay=overlay, families=sampled.families),
        overlay=overlay,
        title=options.title,
        families=sampled.families,
    )


def plan_panel(
    contents: PanelContents, limits: tuple[float, float], kin: Callable[[str, str], bool] = operator.eq
) -> Panel:
    """One panel of a layout with these y-limits: its coinciding and covered curves and off-frame marks.

    Curves of `kin` labels (one activation, or members of one family) are never compared.
    """
    row, column, orders, curves, row_label = contents
    coincides = coinciding(curves, limits, kin)
    return Panel(
        row,
        column,
        orders,
        tuple(curves),
        limits,
        row_label,
        coincides,
        covered(curves, limits, coincides, kin),
        tuple(mark for curve in curves for mark in off_frame(curve, limits)),
    )


def series_styles(
    labels: Sequence[str], orders: Sequence[int], *, overlay: bool, families: Sequence[Family] = ()
) -> dict[tuple[str, int], SeriesStyle]:
    """A style per (activation, order), distinct within every panel.

    Activation i takes colour i mod COLOURS.  Where orders have panels of their own the
    dash tells apart activations that share a colour (28 distinct series), then a marker;
    in the overlay layout the dash tells the order and the marker the activations that
    share a colour.  Members of a family are told apart by shade instead (their colour
    index, for renderers without shades, is their place in the family); family k takes
    dash k (marker k in the overlay), and the others count without them.
    """
    styles = {}
    singles = [label for label in labels if not any(label in f.labels for f in families)]
    for i, label in enumerate(singles):
        colour, cycle = i % COLOURS, i // COLOURS
        for order in orders:
            if overlay:
                styles[label, order] = SeriesStyle(colour, order, cycle)
            else:
                styles[label, order] = SeriesStyle(colour, cycle % DASHES, cycle // DASHES)
    for k, family in enumerate(families):
        for i, (label, shade) in enumerate(zip(family.labels, family.positions(), strict=True)):
            for order in orders:
                dash, marker = (order, k) if overlay else (k % DASHES, 0)
                styles[label, order] = SeriesStyle(i % COLOURS, dash, marker, shade)
    return styles


def y_limits(curves: Sequence[Curve]) -> tuple[float, float]:
    """y-limits for curves drawn together: 0 inside, every curve inside unless it explodes.

    Each activation's reach is its extent with 0 included (so is the frame).  An activation
    explodes when both its reach and its own span (highest − lowest value) exceed
    EXPLODING_RATIO times the next largest reach: exponential beside sigmoid leaves the
    frame instead of flattening the rest, and is marked where it leaves; sigmoid near 0.5
    beside relu on [−0.001, 0.001] is only far from 0, not exploding, and stays in.
    A frame of curves that are 0 everywhere gets the height −1 … 1.
    """
    by_label: dict[str, tuple[float, float, float, float]] = {}
    for curve in curves:
        extent = curve.finite_extent()
        if extent is not None:
            lo, hi, low, high = by_label.get(curve.label, (0.0, 0.0, extent[0], extent[1]))
            by_label[curve.label] = (
                min(lo, extent[0]),
                max(hi, extent[1]),
                min(low, extent[0]),
                max(high, extent[1]),
            )
    extents = sorted(by_label.values(), key=lambda e: _size(e[:2]))
    while len(extents) > 1 and _size(extents[-2][:2]) > 0 and _explodes(extents[-1], _size(extents[-2][:2])):
        extents.pop()
    lo = max(min([0.0, *(e[0] for e in extents)]), -FAR)
    hi = min(max([0.0, *(e[1] for e in extents)]), FAR)
    if lo == hi:
        return -1.0, 1.0
    pad = MARGIN * (hi / 2 - lo / 2) * 2
    return lo - pad, hi + pad


def _explodes(extent: tuple[float, float, float, float], next_reach: float) -> bool:
    """Whether an activation's reach and its own span both exceed EXPLODING_RATIO × the next reach."""
    lo, hi, low, high = extent
    limit = EXPLODING_RATIO * next_reach
    return _size((lo, hi)) > limit and _size((low, high)) > limit


def _size(extent: tuple[float, float]) -> float:
    """The span of an extent, halved first so ±1e308 cannot overflow."""
    return float(extent[1] / 2 - extent[0] / 2)


def off_frame(curve: Curve, limits: tuple[float, float]) -> list[OffFrame]:
    """Where the curve leaves the frame: the first vertex of each run of vertices beyond a limit.

    A run that starts at a segment's first vertex is marked there too, so a curve that
    is beyond the frame from the start is announced at the edge it enters from.
    """
    lo, hi = limits
    marks = []
    for segment in curve.segments:
        side = np.where(segment.y > hi, 1, np.where(segment.y < lo, -1, 0))
        starts = np.flatnonzero((side != 0) & (np.concatenate([[0], side[:-1]]) != side))
        marks += [OffFrame(curve.label, curve.order, float(segment.x[i]), int(side[i])) for i in starts]
    return marks


def coinciding(
    curves: Sequence[Curve],
    limits: tuple[float, float],
    kin: Callable[[str, str], bool] = operator.eq,
) -> dict[tuple[str, int], tuple[str, int]]:
    """Curves that would hide an earlier curve of another activation: (label, order) → the earlier one's.

    Two curves coincide where, clipped to the frame, they differ by less than COINCIDE of its
    height at every compared vertex: drawn one over the other, only the later would show.
    Curves of `kin` labels (members of one family) are not compared: their shades tell them apart.
    """
    lo, hi = limits
    tolerance = COINCIDE * (hi / 2 - lo / 2) * 2
    found: dict[tuple[str, int], tuple[str, int]] = {}
    for i, later in enumerate(curves):
        for earlier in curves[:i]:
            if not kin(earlier.label, later.label) and _same_picture(earlier, later, limits, tolerance):
                found[later.label, later.order] = (earlier.label, earlier.order)
                break
    return found


def covered(
    curves: Sequence[Curve],
    limits: tuple[float, float],
    coincides: Mapping[tuple[str, int], tuple[str, int]],
    kin: Callable[[str, str], bool] = operator.eq,
) -> dict[tuple[str, int], tuple[Segment, ...]]:
    """Where a later curve of another activation lies on a curve, short of coinciding everywhere.

    relu for x > 0 under elu, relu″ = 0 under elu″ for x > 0: drawn in order, the earlier
    curve would vanish there.  Both are read on COMPARED points spread evenly over the
    range, so the result does not depend on how densely they were sampled: the pieces of
    the earlier curve on that grid (clipped to the frame) where they are within COINCIDE
    of the frame's height, inside the frame.
    """
    if not curves:
        return {}
    lo, hi = limits
    tolerance = COINCIDE * (hi / 2 - lo / 2) * 2
    start = min(float(s.x[0]) for c in curves for s in c.segments)
    stop = max(float(s.x[-1]) for c in curves for s in c.segments)
    x = np.linspace(start, stop, COMPARED)
    read = [_read(curve, x, limits) for curve in curves]
    found: dict[tuple[str, int], tuple[Segment, ...]] = {}
    for i, earlier in enumerate(curves):
        key = (earlier.label, earlier.order)
        mine, piece = read[i]
        hidden = np.zeros(x.size, dtype=np.bool_)
        for later, (theirs, _) in zip(curves[i + 1 :], read[i + 1 :], strict=True):
            if not kin(later.label, earlier.label) and coincides.get((later.label, later.order)) != key:
                hidden |= np.abs(theirs - mine) <= tolerance
        hidden &= (mine > lo) & (mine < hi)  # both beyond the frame, clipped to its edge: nothing hidden
        # a run starts where hiding starts or the earlier curve's segment changes (a jump)
        starts = hidden & ~np.concatenate([[False], hidden[:-1] & (piece[1:] == piece[:-1])])
        ends = hidden & ~np.concatenate([hidden[1:] & (piece[1:] == piece[:-1]), [False]])
        pairs = zip(np.flatnonzero(starts), np.flatnonzero(ends) + 1, strict=True)
        runs = [Segment(x[a:b], mine[a:b]) for a, b in pairs if b - a > 1]
        if runs:
            found[key] = tuple(runs)
    return found


def _read(curve: Curve, x: Array, limits: tuple[float, float]) -> tuple[Array, Array]:
    """The curve at each x (clipped to the frame; NaN outside its segments) and the segment read.

    The segment index (−1 outside) lets a run of hidden points stop at a jump instead of bridging it.
    """
    y = np.full(x.size, np.nan)
    piece = np.full(x.size, -1)
    for i, segment in enumerate(curve.segments):
        inside = (x >= segment.x[0]) & (x <= segment.x[-1])
        y[inside] = np.interp(x[inside], segment.x, _clipped(segment.y, limits))
        piece[inside] = i
    return y, piece


def _same_picture(a: Curve, b: Curve, limits: tuple[float, float], tolerance: float) -> bool:
    """Whether each curve lies within `tolerance` of the other at its vertices (clipped to the frame)."""
    return _within(a, b, limits, tolerance) and _within(b, a, limits, tolerance)


def _within(a: Curve, b: Curve, limits: tuple[float, float], tolerance: float) -> bool:
    """Whether b, read at up to COMPARED vertices of a inside b's segments, lies within `tolerance` of a."""
    x, y = _vertices(a)
    if x.size == 0:
        return False
    compared = 0
    for segment in b.segments:
        inside = (x >= segment.x[0]) & (x <= segment.x[-1])
        if not inside.any():
            continue
        at = np.interp(x[inside], segment.x, _clipped(segment.y, limits))
        if not np.all(np.abs(at - _clipped(y[inside], limits)) <= tolerance):
            return False
        compared += int(inside.sum())
    return compared == x.size


def _vertices(curve: Curve) -> tuple[Array, Array]:
    """At most COMPARED vertices of the curve, taken evenly, segment ends excluded (they hold limits)."""
    x = np.concatenate([s.x[1:-1] for s in curve.segments] or [np.empty(0)])
    y = np.concatenate([s.y[1:-1] for s in curve.segments] or [np.empty(0)])
    step = max(1, x.size // COMPARED)
    return x[::step], y[::step]


def _clipped(y: Array, limits: tuple[float, float]) -> Array:
    """y clipped to the frame (±inf and NaN included: NaN stays NaN and compares unequal)."""
    return np.clip(y, limits[0], limits[1])


def check_size(
    size: tuple[float, float],
    rows: int,
    columns: int,
    *,
    bands: float = 0.0,
    texts: float = 0.0,
    font_scale: float = 1.0,
) -> None:
    """Refuse a size that leaves the panels no room (constrained layout would collapse them).

    `bands` is the height in inches the figure gives to impulse bands under the panels, `texts`
    that of a title and of legend rows beyond the first; the panels and their margins hold
    text, so they need `font_scale` times the room.

    Raises:
        UsageError: the message says which side is short and the least that works.
    """
    least = (
        round((MIN_PANEL[0] * columns + 0.4) * font_scale, 1),
        round((MIN_PANEL[1] * rows + 0.8) * font_scale + bands + texts, 1),
    )
    short = [
        f"{name} {given:g} < {need:g} inches"
        for name, given, need in (("width", size[0], least[0]), ("height", size[1], least[1]))
        if given < need
    ]
    if short:
        beside = " and their impulse bands" if bands else ""
        beside += " and the texts around them" if texts else ""
        raise UsageError(
            f"--size {size[0]:g}x{size[1]:g} is too small for {rows}×{columns} panels{beside}: "
            f"{' and '.join(short)}; use at least {max(size[0], least[0]):g}x{max(size[1], least[1]):g}"
        )
