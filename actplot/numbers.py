"""Numbers for scripts: f, f′, f″ of activations at given x, as a table, CSV or JSON (no matplotlib).

Values keep full precision in CSV and JSON (the shortest text that reads back to the
same float64).  CSV writes non-finite values as ``inf``, ``-inf`` and ``nan``; JSON has
no such numbers, so it writes the same three words as strings, which Python's
``float`` and NumPy read back.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rich.table import Table
from rich.text import Text

from actplot.activation import Activation, Array
from actplot.catalogue import CATALOGUE
from actplot.errors import UsageError
from actplot.options import check_derivs
from actplot.orders import ORDER_NAMES

#: Significant digits in the terminal table (CSV and JSON keep them all).
TABLE_DIGITS = 10


@dataclass(frozen=True)
class Series:
    """One activation's values at one derivative order."""

    name: str
    order: int
    y: Array

    @property
    def column(self) -> str:
        """The column name: the activation's label with a prime per order (``sigmoid''``)."""
        return self.name + ORDER_NAMES[self.order].prime


@dataclass(frozen=True)
class Numbers:
    """Values of several series at the same x (for the vector form, x holds the logits)."""

    x: Array
    series: tuple[Series, ...]


def parse_values(texts: Iterable[str], option: str) -> Array:
    """Numbers from comma-separated lists (``["-1,0,1", "2.5"]``), in order.

    Raises:
        UsageError: an empty item or one that is not a number; the message names it.
    """
    values = []
    for text in texts:
        for item in text.split(","):
            try:
                values.append(float(item.strip()))
            except ValueError:
                raise UsageError(
                    f"{option} {item.strip()!r} is not a number; give numbers separated by commas, "
                    f"e.g. {option} -1,0,2.5"
                ) from None
    if not values:
        raise UsageError(f"{option} needs at least one number, e.g. {option} -1,0,2.5")
    return np.array(values, dtype=np.float64)


def even_grid(x_range: tuple[float, float], points: int) -> Array:
    """`points` evenly spaced x from a to b, both included.

    Raises:
        UsageError: a bad range or point count.
    """
    from actplot.sampling import check_points, check_range  # not needed by --x, the common case

    a, b = check_range(x_range)
    return np.linspace(a, b, check_points(points))


def tabulate(activations: Sequence[Activation], x: Array, derivs: int) -> Numbers:
    """f, f′, … up to order `derivs` of every activation at x, one series each.

    Raises:
        UsageError: `derivs` is not 0, 1 or 2.
    """
    check_derivs(derivs)
    series = [Series(a.label, k, a(x, k)) for a in activations for k in range(derivs + 1)]
    return Numbers(x, tuple(series))


def vector_form(activations: Sequence[Activation], logits: Array) -> Numbers:
    """The vector form of each activation (softmax and friends) on the logits.

    Raises:
        UsageError: an activation has no vector form; the message names those that do.
    """
    vectors = [(a.label, a.entry.vector) for a in activations]
    missing = [label for label, vector in vectors if vector is None]
    if missing:
        have = ", ".join(name for name, entry in CATALOGUE.items() if entry.vector is not None)
        verb = "has" if len(missing) == 1 else "have"
        raise UsageError(f"{', '.join(missing)} {verb} no vector form; --vector works with {have}")
    series = tuple(Series(label, 0, np.asarray(v(logits), dtype=np.float64)) for label, v in vectors if v)
    return Numbers(logits, series)


def exact_text(value: float) -> str:
    """Full-precision text of a float: the shortest that reads back exactly; ``inf``, ``-inf``, ``nan``."""
    return repr(float(value))


def number_json(value: float) -> float | str:
    """A float for JSON: itself if finite, else the string ``"inf"``, ``"-inf"`` or ``"nan"``."""
    value = float(value)
    return value if math.isfinite(value) else repr(value)


def to_csv(numbers: Numbers) -> str:
    """A header row (``x``, then one column per series) and one row per x."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(["x", *(s.column for s in numbers.series)])
    columns = [numbers.x, *(s.y for s in numbers.series)]
    for row in zip(*columns, strict=True):
        writer.writerow([exact_text(v) for v in row])
    return stream.getvalue()


def to_json(numbers: Numbers) -> str:
    """``{"x": [...], "series": [{"name": ..., "order": k, "y": [...]}, ...]}``."""
    document = {
        "x": [number_json(v) for v in numbers.x],
        "series": [
            {"name": s.name, "order": s.order, "y": [number_json(v) for v in s.y]} for s in numbers.series
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def to_table(numbers: Numbers) -> Table:
    """A rich table: x, then one right-aligned column per series, to TABLE_DIGITS digits."""
    table = Table(box=None, header_style="bold", pad_edge=False)
    for name in ("x", *(s.column for s in numbers.series)):
        table.add_column(Text(name), justify="right", no_wrap=True)
    columns = [numbers.x, *(s.y for s in numbers.series)]
    for row in zip(*columns, strict=True):
        table.add_row(*(f"{float(v) + 0.0:.{TABLE_DIGITS}g}" for v in row))
    return table
