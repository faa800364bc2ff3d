"""What the catalogue knows, as data and as text: ``actplot list`` and ``actplot info`` (rich, no matplotlib).

`facts` and `describe_break` compute; `catalogue_rows` collects one `Row` per entry;
the rest only formats: a rich table or JSON, CSV and Markdown text for the list, and
a rich renderable for one activation's info.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from actplot.activation import Activation, Break, Interval, ParamValue, number_text, param_text
from actplot.catalogue import CATALOGUE
from actplot.numbers import number_json
from actplot.orders import ORDER_NAMES
from actplot.sampling import sample_curve

BREAK_KINDS = ("jump", "kink", "curvature jump", "higher-order break")
NOT_KNOWN = "not known"
#: (bounded below, bounded above) → how ``actplot info`` says it, and how the list table does.
BOUNDED_SIDES = {(True, True): "both", (True, False): "below", (False, True): "above", (False, False): "no"}
BOUNDED_WORDS = {"both": "bounded", "below": "bounded below", "above": "bounded above"}
#: Marks, in the list table, an entry whose frameworks differ; the differences follow the table.
DIFFERS = "†"


@dataclass(frozen=True)
class Facts:
    """What is known of one activation at its parameter values (None: not known)."""

    output_range: Interval | None
    continuity: str
    monotonic: bool | None
    bounded_below: bool | None
    bounded_above: bool | None
    zero_centred: bool | None
    f0: float
    df0: float


@dataclass(frozen=True)
class Row:
    """One line of ``actplot list``: an entry at its defaults."""

    name: str
    summary: str
    aliases: tuple[str, ...]
    params: dict[str, ParamValue]
    facts: Facts
    frameworks: Mapping[str, str]
    differences: str


@dataclass(frozen=True)
class BreakReport:
    """One break and what happens there, in words."""

    x: float
    order: int
    effects: tuple[str, ...]

    @property
    def kind(self) -> str:
        """``jump``, ``kink``, ``curvature jump`` or ``higher-order break``."""
        return BREAK_KINDS[min(self.order, len(BREAK_KINDS) - 1)]


def facts(activation: Activation) -> Facts:
    """Range, continuity, monotonicity, boundedness, f(0), f′(0) and zero-centredness.

    The continuity class comes from the breaks, so it is not known where they were not derived.
    """
    span = activation.output_range
    return Facts(
        output_range=span,
        continuity=activation.continuity if activation.entry.breaks_known else NOT_KNOWN,
        monotonic=activation.monotonic,
        bounded_below=None if span is None else bool(np.isfinite(span.lo)),
        bounded_above=None if span is None else bool(np.isfinite(span.hi)),
        zero_centred=activation.zero_centred,
        f0=float(activation(0.0)),
        df0=float(activation(0.0, 1)),
    )


def catalogue_rows() -> list[Row]:
    """Every catalogue entry at its defaults, in catalogue order."""
    rows = []
    for entry in CATALOGUE.values():
        activation = entry.bind()
        rows.append(
            Row(
                name=entry.name,
                summary=entry.summary,
                aliases=entry.aliases,
                params=entry.defaults,
                facts=facts(activation),
                frameworks=entry.frameworks,
                differences=entry.differences,
            )
        )
    return rows


def describe_break(activation: Activation, br: Break) -> BreakReport:
    """What jumps at `br` and which Dirac terms follow, as the plots draw them.

    Samples each order on the break and its two neighbouring floats with
    `sampling.sample_curve`, so the jumps and impulse weights are those of the figures.
    """
    x = np.array([np.nextafter(br.x, -np.inf), br.x, np.nextafter(br.x, np.inf)])
    at = f"({number_text(br.x)})"
    effects = []
    for order, name in enumerate(o.symbol for o in ORDER_NAMES):
        curve = sample_curve(activation, order, x, [br])
        for jump in curve.jumps:
            left, right = jump.limits
            effects.append(
                f"{name} jumps by {number_text(right - left)} (from {number_text(left)} "
                f"to {number_text(right)}; we take {name}{at} = {number_text(jump.value)})"
            )
        if curve.impulses:
            terms = [impulse.symbol + delta_argument(br.x) for impulse in curve.impulses]
            effects.append(f"{name} has {signed_sum(terms)}")
    if not effects:
        effects.append("f, f′ and f″ are continuous; a higher derivative jumps")
    return BreakReport(br.x, br.order, tuple(effects))


def signed_sum(terms: Sequence[str]) -> str:
    """``a + b − c`` from terms that carry their own sign (``−c``)."""
    text = terms[0]
    for term in terms[1:]:
        text += f" − {term.removeprefix('−')}" if term.startswith("−") else f" + {term}"
    return text


def delta_argument(x0: float) -> str:
    """``(x)``, ``(x − 1)`` or ``(x + 3)``: where a Dirac term sits."""
    if x0 == 0:
        return "(x)"
    sign = "−" if x0 > 0 else "+"
    return f"(x {sign} {number_text(abs(x0))})"


def yes_no(value: bool | None) -> str:
    """``yes``, ``no`` or ``not known``."""
    return NOT_KNOWN if value is None else "yes" if value else "no"


def bounded_text(known: Facts) -> str:
    """``both``, ``below``, ``above``, ``no`` or ``not known``."""
    if known.bounded_below is None or known.bounded_above is None:
        return NOT_KNOWN
    return BOUNDED_SIDES[known.bounded_below, known.bounded_above]


def range_text(span: Interval | None) -> str:
    """The range as an interval, ``[0, ∞)``, or ``not known``."""
    return NOT_KNOWN if span is None else str(span)


def params_text(params: Mapping[str, ParamValue]) -> str:
    """``alpha=1 beta=2``, or ``—`` for none."""
    return " ".join(f"{k}={param_text(v)}" for k, v in params.items()) or "—"


# ---------------------------------------------------------------------------------------------------
# actplot list


def list_table(rows: Sequence[Row]) -> RenderableType:
    """The catalogue as a rich table, then the framework differences it marks with †."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, header_style="bold", pad_edge=False)
    table.add_column("name", overflow="fold", min_width=10)
    table.add_column("parameters", overflow="fold", min_width=8)
    table.add_column("range", overflow="fold", min_width=7)
    table.add_column("class", no_wrap=True)
    table.add_column("properties", overflow="fold", min_width=12)
    table.add_column("frameworks", overflow="fold", min_width=7)
    for row in rows:
        name = Text(row.name, style="bold")
        if row.aliases:
            name.append("\n" + ", ".join(row.aliases), style="dim")
        cells = (
            params_text(row.params),
            range_text(row.facts.output_range),
            row.facts.continuity,
            properties_text(row.facts),
            " ".join(row.frameworks) + (f" {DIFFERS}" if row.differences else ""),
        )
        table.add_row(name, *map(Text, cells))
    notes = [Text(f"{DIFFERS} {row.name}: {row.differences}") for row in rows if row.differences]
    return Group(table, *([Text(""), *notes] if notes else []))


def properties_text(known: Facts) -> str:
    """The properties that hold, comma-separated (``monotonic, bounded below``); ``?`` marks not known."""
    bounded = bounded_text(known)
    words = [
        ("monotonic", known.monotonic),
        (BOUNDED_WORDS.get(bounded, "bounded"), None if bounded == NOT_KNOWN else bounded != "no"),
        ("zero-centred", known.zero_centred),
    ]
    return ", ".join(word if holds else f"{word}?" for word, holds in words if holds is not False) or "—"


def list_text(rows: Sequence[Row], fmt: str) -> str:
    """The catalogue as ``json``, ``csv`` or ``markdown`` text."""
    if fmt == "json":
        return json.dumps([row_json(row) for row in rows], indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return _list_csv(rows)
    if fmt == "markdown":
        return _list_markdown(rows)
    raise ValueError(f"not a text format: {fmt!r}")


def row_json(row: Row) -> dict[str, Any]:
    """One entry as a JSON object; infinite range ends are the strings ``"inf"`` and ``"-inf"``."""
    span = row.facts.output_range
    return {
        "name": row.name,
        "aliases": list(row.aliases),
        "summary": row.summary,
        "params": {k: list(v) if isinstance(v, tuple) else v for k, v in row.params.items()},
        "range": None
        if span is None
        else {
            "lo": number_json(span.lo),
            "hi": number_json(span.hi),
            "lo_closed": span.lo_closed,
            "hi_closed": span.hi_closed,
            "text": str(span),
        },
        "continuity": row.facts.continuity,
        "monotonic": row.facts.monotonic,
        "bounded_below": row.facts.bounded_below,
        "bounded_above": row.facts.bounded_above,
        "zero_centred": row.facts.zero_centred,
        "f0": number_json(row.facts.f0),
        "df0": number_json(row.facts.df0),
        "frameworks": dict(row.frameworks),
        "differences": row.differences,
    }


CSV_COLUMNS = (
    "name",
    "aliases",
    "params",
    "range",
    "continuity",
    "monotonic",
    "bounded_below",
    "bounded_above",
    "zero_centred",
    "frameworks",
    "differences",
)


def _list_csv(rows: Iterable[Row]) -> str:
    """One row per entry; lists are space-separated, booleans ``true``/``false`` (empty: not known)."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row.name,
                " ".join(row.aliases),
                " ".join(f"{k}={param_text(v)}" for k, v in row.params.items()),
                range_text(row.facts.output_range) if row.facts.output_range else "",
                row.facts.continuity,
                *(
                    _csv_bool(value)
                    for value in (
                        row.facts.monotonic,
                        row.facts.bounded_below,
                        row.facts.bounded_above,
                        row.facts.zero_centred,
                    )
                ),
                "; ".join(f"{name}: {place}" for name, place in row.frameworks.items()),
                row.differences,
            ]
        )
    return stream.getvalue()


def _csv_bool(value: bool | None) -> str:
    return "" if value is None else str(value).lower()


def _list_markdown(rows: Iterable[Row]) -> str:
    """A Markdown table for documentation pages."""
    header = (
        "name",
        "aliases",
        "parameters",
        "range",
        "continuity",
        "monotonic",
        "bounded",
        "zero-centred",
        "frameworks",
        "differences",
    )
    lines = [markdown_row(header), markdown_row(["---"] * len(header))]
    for row in rows:
        lines.append(
            markdown_row(
                [
                    f"`{row.name}`",
                    ", ".join(f"`{a}`" for a in row.aliases),
                    ", ".join(f"`{k}={param_text(v)}`" for k, v in row.params.items()),
                    range_text(row.facts.output_range),
                    row.facts.continuity,
                    yes_no(row.facts.monotonic),
                    bounded_text(row.facts),
                    yes_no(row.facts.zero_centred),
                    ", ".join(row.frameworks),
                    row.differences,
                ]
            )
        )
    return "\n".join(lines) + "\n"


def markdown_row(cells: Iterable[str]) -> str:
    """``| a | b |`` with ``|`` inside a cell escaped."""
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


# ---------------------------------------------------------------------------------------------------
# actplot info


def info(activation: Activation) -> RenderableType:
    """Everything known of one activation: formulas, parameters, breaks, facts, frameworks, notes."""
    entry = activation.entry
    title = Text(activation.label, style="bold")
    if entry.summary:
        title.append(f" — {entry.summary}")
    parts: list[RenderableType] = [title, _section("Formulas", _grid(_formula_rows(activation)))]
    if entry.params:
        parts.append(_section("Parameters", _parameter_table(activation)))
    parts.append(_section("Breaks", _breaks(activation)))
    parts.append(_section("Facts", _grid(_fact_rows(facts(activation)))))
    if entry.frameworks or entry.differences:
        rows = [(name, place) for name, place in entry.frameworks.items()]
        body: list[RenderableType] = [_grid(rows)] if rows else []
        if entry.differences:
            body.append(Text(f"Differences: {entry.differences}"))
        parts.append(_section("Frameworks", Group(*body)))
    if entry.notes:
        parts.append(_section("Notes", Text(entry.notes)))
    if entry.reference:
        parts.append(_section("Reference", Text(entry.reference)))
    return Group(*parts)


def _section(heading: str, body: RenderableType) -> RenderableType:
    return Group(Text(""), Text(heading, style="bold underline"), Padding(body, (0, 0, 0, 2), expand=False))


def _grid(rows: Iterable[tuple[str, str]]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for key, value in rows:
        grid.add_row(Text(key), Text(value))
    return grid


def _formula_rows(activation: Activation) -> list[tuple[str, str]]:
    return [
        (name.text, text) for name, text in zip(ORDER_NAMES, activation.entry.formulas.unicode, strict=True)
    ]


def _parameter_table(activation: Activation) -> Table:
    table = Table(box=None, header_style="bold", pad_edge=False)
    for heading in ("name", "value", "default", "accepts", "meaning"):
        table.add_column(heading, overflow="fold")
    for p in activation.entry.params:
        cells = (p.name, param_text(activation.params[p.name]), param_text(p.default), p.accepts, p.doc)
        table.add_row(*map(Text, cells))
    return table


def _breaks(activation: Activation) -> RenderableType:
    if not activation.entry.breaks_known:
        return Text("not derived for this expression: corners and jumps may be missing from its plots")
    if not activation.breaks:
        return Text("none: f, f′ and f″ are continuous everywhere")
    rows = []
    for br in activation.breaks:
        report = describe_break(activation, br)
        rows.append((f"x = {number_text(br.x)}", f"{report.kind}: " + "; ".join(report.effects)))
    return _grid(rows)


def _fact_rows(known: Facts) -> list[tuple[str, str]]:
    return [
        ("range", range_text(known.output_range)),
        ("continuity", known.continuity),
        ("monotonic", yes_no(known.monotonic)),
        ("bounded", bounded_text(known)),
        ("f(0)", number_text(known.f0)),
        ("f′(0)", number_text(known.df0)),
        ("zero-centred", yes_no(known.zero_centred)),
    ]
