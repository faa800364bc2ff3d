"""Sampled curves: the one representation every output (figure, terminal, numbers) reads.

An activation's order-k curve on [a, b] is sampled on an even grid that also
contains every break exactly, so corners stay sharp at any resolution.  At a
break where order k jumps the curve is split into segments (never bridged) and
the jump is recorded; where order k−1 or lower jumps, order k carries Dirac
impulses: a jump J in order m gives J·δ^(k−1−m) in order k.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from actplot.activation import Activation, Array, Break, same_limit
from actplot.errors import UsageError

MIN_POINTS = 2
MAX_POINTS = 10_000_000


@dataclass(frozen=True)
class Segment:
    """A continuous piece of a curve: x increasing, y finite or ±inf."""

    x: Array
    y: Array


@dataclass(frozen=True)
class Jump:
    """Where a curve jumps: the value taken at `x` and the one-sided limits inside the range."""

    x: float
    value: float
    limits: tuple[float, ...]

    @property
    def open_limits(self) -> tuple[float, ...]:
        """The one-sided limits other than the value taken: drawn as open markers."""
        return tuple(limit for limit in self.limits if not same_limit(limit, self.value))


@dataclass(frozen=True)
class Impulse:
    """A term weight·δ^(derivative)(t − x) of a distributional derivative (δ: 0, δ′: 1)."""

    x: float
    weight: float
    derivative: int

    @property
    def symbol(self) -> str:
        """How the term is written, e.g. ``δ``, ``−0.5δ`` or ``2δ′``."""
        primes = "′" * self.derivative
        if self.weight == 1:
            return f"δ{primes}"
        if self.weight == -1:
            return f"−δ{primes}"
        return f"{self.weight:.3g}δ{primes}".replace("-", "−")


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Sampled:
    """Every requested curve on one x-range, grouped by order, with y-limits per order."""

    x_range: tuple[float, float]
    labels: tuple[str, ...]
    orders: tuple[int, ...]
    curves: tuple[Curve, ...]

    def by_order(self, order: int) -> list[Curve]:
        """The curves of one order, in activation order."""
        return [c for c in self.curves if c.order == order]


def check_range(x_range: tuple[float, float]) -> tuple[float, float]:
    """Validate an x-range: finite, increasing.

    Raises:
        UsageError: NaN, infinite, empty or reversed range.
    """
    a, b = (float(v) for v in x_range)
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
        UsageError: outside 2..10⁷.
    """
    if not MIN_POINTS <= points <= MAX_POINTS:
        raise UsageError(f"points {points} is out of bounds; use {MIN_POINTS} to {MAX_POINTS:,}")
    return points


def grid(activation: Activation, x_range: tuple[float, float], points: int) -> Array:
    """`points` evenly spaced x over the range, plus every break inside it, exactly."""
    a, b = x_range
    inside = [br.x for br in activation.breaks if a <= br.x <= b]
    return np.unique(np.concatenate([np.linspace(a, b, points), inside]))


def sample(
    activations: Sequence[Activation],
    orders: Sequence[int],
    x_range: tuple[float, float],
    points: int,
) -> Sampled:
    """Sample every activation at every order on the range.

    Raises:
        UsageError: a bad range or point count.
    """
    x_range = check_range(x_range)
    check_points(points)
    curves = []
    for activation in activations:
        x = grid(activation, x_range, points)
        breaks = [br for br in activation.breaks if x_range[0] <= br.x <= x_range[1]]
        for order in orders:
            curves.append(sample_curve(activation, order, x, breaks))
    return Sampled(x_range, tuple(a.label for a in activations), tuple(orders), tuple(curves))


def sample_curve(activation: Activation, order: int, x: Array, breaks: Sequence[Break]) -> Curve:
    """One order of one activation on grid `x`, split at the breaks where that order jumps."""
    y = activation(x, order)
    cuts: list[tuple[int, float, float]] = []
    jumps: list[Jump] = []
    impulses: list[Impulse] = []
    for br in breaks:
        if br.order > order:
            continue
        left, right = one_sided_limits(activation, br.x)
        impulses += [
            Impulse(br.x, _rounded(right[m] - left[m]), order - 1 - m)
            for m in range(br.order, order)
            if not same_limit(left[m], right[m])
        ]
        if same_limit(left[order], right[order]):
            continue
        i = int(np.searchsorted(x, br.x))
        cuts.append((i, left[order], right[order]))
        inside = [v for v, keep in ((left[order], i > 0), (right[order], i < len(x) - 1)) if keep]
        jumps.append(Jump(br.x, float(y[i]), tuple(inside)))
    return Curve(activation.label, order, _split(x, y, cuts), tuple(jumps), tuple(impulses))


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
