"""The list, info, eval, gallery and render commands through Typer's CliRunner; completion and imports.

`CliRunner.invoke(app, …)` runs `ActplotGroup.main`, where every error becomes one line and an exit
code.  Completion and import hygiene run `main` in a fresh interpreter, with the environment a shell sets.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import click
import numpy as np
import pytest
import typer
from cli_output import assert_one_error_line
from typer.testing import CliRunner, Result

import actplot
from actplot import cli, gallery, tables

#: softmax([0.3, 2.9, 4.0]) = e^{zᵢ}/Σⱼ e^{zⱼ}, to eight decimals.
SOFTMAX_WORKED_EXAMPLE = (0.01821127, 0.24519181, 0.73659691)


@pytest.fixture(autouse=True)
def _in_a_fresh_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.chdir(tmp_path)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli.app, list(args))


def assert_usage_error(result: Result, *fragments: str) -> None:
    """A usage error: exit 2 and one line naming the fragments."""
    assert_one_error_line(result, 2, *fragments)


def strict_json(text: str) -> object:
    return json.loads(text, parse_constant=pytest.fail)


# ---------------------------------------------------------------------------------------------------
# list


def test_list_table_names_every_entry() -> None:
    result = run("list")
    assert result.exit_code == 0, result.output
    for name in actplot.names():
        assert name in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_list_text_formats_are_the_tables_text(fmt: str) -> None:
    result = run("list", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert result.stdout == tables.list_text(tables.catalogue_rows(), fmt)


def test_list_json_holds_the_catalogue_facts() -> None:
    result = run("list", "-f", "json")
    assert result.exit_code == 0, result.output
    document = strict_json(result.stdout)
    assert isinstance(document, list)
    by_name = {item["name"]: item for item in document}
    assert list(by_name) == actplot.names()
    for name, item in by_name.items():
        activation = actplot.get(name)
        assert set(item) >= {"name", "aliases", "range", "continuity", "monotonic", "params", "frameworks"}
        assert item["continuity"] == activation.continuity
        assert item["monotonic"] == activation.monotonic
        assert item["range"]["text"] == str(activation.output_range)
    assert by_name["leaky_relu"]["params"] == {"negative_slope": 0.01}
    assert by_name["relu"]["continuity"] == "C⁰"
    assert by_name["step"]["continuity"] == "C⁻¹"


def test_list_csv_parses_with_one_row_per_entry() -> None:
    result = run("list", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert [r["name"] for r in csv.DictReader(io.StringIO(result.stdout))] == actplot.names()


def test_list_refuses_an_unknown_format() -> None:
    result = run("list", "--format", "yaml")
    assert result.exit_code == 2
    assert "yaml" in result.stderr
    assert len(result.stderr.splitlines()) == 1


# ---------------------------------------------------------------------------------------------------
# info


def test_info_shows_formulas_breaks_facts_and_reference() -> None:
    result = run("info", "relu")
    assert result.exit_code == 0, result.output
    shown = " ".join(result.stdout.split())
    entry = actplot.get("relu").entry
    for part in ("Formulas", "f(x) max(x, 0)", "Breaks", "x = 0 kink: f′ jumps by 1", "f″ has δ(x)", "Facts"):
        assert part in shown
    assert "range [0, ∞)" in shown
    assert " ".join(entry.reference.split()) in shown


def test_info_takes_aliases_and_parameters() -> None:
    result = run("info", "LeakyReLU:negative_slope=0.2")
    assert result.exit_code == 0, result.output
    shown = " ".join(result.stdout.split())
    assert "negative_slope 0.2 0.01" in shown
    assert "f′ jumps by 0.8" in shown


def test_info_of_an_expression() -> None:
    result = run("info", "x*tanh(softplus(x))")
    assert result.exit_code == 0, result.output
    assert "range not known" in " ".join(result.stdout.split())


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["info", "rleu"], ["unknown activation 'rleu'", "relu"]),
        (["info", "elu:alpha=-1"], ["alpha=-1"]),
        (["info", "elu:beta=1"], ["no parameter 'beta'"]),
    ],
)
def test_info_bad_spec_exits_2_in_one_line(args: list[str], fragments: list[str]) -> None:
    assert_usage_error(run(*args), *fragments)


def test_info_bad_expression_exits_2_pointing_at_the_column() -> None:
    assert error_lines("info", "x**") == [
        "actplot: error: not a valid expression: invalid syntax at the end (column 4) of 'x**': x**▸",
    ]


def test_info_takes_exactly_one_spec() -> None:
    assert run("info").exit_code == 2
    assert run("info", "relu", "tanh").exit_code == 2


# ---------------------------------------------------------------------------------------------------
# eval


@pytest.mark.parametrize(
    "x_args",
    [
        ["--x", "-1,0,1.5"],
        ["--x=-1,0,1.5"],
        ["-x", "-1", "-x", "0,1.5"],
        ["--x", "-1", "--x=0", "--x", "1.5"],
    ],
)
def test_eval_x_lists_with_negative_values(x_args: list[str]) -> None:
    result = run("eval", "sigmoid", *x_args, "--format", "json")
    assert result.exit_code == 0, result.output
    document = strict_json(result.stdout)
    assert isinstance(document, dict)
    assert document["x"] == [-1.0, 0.0, 1.5]


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_eval_numbers_are_the_cores(fmt: str) -> None:
    x = [-745.0, -30.0, -1.0, -1e-8, 0.0, 1e-300, 0.5, 3.0, 710.0]
    specs = ["gelu:approximate=tanh", "elu:alpha=0.5", "relu6"]
    result = run("eval", *specs, "--x", ",".join(map(repr, x)), "--derivs", "2", "--format", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        document = strict_json(result.stdout)
        assert isinstance(document, dict)
        assert document["x"] == x
        series = [(s["name"], s["order"], s["y"]) for s in document["series"]]
    else:
        rows = list(csv.reader(io.StringIO(result.stdout)))
        assert rows[0] == ["x", *(spec + "'" * k for spec in specs for k in range(3))]
        assert [float(r[0]) for r in rows[1:]] == x
        columns = list(zip(*rows[1:], strict=True))[1:]
        series = [
            (spec, k, [float(v) for v in columns[3 * i + k]])
            for i, spec in enumerate(specs)
            for k in range(3)
        ]
    assert [(name, order) for name, order, _ in series] == [(s, k) for s in specs for k in range(3)]
    for name, order, y in series:
        assert y == actplot.evaluate(name, np.array(x), order).tolist()


def test_eval_range_and_points() -> None:
    result = run("eval", "tanh", "--range", "-2", "2", "--points", "5", "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert [float(r[0]) for r in rows[1:]] == [-2.0, -1.0, 0.0, 1.0, 2.0]
    assert [float(r[1]) for r in rows[1:]] == np.tanh([-2.0, -1.0, 0.0, 1.0, 2.0]).tolist()


def test_eval_range_defaults_to_eleven_points() -> None:
    result = run("eval", "relu", "-r", "-5", "5", "-f", "json")
    assert result.exit_code == 0, result.output
    document = strict_json(result.stdout)
    assert isinstance(document, dict)
    assert document["x"] == [float(v) for v in range(-5, 6)]


def test_eval_table() -> None:
    result = run("eval", "sigmoid", "relu", "--x", "-1,0,1", "-d", "1")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["x", "sigmoid", "sigmoid'", "relu", "relu'"]
    assert lines[1].split() == ["-1", "0.2689414214", "0.1966119332", "0", "0"]
    assert len(lines) == 4


def test_eval_says_the_dirac_term_the_value_at_a_break_hides() -> None:
    table = run("eval", "relu", "--x", "-1,0,1", "-d", "2")
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert lines[2].split() == ["0", "0", "0", "0¹"]  # relu″(0) = 0 pointwise ...
    assert "¹ relu'' + 1·δ at 0" in lines  # ... and δ in the distributional derivative
    document = strict_json(run("eval", "relu", "--x", "-1,0,1", "-d", "2", "-f", "json").stdout)
    assert isinstance(document, dict)
    assert [s["impulses"] for s in document["series"]] == [
        [],
        [],
        [{"x": 0.0, "order": 2, "weight": 1.0, "kind": "δ"}],
    ]
    csv_text = run("eval", "relu", "--x", "-1,0,1", "-d", "2", "-f", "csv")
    assert csv_text.exit_code == 0 and csv_text.stdout.splitlines()[2] == "0.0,0.0,0.0,0.0"


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_eval_never_prints_negative_zero(fmt: str) -> None:
    result = run("eval", "relu", "tanh", "--x", "-0.0,-1e-320,-5e-324", "-d", "2", "-f", fmt)
    assert result.exit_code == 0, result.output
    assert not re.search(r"-0(\.0+)?(?![\d.e])", result.stdout), result.stdout


def test_eval_non_finite_values() -> None:
    result = run("eval", "exponential", "--x", "1000,-inf,nan", "-f", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == ["1000.0,inf", "-inf,0.0", "nan,nan"]
    result = run("eval", "exponential", "--x", "1000,-inf,nan", "-f", "json")
    document = strict_json(result.stdout)
    assert isinstance(document, dict)
    assert document["series"][0]["y"] == ["inf", 0.0, "nan"]


def test_eval_softmax_vector_matches_the_worked_example() -> None:
    result = run("eval", "softmax", "--vector", "0.3,2.9,4.0", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["x", "softmax"]
    assert [float(r[0]) for r in rows[1:]] == [0.3, 2.9, 4.0]
    np.testing.assert_allclose([float(r[1]) for r in rows[1:]], SOFTMAX_WORKED_EXAMPLE, atol=5e-9)


def test_eval_softmax_vector_table_shows_eight_decimals() -> None:
    result = run("eval", "softmax", "--vector", "0.3,2.9,4.0")
    assert result.exit_code == 0, result.output
    shown = result.stdout
    for value in SOFTMAX_WORKED_EXAMPLE:
        assert f"{value:.8f}" in shown


def test_eval_vector_json_has_the_same_shape_with_logits_as_x() -> None:
    result = run("eval", "softmax", "log_softmax", "--vector=-1000,1000,1e308", "--format", "json")
    assert result.exit_code == 0, result.output
    document = strict_json(result.stdout)
    assert isinstance(document, dict)
    assert document["x"] == [-1000.0, 1000.0, 1e308]
    assert [(s["name"], s["order"]) for s in document["series"]] == [("softmax", 0), ("log_softmax", 0)]
    softmax = document["series"][0]["y"]
    assert softmax == [0.0, 0.0, 1.0]
    assert all(math.isfinite(v) for v in document["series"][1]["y"])


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["eval", "tanh", "--x", "0,abc"], ["--x 'abc' is not a number"]),
        (["eval", "tanh", "--x", "1,,2"], ["--x '' is not a number"]),
        (["eval", "tanh"], ["--x", "--range", "--vector"]),
        (["eval", "tanh", "--x", "1", "--range", "0", "1"], ["one of --x"]),
        (["eval", "tanh", "--x", "1", "--points", "3"], ["--points"]),
        (["eval", "tanh", "--range", "1", "-1"], ["reversed"]),
        (["eval", "tanh", "--range", "-1", "1", "--points", "1"], ["points 1"]),
        (["eval", "tahn", "--x", "1"], ["unknown activation 'tahn'", "tanh"]),
        (["eval", "relu", "--vector", "1,2"], ["relu has no vector form", "softmax"]),
        (["eval", "softmax", "--vector", "1,2", "--derivs", "1"], ["--vector"]),
        (["eval", "softmax", "--vector", "1,x"], ["--vector 'x' is not a number"]),
        (["eval", "tanh", "--range", "0", "1", "-n", "10001"], ["10,001 rows", "limit is 10,000", "-f csv"]),
    ],
)
def test_eval_bad_input_exits_2_in_one_line(args: list[str], fragments: list[str]) -> None:
    assert_usage_error(run(*args), *fragments)


@pytest.mark.parametrize(
    "args",
    [
        ["eval", "tanh", "--x", "1", "--derivs", "3"],
        ["eval", "tanh", "--range", "a", "1"],
        ["eval", "tanh", "--x", "1", "--format", "xml"],
    ],
)
def test_eval_option_errors_exit_2_in_one_line(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1


# ---------------------------------------------------------------------------------------------------
# gallery


@pytest.fixture
def two_entries(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command's wiring, on a two-entry catalogue (tests/test_gallery.py draws the real one)."""
    monkeypatch.setattr(gallery, "names", lambda: ["relu", "step"])


def test_gallery_command(tmp_path: Path, two_entries: None) -> None:
    result = run("gallery", "out", "--format", "png", "--derivs", "1", "--theme", "dark")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["index.md", "relu.png", "step.png"]
    assert result.stdout == ""
    assert result.stderr == f"actplot: wrote 2 figures and {Path('out') / 'index.md'}\n"
    assert "--format png --derivs 1 --theme dark" in (tmp_path / "out" / "index.md").read_text()


def test_gallery_defaults_to_svg_with_two_derivatives(tmp_path: Path, two_entries: None) -> None:
    result = run("gallery", "out")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "relu.svg").read_bytes().startswith(b"<?xml")
    assert "--format svg --derivs 2 --theme light" in (tmp_path / "out" / "index.md").read_text()


def test_gallery_without_the_parent_folder_exits_1(tmp_path: Path) -> None:
    result = run("gallery", "no/such/folder")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "actplot: error: cannot create 'no/such/folder': folder 'no/such' does not exist"
    ]


@pytest.mark.parametrize("args", [["--format", "pdf"], ["--derivs", "3"], ["--theme", "sepia"]])
def test_gallery_bad_options_exit_2_and_make_nothing(tmp_path: Path, args: list[str]) -> None:
    result = run("gallery", "out", *args)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------------------------------------------
# render

FIGURES = """
[[figure]]
activations = ["sigmoid", "relu"]
derivs = 1
output = ["figures/a.svg", "figures/a.png"]

[[figure]]
title = "Kinks"
activations = ["hard_tanh"]
output = "figures/b.svg"
"""


def write_toml(tmp_path: Path, text: str) -> Path:
    (tmp_path / "docs" / "figures").mkdir(parents=True)
    path = tmp_path / "docs" / "figures.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_render_writes_every_output_relative_to_the_file(tmp_path: Path) -> None:
    write_toml(tmp_path, FIGURES)
    result = run("render", "docs/figures.toml")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "docs" / "figures").iterdir()) == ["a.png", "a.svg", "b.svg"]
    assert result.stderr == "actplot: wrote 3 files from docs/figures.toml\n"


@pytest.mark.parametrize(
    ("change", "fragments"),
    [
        (("derivs = 1", "colour = 1"), ["figure 1 (figures/a.svg): unknown key 'colour'"]),
        (('["hard_tanh"]', '["hard_tahn"]'), ["figure 2 ('Kinks'): key 'activations': unknown activation"]),
        (('output = "figures/b.svg"', ""), ["figure 2 ('Kinks'): missing key 'output'"]),
        (("figures/b.svg", "figures/b.gif"), ["figure 2 ('Kinks'): key 'output'", ".gif"]),
        (("derivs = 1", "derivs = 5"), ["figure 1 (figures/a.svg): key 'derivs'"]),
        (("derivs = 1", "derivs = [1"), ["malformed TOML", "line 5, column 1"]),
    ],
)
def test_render_bad_file_exits_2_in_one_line_and_writes_nothing(
    tmp_path: Path, change: tuple[str, str], fragments: list[str]
) -> None:
    write_toml(tmp_path, FIGURES.replace(*change))
    result = run("render", "docs/figures.toml")
    assert_usage_error(result, "docs/figures.toml: ", *fragments)
    assert list((tmp_path / "docs" / "figures").iterdir()) == []


def test_render_missing_output_folder_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    write_toml(tmp_path, FIGURES.replace("figures/b.svg", "gone/b.svg"))
    result = run("render", "docs/figures.toml")
    assert result.exit_code == 1
    assert "figure 2 ('Kinks'): key 'output'" in result.stderr
    assert "does not exist" in result.stderr
    assert list((tmp_path / "docs" / "figures").iterdir()) == []


def test_render_missing_file_exits_2() -> None:
    assert_usage_error(run("render", "nothing.toml"), "cannot read 'nothing.toml'")


# ---------------------------------------------------------------------------------------------------
# help

COMMANDS = ["explore", "list", "info", "eval", "gallery", "render", "propagate", "completion"]
README = Path(__file__).resolve().parent.parent / "README.md"


def help_page(*args: str) -> str:
    """The help page at 250 columns (so no line wraps), after checking it exits 0."""
    result = CliRunner().invoke(cli.app, [*args, "--help"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.exit_code == 0, result.output
    for command in COMMANDS:
        assert command in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_help(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0, result.output
    assert "Usage" in result.stdout


def test_help_shows_the_figure_tables_of_render_literally() -> None:
    assert "[[figure]] tables" in help_page("render")


@pytest.mark.parametrize(("command", "usage"), [("eval", "NAME..."), ("info", "NAME"), ("gallery", "DIR")])
def test_usage_and_argument_table_show_metavars_not_variable_names(command: str, usage: str) -> None:
    page = help_page(command)
    assert f"Usage: actplot {command} [OPTIONS] {usage}" in [line.strip() for line in page.splitlines()]
    arguments = page.split("Arguments")[1].split("Options")[0]
    assert f"│ {usage}  " in arguments
    for variable in ("specs", "spec ", "folder"):
        assert f" {variable}" not in arguments.lower().replace("specs with", "")


@pytest.mark.parametrize("command", [[], ["plot"], ["info"], ["eval"]])
def test_help_says_expressions_are_accepted_and_shows_one(command: list[str]) -> None:
    page = help_page(*command)
    assert "expressions in x" in page
    assert '"x*tanh(softplus(x))"' in page


def test_top_level_help_shows_how_to_plot() -> None:
    page = help_page()
    plot_options = page.split("Plot options")[1]
    for option in ("--derivs", "--range", "--output", "--format", "--layout", "--theme"):
        assert option in plot_options
    assert "actplot sigmoid relu --derivs 2" in page.split("Examples")[1]


def test_figure_options_show_their_defaults() -> None:
    page = help_page("plot")
    assert "Resolution of PNG output. [default: 150]" in page
    assert "[default: by layout]" in page


def examples(command: click.Command) -> list[str]:
    """The command lines of a help page's Examples panel (its epilog), without their comments."""
    return [line.partition("  #")[0].rstrip() for line in (command.epilog or "").strip().splitlines()]


@pytest.mark.parametrize("command", ["plot", *COMMANDS])
def test_each_command_shows_examples_that_the_readme_shows_too(command: str) -> None:
    group = typer.main.get_command(cli.app)
    assert isinstance(group, click.Group)
    lines = examples(group.commands[command])
    assert lines
    readme = README.read_text(encoding="utf-8")
    for line in lines:
        assert line in help_page(command).split("Examples")[1]
        assert line in readme, f"{line!r} is in the help of {command} but not in README.md"


# ---------------------------------------------------------------------------------------------------
# subprocesses: completion and imports, as a shell runs them

PROBE = """
import contextlib, io, json, os, sys
from actplot.cli import main

def stream():  # text with a byte buffer beneath, as sys.stdout has (click writes completions as bytes)
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)

def text(stream):
    return stream.buffer.getvalue().decode()

done = []
for args, env in json.loads(sys.stdin.read()):
    os.environ.update(env)
    out, err = stream(), stream()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(args)
        except SystemExit as exit:
            code = exit.code or 0
    for name in env:
        del os.environ[name]
    loaded = sorted(m for m in sys.modules if m.split(".")[0] == "matplotlib")
    done.append([text(out), text(err), code, loaded])
print(json.dumps(done))
"""


@dataclass(frozen=True)
class Probed:
    """One command line run by `main` in the shared fresh interpreter, and what it left there."""

    stdout: str
    stderr: str
    exit_code: int
    #: matplotlib's modules loaded by this run or any before it (the runs are listed in `PROBES`).
    loaded: list[str]


def completion_request(shell: str, words: str) -> dict[str, str]:
    """The environment click's completion script of `shell` sets on TAB after `words`."""
    if shell == "fish":  # the words so far, and the one being completed
        return {"_ACTPLOT_COMPLETE": "fish_complete", "COMP_WORDS": words, "COMP_CWORD": words.split()[-1]}
    index = len(words.split()) - (not words.endswith(" "))
    return {"_ACTPLOT_COMPLETE": f"{shell}_complete", "COMP_WORDS": words, "COMP_CWORD": str(index)}


#: Commands that draw nothing, which must not import matplotlib.
TABLE_COMMANDS = [
    ["list"],
    ["list", "--format", "json"],
    ["info", "selu"],
    ["info", "x*tanh(softplus(x))"],
    ["eval", "sigmoid", "--x", "-1,0,1", "--derivs", "2"],
    ["eval", "relu", "--x", "-1,0,1", "--derivs", "2"],  # its δ at 0 comes from the sampler
    ["eval", "softmax", "--vector", "0.3,2.9,4.0", "--format", "json"],
    ["--help"],
    ["eval", "--help"],
]
#: What bash's TAB offers after these words, at least (the last word is the one being completed).
BASH_COMPLETIONS = [
    ("actplot plot sigm", ["sigmoid"]),
    ("actplot sigmoid rel", ["relu", "relu6"]),
    ("actplot info leaky", ["leaky_relu"]),
    ("actplot eval sig", ["sigmoid", "sigmoid_linear_unit"]),
    ("actplot eval sigmoid --x 1 tanh_s", ["tanh_shrink"]),
    ("actplot info softplus:", ["softplus:beta="]),
    ("actplot eval elu:a", ["elu:alpha="]),
    ("actplot info swi", ["swish"]),
    ("actplot eval relu hard_sw", ["hard_swish"]),
    ("actplot ren", ["render"]),
    ("actplot eval gelu@", ["gelu@torch", "gelu@jax", "gelu@keras"]),
    ("actplot info leaky_relu@k", ["leaky_relu@keras"]),
    ("actplot hard_shrink@keras:", ["hard_shrink@keras:threshold="]),
    ("actplot info ", []),
    ("actplot sigm", ["sigmoid"]),
    ("actplot info nope:", []),
]
OTHER_SHELLS = [("zsh", "actplot info leaky"), ("fish", "actplot eval leaky")]
#: Every run, in order: (argument list, environment), as a shell would start each.
PROBES = [
    *((args, {}) for args in TABLE_COMMANDS),
    *(([], completion_request("bash", words)) for words, _ in BASH_COMPLETIONS),
    *(([], completion_request(shell, words)) for shell, words in OTHER_SHELLS),
]


@pytest.fixture(scope="module")
def probed() -> list[Probed]:
    """Every run of `PROBES`, one after another in one fresh interpreter, as `main` sees them.

    One interpreter rather than one each: `loaded` counts what any run so far imported, so a
    run that imports matplotlib shows in its own result and every later one, never in none.
    """
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        input=json.dumps(PROBES),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    assert done.returncode == 0, done.stderr
    return [Probed(*run) for run in json.loads(done.stdout)]


def probe(probed: list[Probed], args: list[str], env: dict[str, str] | None = None) -> Probed:
    return probed[PROBES.index((args, env or {}))]


def bash_completion(probed: list[Probed], words: str) -> tuple[list[str], list[str]]:
    """What bash's TAB offers after `words`, and matplotlib's modules loaded so far."""
    run = probe(probed, [], completion_request("bash", words))
    return [line.partition(",")[2] for line in run.stdout.splitlines()], run.loaded


@pytest.mark.parametrize("args", TABLE_COMMANDS)
def test_table_commands_do_not_import_matplotlib(probed: list[Probed], args: list[str]) -> None:
    run = probe(probed, args)
    assert run.stdout
    assert run.loaded == [], f"actplot {' '.join(args)} imported {run.loaded}"


@pytest.mark.parametrize(("words", "offered"), [c for c in BASH_COMPLETIONS if c[1]])
def test_bash_completion_of_names_aliases_and_parameters_without_matplotlib(
    probed: list[Probed], words: str, offered: list[str]
) -> None:
    completions, loaded = bash_completion(probed, words)
    assert set(offered) <= set(completions), completions
    assert all(c.lower().startswith(words.split()[-1].lower()) for c in completions)
    assert loaded == []


def test_completion_offers_every_spelling_for_an_empty_word(probed: list[Probed]) -> None:
    completions, loaded = bash_completion(probed, "actplot info ")
    assert set(completions) == set(actplot.catalogue.CATALOGUE.spellings())
    assert loaded == []


def test_zsh_and_fish_completion(probed: list[Probed]) -> None:
    zsh = probe(probed, [], completion_request("zsh", "actplot info leaky"))
    assert zsh.stdout.splitlines() == ["plain", "leaky_relu", "_"]  # type, value, help
    assert zsh.loaded == []
    fish = probe(probed, [], completion_request("fish", "actplot eval leaky"))
    assert fish.stdout.split() == ["plain,leaky_relu"]
    assert fish.loaded == []


def test_completion_after_an_unknown_name_and_colon_offers_nothing_quietly(probed: list[Probed]) -> None:
    run = probe(probed, [], completion_request("bash", "actplot info nope:"))
    assert (run.exit_code, run.stdout.split(), run.stderr) == (0, [], "")


def test_completion_prints_a_script_that_bash_runs_to_complete_activations(tmp_path: Path) -> None:
    script = tmp_path / "actplot.bash"
    result = run("completion", "bash")
    assert result.exit_code == 0, result.output
    script.write_text(result.stdout)
    # what bash does on TAB after `actplot info leaky`: set the words, call the function with the command
    tab = "COMP_WORDS=(actplot info leaky); COMP_CWORD=2; _actplot_completion actplot"
    ask = f'source {script}; {tab}; echo "${{COMPREPLY[@]}}"'
    bin_folder = str(Path(sys.executable).parent)  # where `actplot` is installed beside this Python
    done = subprocess.run(
        ["bash", "-c", ask],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PATH": f"{bin_folder}{os.pathsep}{os.environ['PATH']}"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["leaky_relu"]


@pytest.mark.parametrize(
    ("shell", "marks"),
    [
        ("bash", ["_ACTPLOT_COMPLETE=bash_complete", "complete -o nosort -F _actplot_completion actplot"]),
        ("zsh", ["#compdef actplot", "_ACTPLOT_COMPLETE=zsh_complete"]),
        ("fish", ["_ACTPLOT_COMPLETE=fish_complete", "complete --no-files --command actplot"]),
    ],
)
def test_completion_prints_the_script_of_the_shell_asked_for(shell: str, marks: list[str]) -> None:
    result = run("completion", shell)
    assert result.exit_code == 0, result.output
    for mark in marks:
        assert mark in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["completion", "tcsh"], ["'tcsh' is not one of 'bash', 'zsh', 'fish'"]),
        (["completion"], ["Missing argument 'SHELL'"]),
        (["--install-completion", "zsh"], ["No such option"]),
    ],
)
def test_completion_refuses_other_shells_and_typers_install_option(
    args: list[str], fragments: list[str]
) -> None:
    assert_usage_error(run(*args), *fragments)


# ---------------------------------------------------------------------------------------------------
# errors: exit codes, mistyped commands, expressions


def test_the_exit_code_is_the_errors_own(monkeypatch: pytest.MonkeyPatch) -> None:
    class Unusual(actplot.ActplotError):
        exit_code = 3

    def fail(framework: str | None = None) -> None:
        raise Unusual("something unusual")

    monkeypatch.setattr(tables, "catalogue_rows", fail)
    assert_one_error_line(run("list"), 3, "something unusual")
    assert (actplot.ActplotError.exit_code, actplot.OutputError.exit_code) == (1, 1)
    assert (actplot.UsageError.exit_code, actplot.SpecError.exit_code) == (2, 2)


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["ifno", "gelu"], "info"),
        (["evl", "relu", "--x", "1"], "eval"),
        (["lisst"], "list"),
        (["rendr", "figures.toml"], "render"),
    ],
)
def test_a_mistyped_command_is_named_not_read_as_an_activation(args: list[str], command: str) -> None:
    assert_usage_error(
        run(*args), f"{args[0]!r} is neither a command nor an activation", f"did you mean {command}?"
    )


def test_a_word_nearer_an_activation_than_a_command_stays_an_activation() -> None:
    # 'lish' is near list, nearer elish: the activation error and its suggestion
    assert_usage_error(run("lish", "-o", "f.png"), "unknown activation 'lish'", "elish")


@pytest.mark.parametrize("word", ["elish", "logistic", "elu", "x"])
def test_activations_near_a_command_are_plotted(word: str) -> None:
    result = run(word, "--terminal", "-n", "20")
    assert result.exit_code == 0, result.output


def test_an_expression_near_a_command_is_no_slip() -> None:
    assert cli.mistyped_command("2*x", ["2*y"]) is None  # as alike as 'evl' and 'eval', but valid
    assert cli.mistyped_command("2*z", ["2*y"]) == "2*y"


def error_lines(*args: str) -> list[str]:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    return result.stderr.splitlines()


@pytest.mark.parametrize(
    ("expression", "column"),
    [("x**", 4), ("relu(x", 5), ("x*(2+", 3), ("x^2", 2), ("x+y", 3), ("2*foo(x)", 3), ("1 2*x", 3)],
)
def test_an_expression_error_names_its_1_based_column_and_marks_it_in_the_one_line(
    expression: str, column: int
) -> None:
    (line,) = error_lines("eval", expression, "--x", "1")
    assert line.startswith("actplot: error: ")
    assert f"column {column}" in line
    marked = expression[: column - 1] + cli.MARK + expression[column - 1 :]
    assert line.endswith(f": {marked}")


def test_an_expression_ending_too_early_is_marked_at_its_end() -> None:
    (line,) = error_lines("eval", "relu(x)+", "--x", "1")
    assert "at the end (column 9) of 'relu(x)+'" in line
    assert line.endswith(": relu(x)+" + cli.MARK)


def test_a_long_expression_is_cut_around_the_mark() -> None:
    text = "+".join(["x"] * 100) + "+y"
    shown = cli.pointed(actplot.SpecError("bad", text=text, column=len(text)))
    assert len(shown) <= 2 + 74
    assert shown.startswith(": …")
    assert shown.endswith(cli.MARK + "y")
    assert cli.pointed(actplot.SpecError("no expression")) == ""


def test_an_unknown_function_lists_every_function_that_works() -> None:
    (line,) = error_lines("eval", "2*foo(x)", "--x", "1")[:1]
    listed = line.split("(use catalogue names or ")[1].split(")")[0].split()
    for name in ("exp", "sin", "tanh", "arctan", "log", "abs", "max"):
        assert name in listed
        assert run("eval", f"{name}(x)" if name != "max" else "max(x, 0)", "--x", "0.5").exit_code == 0


def test_a_list_parameter_given_with_commas_points_to_the_slash() -> None:
    assert_usage_error(run("eval", "softmax:others=1,2", "--x", "1"), "separated by '/'", "others=1/2")
    result = run("eval", "softmax:others=1/2", "--x", "0", "--format", "csv")
    assert result.exit_code == 0, result.output
