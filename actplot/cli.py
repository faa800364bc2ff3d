"""The command line: parse, call the library, turn its errors into exit codes.

``actplot NAME... [options]`` is the ``plot`` command; other commands live beside
it.  Nothing here imports matplotlib at module level: only a command that draws
does, so ``--help``, completion and the table commands start fast.
"""

from __future__ import annotations

import errno
import io
import logging
import os
import signal
import sys
import threading
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import click
import typer
from click.shell_completion import CompletionItem
from typer.core import TyperGroup

from actplot.errors import ActplotError, OutputError, SpecError, UsageError, raised_in
from actplot.options import DPI_BOUNDS, FigureOptions, Target, parse_size
from actplot.plan import LAYOUTS

if TYPE_CHECKING:
    from rich.console import Console

    from actplot.sampling import Sampled


class ExitCode(IntEnum):
    """What the process returns."""

    OK = 0
    RUNTIME_ERROR = 1
    USAGE_ERROR = 2
    TERMINATED = 128 + signal.SIGTERM  # as a shell reports a process that SIGTERM ended


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like Ctrl-C, so temporary files are removed on the way out."""


DEFAULT_COMMAND = "plot"


class ActplotGroup(TyperGroup):
    """Commands with a default: ``actplot sigmoid relu`` means ``actplot plot sigmoid relu``.

    Every error, ours or click's, becomes one line on stderr and an exit code.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Put the default command in front when the first word is not a command."""
        group_options = {"--help", "-h", "--version", "--install-completion", "--show-completion"}
        if args and args[0] not in self.commands and args[0] not in group_options:
            args = [DEFAULT_COMMAND, *args]
        return super().parse_args(ctx, args)

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
        """Complete the first word as a command or, for the default command, an activation."""
        return [*super().shell_complete(ctx, incomplete), *map(CompletionItem, complete_spec(incomplete))]

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Run; print errors as one line; exit with (or return, if not standalone) the code."""
        try:
            with _sigterm_raises(), _warnings_as_lines(), _stdout_present():
                code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except click.ClickException as error:
            code = _fail(error.format_message(), error.exit_code, hint=True)
        except click.Abort:
            code = _fail("aborted", ExitCode.RUNTIME_ERROR)
        except Terminated:
            code = _fail("terminated", ExitCode.TERMINATED)
        except UsageError as error:
            code = _fail(str(error), ExitCode.USAGE_ERROR)
        except ActplotError as error:
            code = _fail(str(error), ExitCode.RUNTIME_ERROR)
        except OSError as error:  # stdout full or closed (`-o - > /dev/full`, `| head -1`), or the system
            code = _os_failure(error)
        except UnicodeEncodeError as error:  # a terminal that is not UTF-8 (LC_ALL=C, PYTHONIOENCODING=ascii)
            shown = error.object[error.start : error.end]
            code = _fail(
                f"cannot print {shown!r} in the output's encoding ({error.encoding}); "
                "set PYTHONIOENCODING=utf-8 or use a UTF-8 locale",
                ExitCode.RUNTIME_ERROR,
            )
        except OverflowError as error:  # a last guard: extreme accepted values overflowing float64
            reason = error.args[-1] if error.args else type(error).__name__
            code = _fail(
                f"a result overflowed float64 ({reason}); use less extreme values", ExitCode.USAGE_ERROR
            )
        except ValueError as error:  # matplotlib refusing its environment (MPLBACKEND, matplotlibrc)
            if not raised_in(error, "matplotlib"):
                raise
            reason = str(error).strip().splitlines()[0]
            code = _fail(f"matplotlib cannot start: {reason}", ExitCode.RUNTIME_ERROR)
        code = int(code or 0)
        if standalone_mode:
            sys.exit(code)
        return code

    def _main_shell_completion(self, ctx_args: Any, prog_name: str, complete_var: str | None = None) -> None:
        """Complete, refusing in one line what the shell passed if it is not a command line."""
        try:
            super()._main_shell_completion(ctx_args, prog_name, complete_var)
        except (KeyError, ValueError, IndexError) as error:
            raise ActplotError(
                f"shell completion: the shell passed no usable command line (COMP_WORDS, COMP_CWORD): {error}"
            ) from None


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    """During a run, SIGTERM raises `Terminated` (and so cleans up like Ctrl-C); restored after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


@contextmanager
def _stdout_present() -> Iterator[None]:
    """A process started with stdout closed (``>&-``) gets a stand-in whose writes fail in one line."""
    if sys.stdout is not None:
        yield
        return
    sys.stdout = _ClosedStream()
    try:
        yield
    finally:
        sys.stdout = None


class _ClosedStream(io.TextIOBase):
    """Stands in for a standard stream the process was started without: every write fails."""

    def write(self, data: object) -> int:
        raise OSError(errno.EBADF, "it is closed")

    @property
    def buffer(self) -> _ClosedStream:
        return self


@contextmanager
def _warnings_as_lines() -> Iterator[None]:
    """Print each warning, Python's or matplotlib's log, once as one ``actplot: warning:`` line."""
    logger = logging.getLogger("matplotlib")
    handler = _WarningLines()
    logger.addHandler(handler)
    with warnings.catch_warnings():
        warnings.showwarning = lambda message, *args, **kwargs: handler.show(str(message))
        try:
            yield
        finally:
            logger.removeHandler(handler)


class _WarningLines(logging.Handler):
    """Shows each distinct warning once, on one line."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.shown: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        self.show(record.getMessage())

    def show(self, message: str) -> None:
        text = " ".join(message.split())
        if text not in self.shown:
            self.shown.add(text)
            with suppress(OSError):
                typer.echo(f"actplot: warning: {text}", err=True)


def _os_failure(error: OSError) -> int:
    """One line for an OS error nothing else caught; a reader gone from a pipe ends quietly.

    Files are named in `OutputError`s, so an error without a file name is the output stream's
    (``-o - > /dev/full``); stdout then goes to the null device so that exit does not fail again.
    """
    if error.filename:
        return _fail(f"{error.filename}: {error.strerror or error}", ExitCode.RUNTIME_ERROR)
    with suppress(OSError, ValueError, AttributeError):  # not a real file: a test's capture, or closed
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    if isinstance(error, BrokenPipeError):
        return ExitCode.RUNTIME_ERROR
    return _fail(f"cannot write to standard output: {error.strerror or error}", ExitCode.RUNTIME_ERROR)


def _fail(message: str, code: int, *, hint: bool = False) -> int:
    if not message:  # click printed the help for a bare `actplot` already
        return code
    more = " (see 'actplot --help')" if hint else ""
    with suppress(OSError):  # stderr is gone too: the exit code is all that is left
        typer.echo(f"actplot: error: {message}{more}", err=True)
    return code


app = typer.Typer(
    cls=ActplotGroup,
    name="actplot",
    help="Draw neural-network activation functions and their exact first and second derivatives.\n\n"
    "[bold]actplot sigmoid relu --derivs 2[/bold] draws them; [bold]-o fig.png[/bold] saves instead.",
    rich_markup_mode="rich",
    no_args_is_help=True,
    subcommand_metavar="NAME... [OPTIONS] | COMMAND [ARGS]...",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"actplot {version('actplot')}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    pass


def complete_spec(incomplete: str) -> list[str]:
    """Shell completion of names, aliases and ``name:param=`` forms, from the catalogue."""
    from actplot.catalogue import CATALOGUE

    name, colon, _ = incomplete.partition(":")
    if colon:
        try:
            params = CATALOGUE.resolve(name).params
        except SpecError:
            return []
        return [f"{name}:{p.name}=" for p in params if f"{name}:{p.name}=".startswith(incomplete)]
    return [s for s in CATALOGUE.spellings() if s.lower().startswith(incomplete.lower())]


SpecsArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="NAME",
        help="Activations: names (any alias or case) or specs with parameters, e.g. "
        "[bold]elu:alpha=0.5[/bold]. [bold]actplot list[/bold] shows them all.",
        autocompletion=complete_spec,
        show_default=False,
    ),
]


@app.command(name=DEFAULT_COMMAND)
def plot_command(
    specs: SpecsArgument,
    derivs: Annotated[
        int, typer.Option("--derivs", "-d", min=0, max=2, help="Highest derivative: 0, 1 or 2.")
    ] = 0,
    x_range: Annotated[
        tuple[float, float] | None,
        typer.Option(
            "--range",
            "-r",
            metavar="A B",
            help="The x-interval (default: one that shows every break and feature of the activations).",
        ),
    ] = None,
    points: Annotated[
        int, typer.Option("--points", "-n", metavar="N", help="Samples, 2 to 10⁷; breaks are added exactly.")
    ] = 1000,
    output: Annotated[
        list[Path] | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write a file (.png, .svg, .pdf); repeatable; [bold]-o -[/bold] writes stdout.",
        ),
    ] = None,
    fmt: Annotated[
        Literal["png", "svg", "pdf"] | None,
        typer.Option("--format", "-f", help="Format for [bold]-o -[/bold]."),
    ] = None,
    size: Annotated[
        str | None, typer.Option("--size", metavar="WxH", help="Figure size in inches, e.g. 12x4.")
    ] = None,
    dpi: Annotated[
        int | None,
        typer.Option(
            "--dpi", min=DPI_BOUNDS[0], max=DPI_BOUNDS[1], metavar="DPI", help="Resolution of PNG output."
        ),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", metavar="TEXT", help="A title over the figure.")
    ] = None,
    theme: Annotated[Literal["light", "dark"], typer.Option("--theme", help="Colours.")] = "light",
    style: Annotated[
        str | None,
        typer.Option(
            "--style", metavar="STYLE", help="A matplotlib style name or file, applied over the theme."
        ),
    ] = None,
    layout: Annotated[
        str,
        typer.Option(
            "--layout",
            click_type=click.Choice(LAYOUTS),
            help="panels: one panel per order; overlay: one axes; grid: a row per activation.",
        ),
    ] = "panels",
    ylim: Annotated[
        tuple[float, float] | None,
        typer.Option("--ylim", metavar="A B", help="The same y-limits for every panel (default: per panel)."),
    ] = None,
    terminal: Annotated[
        bool, typer.Option("--terminal", help="Draw in the terminal even if a window could open.")
    ] = False,
    show: Annotated[bool, typer.Option("--show", help="Open a window even when writing files.")] = False,
) -> None:
    """Draw activations and their derivatives: to files with -o, else a window or the terminal."""
    from actplot.activation import union_view
    from actplot.api import get
    from actplot.files import check_distinct, check_writable
    from actplot.sampling import figure_resolution, sample

    activations = [get(spec) for spec in specs]
    options = FigureOptions(
        layout=layout,
        theme=theme,
        size=parse_size(size) if size else None,
        title=title,
        style=style,
        dpi=dpi,
        ylim=ylim,
    )
    targets = [(path, _output_format(path, fmt)) for path in output or []]
    check_distinct([path for path, _ in targets])
    for path, _ in targets:
        if str(path) != "-":
            check_writable(path)
    if terminal and (targets or show):
        raise UsageError("--terminal cannot be combined with -o or --show")
    if fmt and all(str(path) != "-" for path, _ in targets):
        raise UsageError("--format is for -o - (stdout); a file's format comes from its extension")
    window = show or (not targets and not terminal and has_display())
    used: list[Target] = []
    if targets:
        used.append("file")
    if window:
        used.append("window")
    options.check_targets(used or ["terminal"])
    if targets or window:
        _check_figure_text(title, style)
    resolution = figure_resolution(options.size[0] if options.size else None, options.dpi)
    sampled = sample(activations, range(derivs + 1), x_range or union_view(activations), points, resolution)
    if targets:
        _write_figures(sampled, options, targets)
    if window:
        _show_window(sampled, options)
    elif not targets:
        _draw_in_terminal(sampled, options, explicit=terminal)


def _output_format(path: Path, fmt: str | None) -> str:
    from actplot.files import figure_format

    if str(path) == "-":
        if fmt is None:
            raise UsageError("-o - writes to stdout: say which format with --format png, svg or pdf")
        return fmt
    return figure_format(path)


def has_display() -> bool:
    """Whether a window can open: always on macOS and Windows, else with X11 or Wayland."""
    backend = os.environ.get("MPLBACKEND", "").lower()
    if backend in {"agg", "pdf", "svg", "ps", "cairo", "template"} or backend.startswith("module://"):
        return False
    if sys.platform in {"darwin", "win32"}:
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _write_figures(sampled: Sampled, options: FigureOptions, targets: Sequence[tuple[Path, str]]) -> None:
    """Draw once, check the canvas, and write every target or none."""
    from actplot.figure import draw, write_figure
    from actplot.figure_checks import check_canvas, drawing
    from actplot.files import all_or_nothing

    with drawing(), all_or_nothing() as staged:
        figure = draw(sampled, options)
        check_canvas(figure, [fmt for _, fmt in targets], options.dpi)
        write_figure(figure, targets, options.dpi, staged.write)


def _check_figure_text(title: str | None, style: str | None) -> None:
    """Check --style and the mathtext of --title before anything is sampled or drawn."""
    from actplot.figure_checks import check_style, check_title

    if style:
        check_style(style)
    if title:
        try:
            check_title(title)
        except UsageError as error:
            raise UsageError(f"--title {error}") from None


def _show_window(sampled: Sampled, options: FigureOptions) -> None:
    if not has_display():
        raise OutputError("no display to open a window on (DISPLAY is not set); use -o FILE or --terminal")
    import matplotlib.pyplot as plt

    from actplot.figure import draw
    from actplot.figure_checks import check_canvas, drawing

    with drawing():
        check_canvas(draw(sampled, options, new_figure=plt.figure), ())
    plt.show()


def _draw_in_terminal(sampled: Sampled, options: FigureOptions, *, explicit: bool) -> None:
    from actplot.terminal import TerminalPlot

    hint = "actplot: no display, so the plot is drawn in the terminal; save a file with -o activations.png"
    console = _stdout_console()
    reserve = 0 if explicit else -(-len(hint) // console.width)  # the hint's lines, as the terminal wraps it
    console.print(TerminalPlot(sampled, options, reserve=reserve))
    if not explicit:
        typer.echo(hint, err=True)


SpecArgument = Annotated[
    str,
    typer.Argument(
        metavar="NAME",
        help="An activation: a name (any alias or case) or a spec with parameters, e.g. "
        "[bold]elu:alpha=0.5[/bold].",
        autocompletion=complete_spec,
        show_default=False,
    ),
]


@app.command(name="list")
def list_command(
    fmt: Annotated[
        Literal["table", "json", "csv", "markdown"],
        typer.Option("--format", "-f", help="A terminal table, or text for scripts and documents."),
    ] = "table",
) -> None:
    """Every activation: parameters, range, continuity, properties, frameworks."""
    from actplot.tables import catalogue_rows, list_table, list_text

    rows = catalogue_rows()
    if fmt == "table":
        _stdout_console().print(list_table(rows))
    else:
        typer.echo(list_text(rows, fmt), nl=False)


@app.command(name="info")
def info_command(spec: SpecArgument) -> None:
    """Formulas of f, f′ and f″, parameters, breaks (jumps, kinks, Dirac terms), facts, frameworks, notes."""
    from actplot.api import get
    from actplot.info import info

    _stdout_console().print(info(get(spec)))


#: Points of ``actplot eval --range A B`` without --points: steps of (B − A)/10.
EVAL_POINTS = 11


@app.command(name="eval")
def eval_command(
    specs: SpecsArgument,
    x_values: Annotated[
        list[str] | None,
        typer.Option(
            "--x", "-x", metavar="V,V,...", help="Where to evaluate: numbers separated by commas; repeatable."
        ),
    ] = None,
    x_range: Annotated[
        tuple[float, float] | None,
        typer.Option("--range", "-r", metavar="A B", help="Evaluate on an even grid from A to B instead."),
    ] = None,
    points: Annotated[
        int | None,
        typer.Option(
            "--points", "-n", metavar="N", help=f"Points of the --range grid ({EVAL_POINTS} if not given)."
        ),
    ] = None,
    derivs: Annotated[
        int, typer.Option("--derivs", "-d", min=0, max=2, help="Highest derivative: 0, 1 or 2.")
    ] = 0,
    vector: Annotated[
        list[str] | None,
        typer.Option(
            "--vector",
            metavar="V,V,...",
            help="Logits for the vector form of softmax, log_softmax or softmin, instead of --x.",
        ),
    ] = None,
    fmt: Annotated[
        Literal["table", "csv", "json"],
        typer.Option(
            "--format",
            "-f",
            help="A terminal table, or CSV / JSON with every digit (inf, -inf, nan as words).",
        ),
    ] = "table",
) -> None:
    """Print f, f′, f″ at given x: a table, or CSV / JSON for scripts."""
    from actplot import numbers
    from actplot.api import get

    activations = [get(spec) for spec in specs]
    if sum(given is not None for given in (x_values, x_range, vector)) != 1:
        raise UsageError("say where to evaluate with one of --x V,V,..., --range A B or --vector V,V,...")
    if points is not None and x_range is None:
        raise UsageError("--points sets the grid of --range A B; give --range too, or list the x with --x")
    if vector is not None:
        if derivs:
            raise UsageError("--vector prints the vector form only; --derivs goes with --x or --range")
        result = numbers.vector_form(activations, numbers.parse_values(vector, "--vector"))
    elif x_values is not None:
        result = numbers.tabulate(activations, numbers.parse_values(x_values, "--x"), derivs)
    else:
        assert x_range is not None
        result = numbers.tabulate(activations, numbers.even_grid(x_range, points or EVAL_POINTS), derivs)
    if fmt == "table":
        _stdout_console().print(numbers.to_table(result))
        return
    for text in numbers.csv_text(result) if fmt == "csv" else numbers.json_text(result):
        typer.echo(text, nl=False)


@app.command(name="gallery")
def gallery_command(
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", help="Where the figures go; created if its parent exists.")
    ],
    fmt: Annotated[Literal["svg", "png"], typer.Option("--format", "-f", help="Figure format.")] = "svg",
    derivs: Annotated[
        int, typer.Option("--derivs", "-d", min=0, max=2, help="Highest derivative: 0, 1 or 2.")
    ] = 2,
    theme: Annotated[Literal["light", "dark"], typer.Option("--theme", help="Colours.")] = "light",
) -> None:
    """One figure per activation and an index.md table of them, for documentation."""
    from rich.console import Console

    from actplot.gallery import write_gallery

    written = write_gallery(folder, fmt, derivs, theme, console=Console(stderr=True))
    typer.echo(f"actplot: wrote {len(written) - 1} figures and {written[-1]}", err=True)


@app.command(name="render")
def render_command(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE.toml",
            help="[[figure]] tables: activations, output, and any of derivs, range, points, layout, "
            "theme, size, dpi, title, style.",
        ),
    ],
    allow_outside: Annotated[
        bool,
        typer.Option(
            "--allow-outside", help="Allow outputs outside the TOML file's folder (refused by default)."
        ),
    ] = False,
) -> None:
    """Render the figures a TOML file describes; the whole file is checked before anything is written."""
    from actplot.batch import render

    written = render(file, allow_outside=allow_outside)
    typer.echo(f"actplot: wrote {len(written)} files from {file}", err=True)


@app.command(name="propagate")
def propagate_command(
    specs: SpecsArgument,
    sigma_w: Annotated[
        float, typer.Option("--sigma-w", metavar="W", help="Weight standard deviation times √fan-in (> 0).")
    ] = 1.0,
    sigma_b: Annotated[
        float, typer.Option("--sigma-b", metavar="B", help="Bias standard deviation (≥ 0).")
    ] = 0.0,
    depth: Annotated[
        int, typer.Option("--depth", "-L", metavar="L", help="Layers drawn in the figure and simulated.")
    ] = 30,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Also draw the figure (.png, .svg, .pdf): phase diagram, "
            "q over depth, gradients over depth, correlation map.",
        ),
    ] = None,
    fmt: Annotated[
        Literal["table", "json"],
        typer.Option("--format", "-f", help="A terminal table, or JSON for scripts."),
    ] = "table",
    simulate: Annotated[
        bool,
        typer.Option(
            "--simulate", help="Overlay a real random network (seeded) on the figure's predictions; needs -o."
        ),
    ] = False,
    width: Annotated[
        int, typer.Option("--width", metavar="N", help="Width of the simulated network.")
    ] = 1000,
    theme: Annotated[
        Literal["light", "dark"], typer.Option("--theme", help="Colours of the figure.")
    ] = "light",
) -> None:
    """Signal propagation at initialisation: gain, fixed point, χ₁, phase, depth scales, edge of chaos."""
    from actplot.api import get
    from actplot.files import check_writable, figure_format
    from actplot.network import check_width
    from actplot.propagation import check_depth, check_sigmas, propagate
    from actplot.propagation_table import propagation_json, propagation_table

    check_sigmas(sigma_w, sigma_b)
    check_depth(depth)
    check_width(width)
    if simulate and output is None:
        raise UsageError("--simulate draws on the figure: give -o FILE too")
    target = None if output is None else (output, figure_format(output))
    if output is not None:
        check_writable(output)
    activations = [get(spec) for spec in specs]
    results = [propagate(activation, sigma_w, sigma_b) for activation in activations]
    if target is not None:
        from actplot.figure import write_figure
        from actplot.propagation_figure import draw_propagation

        figure = draw_propagation(
            activations, sigma_w, sigma_b, depth, theme, width=width if simulate else None
        )
        write_figure(figure, [target])
    if fmt == "table":
        _stdout_console().print(propagation_table(results))
    else:
        typer.echo(propagation_json(results), nl=False)


def _stdout_console() -> Console:
    from rich.console import Console

    return Console()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    command = typer.main.get_command(app)
    return int(command.main(args=argv, prog_name="actplot", standalone_mode=False) or 0)
