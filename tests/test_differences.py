"""``actplot diff`` and the A − B activation behind it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import actplot
from actplot.cli import app
from actplot.differences import compare, difference

runner = CliRunner()


def test_difference_is_an_activation_with_the_breaks_of_both() -> None:
    diff = difference(actplot.get("relu"), actplot.get("hard_tanh"))
    assert [b.x for b in diff.breaks] == [-1.0, 0.0, 1.0]
    x = np.array([-2.0, 0.5, 3.0])
    assert diff(x).tolist() == [1.0, 0.0, 2.0]


def test_compare_finds_the_largest_difference_and_where() -> None:
    (f, f1) = compare(
        actplot.get("leaky_relu"), actplot.get("leaky_relu@keras"), [0, 1], (-5.0, 5.0), 101
    ).largest
    assert f.x == -5.0 and f.difference == pytest.approx(0.95)
    assert f1.x == 0.0 and f1.difference == pytest.approx(0.01 - 1.0)  # only at the break itself


def test_diff_prints_each_order_and_exits_0() -> None:
    result = runner.invoke(app, ["diff", "gelu", "gelu@jax", "--derivs", "2"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "gelu − gelu@jax"
    assert lines[1].startswith("  f: max |Δ| 0.000473") and "x = ±2.699" in lines[1]
    assert lines[2].startswith("  f′:") and lines[3].startswith("  f″:")


def test_diff_of_the_same_function_says_identical() -> None:
    result = runner.invoke(app, ["diff", "gelu", "gelu@torch"])
    assert result.exit_code == 0, result.output
    assert "f: identical on the range" in result.output


def test_diff_json_and_figure(tmp_path: Path) -> None:
    out = tmp_path / "d.png"
    result = runner.invoke(
        app, ["diff", "softplus", "softplus@torch", "-r", "0", "30", "-f", "json", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    (pair,) = data["pairs"]
    assert (pair["a"], pair["b"]) == ("softplus", "softplus@torch")
    assert pair["orders"][0]["x"] == pytest.approx(20.0, abs=0.01)
    assert out.read_bytes().startswith(b"\x89PNG")


def test_diff_needs_two() -> None:
    result = runner.invoke(app, ["diff", "gelu"])
    assert result.exit_code == 2
    assert "two or more" in result.output
