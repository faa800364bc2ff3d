"""Sampled curves: the one representation every output (figure, terminal, numbers) reads.

An activation's order-k curve on [a, b] is sampled on an even grid that also
contains every break exactly, so corners stay sharp at any resolution.  At a
break where order k jumps the curve is split into segments (never bridged) and
the jump is recorded; where order k−1 or lower jumps, order k carries Dirac
impulses: a jump J in order m gives J·δ^(k−1−m) in order k.

Drawn, a curve needs no more vertices than its figure has pixel columns: given a
resolution, `sample` evaluates the grid a block at a time and keeps per column only
the vertices that draw the same line (`decimate`), so memory does not grow with
the number of points.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from actplot.activation import Activation, Array, Break, same_limit
from actplot.blockwise import BLOCK, evaluate_orders, even_blocks
from actplot.errors import UsageError
from actplot.numbers_json import number_json
from actplot.sweep import Family, families_of

MIN_POINTS = 2
MAX_POINTS = 10_000_000
#: Grid points evaluated at a time when a curve is decimated (8 MiB of float64 per array).
SAMPLE_BLOCK = 2**20
#: Dots per inch a figure is sampled for at least: outputs without pixels (SVG, PDF, a window)
#: and figures whose output is not known yet are drawn as for this resolution.
FIGURE_DPI = 600
#: Inches: at least as wide as any figure drawn at its default size (three panels, 11.5).
DEFAULT_FIGURE_WIDTH = 12.0


@dataclass(frozen=True, eq=False)
class Segment:
    """A continuous piece of a curve: x increasing, y finite or ±inf.

    At a break where the curve jumps, the end there holds that side's limit, not the value taken.
    """

    x: Array
    y: Array

    def to_dict(self) -> dict[str, list[float | str]]:
        """``{"x": [...], "y": [...]}``, non-finite values as ``"inf"``, ``"-inf"``, ``"nan"``."""
        return {"x": _plain(self.x), "y": _plain(self.y)}


@dataclass(frozen=True)
class Jump:
    """Where an order of a curve jumps: the value taken at `x` and its one-sided limits.

    Attributes:
        x: the break.
        order: 0 for f, 1 for f′, 2 for f″.
        value: what the activation takes at `x`.
        left: the limit from the left, None where that side is outside the x-range.
        right: the limit from the right, None likewise.
    """

    x: float
    order: int
    value: float
    left: float | None
    right: float | None

    @property
    def limits(self) -> tuple[float, ...]:
        """The one-sided limits inside the x-range, left first."""
        return tuple(limit for limit in (self.left, self.right) if limit is not None)

    @property
    def open_limits(self) -> tuple[float, ...]:
        """The one-sided limits other than the value taken: drawn as open markers."""
        return tuple(limit for limit in self.limits if not same_limit(limit, self.value))

    def to_dict(self) -> dict[str, Any]:
        """The fields as plain JSON-able data."""
        return {
            "x": number_json(self.x),
            "order": self.order,
            "value": number_json(self.value),
            "left": None if self.left is None else number_json(self.left),
            "right": None if self.right is None else number_json(self.right),
        }


#: How a Dirac term is written, by the derivative of δ it holds.
IMPULSE_KINDS = ("δ", "δ′")


@dataclass(frozen=True)
class Impulse:
    """A term weight·δ^(derivative)(t − x) in order `order` of a distributional derivative.

    A jump J in order m of an activation gives J·δ^(k−1−m) in order k > m.
    """

    x: float
    order: int
    weight: float
    derivative: int

    @property
    def kind(self) -> str:
        """``δ`` or ``δ′``."""
        return IMPULSE_KINDS[self.derivative]

    @property
    def symbol(self) -> str:
        """How the term is written, e.g. ``δ``, ``−0.5δ`` or ``2δ′``."""
        if self.weight == 1:
            return self.kind
        if self.weight == -1:
            return f"−{self.kind}"
        return f"{self.weight:.3g}{self.kind}".replace("-", "−")

    def to_dict(self) -> dict[str, Any]:
        """The fields as plain JSON-able data, with `kind` for `derivative`."""
        return {
            "x": number_json(self.x),
            "order": self.order,
            "weight": number_json(self.weight),
            "kind": self.kind,
        }


@dataclass(frozen=True, eq=False)
class Curve:
    """One activation's order-k curve on the range: segments, jumps and impulses."""

    label: str
    order: int
    segments: tuple[Segment, ...]
    jumps: tuple[Jump, ...]
    impulses: tuple[Impulse, ...]

    def finite_extent(self) -> tuple[float, float] | None:
        """Smallest and largest finite y of the segments and jumps, or None if there is none."""
        values = [s.y[np.isfinite(s.y)] for s in self.segments]
        values += [np.array([j.value, *j.limits]) for j in self.jumps]
        finite = np.concatenate(values) if values else np.empty(0)
        finite = finite[np.isfinite(finite)]
        return (float(finite.min()), float(finite.max())) if finite.size else None

    def to_dict(self) -> dict[str, Any]:
        """The curve as plain JSON-able data."""
        return {
            "label": self.label,
            "order": self.order,
            "segments": [s.to_dict() for s in self.segments],
            "jumps": [j.to_dict() for j in self.jumps],
            "impulses": [i.to_dict() for i in self.impulses],
        }


@dataclass(frozen=True, eq=False)
class Sampled:
    """Every requested curve on one x-range: what `actplot.sample` returns and every output draws.

    Attributes:
        x_range: (a, b).
        labels: the activations' labels, in the order given.
        orders: the orders sampled (0: f, 1: f′, 2: f″).
        curves: one per activation and order, activation-major.
        points: evenly spaced x the curves were sampled on (each curve's breaks are added exactly).
        breaks: the x of every activation's breaks inside the range, sorted.
        families: the sweeps among the activations, grouping their members' labels.
    """

    x_range: tuple[float, float]
    labels: tuple[str, ...]
    orders: tuple[int, ...]
    curves: tuple[Curve, ...]
    points: int
    breaks: tuple[float, ...]
    families: tuple[Family, ...] = ()

    def by_order(self, order: int) -> list[Curve]:
        """The curves of one order, in activation order."""
        return [c for c in self.curves if c.order == order]

    @property
    def grid(self) -> Array:
        """The x-grid: `points` evenly spaced x over the range and every break, sorted, each once."""
        return np.concatenate(list(merged_blocks(self.breaks, self.x_range, self.points)))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data (``json.dumps`` takes it as is); non-finite numbers are strings.

        Keys: ``x_range``, ``points``, ``labels``, ``orders``, ``breaks`` and ``curves``, each
        curve with ``label``, ``order``, ``segments`` (``x``, ``y``), ``jumps`` (``x``, ``order``,
        ``value``, ``left``, ``right``) and ``impulses`` (``x``, ``order``, ``weight``, ``kind``);
        ``families``, each sweep with its ``spec``, ``param``, ``values`` and members' ``labels``.
        """
        return {
            "x_range": [number_json(v) for v in self.x_range],
            "points": self.points,
            "labels": list(self.labels),
            "orders": list(self.orders),
            "breaks": [number_json(v) for v in self.breaks],
            "curves": [c.to_dict() for c in self.curves],
            "families": [
                {"spec": f.spec, "param": f.param, "values": list(f.values), "labels": list(f.labels)}
                for f in self.families
            ],
        }


def _plain(values: Array) -> list[float | str]:
    return [number_json(v) for v in values.tolist()]


def check_range(x_range: tuple[float, float]) -> tuple[float, float]:
    """Validate an x-range: two finite numbers, increasing.

    Raises:
        TypeError: not two real numbers.
        UsageError: NaN, infinite, empty or reversed range.
    """
    try:
        a, b = (float(v) for v in x_range)
    except (TypeError, ValueError):
        raise TypeError(f"expected the x-range as two real numbers (a, b), got {x_range!r}") from None
    if not (math.isfinite(a) and math.isfinite(b)):
        raise UsageError(f"range {a:g} {b:g} must be finite numbers")
    if not math.isfinite(b - a):
        raise UsageError(f"range {a:g} {b:g} is too wide: its length overflows float64")
    if not a < b:
        raise UsageError(f"range {a:g} {b:g} is empty or reversed; give A B with A < B, e.g. --range -5 5")
    return a, b


def check_points(points: int) -> int:
    """Validate a point count.

    Raises:
        TypeError: not a whole number (an int, not a bool or a float).
        UsageError: outside 2..10⁷.
    """
    try:
        whole = operator.index(points)  # an int or NumPy's integers; not a float
    except TypeError:
        whole = None
    if isinstance(points, bool) or whole is None:
        raise TypeError(f"expected the number of points as a whole number, got {points!r}")
    points = whole
    if not MIN_POINTS <= points <= MAX_POINTS:
        raise UsageError(f"points {points} is out of bounds; use {MIN_POINTS} to {MAX_POINTS:,}")
    return points


def grid(activation: Activation, x_range: tuple[float, float], points: int) -> Array:
    """`points` evenly spaced x over the range, plus every break inside it, exactly."""
    return np.concatenate(list(grid_blocks(activation, x_range, points)))


def grid_blocks(
    activation: Activation, x_range: tuple[float, float], points: int, block: int = BLOCK
) -> Iterator[Array]:
    """The grid of `grid` in consecutive increasing pieces of about `block` x, never all at once."""
    return merged_blocks([br.x for br in activation.breaks], x_range, points, block)


def merged_blocks(
    breaks: Iterable[float], x_range: tuple[float, float], points: int, block: int = BLOCK
) -> Iterator[Array]:
    """`points` evenly spaced x over the range and the `breaks` inside it, in increasing pieces.

    The pieces put together are ``np.unique`` of the even grid and the breaks: each break
    goes to the piece whose span holds it, and a value equal to the previous piece's last
    is dropped.
    """
    a, b = x_range
    inside = np.array(sorted(x for x in breaks if a <= x <= b), dtype=np.float64)
    pieces = even_blocks(a, b, points, block)
    piece: Array | None = next(pieces)
    previous = -math.inf
    while piece is not None:
        following = next(pieces, None)
        end = following[0] if following is not None else math.inf
        mine = inside[(inside >= piece[0]) & (inside < end)]
        x = piece if not mine.size and np.all(piece[1:] > piece[:-1]) else np.unique(np.append(piece, mine))
        x = x[x > previous] if x[0] <= previous else x
        if x.size:
            previous = x[-1]
            yield x
        piece = following


def figure_resolution(width: float | None, dpi: float | None) -> int:
    """Pixel columns a figure `width` inches wide has at `dpi`, at least `FIGURE_DPI`: what `sample` keeps.

    Without a width, that of the widest figure drawn at its default size.
    """
    return math.ceil((width or DEFAULT_FIGURE_WIDTH) * max(dpi or 0, FIGURE_DPI))


def sample(
    activations: Sequence[Activation],
    orders: Sequence[int],
    x_range: tuple[float, float],
    points: int,
    resolution: int | None = None,
) -> Sampled:
    """Sample every activation at every order on the range.

    With a `resolution` (pixel columns over the x-range), each curve keeps only the
    vertices `decimate` keeps for drawing, and the grid is evaluated a block at a time,
    so memory stays bounded whatever `points` is; jumps and impulses are the same.

    Raises:
        UsageError: a bad range or point count.
    """
    x_range = check_range(x_range)
    points = check_points(points)
    curves = []
    for activation in activations:
        breaks = [br for br in activation.breaks if x_range[0] <= br.x <= x_range[1]]
        if resolution is None:
            x = grid(activation, x_range, points)
            values = [(x, y) for y in evaluate_orders(activation, x, orders)]
        else:
            values = _decimated(activation, orders, x_range, points, resolution)
        for order, (x, y) in zip(orders, values, strict=True):
            curves.append(sample_curve(activation, order, x, breaks, y))
    inside = sorted({br.x for a in activations for br in a.breaks if x_range[0] <= br.x <= x_range[1]})
    labels = tuple(a.label for a in activations)
    swept = families_of([(a.label, a.sweep) for a in activations if a.sweep is not None])
    return Sampled(x_range, labels, tuple(orders), tuple(curves), points, tuple(inside), swept)


def _decimated(
    activation: Activation, orders: Sequence[int], x_range: tuple[float, float], points: int, resolution: int
) -> list[tuple[Array, Array]]:
    """(x, y) of each order: the vertices `decimate` keeps of the grid, evaluated block by block."""
    breaks = np.array([br.x for br in activation.breaks], dtype=np.float64)
    kept: list[tuple[list[Array], list[Array]]] = [([], []) for _ in orders]
    for x in grid_blocks(activation, x_range, points, SAMPLE_BLOCK):
        for (xs, ys), y in zip(kept, evaluate_orders(activation, x, orders), strict=True):
            keep = decimate(x, y, x_range, resolution, breaks)
            xs.append(x[keep])
            ys.append(y[keep])
    return [(np.concatenate(xs), np.concatenate(ys)) for xs, ys in kept]


def decimate(
    x: Array, y: Array, x_range: tuple[float, float], resolution: int, breaks: Array
) -> npt.NDArray[np.intp]:
    """Indices of the vertices of polyline (x, y) (not empty) that draw it the same at `resolution` columns.

    The range is cut into `resolution` columns; within a column, each run of finite y
    keeps its first, last, lowest and highest vertex, and each run of non-finite y (a gap
    in the line) its first and last.  A break is a run of its own, so every break and the
    segment ends either side of it are kept exactly.  Nothing between kept vertices of a
    run leaves the box they span inside the column, so the drawn line covers the same pixels.
    """
    a, b = x_range
    n = x.size
    column = np.floor((x - a) * (resolution / (b - a)))
    finite = np.isfinite(y)
    at_break = np.isin(x, breaks)
    new_run = np.empty(n, dtype=bool)
    new_run[0] = True
    np.not_equal(column[1:], column[:-1], out=new_run[1:])
    new_run[1:] |= (finite[1:] != finite[:-1]) | at_break[1:] | at_break[:-1]
    starts = np.flatnonzero(new_run)
    lengths = np.diff(starts, append=n)
    keep = np.zeros(n, dtype=bool)
    keep[starts] = True
    keep[starts + lengths - 1] = True
    index = np.arange(n)
    with np.errstate(invalid="ignore"):  # NaN runs have no extremes: their ends are kept
        for extreme in (np.minimum, np.maximum):
            hit = y == np.repeat(extreme.reduceat(y, starts), lengths)
            first = np.minimum.reduceat(np.where(hit, index, n), starts)
            keep[first[first < n]] = True
    return np.flatnonzero(keep)


def sample_curve(
    activation: Activation, order: int, x: Array, breaks: Sequence[Break], y: Array | None = None
) -> Curve:
    """One order of one activation on grid `x` (values `y` there, if known), split where that order jumps."""
    y = activation(x, order) if y is None else y
    cuts: list[tuple[int, float, float]] = []
    jumps: list[Jump] = []
    for br in breaks:
        if br.order > order:
            continue
        left, right = one_sided_limits(activation, br.x)
        if same_limit(left[order], right[order]):
            continue
        i = int(np.searchsorted(x, br.x))
        cuts.append((i, left[order], right[order]))
        jumps.append(
            Jump(
                br.x,
                order,
                float(y[i]),
                left[order] if i > 0 else None,
                right[order] if i < len(x) - 1 else None,
            )
        )
    return Curve(
        activation.label, order, _split(x, y, cuts), tuple(jumps), impulses(activation, order, breaks)
    )


def impulses(activation: Activation, order: int, breaks: Sequence[Break]) -> tuple[Impulse, ...]:
    """The Dirac terms of order `order` at `breaks`: a jump J in order m < `order` gives J·δ^(order−1−m)."""
    terms: list[Impulse] = []
    for br in breaks:
        if br.order >= order:
            continue
        left, right = one_sided_limits(activation, br.x)
        terms += [
            Impulse(br.x, order, _rounded(right[m] - left[m]), order - 1 - m)
            for m in range(br.order, order)
            if not same_limit(left[m], right[m])
        ]
    return tuple(terms)


def one_sided_limits(activation: Activation, x0: float) -> tuple[list[float], list[float]]:
    """f, f′, f″ just left and just right of x0 (one ulp away, to 12 digits), as two lists by order."""
    sides = np.array([np.nextafter(x0, -np.inf), np.nextafter(x0, np.inf)])
    values = [activation(sides, k) for k in range(3)]
    return [_rounded(float(v[0])) for v in values], [_rounded(float(v[1])) for v in values]


def _rounded(value: float) -> float:
    """A limit or jump measured one ulp from the break, rounded to the digits it is good for."""
    return float(f"{value:.12g}")


def _split(x: Array, y: Array, cuts: list[tuple[int, float, float]]) -> tuple[Segment, ...]:
    """Cut the polyline at each break index i: both sides keep x[i], each with its own limit."""
    pieces: list[Segment] = []
    start, start_value = 0, None
    for i, left, right in sorted(cuts):
        pieces.append(_piece(x[start : i + 1], np.append(y[start:i], left), start_value))
        start, start_value = i, right
    pieces.append(_piece(x[start:], y[start:].copy(), start_value))
    return tuple(p for p in pieces if len(p.x) > 1)


def _piece(x: Array, y: Array, first: float | None) -> Segment:
    if first is not None:
        y[0] = first
    return Segment(x, y)
