"""`actplot.tables`: the facts of ``actplot list`` against the catalogue, its four formats, and ``info``."""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
import pytest
from rendered import squashed, text

import actplot
from actplot import tables
from actplot.activation import number_text, param_text
from actplot.catalogue import CATALOGUE

ROWS = tables.catalogue_rows()


def test_rows_follow_the_catalogue() -> None:
    assert [row.name for row in ROWS] == actplot.names()


def test_json_lists_every_entry_with_its_catalogue_facts() -> None:
    document = json.loads(tables.list_text(ROWS, "json"), parse_constant=pytest.fail)
    assert [item["name"] for item in document] == actplot.names()
    for item in document:
        entry = CATALOGUE[item["name"]]
        activation = entry.bind()
        assert item["aliases"] == list(entry.aliases)
        assert item["params"] == {
            p.name: list(v) if isinstance(v := p.default, tuple) else v for p in entry.params
        }
        assert item["continuity"] == activation.continuity
        assert item["monotonic"] == activation.monotonic
        assert item["zero_centred"] == activation.zero_centred
        assert item["frameworks"] == dict(entry.frameworks)
        assert item["differences"] == entry.differences
        span = activation.output_range
        assert span is not None
        assert item["range"]["text"] == str(span)
        assert float(item["range"]["lo"]) == span.lo
        assert float(item["range"]["hi"]) == span.hi
        assert (item["range"]["lo_closed"], item["range"]["hi_closed"]) == (span.lo_closed, span.hi_closed)
        assert item["bounded_below"] == math.isfinite(span.lo)
        assert item["bounded_above"] == math.isfinite(span.hi)


def test_json_writes_infinite_range_ends_as_strings() -> None:
    relu = next(item for item in json.loads(tables.list_text(ROWS, "json")) if item["name"] == "relu")
    assert relu["range"] == {"lo": 0.0, "hi": "inf", "lo_closed": True, "hi_closed": False, "text": "[0, ∞)"}


def test_csv_has_one_row_per_entry_with_its_facts() -> None:
    records = list(csv.DictReader(io.StringIO(tables.list_text(ROWS, "csv"))))
    assert [r["name"] for r in records] == actplot.names()
    for record in records:
        entry = CATALOGUE[record["name"]]
        activation = entry.bind()
        assert record["aliases"].split() == list(entry.aliases)
        assert [p.partition("=")[0] for p in record["params"].split()] == [p.name for p in entry.params]
        assert record["continuity"] == activation.continuity
        assert record["monotonic"] == str(activation.monotonic).lower()
        assert record["range"] == str(activation.output_range)
        for name in entry.frameworks:
            assert name in record["frameworks"]


def test_csv_gives_parameters_exactly() -> None:
    records = {r["name"]: r for r in csv.DictReader(io.StringIO(tables.list_text(ROWS, "csv")))}
    assert records["leaky_relu"]["params"] == "negative_slope=0.01"
    defaults = dict(p.partition("=")[::2] for p in records["selu"]["params"].split())
    for param in CATALOGUE["selu"].params:
        assert float(defaults[param.name]) == param.default


def test_markdown_is_a_table_with_a_row_per_entry() -> None:
    lines = tables.list_text(ROWS, "markdown").splitlines()
    assert lines[0].startswith("| name | aliases | parameters | range | continuity |")
    assert set(lines[1].replace("|", "").split()) == {"---"}
    assert len(lines) == 2 + len(ROWS)
    columns = lines[0].count(" | ")
    for line, row in zip(lines[2:], ROWS, strict=True):
        assert line.startswith(f"| `{row.name}` |")
        assert line.replace("\\|", "").count(" | ") == columns


def test_markdown_escapes_pipes() -> None:
    assert tables.markdown_row(["x/(1 + |x|)", "b"]) == "| x/(1 + \\|x\\|) | b |"


def test_table_shows_every_entry_and_the_differences() -> None:
    shown = squashed(tables.list_table(ROWS))
    for row in ROWS:
        assert row.name in shown
        if row.differences:
            assert f"{tables.DIFFERS} {row.name}: {' '.join(row.differences.split())}" in shown


@pytest.mark.parametrize("width", [60, 80, 120, 200])
def test_table_reads_at_any_width_without_cutting_a_word(width: int) -> None:
    shown = text(tables.list_table(ROWS), width=width)
    assert max(len(line) for line in shown.splitlines()) <= width
    words = set(shown.split())
    columns, dropped = tables.ListTable(ROWS).layout(width)
    assert {"name", "range", "class"} <= {column.key for column, _ in columns}
    for column, _ in columns:
        for cell in column.cells:
            assert all(word in words for piece in cell for word in piece.split()), cell
    if dropped:
        assert f"Not shown at this width: {', '.join(dropped)}" in " ".join(shown.split())


def test_table_shows_every_column_when_there_is_room() -> None:
    shown = text(tables.list_table(ROWS), width=200)
    assert "Not shown" not in shown
    assert shown.splitlines()[0].split() == [
        "name",
        "aliases",
        "parameters",
        "range",
        "class",
        "properties",
        "frameworks",
    ]


def test_unknown_format_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="yaml"):
        tables.list_text(ROWS, "yaml")


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0.01, "0.01"), (1.0, "1"), (-3.0, "-3"), (1.0507009873554805, "1.0507009873554805"), ("tanh", "tanh")],
)
def test_param_text_is_exact(value: float | str, shown: str) -> None:
    assert param_text(value) == shown


def test_param_text_of_a_list() -> None:
    assert param_text((1.0, -2.5)) == "1/-2.5"


@pytest.mark.parametrize(
    ("value", "shown"), [(0.0, "0"), (-0.0, "0"), (-1.5, "−1.5"), (math.inf, "∞"), (-math.inf, "−∞")]
)
def test_number(value: float, shown: str) -> None:
    assert number_text(value) == shown


def test_properties_of_what_is_not_known_are_marked() -> None:
    assert tables.properties_text(actplot.get("max(x, 0.1*x)").facts) == "monotonic?, bounded?, zero-centred?"


def test_properties_text() -> None:
    by_name = {row.name: row for row in ROWS}
    assert tables.properties_text(by_name["tanh"].facts) == "increasing, bounded, zero-centred"
    assert tables.properties_text(by_name["relu"].facts) == "non-decreasing, bounded below"
    assert tables.properties_text(by_name["log_sigmoid"].facts) == "increasing, bounded above"
    assert tables.properties_text(by_name["softmin"].facts) == "decreasing, bounded"
    assert tables.properties_text(by_name["gelu"].facts) == "bounded below"
    assert np.isfinite(by_name["gaussian"].facts.f0)
