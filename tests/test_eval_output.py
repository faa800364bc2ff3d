"""`actplot.eval_output`: x lists, tabulating f, f′, f″, the vector form, and CSV / JSON / table text."""

from __future__ import annotations

import csv
import io
import json
import math
import re

import numpy as np
import pytest
from rich.console import Console

import actplot
from actplot import blockwise, eval_output
from actplot.catalogue import CATALOGUE
from actplot.errors import UsageError
from actplot.numbers_json import number_json
from actplot.orders import ORDER_NAMES

#: softmax([0.3, 2.9, 4.0]) = e^{zᵢ}/Σⱼ e^{zⱼ}, to eight decimals.
SOFTMAX_WORKED_EXAMPLE = (0.01821127, 0.24519181, 0.73659691)


def _reject_constants(name: str) -> float:
    raise AssertionError(f"JSON has the non-standard constant {name}")


def strict_json(text: str) -> object:
    """Parse JSON, refusing NaN and Infinity, which are not JSON."""
    return json.loads(text, parse_constant=_reject_constants)


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["-1,0,1"], [-1.0, 0.0, 1.0]),
        (["-1", "2.5,3"], [-1.0, 2.5, 3.0]),
        ([" 1 , 2 "], [1.0, 2.0]),
        (["1e-300,-1e300"], [1e-300, -1e300]),
        (["-inf,inf"], [-math.inf, math.inf]),
    ],
)
def test_parse_values_reads_comma_lists_in_order(texts: list[str], expected: list[float]) -> None:
    assert eval_output.parse_values(texts, "--x").tolist() == expected


def test_parse_values_keeps_nan() -> None:
    assert np.isnan(eval_output.parse_values(["nan"], "--x")).all()


@pytest.mark.parametrize(("texts", "bad"), [(["1,abc"], "'abc'"), (["1,,2"], "''"), (["0x10"], "'0x10'")])
def test_parse_values_names_the_bad_item(texts: list[str], bad: str) -> None:
    with pytest.raises(UsageError, match=f"--x {bad} is not a number"):
        eval_output.parse_values(texts, "--x")


def test_parse_values_needs_a_number() -> None:
    with pytest.raises(UsageError, match="at least one number"):
        eval_output.parse_values([], "--x")


def test_even_grid_includes_both_ends() -> None:
    grid = eval_output.tabulate([actplot.get("relu")], eval_output.even_grid((-2.0, 2.0), 5), 0)
    assert np.concatenate(list(grid.x_blocks())).tolist() == [-2.0, -1.0, 0.0, 1.0, 2.0]


@pytest.mark.parametrize(("x_range", "points"), [((1.0, -1.0), 5), ((0.0, math.inf), 5), ((-1.0, 1.0), 1)])
def test_even_grid_rejects_bad_ranges_and_counts(x_range: tuple[float, float], points: int) -> None:
    with pytest.raises(UsageError):
        eval_output.even_grid(x_range, points)


@pytest.mark.parametrize("derivs", [0, 1, 2])
def test_tabulate_agrees_with_evaluate(derivs: int) -> None:
    specs = ["sigmoid", "elu:alpha=0.5", "relu"]
    x = np.array([-1e300, -30.0, -1.0, 0.0, 1e-8, 2.5, 710.0, math.inf])
    table = eval_output.tabulate([actplot.get(s) for s in specs], x, derivs)
    assert [(s.name, s.order) for s in table.series] == [(s, k) for s in specs for k in range(derivs + 1)]
    for series in table.series:
        np.testing.assert_array_equal(series.at(x), actplot.evaluate(series.name, x, series.order))
    assert table.x is x


def test_tabulate_refuses_a_third_derivative() -> None:
    with pytest.raises(UsageError, match="--derivs 3"):
        eval_output.tabulate([actplot.get("tanh")], np.zeros(1), 3)


def test_vector_form_matches_the_worked_example() -> None:
    table = eval_output.vector_form([actplot.get("softmax")], np.array([0.3, 2.9, 4.0]))
    assert table.x.tolist() == [0.3, 2.9, 4.0]
    np.testing.assert_allclose(table.series[0].at(table.x), SOFTMAX_WORKED_EXAMPLE, atol=5e-9)
    assert (table.series[0].name, table.series[0].order) == ("softmax", 0)


def test_vector_form_is_stable_for_huge_logits() -> None:
    huge = eval_output.vector_form([actplot.get("softmax")], np.array([1000.0, 1001.0, 1002.0]))
    small = eval_output.vector_form([actplot.get("softmax")], np.array([0.0, 1.0, 2.0]))
    np.testing.assert_array_equal(huge.series[0].at(huge.x), small.series[0].at(small.x))


def test_vector_form_of_every_entry_that_has_one() -> None:
    having = [name for name, entry in CATALOGUE.items() if entry.vector is not None]
    assert "softmax" in having
    logits = np.array([-2.0, 0.5, 3.0])
    table = eval_output.vector_form([actplot.get(name) for name in having], logits)
    for name, series in zip(having, table.series, strict=True):
        vector = CATALOGUE[name].vector
        assert vector is not None
        np.testing.assert_array_equal(series.at(logits), vector(logits))


def test_vector_form_refuses_a_scalar_activation_and_names_those_with_one() -> None:
    with pytest.raises(UsageError, match=r"relu has no vector form; --vector works with .*softmax"):
        eval_output.vector_form([actplot.get("softmax"), actplot.get("relu")], np.zeros(2))


def test_columns_mark_orders_with_ascii_primes() -> None:
    table = eval_output.tabulate([actplot.get("sigmoid")], np.zeros(1), 2)
    assert [s.column for s in table.series] == ["sigmoid", "sigmoid'", "sigmoid''"]


def test_csv_has_a_header_and_one_full_precision_row_per_x() -> None:
    x = np.array([-1.0, 0.1, 1e-300])
    table = eval_output.tabulate([actplot.get("sigmoid"), actplot.get("tanh")], x, 1)
    rows = list(csv.reader(io.StringIO("".join(eval_output.csv_text(table)))))
    assert rows[0] == ["x", "sigmoid", "sigmoid'", "tanh", "tanh'"]
    assert len(rows) == 1 + len(x)
    for row, value in zip(rows[1:], x, strict=True):
        assert float(row[0]) == value
        assert [float(v) for v in row[1:]] == [
            float(actplot.evaluate(spec, value, k)) for spec in ("sigmoid", "tanh") for k in (0, 1)
        ]


def test_csv_writes_non_finite_values_as_words() -> None:
    table = eval_output.tabulate([actplot.get("exponential")], np.array([1000.0, -math.inf, math.nan]), 0)
    assert "".join(eval_output.csv_text(table)).splitlines()[1:] == ["1000.0,inf", "-inf,0.0", "nan,nan"]


def test_json_has_the_documented_shape_and_is_valid_json() -> None:
    x = np.array([-1.0, 0.0, 2.0])
    table = eval_output.tabulate([actplot.get("relu"), actplot.get("sigmoid")], x, 2)
    document = strict_json("".join(eval_output.json_text(table)))
    assert isinstance(document, dict)
    assert document["x"] == x.tolist()
    assert [(s["name"], s["order"]) for s in document["series"]] == [
        (name, k) for name in ("relu", "sigmoid") for k in (0, 1, 2)
    ]
    for series in document["series"]:
        assert series["y"] == actplot.evaluate(series["name"], x, series["order"]).tolist()


def test_json_writes_non_finite_values_as_strings() -> None:
    table = eval_output.tabulate([actplot.get("exponential")], np.array([1000.0, -math.inf, math.nan]), 0)
    document = strict_json("".join(eval_output.json_text(table)))
    assert isinstance(document, dict)
    assert document["x"] == [1000.0, "-inf", "nan"]
    assert document["series"][0]["y"] == ["inf", 0.0, "nan"]
    assert float(document["series"][0]["y"][0]) == math.inf


def test_json_round_trips_every_digit() -> None:
    x = np.array([0.1, 1 / 3, 2.0**-1074])
    table = eval_output.tabulate([actplot.get("gelu")], x, 2)
    document = strict_json("".join(eval_output.json_text(table)))
    assert isinstance(document, dict)
    for series, original in zip(document["series"], table.series, strict=True):
        assert series["y"] == original.at(x).tolist()


def test_table_shows_every_series_and_row() -> None:
    table = eval_output.tabulate([actplot.get("sigmoid")], np.array([-1.0, 0.0, 1.0]), 2)
    out = io.StringIO()
    Console(file=out, width=80).print(eval_output.to_table(table))
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["x", "sigmoid", "sigmoid'", "sigmoid''"]
    assert lines[2].split() == ["0", "0.5", "0.25", "0"]  # f″(0) is −0.0: shown as 0
    assert lines[3].split()[1] == "0.7310585786"
    assert len(lines) == 4


def terms(numbers: eval_output.Numbers) -> list[list[dict[str, object]]]:
    """Each series' impulses as plain data."""
    return [[term.to_dict() for term in s.impulses] for s in numbers.series]


def test_impulses_are_the_dirac_terms_at_breaks_inside_the_span_of_x() -> None:
    relu = actplot.get("relu")
    at_zero = eval_output.tabulate([relu], np.array([0.0]), 2)
    assert terms(at_zero) == [[], [], [{"x": 0.0, "order": 2, "weight": 1.0, "kind": "δ"}]]
    between = eval_output.tabulate([relu], np.array([1.0, -1.0]), 2)  # not at an x, inside their span
    assert terms(between) == terms(at_zero)
    outside = eval_output.tabulate([relu], np.array([1.0, math.nan, 2.0, math.inf]), 2)
    assert terms(outside) == [[], [], []]
    step = eval_output.tabulate([actplot.get("step")], eval_output.even_grid((0.0, 1.0), 3), 2)
    assert terms(step) == [
        [],
        [{"x": 0.0, "order": 1, "weight": 1.0, "kind": "δ"}],
        [{"x": 0.0, "order": 2, "weight": 1.0, "kind": "δ′"}],
    ]


def test_impulses_are_those_of_the_sampled_curves_for_every_entry() -> None:
    for name, entry in CATALOGUE.items():
        activation = entry.bind()
        a, b = activation.view
        sampled = actplot.sample(activation, 2, (a, b), 11)
        numbers = eval_output.tabulate([activation], eval_output.even_grid((a, b), 11), 2)
        assert terms(numbers) == [[t.to_dict() for t in c.impulses] for c in sampled.curves], name


def render(renderable: object) -> list[str]:
    out = io.StringIO()
    Console(file=out, width=80).print(renderable)
    return out.getvalue().splitlines()


def test_table_marks_values_at_an_impulse_and_lists_every_term() -> None:
    relu = actplot.get("relu")
    lines = render(eval_output.to_table(eval_output.tabulate([relu], np.array([-1.0, 0.0, 1.0]), 2)))
    assert lines[2].split() == ["0", "0", "0", "0¹"]
    assert lines[5:] == [
        "¹ relu'' + 1·δ at 0",
        "Values are pointwise; the distributional derivatives add these Dirac terms.",
    ]
    relu6 = actplot.get("relu6")
    lines = render(eval_output.to_table(eval_output.tabulate([relu6], np.array([-1.0, 7.0]), 2)))
    assert "¹" not in "".join(lines[:3])  # no row at a break: nothing marked
    assert lines[4:6] == ["relu6'' + 1·δ at 0 (between rows)", "relu6'' - 1·δ at 6 (between rows)"]


@pytest.mark.parametrize("spec", ["relu", "tanh", "leaky_relu", "x*relu(x)", "elu"])
def test_no_output_writes_negative_zero(spec: str) -> None:
    numbers = eval_output.tabulate([actplot.get(spec)], np.array([-0.0, -1e-320, -5e-324, 0.0]), 2)
    texts = [
        "".join(eval_output.csv_text(numbers)),
        "".join(eval_output.json_text(numbers)),
        "\n".join(render(eval_output.to_table(numbers))),
    ]
    for text in texts:
        assert not re.search(r"-0(\.0+)?(?![\d.e])", text), text


def whole_array_csv(specs: list[str], x: np.ndarray, derivs: int) -> str:
    """CSV as eval wrote it before it streamed: every column computed, then one row per x."""
    columns = [x, *(actplot.evaluate(s, x, k) for s in specs for k in range(derivs + 1))]
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(["x", *(s + ORDER_NAMES[k].prime for s in specs for k in range(derivs + 1))])
    for row in zip(*columns, strict=True):
        writer.writerow([repr(float(v) + 0.0) for v in row])  # −0.0 written as 0.0
    return stream.getvalue()


def whole_array_json(specs: list[str], x: np.ndarray, derivs: int) -> str:
    """JSON as one document dumped at once, its impulses those of `actplot.sample` over the same x."""
    sampled = actplot.sample(specs, derivs, (float(x[0]), float(x[-1])), x.size)
    document = {
        "x": [number_json(v) for v in x],
        "series": [
            {
                "name": curve.label,
                "order": curve.order,
                "impulses": [term.to_dict() for term in curve.impulses],
                "y": [number_json(v) for v in actplot.evaluate(curve.label, x, curve.order)],
            }
            for curve in sampled.curves
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("points", [2, 3, 7, 8, 23])
def test_streamed_csv_and_json_are_the_whole_array_bytes(
    points: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(blockwise, "BLOCK", 7)  # several blocks, the last one longer, at a small size
    specs, derivs = ["sigmoid", "elu:alpha=0.5", "exponential"], 2
    x_range = (-800.0, 800.0)  # exponential overflows: non-finite values are written too
    table = eval_output.tabulate(
        [actplot.get(s) for s in specs], eval_output.even_grid(x_range, points), derivs
    )
    x = np.linspace(*x_range, points)
    assert "".join(eval_output.csv_text(table)) == whole_array_csv(specs, x, derivs)
    streamed = "".join(eval_output.json_text(table))
    assert streamed == whole_array_json(specs, x, derivs)
    assert '"weight": 0.5,' in streamed  # elu:alpha=0.5″ has 0.5·δ at 0, inside every grid here


def test_streamed_csv_comes_in_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(blockwise, "BLOCK", 7)
    table = eval_output.tabulate([actplot.get("relu")], eval_output.even_grid((0.0, 1.0), 21), 0)
    assert [text.count("\n") for text in eval_output.csv_text(table)] == [1 + 7, 7, 7]


def test_table_refuses_more_rows_than_the_limit_and_points_to_csv() -> None:
    grid = eval_output.even_grid((0.0, 1.0), eval_output.TABLE_ROWS + 1)
    too_many = eval_output.tabulate([actplot.get("relu")], grid, 0)
    with pytest.raises(UsageError, match=r"10,001 rows .* limit is 10,000.*-f csv"):
        eval_output.to_table(too_many)
    at_limit = eval_output.tabulate(
        [actplot.get("relu")], eval_output.even_grid((0.0, 1.0), eval_output.TABLE_ROWS), 0
    )
    assert eval_output.to_table(at_limit).row_count == eval_output.TABLE_ROWS
