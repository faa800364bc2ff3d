"""`actplot.tables`: the facts of ``actplot list`` against the catalogue, its four formats, and ``info``."""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import replace

import numpy as np
import pytest
from rich.console import Console, RenderableType

import actplot
from actplot import tables
from actplot.activation import Activation, Entry, number_text, param_text
from actplot.catalogue import CATALOGUE
from actplot.sampling import sample

ROWS = tables.catalogue_rows()


def text(renderable: RenderableType, width: int = 100) -> str:
    out = io.StringIO()
    Console(file=out, width=width).print(renderable)
    return out.getvalue()


def squashed(renderable: RenderableType) -> str:
    """The printed text with runs of whitespace (line wraps, padding) made single spaces."""
    return " ".join(text(renderable, width=1000).split())


def test_rows_follow_the_catalogue() -> None:
    assert [row.name for row in ROWS] == actplot.names()


def test_facts_of_every_entry_at_its_defaults(entry: Entry) -> None:
    activation = entry.bind()
    known = tables.facts(activation)
    span = activation.output_range
    assert known.output_range == span
    assert known.continuity == activation.continuity
    assert known.monotonic == activation.monotonic
    assert known.zero_centred == activation.zero_centred
    if span is not None:
        assert known.bounded_below == math.isfinite(span.lo)
        assert known.bounded_above == math.isfinite(span.hi)
    assert known.f0 == float(activation(0.0)) or math.isnan(known.f0)
    assert known.df0 == float(activation(0.0, 1)) or math.isnan(known.df0)


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


def test_table_fits_80_columns() -> None:
    assert max(len(line) for line in text(tables.list_table(ROWS), width=80).splitlines()) <= 80


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


@pytest.mark.parametrize(
    ("x0", "shown"), [(0.0, "(x)"), (1.0, "(x − 1)"), (-3.0, "(x + 3)"), (0.5, "(x − 0.5)")]
)
def test_delta_argument(x0: float, shown: str) -> None:
    assert tables.delta_argument(x0) == shown


@pytest.mark.parametrize(
    ("spec", "x0", "kind", "effects"),
    [
        ("relu", 0.0, "kink", ["f′ jumps by 1 (from 0 to 1; we take f′(0) = 0)", "f″ has δ(x)"]),
        (
            "step",
            0.0,
            "jump",
            ["f jumps by 1 (from 0 to 1; we take f(0) = 0)", "f′ has δ(x)", "f″ has δ′(x)"],
        ),
        ("hard_tanh", 1.0, "kink", ["f′ jumps by −1 (from 1 to 0; we take f′(1) = 0)", "f″ has −δ(x − 1)"]),
        ("hard_tanh", -1.0, "kink", ["f′ jumps by 1 (from 0 to 1; we take f′(−1) = 0)", "f″ has δ(x + 1)"]),
        (
            "leaky_relu:negative_slope=0.2",
            0.0,
            "kink",
            ["f′ jumps by 0.8 (from 0.2 to 1; we take f′(0) = 0.2)", "f″ has 0.8δ(x)"],
        ),
        ("celu", 0.0, "curvature jump", ["f″ jumps by −1 (from 1 to 0; we take f″(0) = 1)"]),
        ("isrlu", 0.0, "higher-order break", ["f, f′ and f″ are continuous; a higher derivative jumps"]),
    ],
)
def test_describe_break(spec: str, x0: float, kind: str, effects: list[str]) -> None:
    activation = actplot.get(spec)
    (br,) = [b for b in activation.breaks if b.x == x0]
    report = tables.describe_break(activation, br)
    assert (report.x, report.kind, list(report.effects)) == (x0, kind, effects)


def test_describe_break_of_a_value_jump_with_a_slope_jump_sums_the_delta_terms() -> None:
    activation = actplot.get("hard_shrink")
    report = tables.describe_break(activation, activation.breaks[0])  # x = −λ: f from −λ to 0, f′ from 1 to 0
    assert report.effects == (
        "f jumps by 0.5 (from −0.5 to 0; we take f(−0.5) = 0)",
        "f′ jumps by −1 (from 1 to 0; we take f′(−0.5) = 0)",
        "f′ has 0.5δ(x + 0.5)",
        "f″ has 0.5δ′(x + 0.5) − δ(x + 0.5)",
    )


def test_break_weights_are_those_the_plots_draw(activation: Activation) -> None:
    """Every impulse the sampler gives the figures appears in info's words (signs: test_describe_break)."""
    sampled = sample([activation], (0, 1, 2), (-8.0, 8.0), 101)
    described = " ".join(e for br in activation.breaks for e in tables.describe_break(activation, br).effects)
    for curve in sampled.curves:
        for impulse in curve.impulses:
            assert impulse.symbol.lstrip("−") + tables.delta_argument(impulse.x) in described


def test_info_of_every_case(activation: Activation) -> None:
    shown = squashed(tables.info(activation))
    entry = activation.entry
    for heading in ("Formulas", "Breaks", "Facts"):
        assert heading in shown
    for formula in entry.formulas.unicode:
        assert " ".join(formula.split()) in shown
    for param in entry.params:
        assert f"{param.name} " in shown
        assert " ".join(param.accepts.split()) in shown
    for br in activation.breaks:
        assert f"x = {number_text(br.x)}" in shown
    assert f"range {tables.range_text(activation.output_range)}" in shown
    assert f"continuity {activation.continuity}" in shown
    for name in entry.frameworks:
        assert name in shown
    for part in (entry.differences, entry.notes, entry.reference):
        assert " ".join(part.split()) in shown


def test_info_shows_parameter_values_and_defaults() -> None:
    shown = squashed(tables.info(actplot.get("elu:alpha=0.5")))
    assert "name value default accepts meaning alpha 0.5 1 a number > 0 value −alpha approached" in shown


def test_info_of_a_smooth_entry_says_it_has_no_breaks() -> None:
    assert "Breaks none: f, f′ and f″ are continuous everywhere" in squashed(tables.info(actplot.get("tanh")))


def test_info_keeps_brackets_literal() -> None:
    """Formulas such as [x > 0] must not be read as rich markup."""
    assert "[x > 0]" in squashed(tables.info(actplot.get("relu")))


def test_info_of_an_expression_says_what_is_not_known() -> None:
    shown = squashed(tables.info(actplot.get("x*tanh(softplus(x))")))
    assert "range not known" in shown
    assert "monotonic not known" in shown
    assert "bounded not known" in shown
    assert "zero-centred not known" in shown
    assert "f′(0) 0.6" in shown


def test_info_of_an_expression_whose_breaks_were_not_derived() -> None:
    activation = actplot.get("x*tanh(softplus(x))")
    underived = Activation(replace(activation.entry, breaks_known=False), activation.params, activation.label)
    shown = squashed(tables.info(underived))
    assert "Breaks not derived for this expression" in shown
    assert "continuity not known" in shown


def test_facts_of_an_expression_with_a_derived_kink() -> None:
    known = tables.facts(actplot.get("max(x, 0.1*x)"))
    assert known.continuity == "C⁰"
    assert known.output_range is None and known.bounded_below is None
    assert tables.bounded_text(known) == tables.NOT_KNOWN
    assert tables.properties_text(known) == "monotonic?, bounded?, zero-centred?"


def test_properties_text() -> None:
    by_name = {row.name: row for row in ROWS}
    assert tables.properties_text(by_name["tanh"].facts) == "monotonic, bounded, zero-centred"
    assert tables.properties_text(by_name["relu"].facts) == "monotonic, bounded below"
    assert tables.properties_text(by_name["log_sigmoid"].facts) == "monotonic, bounded above"
    assert np.isfinite(by_name["gaussian"].facts.f0)
