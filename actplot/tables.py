"""``actplot list``: the catalogue as a table for reading, or as JSON, CSV or Markdown (rich, no matplotlib).

`catalogue_rows` collects one `Row` per entry with its `Facts`; the rest only formats.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from actplot.activation import NOT_KNOWN, Facts, ParamValue, param_text, range_text, yes_no
from actplot.catalogue import CATALOGUE
from actplot.numbers import number_json

#: How the list table says which ends of the range are finite.
BOUNDED_WORDS = {"both": "bounded", "below": "bounded below", "above": "bounded above"}
#: Marks, in the list table, an entry whose frameworks differ; the differences follow the table.
DIFFERS = "†"


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
                facts=activation.facts,
                frameworks=entry.frameworks,
                differences=entry.differences,
            )
        )
    return rows


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
    bounded = known.bounded
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
                    row.facts.bounded,
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
