"""``actplot list``: the catalogue as a table for reading, or as JSON, CSV or Markdown (rich, no matplotlib).

`catalogue_rows` collects one `Row` per entry with its `Facts`; the rest only formats.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from actplot.activation import (
    FRAMEWORKS,
    LIST_SEPARATOR,
    NOT_KNOWN,
    Facts,
    ParamValue,
    param_text,
    range_text,
    yes_no,
)
from actplot.catalogue import CATALOGUE
from actplot.errors import SpecError
from actplot.numbers_json import number_json

#: How the list table says which ends of the range are finite.
BOUNDED_WORDS = {"both": "bounded", "below": "bounded below", "above": "bounded above"}
#: Marks, in the list table, an entry whose frameworks differ; the differences follow the table.
DIFFERS = "†"


class Row(NamedTuple):
    """One line of ``actplot list``: an entry at its defaults."""

    name: str
    summary: str
    aliases: tuple[str, ...]
    params: dict[str, ParamValue]
    facts: Facts
    frameworks: Mapping[str, str]
    differences: str


def catalogue_rows(framework: str | None = None) -> list[Row]:
    """Every catalogue entry at its defaults, in catalogue order; with `framework`, its variants there.

    Raises:
        SpecError: an unknown framework.
    """
    entries = list(CATALOGUE.values())
    if framework is not None:
        key = framework.strip().lower()
        if key not in FRAMEWORKS:
            raise SpecError(f"unknown framework {framework!r}; use one of {', '.join(FRAMEWORKS)}")
        entries = [CATALOGUE.variant(e.name, key) for e in entries if key in e.variants]
        if not entries:
            raise SpecError(f"no activation has a {key} variant ({FRAMEWORKS[key]}) yet")
    rows = []
    for entry in entries:
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


#: Space between two columns of the list table.
GAP = 2
#: What a narrow terminal gives up, in this order, until the table fits: words are never cut.
DROPPED_FIRST = ("aliases", "frameworks", "parameters", "properties")


class Column(NamedTuple):
    """One column of the list table: its heading and, per row, the pieces a line may break between.

    A piece is never split; pieces are joined with `joiner` on one line.
    """

    key: str
    heading: str
    cells: tuple[tuple[str, ...], ...]
    style: str = ""
    joiner: str = " "

    @property
    def narrowest(self) -> int:
        """The width of the widest piece (or of the heading)."""
        return max([len(self.heading), *(len(piece) for cell in self.cells for piece in cell)])

    @property
    def widest(self) -> int:
        """The width of the widest cell on one line."""
        return max(len(self.heading), *(len(self.joiner.join(cell)) for cell in self.cells))

    def lines(self, row: int, width: int) -> list[str]:
        """Row `row`'s pieces packed into lines of at most `width` characters."""
        lines: list[str] = []
        for piece in self.cells[row]:
            if lines and len(lines[-1]) + len(self.joiner) + len(piece) <= width:
                lines[-1] += self.joiner + piece
            else:
                lines.append(piece)
        return lines or [""]


class ListTable:
    """The catalogue as a table laid out for the console's width, then the differences it marks with †.

    Laid out here rather than by `rich.table.Table`: every cell is plain text of known length,
    so the widths follow from the pieces directly and the lines go out as segments, without
    rich's measuring and wrapping passes (once most of ``actplot list``'s time).  No word is
    ever cut: where the columns do not fit, whole columns are left out (`DROPPED_FIRST`) and a
    line says which.
    """

    def __init__(self, rows: Sequence[Row]) -> None:
        self.rows = rows
        self.columns = (
            Column("name", "name", tuple((row.name,) for row in rows), style="bold"),
            Column("aliases", "aliases", tuple(_comma_pieces(row.aliases) for row in rows), style="dim"),
            Column("parameters", "parameters", tuple(_params_pieces(row.params) for row in rows)),
            Column("range", "range", tuple(_comma_pieces(_range_ends(row.facts)) for row in rows)),
            Column("class", "class", tuple((row.facts.continuity,) for row in rows)),
            Column("properties", "properties", tuple(_comma_pieces(_properties(row.facts)) for row in rows)),
            Column("frameworks", "frameworks", tuple(_framework_pieces(row) for row in rows)),
        )

    def layout(self, width: int) -> tuple[list[tuple[Column, int]], list[str]]:
        """The columns shown with their widths, and the keys of those left out, for `width`."""
        shown, dropped = list(self.columns), []
        for key in DROPPED_FIRST:
            if _total(c.narrowest for c in shown) <= width:
                break
            shown = [c for c in shown if c.key != key]
            dropped.append(key)
        widths = {c.key: c.narrowest for c in shown}
        spare = width - _total(widths.values())
        # The spare room is shared evenly, the columns that need least served first.
        waiting = sorted(shown, key=lambda c: c.widest - c.narrowest)
        for k, column in enumerate(waiting):
            extra = min(max(spare, 0) // (len(waiting) - k), column.widest - column.narrowest)
            widths[column.key] += extra
            spare -= extra
        return [(c, widths[c.key]) for c in shown], dropped

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """The table as ready segments (no wrapping pass), then the notes, which rich wraps."""
        columns, dropped = self.layout(options.max_width)
        bold, plain = Style(bold=True), Style()
        yield from _line([(column.heading, w, bold) for column, w in columns])
        yield Segment("─" * _total(w for _, w in columns))
        yield Segment.line()
        styles = [Style.parse(column.style) if column.style else plain for column, _ in columns]
        for row in range(len(self.rows)):
            cells = [column.lines(row, w) for column, w in columns]
            for k in range(max(map(len, cells))):
                yield from _line(
                    [
                        (cell[k] if k < len(cell) else "", w, style)
                        for (_, w), cell, style in zip(columns, cells, styles, strict=True)
                    ]
                )
        if dropped:
            yield Text(f"\nNot shown at this width: {', '.join(dropped)} (actplot info NAME shows all).")
        notes = [f"{DIFFERS} {row.name}: {row.differences}" for row in self.rows if row.differences]
        if notes and "frameworks" not in dropped:
            yield Text("")
            yield from map(Text, notes)


def list_table(rows: Sequence[Row]) -> ListTable:
    """The catalogue as a table for the terminal (`ListTable`)."""
    return ListTable(rows)


def _total(widths: Iterable[int]) -> int:
    """The width of columns this wide, with `GAP` between them."""
    widths = list(widths)
    return sum(widths) + GAP * (len(widths) - 1)


def _line(cells: Sequence[tuple[str, int, Style]]) -> list[Segment]:
    """One line of the table: each cell padded to its width, styled, `GAP` apart; no trailing spaces."""
    parts = [(content.ljust(width) + " " * GAP, style) for content, width, style in cells]
    while parts and not parts[-1][0].strip():
        parts.pop()
    if parts:
        parts[-1] = (parts[-1][0].rstrip(), parts[-1][1])
    return [*(Segment(text, style) for text, style in parts), Segment.line()]


def _comma_pieces(words: Sequence[str]) -> tuple[str, ...]:
    """``a,`` ``b,`` ``c``: comma-separated words, each carrying its comma, for a cell that may break."""
    return tuple(f"{word}," for word in words[:-1]) + tuple(words[-1:])


def _range_ends(known: Facts) -> list[str]:
    """``[0`` and ``∞)``: the range in two pieces, so that a narrow column breaks it after the comma."""
    return range_text(known.output_range).split(", ")


def _params_pieces(params: Mapping[str, ParamValue]) -> tuple[str, ...]:
    """``alpha=1`` pieces, numbers to six digits for reading (``actplot info`` has them exactly)."""
    pieces = tuple(
        f"{k}={v}" if isinstance(v, str) else f"{k}={LIST_SEPARATOR.join(f'{n:.6g}' for n in _numbers(v))}"
        for k, v in params.items()
    )
    return pieces or ("—",)


def _numbers(value: float | tuple[float, ...]) -> tuple[float, ...]:
    return value if isinstance(value, tuple) else (value,)


def _framework_pieces(row: Row) -> tuple[str, ...]:
    return (*row.frameworks, *([DIFFERS] if row.differences else []))


def _properties(known: Facts) -> list[str]:
    """The properties that hold; ``?`` marks one that is not known."""
    bounded = known.bounded
    words = [
        (known.monotonic or "monotonic", None if known.monotonic is None else known.monotonic != "no"),
        (BOUNDED_WORDS.get(bounded, "bounded"), None if bounded == NOT_KNOWN else bounded != "no"),
        ("zero-centred", known.zero_centred),
    ]
    return [word if holds else f"{word}?" for word, holds in words if holds is not False] or ["—"]


def properties_text(known: Facts) -> str:
    """The properties that hold, comma-separated (``increasing, bounded below``); ``?`` marks not known."""
    return ", ".join(_properties(known))


#: The forms of ``actplot list``: the terminal table (`list_table`), then the texts of `list_text`.
LIST_FORMATS = ("table", "json", "csv", "markdown")


def list_text(rows: Sequence[Row], fmt: str) -> str:
    """The catalogue as ``json``, ``csv`` or ``markdown`` text."""
    if fmt == "json":
        import json  # here: the table, the common case, needs no JSON (nor CSV) module

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
    import csv
    import io

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
                row.facts.monotonic or "",
                *(
                    _csv_bool(value)
                    for value in (
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
                    row.facts.monotonic or NOT_KNOWN,
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
