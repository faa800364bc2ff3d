"""Hostile and careless input: one line and an exit code, never a traceback, never a file half-touched.

Fuzz tests draw command lines from the CLI's grammar and ``render`` files from random TOML;
targeted tests cover each class of failure: all-or-nothing writes, modes kept, SIGTERM,
stdout failures, file-system limits, style files, mathtext, the pixel budget and API types.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import signal
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from cli_output import assert_one_error_line
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib._api import check_in_list
from typer.testing import CliRunner, Result

import actplot
import actplot.figure
from actplot import SpecError, UsageError, batch, cli, figure_checks, files
from actplot.figure_checks import PIXEL_BUDGET, check_canvas, check_style, check_title
from actplot.files import write_atomic

MATHTEXT_ERRORS = ["$\\frac$", "$\\undefinedcmd{x}$", "$x^$", "$$"]


@pytest.fixture(autouse=True)
def _headless(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli.app, list(args), env=env)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder` (temporary files too) with its bytes and mode."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mode)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    """A fresh working folder (hypothesis runs many examples per test, so no tmp_path)."""
    with tempfile.TemporaryDirectory() as name, contextlib.chdir(name):
        folder = Path(name)
        (folder / "figs").mkdir()
        (folder / "figs" / "old.png").write_bytes(b"old figure")
        (folder / "bad.mplstyle").write_text("lines.linewidth: abc\n")
        (folder / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
        yield folder


def assert_failed_cleanly(result: Result, before: dict[str, tuple[bytes, int]], folder: Path) -> None:
    """A failed run: exit 1 or 2, one ``actplot: error:`` line, no traceback, no file touched."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (1, 2), result.output
    assert_one_error_line(result, result.exit_code)
    assert snapshot(folder) == before


# --- fuzzing the command line -----------------------------------------------------------------------

SPECS = [
    "sigmoid",
    "relu",
    "elu:alpha=0.5",
    "elu:alpha=1,alpha=2",
    "elu(x, alpha=1, alpha=2)",
    "x*sigmoid(x)",
    "nosuch",
    "elu:alpha=nan",
    "x**",
    "",
    "$",
    "relu:",
    "softmax:others=1/2",
]
OPTIONS: dict[str, list[str]] = {
    "-d": ["0", "1", "2", "3", "-1", "x"],
    "-r": ["-5 5", "5 -5", "nan 1", "-inf 0", "-1e308 1e308", "0 0", "a b"],
    "-n": ["2", "20", "1", "0", "-3", "1e3", "abc"],
    "-o": [
        "a.png",
        "a.svg",
        "c.pdf",
        "./a.png",
        "figs/../a.png",
        "d.gif",
        "-",
        "missing/x.png",
        "figs",
        "",
        "n" * 300 + ".png",
    ],
    "-f": ["png", "svg", "gif"],
    "--size": ["3x2", "100x100", "0.1x1", "nanx2", "3x", "abc", "1e999x2", "60x60"],
    "--dpi": ["1", "40", "0", "2401", "x"],
    "--title": ["T", *MATHTEXT_ERRORS, "$x^2$", "$", "a$b"],
    "--theme": ["light", "dark", "pink"],
    "--style": ["ggplot", "nosuch", "bad.mplstyle", "passwd", "figs", "/dev/null"],
    "--layout": ["panels", "overlay", "grid", "stack"],
}
FLAGS = ["--terminal", "--show", "--nope", "-h"]


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    argv = draw(st.lists(st.sampled_from(SPECS), min_size=0, max_size=3))
    for option in draw(st.lists(st.sampled_from([*OPTIONS, *FLAGS]), max_size=6)):
        if option in FLAGS:
            argv.append(option)
        else:
            argv += [option, *draw(st.sampled_from(OPTIONS[option])).split(" ")]
    return ["-n", "20", *argv]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(argv=command_lines())
def test_any_command_line_succeeds_or_fails_in_one_line_touching_nothing(argv: list[str]) -> None:
    with scratch() as folder:
        before = snapshot(folder)
        result = run(*argv)
        assert "Traceback" not in result.output
        if result.exit_code != 0:
            assert_failed_cleanly(result, before, folder)
        assert not [p for p in folder.rglob("*.tmp")]


# --- fuzzing render files ---------------------------------------------------------------------------

VALID_TABLE: dict[str, Any] = {"activations": ["relu"], "output": "figs/a.svg", "points": 20}
KEYS = [*batch.CHECKS, "colour", "Title", ""]
toml_scalars = st.one_of(
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=12),
    st.sampled_from(
        [
            "figs/b.png",
            "figs/../figs/a.svg",
            "../outside.svg",
            "/tmp/abs.svg",
            "figs/x.gif",
            "3x2",
            "100x100",
            "nosuch",
            "ggplot",
            "passwd",
            "bad.mplstyle",
            "elu:alpha=1,alpha=2",
            *MATHTEXT_ERRORS,
        ]
    ),
)
toml_values = st.recursive(
    toml_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(KEYS), inner, max_size=2)
    ),
    max_leaves=6,
)


def toml_text(value: Any) -> str:
    """`value` as a TOML value (inline tables for dictionaries)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value).replace("\\u007f", "\\u007F")
    if isinstance(value, list):
        return "[" + ", ".join(toml_text(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {toml_text(v)}" for k, v in value.items()) + "}"


@st.composite
def figure_files(draw: st.DrawFn) -> str:
    """A few [[figure]] tables, each a valid one with keys changed, added or dropped at random."""
    tables = []
    for _ in range(draw(st.integers(1, 3))):
        table = dict(VALID_TABLE)
        for key in draw(st.lists(st.sampled_from(KEYS), max_size=3)):
            if draw(st.booleans()) and key in table:
                del table[key]
            else:
                table[key] = draw(toml_values)
        tables.append(
            "[[figure]]\n" + "".join(f"{json.dumps(k)} = {toml_text(v)}\n" for k, v in table.items())
        )
    extra = draw(st.sampled_from(["", "figures = 1\n", "[figure]\nx = 1\n"]))
    return extra + "\n".join(tables)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=figure_files())
def test_any_render_file_succeeds_or_fails_in_one_line_touching_nothing(text: str) -> None:
    with scratch() as folder:
        (folder / "figures.toml").write_text(text, encoding="utf-8")
        before = snapshot(folder)
        result = run("render", "figures.toml")
        assert "Traceback" not in result.output
        if result.exit_code != 0:
            assert_failed_cleanly(result, before, folder)


# --- all or nothing ---------------------------------------------------------------------------------

THREE_FIGURES = """
[[figure]]
activations = ["relu"]
points = 20
output = "figs/one.svg"

[[figure]]
activations = ["tanh"]
points = 20
output = ["figs/two.png", "figs/two.svg"]
dpi = 20

[[figure]]
activations = ["sigmoid"]
points = 20
output = "figs/three.svg"
"""


@pytest.fixture
def three(tmp_path: Path) -> Path:
    """THREE_FIGURES as figures.toml, with an old version of every output beside it."""
    (tmp_path / "figs").mkdir()
    for name in ("one.svg", "two.png", "two.svg", "three.svg"):
        (tmp_path / "figs" / name).write_bytes(b"old " + name.encode())
    path = tmp_path / "figures.toml"
    path.write_text(THREE_FIGURES)
    return path


@pytest.mark.parametrize(
    ("last", "message"),
    [
        (
            'output = "figs/three.svg"\nsize = [100, 100]',
            "figure 3 .*key 'size': .*the limit is 100 megapixels",
        ),
        ('output = "figs/three.png"\ndpi = 2400\nsize = [11, 4]', "figure 3 .*key 'dpi': .*at most"),
    ],
)
def test_a_failure_while_drawing_the_last_figure_touches_no_file(
    three: Path, last: str, message: str
) -> None:
    three.write_text(THREE_FIGURES.replace('output = "figs/three.svg"', last))
    before = snapshot(three.parent)
    with pytest.raises(UsageError, match=message):
        batch.render(three)
    assert snapshot(three.parent) == before


def test_a_matplotlib_failure_while_encoding_the_last_figure_touches_no_file(
    three: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    encode = actplot.figure.figure_bytes
    calls: list[str] = []

    def failing_last(figure: Any, fmt: str, dpi: float | None = None) -> bytes:
        calls.append(fmt)
        if len(calls) == 4:  # one.svg, two.png, two.svg, then three.svg: matplotlib refuses it
            check_in_list(["eps"], format=fmt)
        return encode(figure, fmt, dpi)

    monkeypatch.setattr(actplot.figure, "figure_bytes", failing_last)
    before = snapshot(three.parent)
    result = run("render", str(three))
    assert_one_error_line(result, 2, "figure 3", "matplotlib cannot draw", "'svg' is not a valid value")
    assert snapshot(three.parent) == before


def test_render_writes_every_figure_when_all_succeed(three: Path) -> None:
    assert run("render", str(three)).exit_code == 0
    assert all(not data.startswith(b"old") for data, _ in snapshot(three.parent / "figs").values())


def test_the_plot_command_writes_all_its_outputs_or_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.png").write_bytes(b"old")
    encode = actplot.figure.figure_bytes

    def no_pdf(figure: Any, fmt: str, dpi: float | None = None) -> bytes:
        check_in_list(["png", "svg"], format=fmt)  # matplotlib refuses pdf
        return encode(figure, fmt, dpi)

    monkeypatch.setattr(actplot.figure, "figure_bytes", no_pdf)
    result = run("relu", "-n", "20", "-o", "a.png", "-o", "b.pdf")
    assert_one_error_line(result, 2, "'pdf' is not a valid value")
    assert sorted(os.listdir()) == ["a.png"]
    assert Path("a.png").read_bytes() == b"old"


# --- one file, many names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "second", ["figs/../figs/a.svg", "./figs/a.svg", "link/a.svg", "{tmp}/figs/a.svg", "figs//a.svg"]
)
def test_two_names_for_one_output_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, second: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "figs").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "figs")
    second = second.format(tmp=tmp_path)
    result = run("relu", "-n", "20", "-o", "figs/a.svg", "-o", second)
    assert_one_error_line(result, 2, "the same file" if Path(second) != Path("figs/a.svg") else "twice")
    (tmp_path / "figures.toml").write_text(
        f'[[figure]]\nactivations = ["relu"]\noutput = "figs/a.svg"\n\n'
        f'[[figure]]\nactivations = ["tanh"]\noutput = "{second}"\n'
    )
    result = run("render", "figures.toml", "--allow-outside")
    assert_one_error_line(result, 2, "figure 2", "is also written by figure 1")
    assert list((tmp_path / "figs").iterdir()) == []


def test_render_refuses_outputs_outside_its_folder_unless_allowed(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    path = tmp_path / "docs" / "figures.toml"
    path.write_text('[[figure]]\nactivations = ["relu"]\npoints = 20\noutput = "../escape.svg"\n')
    result = run("render", str(path))
    assert_one_error_line(result, 2, "figure 1", "escape.svg' is outside", "--allow-outside")
    assert not (tmp_path / "escape.svg").exists()
    assert run("render", str(path), "--allow-outside").exit_code == 0
    assert (tmp_path / "escape.svg").read_bytes().startswith(b"<?xml")


# --- what a replaced file keeps ---------------------------------------------------------------------


def test_overwriting_keeps_the_mode_of_the_replaced_file(tmp_path: Path) -> None:
    target = tmp_path / "secret.svg"
    target.write_bytes(b"old")
    target.chmod(0o600)
    result = run("relu", "-n", "20", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"<?xml")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_overwriting_keeps_the_group_where_the_user_may_set_it(tmp_path: Path) -> None:
    target = tmp_path / "shared.png"
    target.write_bytes(b"old")
    groups = os.getgroups()
    other = next((g for g in groups if g != target.stat().st_gid), None)
    if os.geteuid() == 0:
        other = 1 if target.stat().st_gid != 1 else 2
    if other is None:
        pytest.skip("the user belongs to one group only")
    os.chown(target, -1, other)
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert (target.stat().st_gid, stat.S_IMODE(target.stat().st_mode)) == (other, 0o640)


def test_a_symbolic_link_is_written_through_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.svg"
    real.write_bytes(b"old")
    link = tmp_path / "link.svg"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.svg", "real.svg"]


def test_a_read_only_file_is_not_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "keep.png"
    target.write_bytes(b"old")
    target.chmod(0o444)
    access = os.access  # root may write anything: ask as a user would
    monkeypatch.setattr(
        files.os, "access", lambda path, mode: access(path, mode) and (mode, Path(path)) != (os.W_OK, target)
    )
    result = run("relu", "-n", "20", "-o", str(target))
    assert_one_error_line(result, 1, "read-only")
    assert target.read_bytes() == b"old"


# --- file-system limits and signals -----------------------------------------------------------------


def test_a_name_of_the_longest_legal_length_can_be_written(tmp_path: Path) -> None:
    limit = os.pathconf(tmp_path, "PC_NAME_MAX")
    target = tmp_path / ("n" * (limit - 4) + ".svg")
    write_atomic(target, b"data")
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@pytest.mark.parametrize("where", ["{long}.png", "{long}/a.png", "figs/{long}.svg"])
def test_a_name_longer_than_the_file_system_allows_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "figs").mkdir()
    name = where.format(long="n" * (os.pathconf(tmp_path, "PC_NAME_MAX") + 1))
    result = run("relu", "-n", "20", "-o", name)
    assert_one_error_line(result, 1, "File name too long")
    (tmp_path / "figures.toml").write_text(f'[[figure]]\nactivations = ["relu"]\noutput = "{name}"\n')
    assert_one_error_line(run("render", "figures.toml"), 1, "figure 1", "File name too long")
    assert_one_error_line(run("--style", name, "relu", "-o", "a.svg"), 2, "File name too long")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figs", "figures.toml"]


SLOW_WRITE = """
import os, sys, time
real = os.fdopen
def slow(*args, **kwargs):
    stream = real(*args, **kwargs)
    print("writing", flush=True)
    time.sleep(60)
    return stream
os.fdopen = slow
from actplot.cli import main
sys.exit(main(["relu", "-n", "20", "-o", "fig.svg"]))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="no SIGTERM on Windows")
def test_sigterm_during_a_write_removes_the_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "fig.svg").write_bytes(b"old")
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITE],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    assert process.stdout is not None
    assert process.stdout.readline() == b"writing\n"
    assert [p.name for p in tmp_path.glob(".fig.svg.*.tmp")]  # the temporary file exists now
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM
    assert err.decode().splitlines() == ["actplot: error: terminated"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fig.svg"]
    assert (tmp_path / "fig.svg").read_bytes() == b"old"


def test_the_sigterm_handler_is_restored_after_a_run() -> None:
    before = signal.getsignal(signal.SIGTERM)
    run("list", "-f", "csv")
    assert signal.getsignal(signal.SIGTERM) == before


# --- streams, deep files, completion ----------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "argv", [["relu", "-n", "20", "-o", "-", "-f", "svg"], ["list"], ["eval", "relu", "-x", "1"]]
)
def test_a_full_stdout_is_one_line_and_exit_1(argv: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "actplot", *argv],
            stdout=full,
            stderr=subprocess.PIPE,
            env={**os.environ, "MPLBACKEND": "Agg"},
            check=False,
        )
    assert done.returncode == 1
    assert done.stderr.decode().splitlines() == [
        "actplot: error: cannot write to standard output: No space left on device"
    ]


def test_a_toml_file_nested_too_deep_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "deep.toml"
    path.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n")
    assert_one_error_line(run("render", str(path)), 2, "nest too deeply")


def test_a_huge_or_endless_toml_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    path.write_bytes(b"# " + b"x" * batch.MAX_TOML_BYTES + b"\n")
    assert_one_error_line(run("render", str(path)), 2, "too large")
    if Path("/dev/zero").exists():
        assert_one_error_line(run("render", "/dev/zero"), 2, "too large")


@pytest.mark.parametrize(
    ("words", "cword"), [("actplot sig", "abc"), ("actplot sig", ""), ("actplot sig", "1.5"), (None, "1")]
)
def test_garbage_from_the_shell_in_completion_is_one_line(words: str | None, cword: str) -> None:
    env = {"_ACTPLOT_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": cword}  # click's protocol
    result = CliRunner().invoke(cli.app, [], env=env)  # type: ignore[arg-type]
    assert_one_error_line(result, 1, "shell completion")


# --- figure checks ----------------------------------------------------------------------------------


@pytest.mark.parametrize("title", MATHTEXT_ERRORS)
def test_a_title_that_is_not_mathtext_is_one_line_in_the_cli_and_in_render(
    tmp_path: Path, title: str
) -> None:
    result = run("relu", "-n", "20", "--title", title, "-o", str(tmp_path / "a.png"))
    assert_one_error_line(result, 2, "--title", "is not valid mathtext")
    (tmp_path / "figures.toml").write_text(
        f'[[figure]]\nactivations = ["relu"]\noutput = "a.svg"\ntitle = {json.dumps(title)}\n'
    )
    assert_one_error_line(run("render", str(tmp_path / "figures.toml")), 2, "key 'title'", "mathtext")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figures.toml"]


@pytest.mark.parametrize("title", ["$x^2$", "costs $5", "a \\$ b", "plain"])
def test_titles_matplotlib_can_draw_pass(title: str) -> None:
    check_title(title)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/:/bin/sh\n",
            "line 1: not a matplotlib setting ('root')",
        ),
        ("lines.linewidth: abc\n", "Could not convert 'abc' to float"),
        ("lines.linewidth 2\n", "line 1: expected 'key: value'"),
        ("lines.linewidth: 2\nlines.linewidth: 3\n", "line 2: a setting given twice"),
        ("password = hunter2\n", "line 1: expected 'key: value'"),
    ],
)
def test_a_file_that_is_not_a_valid_style_is_one_line_without_its_content(
    tmp_path: Path, content: str, message: str
) -> None:
    style = tmp_path / "style"
    style.write_text(content)
    with pytest.raises(UsageError, match="is not a valid matplotlib style file") as caught:
        check_style(str(style))
    assert message in str(caught.value)
    assert "bash" not in str(caught.value)
    assert "hunter2" not in str(caught.value)
    result = run("relu", "--style", str(style), "-o", str(tmp_path / "a.svg"))
    assert_one_error_line(result, 2, message)


def test_a_binary_or_huge_file_is_not_a_style(tmp_path: Path) -> None:
    binary = tmp_path / "binary"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(UsageError, match="not a valid matplotlib style"):
        check_style(str(binary))
    huge = tmp_path / "huge"
    huge.write_bytes(b"#" * (figure_checks.MAX_STYLE_BYTES + 1))
    with pytest.raises(UsageError, match="over 1,048,576 bytes"):
        check_style(str(huge))


def test_a_style_that_needs_latex_is_refused_where_latex_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    style = tmp_path / "tex.mplstyle"
    style.write_text("text.usetex: True\n")
    monkeypatch.setattr(figure_checks.shutil, "which", lambda name: None)
    with pytest.raises(
        UsageError, match=r"text\.usetex, which needs LaTeX, but latex and dvipng cannot be found"
    ):
        check_style(str(style))
    monkeypatch.setattr(figure_checks.shutil, "which", lambda name: f"/usr/bin/{name}")
    check_style(str(style))


def test_a_valid_style_file_passes(tmp_path: Path) -> None:
    style = tmp_path / "thin.mplstyle"
    style.write_text("# thin lines\nlines.linewidth: 0.5\naxes.grid: True  # grid\n")
    check_style(str(style))


@pytest.mark.parametrize(
    ("size", "dpi", "formats", "fits"),
    [
        ((11.5, 4.0), 2400, ["png"], False),  # sigmoid --derivs 2 --dpi 2400: 265 megapixels
        ((11.5, 4.0), 1474, ["png"], True),  # the largest dpi the message offers
        ((11.5, 4.0), 2400, ["svg"], True),  # dpi is for PNG only; vectors are laid out at 150 dpi
        ((100.0, 100.0), None, ["svg"], False),  # laid out at 150 dpi: 225 megapixels
        ((66.0, 66.0), None, ["pdf"], True),
        ((100.0, 100.0), 1, ["png"], False),  # the layout still takes 150 dpi
    ],
)
def test_the_pixel_budget(size: tuple[float, float], dpi: int | None, formats: list[str], fits: bool) -> None:
    from matplotlib.figure import Figure

    figure = Figure(figsize=size)
    if fits:
        check_canvas(figure, formats, dpi)
        return
    with pytest.raises(UsageError, match=f"the limit is {PIXEL_BUDGET // 10**6} megapixels"):
        check_canvas(figure, formats, dpi)


def test_a_canvas_over_budget_is_refused_before_drawing(tmp_path: Path) -> None:
    result = run("sigmoid", "--derivs", "2", "--dpi", "2400", "-o", str(tmp_path / "a.png"))
    assert_one_error_line(
        result, 2, "27,600×9,600 pixels", "the limit is 100 megapixels", "at most 1,474 dpi"
    )
    result = run("relu", "--size", "100x100", "--dpi", "600", "-o", str(tmp_path / "a.png"))
    assert_one_error_line(result, 2, "60,000×60,000 pixels")
    assert list(tmp_path.iterdir()) == []


# --- the Python API ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "what"),
    [
        (None, "NoneType"),
        (np.array([1 + 2j]), "complex"),
        (1j, "complex"),
        (np.array([None, 1.0]), "NoneType"),
        (np.array(["1"]), "strings"),
        (["a", "b"], "strings"),
        ([True, False], "booleans"),
        (np.array([True]), "booleans"),
        ([1, [2, 3]], "regular shape"),
        ({"x": 1}, "dict"),
        (np.array(["2020-01-01"], dtype="datetime64[D]"), "datetime64"),
    ],
)
def test_evaluate_refuses_x_that_is_not_real_numbers(x: object, what: str) -> None:
    with pytest.raises(TypeError, match="x must be real numbers") as caught:
        actplot.evaluate("relu", x)  # type: ignore[arg-type]
    assert what in str(caught.value)
    with pytest.raises(TypeError, match="x must be real numbers"):
        actplot.get("relu")(x)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "x",
    [
        1,
        -2.5,
        [1, 2],
        (1.0, 2.0),
        np.arange(3),
        np.float32(0.5),
        np.array([[1, 2]], dtype=np.int8),
        [Fraction(1, 2)],
    ],
)
def test_evaluate_accepts_real_numbers_in_any_container(x: object) -> None:
    got = actplot.evaluate("relu", x, order=(0, 1))  # type: ignore[arg-type]
    expected = np.asarray(x, dtype=np.float64)
    np.testing.assert_array_equal(got[0], np.maximum(expected, 0.0))
    assert got.shape == (2, *expected.shape)


def test_evaluate_refuses_an_integer_too_large_for_float64() -> None:
    with pytest.raises(SpecError, match="too large for float64"):
        actplot.evaluate("relu", [10**400])


def test_evaluate_refuses_no_orders() -> None:
    with pytest.raises(SpecError, match="empty"):
        actplot.evaluate("relu", 1.0, order=())


@pytest.mark.parametrize("spec", [["relu"], ("relu",), 3, None, b"relu"])
def test_get_refuses_what_is_not_a_spec(spec: object) -> None:
    with pytest.raises(TypeError, match="a spec is a str"):
        actplot.get(spec)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("elu:alpha=1,alpha=2", "alpha is given twice"),
        ("elu:alpha=1, alpha =1", "alpha is given twice"),
        ("elu(x, alpha=1, alpha=2)", "alpha is given twice"),
        ("x*elu(x, alpha=0.5, alpha=0.5)", "alpha is given twice"),
    ],
)
def test_a_repeated_parameter_is_refused(spec: str, message: str) -> None:
    with pytest.raises(SpecError, match=message):
        actplot.get(spec)
    assert_one_error_line(run("eval", spec, "-x", "1"), 2, message)


# --- what matplotlib refuses late -------------------------------------------------------------------


def test_a_title_nested_too_deep_for_the_mathtext_parser_is_one_line(tmp_path: Path) -> None:
    title = "$" + "{" * 500 + "x" + "}" * 500 + "$"
    result = run("relu", "-n", "20", "--title", title, "-o", str(tmp_path / "a.svg"))
    assert_one_error_line(result, 2, "--title", "nest too deeply")


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("axes.prop_cycle: cycler(color=[])", "matplotlib cannot draw the figure"),
        ("lines.dashed_pattern: -1, -1", "dash list must be non-negative"),
        ("path.simplify_threshold: 5", "Value must be >=0 and <=1"),
    ],
)
def test_a_style_matplotlib_only_refuses_while_drawing_is_one_line(
    tmp_path: Path, setting: str, message: str
) -> None:
    style = tmp_path / "late.mplstyle"
    style.write_text(setting + "\n")
    (tmp_path / "old.svg").write_bytes(b"old")
    result = run(
        "relu",
        "-n",
        "20",
        "-d",
        "1",
        "--layout",
        "overlay",
        "--style",
        str(style),
        "-o",
        str(tmp_path / "old.svg"),
    )
    assert_one_error_line(result, 2, message)
    assert (tmp_path / "old.svg").read_bytes() == b"old"


def test_matplotlib_log_warnings_are_one_line_each_and_shown_once(tmp_path: Path) -> None:
    style = tmp_path / "font.mplstyle"
    style.write_text("font.family: nosuchfont\n")
    result = run("relu", "-n", "20", "--style", str(style), "-o", str(tmp_path / "a.svg"))
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines
    assert all(line.startswith("actplot: warning: findfont: Font family") for line in lines)
    assert len(lines) == len(set(lines))


def test_output_the_terminal_cannot_encode_is_one_line() -> None:
    result = CliRunner(charset="ascii").invoke(cli.app, ["info", "relu"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith("actplot: error: cannot print")


def test_errors_raised_inside_a_library_are_told_from_our_own() -> None:
    from matplotlib import rcsetup

    from actplot.errors import raised_in

    with pytest.raises(ValueError) as caught:
        rcsetup.validate_backend("nonsense")
    assert raised_in(caught.value, "matplotlib")
    with pytest.raises(TypeError) as ours:
        actplot.get(3)  # type: ignore[arg-type]
    assert not raised_in(ours.value, "matplotlib")


@pytest.mark.parametrize("derivs", [True, 1.0, "1", 3])
def test_plot_refuses_derivs_that_are_not_0_1_or_2(derivs: object) -> None:
    with pytest.raises(UsageError, match="use 0, 1 or 2"):
        actplot.plot("relu", derivs=derivs, points=20)  # type: ignore[arg-type]


def test_extreme_accepted_values_that_overflow_are_one_line() -> None:
    result = run("propagate", "relu", "--sigma-w", "1e308", "--sigma-b", "1e308")
    assert_one_error_line(result, 2)


@pytest.mark.parametrize(
    "arguments",
    [
        {"specs": None},
        {"specs": 3},
        {"specs": "relu", "points": 2.5},
        {"specs": "relu", "points": True},
        {"specs": "relu", "xrange": "ab"},
        {"specs": "relu", "xrange": (0.0, None)},
    ],
    ids=repr,
)
def test_plot_with_arguments_of_the_wrong_type_raises_a_clear_type_error(
    arguments: dict[str, object],
) -> None:
    with pytest.raises(TypeError, match="expected"):
        actplot.plot(**arguments)  # type: ignore[arg-type]
