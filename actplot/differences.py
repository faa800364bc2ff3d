"""``actplot diff``: how far two activations (often one function in two frameworks) are apart.

`difference` makes A − B an `Activation` like any other (f, f′, f″ are differences, the breaks
those of both), so it is sampled and drawn by the usual path; `compare` finds the largest
|A − B| of each order on a grid holding every break of both exactly.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from actplot.activation import Activation, Array, Break, Entry, Formulas, Scalar, number_text
from actplot.orders import ORDER_NAMES
from actplot.sampling import check_points, check_range

#: What ``actplot diff --format`` takes.
DIFF_FORMATS = ("table", "json")
#: |A − B| within this of the largest, at −x too, is reported as ``x = ±…``.
MIRROR_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Largest:
    """The largest |A − B| of one order: its value A − B (signed), where, and whether at −x too."""

    order: int
    difference: float
    x: float
    mirrored: bool

    @property
    def text(self) -> str:
        """``f′: max |Δ| 0.99 at x = 0 (A − B = 0.99)``."""
        where = f"±{number_text(abs(self.x))}" if self.mirrored else number_text(self.x)
        if not math.isfinite(self.x):
            return f"{ORDER_NAMES[self.order].symbol}: identical on the range"
        return (
            f"{ORDER_NAMES[self.order].symbol}: max |Δ| {number_text(abs(self.difference))} at x = {where} "
            f"(A − B = {number_text(self.difference)})"
        )


@dataclass(frozen=True)
class Comparison:
    """A against B on one range: the largest difference per order."""

    a: str
    b: str
    largest: tuple[Largest, ...]


def difference(a: Activation, b: Activation) -> Activation:
    """A − B as an activation: f, f′, f″ are the differences, and the breaks are those of both."""
    merged: dict[float, int] = {}
    for br in (*a.breaks, *b.breaks):
        merged[br.x] = min(br.order, merged.get(br.x, br.order))
    breaks = tuple(Break(x, order) for x, order in sorted(merged.items()))
    label = f"{a.label} − {b.label}"

    def minus(k: int) -> Scalar:
        def value(x: Array) -> Array:
            with np.errstate(invalid="ignore"):
                return np.asarray(a(x, k) - b(x, k), dtype=np.float64)

        return value

    entry = Entry(
        name=label,
        summary=f"The difference {label}.",
        f=minus(0),
        df=minus(1),
        d2f=minus(2),
        breaks=lambda: breaks,
        output_range=lambda: None,
        monotonic=lambda: None,
        formulas=Formulas((label, f"d/dx of {label}", f"d²/dx² of {label}"), (label, "", "")),
        reference="difference",
    )
    return Activation(entry, {}, label=label)


def compare(
    a: Activation, b: Activation, orders: Sequence[int], x_range: tuple[float, float], points: int
) -> Comparison:
    """The largest |A − B| of each order on an even grid of the range plus every break of both.

    Raises:
        UsageError: a bad range or point count.
    """
    lo, hi = check_range(x_range)
    check_points(points)
    diff = difference(a, b)
    inside = [br.x for br in diff.breaks if lo <= br.x <= hi]
    x = np.unique(np.concatenate([np.linspace(lo, hi, points), inside]))
    found = []
    for k in orders:
        d = diff(x, k)
        size = np.where(np.isnan(d), -1.0, np.abs(d))
        i = int(np.argmax(size))
        if size[i] <= 0:
            found.append(Largest(k, 0.0, math.nan, False))
            continue
        mirror = float(np.abs(diff(np.array([-x[i]]), k))[0])
        mirrored = x[i] != 0 and abs(mirror - size[i]) <= MIRROR_TOLERANCE * size[i]
        found.append(Largest(k, float(d[i]), float(x[i]), bool(mirrored)))
    return Comparison(a.label, b.label, tuple(found))


def comparisons_text(comparisons: Sequence[Comparison]) -> str:
    """One block per pair: ``A − B`` then a line per order."""
    blocks = [
        "\n".join([f"{c.a} − {c.b}", *(f"  {largest.text}" for largest in c.largest)]) for c in comparisons
    ]
    return "\n".join(blocks) + "\n"


def comparisons_json(comparisons: Sequence[Comparison], x_range: tuple[float, float]) -> str:
    """The same as JSON: per pair and order the signed difference A − B and its x (null: identical)."""

    def number(value: float) -> float | None:
        return value if math.isfinite(value) else None

    data = {
        "range": list(x_range),
        "pairs": [
            {
                "a": c.a,
                "b": c.b,
                "orders": [
                    {
                        "order": largest.order,
                        "max_abs": abs(largest.difference),
                        "difference": largest.difference,
                        "x": number(largest.x),
                        "at_minus_x_too": largest.mirrored,
                    }
                    for largest in c.largest
                ],
            }
            for c in comparisons
        ],
    }
    return json.dumps(data, indent=2) + "\n"
