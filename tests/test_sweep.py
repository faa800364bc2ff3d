"""Sweeps: the grammar, its limits and errors, the members, and a family drawn with colorbars."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from cli_output import assert_one_error_line
from matplotlib.colors import to_hex
from rendered import text
from typer.testing import CliRunner

import actplot
from actplot import cli
from actplot.family_figure import COLORBAR
from actplot.sweep import MAX_VALUES, Family, is_sweep
from actplot.terminal import TerminalPlot
from actplot.theme import THEMES

X = np.linspace(-3.0, 3.0, 13)


@pytest.mark.parametrize(
    ("spec", "values"),
    [
        ("elu:alpha=0.5..2", [0.5, 0.875, 1.25, 1.625, 2.0]),
        ("elu:alpha=0.5..2:7", [0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0]),
        ("softplus:beta=0.5:1:2:4", [0.5, 1.0, 2.0, 4.0]),
        ("gelu:approximate=none:tanh", ["none", "tanh"]),
        ("leaky_relu:negative_slope=-0.2..0.5:8", [-0.2, -0.1, 0.0, 0.1, 0.2, 0.3, 0.4, 0.5]),
        ("elu:alpha=0.1..1:4", [0.1, 0.4, 0.7, 1.0]),
        ("hard_tanh:min_val=-2..-0.25:4", [-2.0, -1.417, -0.833, -0.25]),
        ("elu:alpha=1..64:64", [float(v) for v in range(1, 65)]),
    ],
)
def test_a_sweep_takes_these_values(spec: str, values: list[float | str]) -> None:
    family = actplot.family(spec)
    param = spec.split(":")[1].partition("=")[0]
    assert [m.params[param] for m in family] == values
    assert [m.sweep.value for m in family if m.sweep] == values
    assert all(m.sweep is not None and m.sweep.spec == spec for m in family)


def test_members_are_labelled_with_their_value_and_the_other_parameters() -> None:
    family = actplot.family("hard_tanh:min_val=-2..-0.5:4,max_val=2")
    assert [m.label for m in family] == [
        "hard_tanh:min_val=-2,max_val=2",
        "hard_tanh:min_val=-1.5,max_val=2",
        "hard_tanh:min_val=-1,max_val=2",
        "hard_tanh:min_val=-0.5,max_val=2",
    ]


@pytest.mark.parametrize(
    "spec", ["elu:alpha=0.5..2", "gelu:approximate=none:tanh", "hard_tanh:max_val=1..3:3"]
)
def test_each_member_is_what_evaluate_gives_at_its_value(spec: str) -> None:
    for member in actplot.family(spec):
        for order in (0, 1, 2):
            np.testing.assert_array_equal(member(X, order), actplot.evaluate(member.label, X, order))


def test_a_spec_without_a_sweep_is_a_family_of_one() -> None:
    assert [a.label for a in actplot.family("elu:alpha=0.5")] == ["elu:alpha=0.5"]
    assert not is_sweep("elu:alpha=0.5") and not is_sweep("softmax:others=1/2") and not is_sweep("relu")


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        ("elu:alpha=2..0.5", "is reversed"),
        ("elu:alpha=1..1", "is empty"),
        ("elu:alpha=..", "is not a range of two numbers"),
        ("elu:alpha=1...2", "is not a range of two numbers"),
        ("elu:alpha=1..inf", "must be finite"),
        ("leaky_relu:negative_slope=-1e308..1e308", "too wide"),
        ("elu:alpha=-1..2", "alpha=-1 is out of range"),
        ("softplus:beta=0:1", "beta=0 is out of range"),
        (f"elu:alpha=1..2:{MAX_VALUES + 1}", f"at most {MAX_VALUES}"),
        ("elu:alpha=1..2:1", "at least 2 values"),
        ("elu:alpha=1..2:x", "not a whole number"),
        ("elu:alpha=1::2", "an empty value"),
        ("elu:alpha=1:1", "alpha=1 twice"),
        ("hard_tanh:min_val=-2..-1,max_val=1..2", "sweep one parameter at a time"),
        ("hard_tanh:min_val=-2..2,max_val=1", "must be less than max_val"),
        ("gelu:approximate=none:tan", "'tan' is not accepted"),
        ("softmax:others=1:2", "cannot be swept"),
        ("elu:beta=1..2", "no parameter 'beta'"),
    ],
)
def test_a_bad_sweep_is_refused_naming_itself(spec: str, fragment: str) -> None:
    with pytest.raises(actplot.SpecError, match=fragment) as error:
        actplot.family(spec)
    assert str(error.value).startswith(repr(spec))


def test_sixty_four_values_are_allowed() -> None:
    assert len(actplot.family(f"elu:alpha=1..2:{MAX_VALUES}")) == MAX_VALUES


def test_one_activation_is_taken_where_one_is_needed() -> None:
    with pytest.raises(actplot.SpecError, match=r"is a sweep.*e\.g\. elu:alpha=0\.5$"):
        actplot.evaluate("elu:alpha=0.5..2", X)


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh not installed")
@pytest.mark.parametrize("shell", ["bash", "zsh"])
@pytest.mark.parametrize(
    "spec", ["softplus:beta=0.5:1:2:4", "elu:alpha=0.5..2:7", "gelu:approximate=none:tanh"]
)
def test_a_sweep_needs_no_quoting(shell: str, spec: str) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} not installed")
    options = "setopt extendedglob kshglob" if shell == "zsh" else "shopt -s extglob"
    echoed = subprocess.run(
        [shell, "-c", f"{options}; echo {spec}"], capture_output=True, text=True, check=True
    )
    assert echoed.stdout == spec + "\n"


def test_a_family_is_drawn_in_shades_with_one_colorbar_and_one_legend_entry() -> None:
    figure = actplot.plot(["elu:alpha=0.5..2", "relu", "softplus:beta=0.5:1:2:4"], derivs=1, points=50)
    bars = {ax.get_gid(): ax for ax in figure.axes if str(ax.get_gid()).startswith(COLORBAR)}
    assert set(bars) == {f"{COLORBAR}/elu:alpha=0.5..2", f"{COLORBAR}/softplus:beta=0.5:1:2:4"}
    elu = bars[f"{COLORBAR}/elu:alpha=0.5..2"]
    assert elu.get_ylabel() == "elu: alpha"
    assert list(elu.get_yticks()) == [0.5, 0.875, 1.25, 1.625, 2.0]
    assert [t.get_text() for t in elu.get_yticklabels()] == ["0.5", "0.875", "1.25", "1.625", "2"]
    theme = THEMES["light"]
    for ax in figure.axes[:2]:  # f and f′: the same shade per member, lightest at the largest value
        colours = {line.get_gid(): to_hex(line.get_color()) for line in ax.get_lines() if line.get_gid()}
        order = ax.get_lines()[-1].get_gid().split("/")[-1]
        assert colours[f"elu:alpha=0.5/{order}"] == theme.shade(0.0)
        assert colours[f"elu:alpha=2/{order}"] == theme.shade(1.0)
        assert colours[f"relu/{order}"] == theme.palette[0].lower()
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert legend == ["elu:alpha=0.5..2", "relu", "softplus:beta=0.5:1:2:4"]


def test_words_get_a_block_each_and_a_long_sweep_a_readable_subset_of_ticks() -> None:
    figure = actplot.plot(["gelu:approximate=none:tanh", f"elu:alpha=1..64:{MAX_VALUES}"], points=20)
    bars = {ax.get_gid(): ax for ax in figure.axes if str(ax.get_gid()).startswith(COLORBAR)}
    gelu = bars[f"{COLORBAR}/gelu:approximate=none:tanh"]
    assert [t.get_text() for t in gelu.get_yticklabels()] == ["none", "tanh"]
    elu = bars[f"{COLORBAR}/elu:alpha=1..64:{MAX_VALUES}"]
    ticks = list(elu.get_yticks())
    assert 2 < len(ticks) <= 9 and ticks[0] == 1.0 and ticks[-1] == 64.0


def test_eval_prints_one_series_per_value() -> None:
    result = CliRunner().invoke(cli.app, ["eval", "elu:alpha=0.5..2:3", "--x", "-1", "--format", "csv"])
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[0]
    assert header.count("elu:alpha=") == 3 and "elu:alpha=1.25" in header


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["elu:alpha=2..1", "-o", "f.png"], "is reversed"),
        (["eval", "elu:alpha=1..2:65", "--x", "0"], "at most 64"),
        (["info", "elu:alpha=1..2"], "is a sweep"),
    ],
)
def test_a_bad_sweep_on_the_command_line_is_one_line_and_writes_nothing(
    args: list[str], fragment: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli.app, args)
    assert_one_error_line(result, 2, fragment)
    assert not list(tmp_path.iterdir())


def test_sample_says_which_labels_make_a_family() -> None:
    sampled = actplot.sample(["relu", "softplus:beta=1:2"], xrange=(-1.0, 1.0), points=5)
    assert sampled.labels == ("relu", "softplus:beta=1", "softplus:beta=2")
    assert sampled.to_dict()["families"] == [
        {
            "spec": "softplus:beta=1:2",
            "param": "beta",
            "values": [1.0, 2.0],
            "labels": ["softplus:beta=1", "softplus:beta=2"],
        }
    ]


def test_the_terminal_legend_names_the_sweep_then_its_values() -> None:
    sampled = actplot.sample(["relu", "elu:alpha=0.5..2:3"], xrange=(-2.0, 2.0), points=20)
    legend = text(TerminalPlot(sampled, width=80, height=6), width=80).splitlines()[-1]
    assert "relu" in legend and "elu alpha:" in legend
    assert [word for word in legend.split() if word[0].isdigit()] == ["0.5", "1.25", "2"]


def test_a_long_sweep_names_a_readable_subset_of_its_values() -> None:
    assert Family("s", "p", tuple(float(v) for v in range(64)), ("",) * 64).named() == [
        0, 8, 16, 24, 32, 40, 48, 56, 63
    ]  # fmt: skip


def test_explore_slides_one_activation_and_refuses_a_sweep() -> None:
    from actplot.explorer import explorable

    with pytest.raises(actplot.UsageError, match=r"'elu:alpha=1\.\.2' is a sweep"):
        explorable(["relu", "elu:alpha=1..2"])
