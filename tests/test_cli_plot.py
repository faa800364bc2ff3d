"""The plotting command through Typer's CliRunner: every option, bad input, files, exit codes.

`CliRunner.invoke(app, …)` builds the command with `typer.main.get_command(app)` and calls its
`main`, which is `ActplotGroup.main`: the one place where errors become one line and an exit code.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import click
import pytest
import typer
from cli_output import assert_one_error_line
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from typer.testing import CliRunner, Result

import actplot.figure
from actplot import cli, files, machine
from actplot.eval_output import EVAL_FORMATS
from actplot.figure import BAND
from actplot.options import LAYOUTS
from actplot.propagation_table import PROPAGATE_FORMATS
from actplot.tables import LIST_FORMATS
from actplot.theme import THEMES

PNG = b"\x89PNG\r\n\x1a\n"
#: How each figure format's files begin: a format added to `files.FIGURE_FORMATS` needs its line here.
SIGNATURES = {"png": PNG, "svg": b"<?xml", "pdf": b"%PDF", "gif": b"GIF89a", "apng": PNG}
BRAILLE = {chr(c) for c in range(0x2801, 0x2900)}


@pytest.fixture(autouse=True)
def _headless(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Agg, no display, and a fresh working folder so any stray file would show up."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[Figure]:
    """The figures the command draws, for inspecting their artists.

    Rendering is the slow part and is tested elsewhere, so the bytes written are a stand-in.
    """
    figures: list[Figure] = []
    draw = actplot.figure.draw

    def recording(*args: object, **kwargs: object) -> Figure:
        figure = draw(*args, **kwargs)  # type: ignore[arg-type]
        figures.append(figure)
        return figure

    monkeypatch.setattr(actplot.figure, "draw", recording)
    monkeypatch.setattr(
        actplot.figure, "figure_bytes", lambda figure, fmt, dpi=None: b"rendered " + fmt.encode()
    )
    return figures


def run(*args: str) -> Result:
    return CliRunner().invoke(cli.app, list(args))


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG)
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


#: The gid of a curve's line: "label/order" (its jump markers add "/jump").
CURVE_GID = re.compile(r".+/[012]")


def curve_gids(figure: Figure) -> list[set[str]]:
    return [
        {gid for line in ax.get_lines() if CURVE_GID.fullmatch(gid := line.get_gid() or "")}
        for ax in figure.axes
        if ax.get_gid() != BAND
    ]


# --- the README's first command and the two spellings of it ----------------------------------------


def test_the_readmes_first_command_writes_a_png(tmp_path: Path) -> None:
    result = run("sigmoid", "relu", "--derivs", "2", "-o", "activations.png", "--dpi", "40")
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert (tmp_path / "activations.png").read_bytes().startswith(PNG)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["activations.png"]


def test_bare_form_and_plot_subcommand_give_the_same_bytes() -> None:
    bare = run("sigmoid", "relu", "-n", "20", "-o", "-", "--format", "svg")
    explicit = run("plot", "sigmoid", "relu", "-n", "20", "-o", "-", "--format", "svg")
    assert bare.exit_code == explicit.exit_code == 0
    assert bare.stdout_bytes.startswith(b"<?xml")
    assert bare.stdout_bytes == explicit.stdout_bytes


def test_short_options_equal_long_ones() -> None:
    short = run("relu", "-d", "1", "-r", "-2", "2", "-n", "20", "-o", "-", "-f", "svg")
    long = run(
        "relu", "--derivs", "1", "--range", "-2", "2", "--points", "20", "--output", "-", "--format", "svg"
    )
    assert short.exit_code == long.exit_code == 0
    assert short.stdout_bytes == long.stdout_bytes


# --- options ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("derivs", [0, 1, 2])
def test_derivs_draws_one_panel_per_order(drawn: list[Figure], derivs: int) -> None:
    result = run("sigmoid", "relu", "--derivs", str(derivs), "-o", "x.svg")
    assert result.exit_code == 0, result.output
    (figure,) = drawn
    assert curve_gids(figure) == [{f"sigmoid/{k}", f"relu/{k}"} for k in range(derivs + 1)]


def test_derivs_defaults_to_zero(drawn: list[Figure]) -> None:
    assert run("sigmoid", "-o", "x.svg").exit_code == 0
    assert curve_gids(drawn[0]) == [{"sigmoid/0"}]


@pytest.mark.parametrize(("low", "high"), [(-3.0, -1.0), (-0.5, 4.0), (1.0, 2.0), (-1e-3, 1e-3)])
def test_range_accepts_negative_numbers(drawn: list[Figure], low: float, high: float) -> None:
    result = run("relu", "--range", str(low), str(high), "-o", "x.svg")
    assert result.exit_code == 0, result.output
    (ax,) = drawn[0].axes
    assert ax.get_xlim() == (low, high)
    (line,) = [line for line in ax.get_lines() if CURVE_GID.fullmatch(line.get_gid() or "")]
    assert (line.get_xdata()[0], line.get_xdata()[-1]) == (low, high)


def test_range_defaults_to_minus_five_five(drawn: list[Figure]) -> None:
    assert run("sigmoid", "-o", "x.svg").exit_code == 0
    assert drawn[0].axes[0].get_xlim() == (-5.0, 5.0)


@pytest.mark.parametrize(
    ("specs", "view"),
    [(["relu6"], (-5.0, 8.0)), (["gaussian"], (-3.0, 3.0)), (["sigmoid", "relu6", "gaussian"], (-5.0, 8.0))],
)
def test_range_defaults_to_the_union_of_the_views(
    drawn: list[Figure], specs: list[str], view: tuple[float, float]
) -> None:
    assert run(*specs, "-n", "20", "-o", "x.svg").exit_code == 0
    assert drawn[0].axes[0].get_xlim() == view


def test_points_sets_the_grid_and_keeps_the_corner(drawn: list[Figure]) -> None:
    result = run("relu", "sigmoid", "--points", "7", "--range", "-1", "2.5", "-o", "x.svg")
    assert result.exit_code == 0, result.output
    lines = {
        line.get_gid(): list(line.get_xdata())
        for line in drawn[0].axes[0].get_lines()
        if CURVE_GID.fullmatch(line.get_gid() or "")
    }
    assert len(lines["sigmoid/0"]) == 7
    assert len(lines["relu/0"]) == 8
    assert 0.0 in lines["relu/0"]


def test_points_defaults_to_about_a_thousand(drawn: list[Figure]) -> None:
    assert run("sigmoid", "-o", "x.svg").exit_code == 0
    (line,) = [line for line in drawn[0].axes[0].get_lines() if CURVE_GID.fullmatch(line.get_gid() or "")]
    assert len(line.get_xdata()) == 1000


def test_output_repeated_writes_png_svg_and_pdf(tmp_path: Path) -> None:
    result = run("step", "relu", "-d", "2", "-o", "a.png", "-o", "b.svg", "-o", "sub/c.PDF", "--dpi", "30")
    # sub/ does not exist: nothing may be written
    assert result.exit_code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    (tmp_path / "sub").mkdir()
    result = run("step", "relu", "-d", "2", "-o", "a.png", "-o", "b.svg", "-o", "sub/c.PDF", "--dpi", "30")
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert (tmp_path / "a.png").read_bytes().startswith(PNG)
    assert ET.fromstring((tmp_path / "b.svg").read_bytes()).tag.endswith("svg")
    assert (tmp_path / "sub" / "c.PDF").read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "b.svg", "sub"]
    assert [p.name for p in (tmp_path / "sub").iterdir()] == ["c.PDF"]


@pytest.mark.parametrize("fmt", files.FIGURE_FORMATS)
def test_output_dash_streams_the_format_to_stdout(tmp_path: Path, fmt: str) -> None:
    spec = "elu:alpha=1:2" if files.FIGURE_FORMATS[fmt].animated else "sigmoid"  # an animation needs a sweep
    result = run(spec, "-n", "50", "-o", "-", "--format", fmt, "--dpi", "30")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout_bytes.startswith(SIGNATURES[fmt])
    assert list(tmp_path.iterdir()) == []


def test_size_and_dpi_set_the_png_pixels(tmp_path: Path) -> None:
    assert run("sigmoid", "-n", "50", "--size", "4x3", "--dpi", "50", "-o", "small.png").exit_code == 0
    assert run("sigmoid", "-n", "50", "--size", "4x3", "--dpi", "100", "-o", "large.png").exit_code == 0
    assert png_size((tmp_path / "small.png").read_bytes()) == (200, 150)
    assert png_size((tmp_path / "large.png").read_bytes()) == (400, 300)


def test_written_bytes_come_from_the_drawn_figure(tmp_path: Path, drawn: list[Figure]) -> None:
    assert run("sigmoid", "-o", "a.png", "-o", "b.pdf", "-o", "c.svg").exit_code == 0
    assert len(drawn) == 1
    assert [(tmp_path / name).read_bytes() for name in ("a.png", "b.pdf", "c.svg")] == [
        b"rendered png",
        b"rendered pdf",
        b"rendered svg",
    ]


@pytest.mark.parametrize(("size", "inches"), [("6x2.5", (6.0, 2.5)), ("6X2.5", (6.0, 2.5))])
def test_size_is_width_by_height_in_inches(
    drawn: list[Figure], size: str, inches: tuple[float, float]
) -> None:
    assert run("sigmoid", "--size", size, "-o", "x.svg").exit_code == 0
    assert tuple(drawn[0].get_size_inches()) == inches


def test_a_size_too_small_for_the_panels_is_drawn_silently_or_refused_in_one_line(tmp_path: Path) -> None:
    result = run("sigmoid", "relu", "-d", "2", "--size", "1x0.8", "-o", "tiny.png", "--dpi", "30")
    if result.exit_code == 0:
        assert result.output == ""
    else:
        assert_one_error_line(result, 2, "--size")
        assert list(tmp_path.iterdir()) == []


def test_title(drawn: list[Figure]) -> None:
    assert run("sigmoid", "--title", "Logistic, σ(x)", "-o", "x.svg").exit_code == 0
    assert drawn[0].get_suptitle() == "Logistic, σ(x)"


def test_no_title_by_default(drawn: list[Figure]) -> None:
    assert run("sigmoid", "-o", "x.svg").exit_code == 0
    assert drawn[0].get_suptitle() == ""


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_theme(drawn: list[Figure], theme: str) -> None:
    assert run("sigmoid", "--theme", theme, "-o", "x.svg").exit_code == 0
    assert to_hex(drawn[0].get_facecolor()) == THEMES[theme].background


def test_dark_theme_reaches_the_png_pixels(tmp_path: Path) -> None:
    assert run("sigmoid", "--theme", "dark", "--size", "2x2", "--dpi", "20", "-o", "dark.png").exit_code == 0
    from PIL import Image

    with Image.open(tmp_path / "dark.png") as image:
        corner = image.convert("RGB").getpixel((0, 0))
    assert "#{:02x}{:02x}{:02x}".format(*corner) == THEMES["dark"].background


def test_style_with_a_builtin_style(drawn: list[Figure]) -> None:
    result = run("sigmoid", "--style", "ggplot", "-o", "x.svg")
    assert result.exit_code == 0, result.output
    assert to_hex(drawn[0].axes[0].get_facecolor()) == "#e5e5e5"


@pytest.mark.parametrize(("layout", "axes"), [("panels", 2), ("overlay", 1), ("grid", 4)])
def test_layout(drawn: list[Figure], layout: str, axes: int) -> None:
    result = run("sigmoid", "relu", "-d", "1", "--layout", layout, "-o", "x.svg")
    assert result.exit_code == 0, result.output
    assert len(drawn[0].axes) == axes
    assert set.union(*curve_gids(drawn[0])) == {"sigmoid/0", "sigmoid/1", "relu/0", "relu/1"}


def test_layout_defaults_to_panels(drawn: list[Figure]) -> None:
    assert run("sigmoid", "relu", "-d", "2", "-o", "x.svg").exit_code == 0
    assert len([ax for ax in drawn[0].axes if ax.get_gid() != BAND]) == 3


# --- window and terminal ----------------------------------------------------------------------------


def test_terminal_draws_braille_and_says_nothing_on_stderr(tmp_path: Path) -> None:
    result = run("sigmoid", "relu", "-d", "2", "--terminal", "-n", "200")
    assert result.exit_code == 0, result.output
    assert BRAILLE & set(result.stdout)
    assert "sigmoid" in result.stdout
    assert "relu" in result.stdout
    assert result.stderr == ""
    assert list(tmp_path.iterdir()) == []


def test_without_output_and_display_the_plot_goes_to_the_terminal_with_a_hint(tmp_path: Path) -> None:
    result = run("sigmoid", "-n", "200")
    assert result.exit_code == 0, result.output
    assert BRAILLE & set(result.stdout)
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert "-o" in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_terminal_cannot_be_combined_with_output(tmp_path: Path) -> None:
    assert_one_error_line(run("sigmoid", "--terminal", "-o", "x.png"), 2, "--terminal")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("outputs", [[], ["-o", "a.png"], ["-o", "a.png", "-o", "b.svg"]])
def test_show_without_a_display_fails_in_one_line_before_any_file(tmp_path: Path, outputs: list[str]) -> None:
    result = run("sigmoid", "-n", "20", *outputs, "--show")
    assert_one_error_line(result, 1, "no display to open a window on", "-o FILE alone", "--terminal")
    assert "savefig" not in result.stderr  # the Python API's advice, not the command line's
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DISPLAY": ":0"}, True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, True),
        ({}, False),
        ({"DISPLAY": ":0", "MPLBACKEND": "Agg"}, False),
        ({"DISPLAY": ""}, False),
    ],
)
def test_has_display(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: bool) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("MPLBACKEND", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert machine.has_display() is expected


# --- bad input: exit 2, one line, nothing touched ---------------------------------------------------

BAD_INPUT = {
    "misspelt-name": (["sigmod", "-o", "out.png"], ["'sigmod'", "did you mean", "sigmoid"]),
    "unknown-name": (["sigmoid", "nosuchthing", "-o", "out.png"], ["'nosuchthing'"]),
    "reversed-range": (["sigmoid", "--range", "1", "-1", "-o", "out.png"], ["range", "A < B"]),
    "empty-range": (["sigmoid", "--range", "2", "2", "-o", "out.png"], ["range"]),
    "nan-range": (["sigmoid", "--range", "nan", "1", "-o", "out.png"], ["range", "nan"]),
    "inf-range": (["sigmoid", "--range", "0", "inf", "-o", "out.png"], ["range", "inf"]),
    "minus-inf-range": (["sigmoid", "--range", "-inf", "0", "-o", "out.png"], ["range"]),
    "overflowing-range": (["sigmoid", "--range", "-1.7e308", "1.7e308", "-o", "out.png"], ["range"]),
    "half-range": (["sigmoid", "--range", "1", "-o", "out.png"], ["--range"]),
    "word-range": (["sigmoid", "--range", "a", "b", "-o", "out.png"], ["--range"]),
    "one-point": (["sigmoid", "--points", "1", "-o", "out.png"], ["points 1", "10,000,000"]),
    "too-many-points": (["sigmoid", "--points", "10000001", "-o", "out.png"], ["10000001"]),
    "negative-points": (["sigmoid", "--points", "-5", "-o", "out.png"], ["points"]),
    "unknown-extension": (["sigmoid", "-o", "out.webp"], ["out.webp", ".png, .svg, .pdf, .gif or .apng"]),
    "animation-without-sweep": (["sigmoid", "-o", "out.gif"], ["runs over a sweep"]),
    "no-extension": (["sigmoid", "-o", "out"], ["'out'", ".png"]),
    "extension-among-good-ones": (["sigmoid", "-o", "new.svg", "-o", "out.jpeg"], ["out.jpeg"]),
    "parameter-not-a-number": (["leaky_relu:negative_slope=abc", "-o", "out.png"], ["negative_slope", "abc"]),
    "parameter-infinite": (["leaky_relu:negative_slope=inf", "-o", "out.png"], ["negative_slope"]),
    "unknown-parameter": (["leaky_relu:nope=1", "-o", "out.png"], ["nope", "negative_slope"]),
    "parameter-without-value": (["leaky_relu:negative_slope", "-o", "out.png"], ["negative_slope"]),
    "derivs-3": (["sigmoid", "--derivs", "3", "-o", "out.png"], ["--derivs"]),
    "derivs-negative": (["sigmoid", "--derivs", "-1", "-o", "out.png"], ["--derivs"]),
    "unknown-theme": (["sigmoid", "--theme", "blue", "-o", "out.png"], ["--theme", "blue"]),
    "unknown-layout": (["sigmoid", "--layout", "stacked", "-o", "out.png"], ["--layout", "stacked"]),
    "unknown-style": (["sigmoid", "--style", "no_such_style", "-o", "out.png"], ["no_such_style"]),
    "size-word": (["sigmoid", "--size", "big", "-o", "out.png"], ["--size", "big"]),
    "size-zero": (["sigmoid", "--size", "0x4", "-o", "out.png"], ["--size"]),
    "size-one-number": (["sigmoid", "--size", "4", "-o", "out.png"], ["--size"]),
    "size-huge": (["sigmoid", "--size", "4x1000", "-o", "out.png"], ["--size"]),
    "size-negative": (["sigmoid", "--size", "-4x3", "-o", "out.png"], ["--size"]),
    "dpi-zero": (["sigmoid", "--dpi", "0", "-o", "out.png"], ["--dpi"]),
    "stdout-without-format": (["sigmoid", "-o", "-"], ["--format"]),
    "unknown-format": (["sigmoid", "-o", "-", "--format", "webp"], ["--format"]),
    "unknown-option": (["sigmoid", "--colour", "red", "-o", "out.png"], ["--colour"]),
    "no-name": (["--derivs", "1", "-o", "out.png"], []),
    "size-too-short": (
        ["relu", "step", "tanh", "-d", "2", "--size", "4x3", "--layout", "grid", "-o", "out.png"],
        ["--size 4x3 is too small for 3×3 panels", "height 3 <"],
    ),
    "size-too-narrow": (
        ["relu", "-d", "2", "--size", "2x9", "-o", "out.png"],
        ["width 2 < 3.4 inches"],
    ),
    "list-parameter-with-commas": (
        ["softmax:others=1,2", "-o", "out.png"],
        ["separated by '/'", "others=1/2"],
    ),
    "mistyped-command": (["ifno", "gelu", "-o", "out.png"], ["'ifno'", "did you mean info?"]),
}


@pytest.mark.parametrize(("args", "fragments"), BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_exits_2_with_one_line_and_touches_no_file(
    tmp_path: Path, args: list[str], fragments: list[str]
) -> None:
    existing = tmp_path / "out.png"
    existing.write_bytes(b"the user's figure")
    result = run(*args)
    assert_one_error_line(result, 2, *fragments)
    assert existing.read_bytes() == b"the user's figure"
    assert [p.name for p in tmp_path.iterdir()] == ["out.png"]


def test_help_hint_follows_option_errors() -> None:
    result = run("sigmoid", "--theme", "blue")
    assert_one_error_line(result, 2, "(see 'actplot --help')")


# --- output problems: exit 1 with the path named ----------------------------------------------------


def test_missing_output_folder_exits_1_naming_the_path(tmp_path: Path) -> None:
    result = run("sigmoid", "-o", "missing/fig.png")
    assert_one_error_line(result, 1, "missing/fig.png")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_as_output_exits_1_naming_it(tmp_path: Path) -> None:
    (tmp_path / "fig.png").mkdir()
    result = run("sigmoid", "-o", "fig.png")
    assert_one_error_line(result, 1, "fig.png")
    assert (tmp_path / "fig.png").is_dir()


def test_unwritable_output_folder_exits_1_naming_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests may run as root, for whom every folder is writable: make the permission check say no.
    monkeypatch.setattr(files.os, "access", lambda path, mode: False)
    result = run("sigmoid", "-o", "locked.png")
    assert_one_error_line(result, 1, "locked.png", "permission")
    assert list(tmp_path.iterdir()) == []


def test_a_failing_output_leaves_the_other_existing_outputs_byte_identical(tmp_path: Path) -> None:
    existing = tmp_path / "keep.png"
    existing.write_bytes(b"the user's figure")
    result = run("sigmoid", "-o", "keep.png", "-o", "missing/fig.svg")
    assert_one_error_line(result, 1, "missing/fig.svg")
    assert existing.read_bytes() == b"the user's figure"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.png"]


def test_an_existing_output_is_replaced_on_success(tmp_path: Path) -> None:
    existing = tmp_path / "fig.svg"
    existing.write_bytes(b"old")
    assert run("sigmoid", "-n", "20", "-o", "fig.svg").exit_code == 0
    assert existing.read_bytes().startswith(b"<?xml")
    assert [p.name for p in tmp_path.iterdir()] == ["fig.svg"]


# --- reproducible files -----------------------------------------------------------------------------


def test_a_file_does_not_depend_on_the_other_outputs_of_the_run(tmp_path: Path) -> None:
    command = ["step", "relu", "-d", "2", "-n", "50"]
    assert run(*command, "-o", "alone.png").exit_code == 0
    assert run(*command, "-o", "with.svg", "-o", "with.png").exit_code == 0
    assert run(*command, "-o", "alone.svg").exit_code == 0
    for fmt in ("png", "svg"):
        assert (tmp_path / f"alone.{fmt}").read_bytes() == (tmp_path / f"with.{fmt}").read_bytes(), fmt


# --- help, version, python -m -----------------------------------------------------------------------


def test_help() -> None:
    result = run("--help")
    assert result.exit_code == 0, result.output
    assert "Usage" in result.stdout
    assert "plot" in result.stdout


@pytest.mark.parametrize("args", [["sigmoid", "--help"], ["plot", "--help"], ["sigmoid", "-h"]])
def test_plot_help_lists_the_options(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.output
    for option in ("--derivs", "--range", "--points", "--output", "--format", "--size", "--dpi", "--title"):
        assert option in result.stdout
    for option in ("--theme", "--style", "--layout", "--terminal", "--show"):
        assert option in result.stdout


def test_a_figure_format_added_to_the_table_reaches_the_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(files.FIGURE_FORMATS, "eps", files.FigureFormat("eps", {}, in_pages=False))
    assert files.figure_format(Path("a.EPS")) == "eps"
    assert_one_error_line(run("sigmoid", "-o", "out.webp"), 2, "use .png, .svg, .pdf, .gif, .apng or .eps")


def test_choices_come_from_the_modules_that_own_them() -> None:
    group = typer.main.get_command(cli.app)
    assert isinstance(group, click.Group)

    def choices(command: str, name: str) -> list[object]:
        (param,) = [p for p in group.commands[command].params if p.name == name]
        assert isinstance(param.type, click.Choice)
        return list(param.type.choices)

    assert choices("plot", "fmt") == list(files.FIGURE_FORMATS)
    assert choices("gallery", "fmt") == list(files.GALLERY_FORMATS)
    assert choices("plot", "theme") == choices("gallery", "theme") == list(THEMES)
    assert choices("plot", "layout") == list(LAYOUTS)
    assert choices("list", "fmt") == list(LIST_FORMATS)
    assert choices("eval", "fmt") == list(EVAL_FORMATS)
    assert choices("propagate", "fmt") == list(PROPAGATE_FORMATS)
    assert choices("propagate", "theme") == list(THEMES)


def test_help_and_completion_do_not_import_the_modules_that_own_other_commands_formats() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from actplot.cli import main; main(['--help']); print(*sys.modules)",
        ],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=60,
        check=True,
    )
    loaded = done.stdout.split()
    assert "actplot.cli" in loaded
    assert "actplot.tables" not in loaded
    assert "actplot.eval_output" not in loaded


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("actplot ")


def subprocess_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY"}}
    env["MPLBACKEND"] = "Agg"
    return env


def test_python_m_actplot_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "actplot", "--help"],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Usage" in done.stdout
    assert done.stderr == ""


#: Jumps, kinks, impulses (δ and δ′) in three panels, and a family (which the animated formats animate).
BUSY = ["step", "relu", "leaky_relu:negative_slope=0.1:0.3", "-d", "2", "-n", "50", "--dpi", "40"]


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[subprocess.CompletedProcess[str], Path]]:
    """The same command in two processes with different hash seeds, writing every figure format."""
    runs = []
    for seed in ("1", "2"):
        folder = tmp_path_factory.mktemp(f"run{seed}")
        done = subprocess.run(
            [sys.executable, "-m", "actplot", *BUSY, *(f"-ofig.{fmt}" for fmt in files.FIGURE_FORMATS)],
            capture_output=True,
            text=True,
            env={**subprocess_env(), "PYTHONHASHSEED": seed},
            cwd=folder,
            timeout=120,
        )
        runs.append((done, folder))
    return runs


@pytest.mark.parametrize("fmt", files.FIGURE_FORMATS)
def test_the_same_command_in_two_processes_gives_identical_files(
    two_runs: list[tuple[subprocess.CompletedProcess[str], Path]], fmt: str
) -> None:
    (first, one), (second, two) = two_runs
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    data = (one / f"fig.{fmt}").read_bytes()
    assert data.startswith(SIGNATURES[fmt])
    assert data == (two / f"fig.{fmt}").read_bytes()


def test_writing_files_prints_nothing_on_stderr(
    two_runs: list[tuple[subprocess.CompletedProcess[str], Path]],
) -> None:
    (first, _), _ = two_runs
    assert first.returncode == 0
    assert first.stdout == ""
    assert first.stderr == ""


def test_publication_knobs_reach_the_figure(tmp_path: Path, drawn: list[Figure]) -> None:
    result = run(
        "relu",
        "step",
        "-d",
        "1",
        "-o",
        str(tmp_path / "k.png"),
        "--transparent",
        "--font-scale",
        "1.5",
        "--legend",
        "inside",
    )
    assert result.exit_code == 0, result.output
    (figure,) = drawn
    assert figure.get_facecolor()[3] == 0.0
    assert figure.axes[0].get_legend() is not None and not figure.legends
    assert figure.axes[0].title.get_fontsize() == 1.5 * 12


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--font-scale", "9"], "--font-scale"),
        (["--legend", "top"], "--legend"),
        (["--transparent", "--terminal"], "--transparent cannot be honoured by the terminal"),
        (["--font-scale", "2", "--terminal"], "--font-scale cannot be honoured by the terminal"),
    ],
)
def test_bad_knobs_are_one_line_and_write_nothing(tmp_path: Path, args: list[str], words: str) -> None:
    target = [] if "--terminal" in args else ["-o", str(tmp_path / "k.png")]
    assert_one_error_line(run("relu", *target, *args), 2, words)
    assert list(tmp_path.iterdir()) == []


def test_without_a_display_an_option_for_files_says_why_the_terminal_was_chosen() -> None:
    assert_one_error_line(
        run("relu", "--font-scale", "2"), 2, "no display here, so the plot goes to the terminal"
    )
