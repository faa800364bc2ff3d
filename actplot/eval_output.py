"""Numbers for scripts: f, f′, f″ of activations at given x, as a table, CSV or JSON (no matplotlib).

Values keep full precision in CSV and JSON (the shortest text that reads back to the
same float64).  CSV writes non-finite values as ``inf``, ``-inf`` and ``nan``; JSON has
no such numbers, so it writes the same three words as strings, which Python's
``float`` and NumPy read back.  No output writes −0.0: it is written as 0.

A value at a break is the pointwise one (relu″(0) = 0), while the distributional
derivative also has a Dirac term there (relu″ = δ at 0).  Each series carries the
`Impulse` s at breaks inside the span of its x, from the same code the figures use
(`actplot.sampling.impulses`): JSON lists them per series and the table marks them with
footnotes.  CSV has one value per cell and no place for them: it holds the pointwise
values only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from actplot.activation import Activation, Array
from actplot.catalogue import CATALOGUE
from actplot.errors import UsageError
from actplot.numbers_json import number_json
from actplot.options import check_derivs
from actplot.orders import ORDER_NAMES

if TYPE_CHECKING:
    from actplot.sampling import Impulse

#: Significant digits in the terminal table (CSV and JSON keep them all).
TABLE_DIGITS = 10
#: Most rows a terminal table shows; more are refused with a pointer to CSV and JSON, which stream.
TABLE_ROWS = 10_000


class EvenGrid(NamedTuple):
    """`points` evenly spaced x from a to b, both included, made a block at a time when read."""

    a: float
    b: float
    points: int


class Series(NamedTuple):
    """One activation's values at one derivative order, computed a block of x at a time."""

    name: str
    order: int
    at: Callable[[Array], Array]
    impulses: tuple[Impulse, ...] = ()

    @property
    def column(self) -> str:
        """The column name: the activation's label with a prime per order (``sigmoid''``)."""
        return self.name + ORDER_NAMES[self.order].prime


class Numbers(NamedTuple):
    """Values of several series at the same x (for the vector form, x holds the logits).

    Nothing is computed until the numbers are written: the writers walk the x in blocks
    (`x_blocks`) and ask each series for its values there, so memory stays the same
    whatever the number of x.
    """

    x: Array | EvenGrid
    series: tuple[Series, ...]

    @property
    def rows(self) -> int:
        """How many x."""
        return self.x.points if isinstance(self.x, EvenGrid) else self.x.size

    def x_blocks(self) -> Iterator[Array]:
        """The x in consecutive blocks: an even grid in `BLOCK` pieces, given x (in memory already) whole."""
        if isinstance(self.x, EvenGrid):
            from actplot.blockwise import BLOCK, even_blocks  # not needed by --x, the common case

            return even_blocks(self.x.a, self.x.b, self.x.points, BLOCK)
        return iter([self.x])


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


def even_grid(x_range: tuple[float, float], points: int) -> EvenGrid:
    """`points` evenly spaced x from a to b, both included (``np.linspace``), not made yet.

    Raises:
        UsageError: a bad range or point count.
    """
    from actplot.sampling import check_points, check_range  # not needed by --x, the common case

    a, b = check_range(x_range)
    return EvenGrid(a, b, check_points(points))


def tabulate(activations: Sequence[Activation], x: Array | EvenGrid, derivs: int) -> Numbers:
    """f, f′, … up to order `derivs` of every activation at x, one series each.

    Raises:
        UsageError: `derivs` is not 0, 1 or 2.
    """
    check_derivs(derivs)
    span = (x.a, x.b) if isinstance(x, EvenGrid) else _finite_span(x)
    series = [
        Series(a.label, k, partial(a, order=k), _impulses(a, k, span))
        for a in activations
        for k in range(derivs + 1)
    ]
    return Numbers(x, tuple(series))


def _finite_span(x: Array) -> tuple[float, float]:
    """The smallest and largest finite x; an empty span (+∞, −∞) if there is none."""
    finite = x[np.isfinite(x)]
    return (float(finite.min()), float(finite.max())) if finite.size else (np.inf, -np.inf)


def _impulses(activation: Activation, order: int, span: tuple[float, float]) -> tuple[Impulse, ...]:
    """The Dirac terms of order `order` at the activation's breaks inside `span` (ends included)."""
    lo, hi = span
    inside = [br for br in activation.breaks if br.order < order and lo <= br.x <= hi]
    if not inside:
        return ()
    from actplot.sampling import impulses  # here: most evaluations have no break to look at

    return impulses(activation, order, inside)


def vector_form(activations: Sequence[Activation], logits: Array) -> Numbers:
    """The vector form of each activation (softmax and friends) on the logits: one block, as it mixes them.

    Raises:
        UsageError: an activation has no vector form; the message names those that do.
    """
    vectors = [(a.label, a.entry.vector) for a in activations]
    missing = [label for label, vector in vectors if vector is None]
    if missing:
        have = ", ".join(name for name, entry in CATALOGUE.items() if entry.vector is not None)
        verb = "has" if len(missing) == 1 else "have"
        raise UsageError(f"{', '.join(missing)} {verb} no vector form; --vector works with {have}")
    values = [(label, np.asarray(v(logits), dtype=np.float64)) for label, v in vectors if v]
    return Numbers(logits, tuple(Series(label, 0, _computed(y)) for label, y in values))


def _computed(values: Array) -> Callable[[Array], Array]:
    """A series' values already computed on all of x, which then comes as one block."""
    return lambda _: values


def exact_text(value: float) -> str:
    """Full-precision text of a float, the shortest that reads back exactly (−0 as 0); ``inf``, ``nan``."""
    return repr(float(value) + 0.0)


#: The forms of ``actplot eval``: the terminal table (`to_table`), `csv_text` and `json_text`.
EVAL_FORMATS = ("table", "csv", "json")


def csv_text(numbers: Numbers) -> Iterator[str]:
    """A header row (``x``, then one column per series) and one row per x, a block of rows at a time."""
    import csv  # here, as json in `json_text`: the table, the common case, needs neither
    import io

    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(["x", *(s.column for s in numbers.series)])
    for x in numbers.x_blocks():
        columns = [x, *(s.at(x) for s in numbers.series)]
        writer.writerows(zip(*(map(exact_text, c.tolist()) for c in columns), strict=True))
        yield stream.getvalue()
        stream.seek(0)
        stream.truncate()


def json_text(numbers: Numbers) -> Iterator[str]:
    """``{"x": [...], "series": [{"name": ..., "order": k, "impulses": [...], "y": [...]}, ...]}``, streamed.

    ``impulses`` lists the series' Dirac terms inside the span of x, each ``{"x", "order",
    "weight", "kind"}`` with kind ``δ`` or ``δ′`` (`Impulse.to_dict`); ``y`` comes a block at a time.

    Laid out as ``json.dumps(document, indent=2, ensure_ascii=False)`` lays it out, byte for byte.
    """
    import json

    yield '{\n  "x": '
    yield from _json_list(numbers.x_blocks(), "  ")
    yield ',\n  "series": ' + ("[" if numbers.series else "[]")
    for i, s in enumerate(numbers.series):
        name, order = json.dumps(s.name, ensure_ascii=False), json.dumps(s.order)
        terms = json.dumps([term.to_dict() for term in s.impulses], indent=2, ensure_ascii=False)
        terms = terms.replace("\n", "\n      ")  # nested at the depth json.dumps nests it
        yield (
            f'{"," if i else ""}\n    {{\n      "name": {name},\n      "order": {order},\n'
            f'      "impulses": {terms},\n      "y": '
        )
        yield from _json_list(map(s.at, numbers.x_blocks()), "      ")
        yield "\n    }"
    yield "\n  ]\n}\n" if numbers.series else "\n}\n"


def _json_list(blocks: Iterable[Array], indent: str) -> Iterator[str]:
    """A JSON list of numbers (`number_json`), one item a line, closed at `indent`."""
    opened = False
    for block in blocks:
        if block.size:
            items = f",\n{indent}  ".join(_json_number(v) for v in block.tolist())
            yield (f",\n{indent}  " if opened else f"[\n{indent}  ") + items
            opened = True
    yield f"\n{indent}]" if opened else "[]"


def _json_number(value: float) -> str:
    """`number_json` of a float as JSON text: its shortest repr, or ``"inf"``, ``"-inf"``, ``"nan"``."""
    plain = number_json(value)
    return exact_text(plain) if isinstance(plain, float) else f'"{plain}"'


#: Footnote marks of the table, by footnote number.
SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def to_table(numbers: Numbers) -> RenderableType:
    """A rich table: x, then one right-aligned column per series, to TABLE_DIGITS digits.

    A value at an impulse's x is marked with a footnote number, and the footnotes under the
    table say each Dirac term (``¹ relu'' + 1·δ at 0``); terms between rows follow them.

    Raises:
        UsageError: more than TABLE_ROWS rows (a table that long is for a file: CSV or JSON).
    """
    if numbers.rows > TABLE_ROWS:
        raise UsageError(
            f"{numbers.rows:,} rows are too many for a table (the limit is {TABLE_ROWS:,}); "
            "write them with -f csv or -f json"
        )
    rows = [
        (at, values)
        for x in numbers.x_blocks()
        for at, *values in zip(x.tolist(), *(s.at(x) for s in numbers.series), strict=True)
    ]
    shown = {at for at, _ in rows}
    terms = [(s.column, term) for s in numbers.series for term in s.impulses]
    marked = [(column, term) for column, term in terms if term.x in shown]
    marks = {(column, term.x): str(n).translate(SUPERSCRIPTS) for n, (column, term) in enumerate(marked, 1)}
    table = Table(box=None, header_style="bold", pad_edge=False)
    for name in ("x", *(s.column for s in numbers.series)):
        table.add_column(Text(name), justify="right", no_wrap=True)
    for at, values in rows:
        cells = (
            Text(_cell(v) + marks.get((s.column, at), ""))  # Text: no markup or emoji pass
            for s, v in zip(numbers.series, values, strict=True)
        )
        table.add_row(Text(_cell(at)), *cells)
    if not terms:
        return table
    notes = [f"{marks[column, term.x]} {column} {_term(term)}" for column, term in marked]
    notes += [f"{column} {_term(term)} (between rows)" for column, term in terms if term.x not in shown]
    notes.append("Values are pointwise; the distributional derivatives add these Dirac terms.")
    return Group(table, Text(""), *map(Text, notes))


def _cell(value: float) -> str:
    """A value to TABLE_DIGITS significant digits, 0 for −0."""
    return f"{float(value) + 0.0:.{TABLE_DIGITS}g}"


def _term(term: Impulse) -> str:
    """``+ 1·δ at 0``, ``- 0.5·δ′ at 2``."""
    sign = "-" if term.weight < 0 else "+"
    return f"{sign} {_cell(abs(term.weight))}·{term.kind} at {_cell(term.x)}"
