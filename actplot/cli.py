"""The command line: parse, call the library, turn its errors into exit codes.

``actplot NAME... [options]`` is the ``plot`` command; other commands live beside
it.  Nothing here imports matplotlib at module level: only a command that draws
does, so ``--help``, completion and the table commands start fast.  For the same
reason annotations are evaluated once, as the module loads (no ``from __future__ import
annotations``): Typer reads every command's signature on each start, and would otherwise
compile and evaluate each annotation's text then.
"""

import errno
import importlib
import io
import logging
import os
import signal
import sys
import threading
import warnings
from collections.abc import Iterable, Iterator, Mapping, MutableMapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import click
import typer
from click.shell_completion import CompletionItem
from typer.core import TyperCommand, TyperGroup

from actplot.errors import ActplotError, SpecError, UsageError, raised_in
from actplot.files import FIGURE_FORMATS, GALLERY_FORMATS, one_of
from actplot.machine import has_display, require_display
from actplot.options import (
    DEFAULT_DPI,
    DPI_BOUNDS,
    FONT_SCALES,
    LAYOUTS,
    LEGENDS,
    FigureOptions,
    Target,
    parse_size,
)
from actplot.orders import ORDER_NAMES
from actplot.theme import THEMES

if TYPE_CHECKING:
    from rich.console import Console

    from actplot.activation import Activation
    from actplot.sampling import Sampled


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like Ctrl-C, so temporary files are removed on the way out."""

    exit_code = 128 + signal.SIGTERM  # as a shell reports a process that SIGTERM ended


DEFAULT_COMMAND = "plot"
#: The shells `actplot completion` writes a script for (click's own completion classes).
SHELLS = ("bash", "zsh", "fish")
#: The variable a completion script sets to ask actplot for completions (click's default name).
COMPLETE_VAR = "_ACTPLOT_COMPLETE"


class ActplotCommand(TyperCommand):
    """A command whose ``--help`` is drawn by `helptext` (rich panels, no Markdown parser)."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Print the help page."""
        from actplot.helptext import print_help

        print_help(ctx)


class CommandsOnUse(MutableMapping[str, click.Command]):
    """The commands of `COMMANDS` by name, each made into a click command when first looked up.

    Typer makes a command by reading its function's signature; ``actplot list`` needs one
    command made, not all of them (``--help`` and completion of a command name make all).
    """

    def __init__(self, made: Mapping[str, click.Command]) -> None:
        self._infos = {info.name: info for info in COMMANDS.registered_commands if info.name}
        self._made = dict(made)

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._made:
            self._made[name] = typer.main.get_command_from_info(
                self._infos[name],
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
        return self._made[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._made[name] = command

    def __delitem__(self, name: str) -> None:
        self._infos.pop(name, None)
        self._made.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter({**self._infos, **self._made})

    def __len__(self) -> int:
        return len({**self._infos, **self._made})


class ActplotGroup(TyperGroup):
    """Commands with a default: ``actplot sigmoid relu`` means ``actplot plot sigmoid relu``.

    Every error, ours or click's, becomes one line on stderr and the error's exit code; an
    error inside an expression ends with the expression, the offending column marked ▸.
    The commands are made when used (`CommandsOnUse`).
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.commands = CommandsOnUse(self.commands)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Put the default command in front when the first word is not a command (nor a slip for one)."""
        if args and args[0] not in self.commands and args[0] not in {"--help", "-h", "--version"}:
            command = mistyped_command(args[0], self.commands)
            if command:
                raise click.UsageError(
                    f"{args[0]!r} is neither a command nor an activation; did you mean {command}?"
                )
            args = [DEFAULT_COMMAND, *args]
        return super().parse_args(ctx, args)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Print the help page, with the plot command's arguments and options: plotting is the default."""
        from actplot.helptext import print_help

        plot = self.commands[DEFAULT_COMMAND]
        arguments = [p for p in plot.params if isinstance(p, click.Argument)]
        options = [p for p in plot.params if isinstance(p, click.Option)]
        print_help(ctx, [("Arguments of plot, the default command", arguments), ("Plot options", options)])

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
            # one line: click lays some messages out on several ("Choose from:\n\tbash,\n\t…")
            code = _fail(" ".join(error.format_message().split()), error.exit_code, hint=True)
        except click.Abort:
            code = _fail("aborted", ActplotError.exit_code)
        except Terminated:
            code = _fail("terminated", Terminated.exit_code)
        except ActplotError as error:
            code = _fail(str(error) + pointed(error), error.exit_code)
        except OSError as error:  # stdout full or closed (`-o - > /dev/full`, `| head -1`), or the system
            code = _os_failure(error)
        except UnicodeEncodeError as error:  # a terminal that is not UTF-8 (LC_ALL=C, PYTHONIOENCODING=ascii)
            shown = error.object[error.start : error.end]
            code = _fail(
                f"cannot print {shown!r} in the output's encoding ({error.encoding}); "
                "set PYTHONIOENCODING=utf-8 or use a UTF-8 locale",
                ActplotError.exit_code,
            )
        except OverflowError as error:  # a last guard: extreme accepted values overflowing float64
            reason = error.args[-1] if error.args else type(error).__name__
            code = _fail(
                f"a result overflowed float64 ({reason}); use less extreme values", UsageError.exit_code
            )
        except ValueError as error:  # matplotlib refusing its environment (MPLBACKEND, matplotlibrc)
            if not raised_in(error, "matplotlib"):
                raise
            reason = str(error).strip().splitlines()[0]
            code = _fail(f"matplotlib cannot start: {reason}", ActplotError.exit_code)
        code = int(code or 0)
        if standalone_mode:
            sys.exit(code)
        return code

    def _main_shell_completion(self, ctx_args: Any, prog_name: str, complete_var: str | None = None) -> None:
        """Complete, refusing in one line what the shell passed if it is not a command line.

        By click's protocol, the one the scripts of `actplot completion` speak (Typer would
        answer in its own, which only its --install-completion scripts speak).
        """
        try:
            click.Group._main_shell_completion(self, ctx_args, prog_name, complete_var)
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
    def buffer(self) -> "_ClosedStream":
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
        return _fail(f"{error.filename}: {error.strerror or error}", ActplotError.exit_code)
    with suppress(OSError, ValueError, AttributeError):  # not a real file: a test's capture, or closed
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    if isinstance(error, BrokenPipeError):
        return ActplotError.exit_code
    return _fail(f"cannot write to standard output: {error.strerror or error}", ActplotError.exit_code)


def _fail(message: str, code: int, *, hint: bool = False) -> int:
    if not message:  # click printed the help for a bare `actplot` already
        return code
    more = " (see 'actplot --help')" if hint else ""
    with suppress(OSError):  # stderr is gone too: the exit code is all that is left
        typer.echo(f"actplot: error: {message}{more}", err=True)
    return code


#: Marks the offending column of an expression inside the one error line.
MARK = "▸"


def pointed(error: ActplotError, width: int = 72) -> str:
    """For an error inside an expression, ``: `` and the expression with MARK before the offending column.

    The error stays one line: a long expression is cut to `width` characters around the
    column, with ``…`` where it is cut, and a character that cannot be printed on one line
    (a newline, a tab) is shown as ``�``.  Other errors get nothing.
    """
    if not isinstance(error, SpecError) or error.text is None or error.column is None:
        return ""
    text, index = error.text, error.column - 1
    start = max(0, min(index - width // 2, len(text) - width))
    stop = start + width
    printable = "".join(c if c.isprintable() else "\ufffd" for c in text)  # no \n, \t
    marked = printable[start:index] + MARK + printable[index:stop]
    return f": {'…' if start else ''}{marked}{'…' if stop < len(text) else ''}"


def mistyped_command(word: str, commands: Iterable[str]) -> str | None:
    """The command `word` is a slip for, or None if it is meant as an activation.

    A slip when the closest command is at least 0.6 alike (difflib's ratio, as in the
    "did you mean" of names), strictly more alike than every activation name and alias,
    and `word` is neither a catalogue spec nor an expression: ``ifno`` is ``info`` and
    ``evl`` is ``eval``, while ``elu`` and ``inverse`` stay activations.
    """
    import difflib

    from actplot.catalogue import CATALOGUE

    lower = word.lower()
    close = difflib.get_close_matches(lower, commands, n=1, cutoff=0.6)
    if word.startswith("-") or not close:
        return None

    def likeness(other: str) -> float:
        return difflib.SequenceMatcher(None, lower, other.lower()).ratio()

    if any(likeness(name) >= likeness(close[0]) for name in CATALOGUE.spellings()):
        return None
    from actplot.api import get

    try:
        get(word)
    except UsageError:
        return close[0]
    return None


app = typer.Typer(
    cls=ActplotGroup,
    name="actplot",
    help="Draw neural-network activation functions and their exact first and second derivatives.\n\n"
    "Name activations (catalogue names, specs with parameters, or expressions in x) to plot them: "
    "[bold]actplot sigmoid relu --derivs 2[/bold] draws them; [bold]-o fig.png[/bold] saves instead. "
    "The commands below list, explain, evaluate and batch-draw them.",
    rich_markup_mode="rich",
    no_args_is_help=True,
    add_completion=False,
    subcommand_metavar="NAME... [OPTIONS] | COMMAND [ARGS]...",
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="""
actplot sigmoid relu --derivs 2                      # a window if there is a display, else the terminal
actplot gelu:approximate=tanh silu -o fig.svg        # parameters after ':'
actplot "x*tanh(softplus(x))" mish --derivs 2 --range -4 4 -o mish.pdf
actplot info elu:alpha=0.5            # formulas, breaks, facts; each command has --help
""",
)
#: The commands of `app`, registered apart so that typer does not make them all on every start.
COMMANDS = typer.Typer()


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
    """Shell completion of names, aliases, ``name@framework`` and ``name:param=``, from the catalogue."""
    from actplot.catalogue import CATALOGUE

    name, colon, _ = incomplete.partition(":")
    base, at, framework = name.partition("@")
    try:
        if colon:
            params = (CATALOGUE.variant(base, framework) if at else CATALOGUE.resolve(name)).params
            return [f"{name}:{p.name}=" for p in params if f"{name}:{p.name}=".startswith(incomplete)]
        if at:
            variants = CATALOGUE.resolve(base).variants
            return [f"{base}@{fw}" for fw in variants if fw.startswith(framework.lower())]
    except SpecError:
        return []
    return [s for s in CATALOGUE.spellings() if s.lower().startswith(incomplete.lower())]


# --- Arguments and options shared by commands, each declared once; choices come from their owners.


class OwnedChoice(click.Choice[str]):
    """click's Choice of the values that ``module.name`` holds, read when first needed.

    The module that owns a command's choices (``tables``, ``eval_output``, ``plan``) is then imported
    by the commands that use them only, not by completion or the other commands.
    """

    def __init__(self, module: str, name: str) -> None:
        super().__init__(())
        self.owner = (module, name)

    @property
    def choices(self) -> tuple[str, ...]:
        """The owner's values."""
        module, name = self.owner
        return tuple(getattr(importlib.import_module(module), name))

    @choices.setter
    def choices(self, _: object) -> None:
        """click's constructor sets the choices; here the owner holds them."""


SPEC_HELP = (
    "catalogue names (any alias or case; [bold]actplot list[/bold] shows them), specs with parameters "
    "after ':' such as [bold]elu:alpha=0.5[/bold] or [bold]softmax:others=1/2[/bold] (a list "
    "parameter takes numbers separated by '/'), a framework's own version as [bold]NAME@FRAMEWORK[/bold] "
    "such as [bold]gelu@jax[/bold], or expressions in x such as "
    '[bold]"x*tanh(softplus(x))"[/bold] or [bold]"mymish=x*tanh(softplus(x))"[/bold] (a label before =).'
)
SpecsArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="NAME...",
        help=f"Activations: {SPEC_HELP}",
        autocompletion=complete_spec,
        show_default=False,
    ),
]
SweepsArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="NAME...",
        help=f"Activations: {SPEC_HELP} A sweep draws a family, one activation per value: "
        "[bold]elu:alpha=0.5..2[/bold] (5 values, ends included), [bold]elu:alpha=0.5..2:7[/bold] "
        "(7 values) or [bold]softplus:beta=0.5:1:2:4[/bold] (the values listed).",
        autocompletion=complete_spec,
        show_default=False,
    ),
]
SpecArgument = Annotated[
    str,
    typer.Argument(
        metavar="NAME", help=f"One activation: {SPEC_HELP}", autocompletion=complete_spec, show_default=False
    ),
]
_ORDERS = [str(order) for order in range(len(ORDER_NAMES))]
DerivsOption = Annotated[
    int,
    typer.Option(
        "--derivs",
        "-d",
        min=0,
        max=len(_ORDERS) - 1,
        metavar=f"[{'|'.join(_ORDERS)}]",
        help=f"Highest derivative: {one_of(_ORDERS)}.",
    ),
]
RangeOption = Annotated[
    tuple[float, float] | None,
    typer.Option(
        "--range",
        "-r",
        metavar="A B",
        help="The x-interval (default: one that shows every break and feature of the activations).",
    ),
]
ThemeOption = Annotated[str, typer.Option("--theme", click_type=click.Choice(list(THEMES)), help="Colours.")]
LayoutOption = Annotated[
    str,
    typer.Option(
        "--layout",
        click_type=click.Choice(LAYOUTS),
        help="panels: one panel per order; overlay: one axes; grid: a row per activation.",
    ),
]
StdoutFormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        click_type=click.Choice(list(FIGURE_FORMATS)),
        help="Figure format of [bold]-o -[/bold] (stdout); a file's format comes from its extension.",
    ),
]
GalleryFormatOption = Annotated[
    str, typer.Option("--format", "-f", click_type=click.Choice(GALLERY_FORMATS), help="Figure format.")
]
ListFormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        click_type=OwnedChoice("actplot.tables", "LIST_FORMATS"),
        help="A terminal table, or text for scripts and documents.",
    ),
]
EvalFormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        click_type=OwnedChoice("actplot.eval_output", "EVAL_FORMATS"),
        help="A terminal table, or text for scripts with every digit (inf, -inf, nan as words). "
        "Values are pointwise; the Dirac terms a derivative has at a break inside the x (relu'' has "
        '1·δ at 0) are footnotes of the table and "impulses" of each JSON series; CSV, one number '
        "per cell, has the values only.",
    ),
]


@COMMANDS.command(
    name=DEFAULT_COMMAND,
    cls=ActplotCommand,
    epilog="""
actplot sigmoid relu --derivs 2                      # a window if there is a display, else the terminal
actplot gelu:approximate=tanh silu -o fig.svg        # parameters after ':'
actplot step relu hard_shrink -d 2 --layout grid -o breaks.png --theme dark
actplot "x*tanh(softplus(x))" mish --derivs 2 --range -4 4 -o mish.pdf
actplot relu -o - --format svg > relu.svg           # to stdout
actplot elu:alpha=0.25..2 --derivs 2                 # a family: one curve per value of alpha
actplot elu:alpha=0.25..2:8 -d 2 -o elu.gif --fps 3  # an animation: a frame per value
""",
)
def plot_command(
    specs: SweepsArgument,
    derivs: DerivsOption = 0,
    x_range: RangeOption = None,
    points: Annotated[
        int, typer.Option("--points", "-n", metavar="N", help="Samples, 2 to 10⁷; breaks are added exactly.")
    ] = 1000,
    output: Annotated[
        list[Path] | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help=f"Write a file ({one_of(FIGURE_FORMATS, '.')}); repeatable; [bold]-o -[/bold] is stdout.",
        ),
    ] = None,
    fmt: StdoutFormatOption = None,
    size: Annotated[
        str | None,
        typer.Option(
            "--size", metavar="WxH", show_default="by layout", help="Figure size in inches, e.g. 12x4."
        ),
    ] = None,
    dpi: Annotated[
        int | None,
        typer.Option(
            "--dpi",
            min=DPI_BOUNDS[0],
            max=DPI_BOUNDS[1],
            metavar="DPI",
            show_default=str(DEFAULT_DPI),
            help="Resolution of PNG output.",
        ),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", metavar="TEXT", help="A title over the figure.")
    ] = None,
    theme: ThemeOption = "light",
    style: Annotated[
        str | None,
        typer.Option(
            "--style", metavar="STYLE", help="A matplotlib style name or file, applied over the theme."
        ),
    ] = None,
    layout: LayoutOption = "panels",
    ylim: Annotated[
        tuple[float, float] | None,
        typer.Option("--ylim", metavar="A B", help="The same y-limits for every panel (default: per panel)."),
    ] = None,
    transparent: Annotated[
        bool, typer.Option("--transparent", help="No figure or axes background (for slides and pages).")
    ] = False,
    font_scale: Annotated[
        float,
        typer.Option(
            "--font-scale",
            metavar="K",
            min=FONT_SCALES[0],
            max=FONT_SCALES[1],
            help=f"Scale every text by K ({FONT_SCALES[0]:g} to {FONT_SCALES[1]:g}).",
        ),
    ] = 1.0,
    legend: Annotated[
        str,
        typer.Option(
            "--legend",
            click_type=click.Choice(LEGENDS),
            help="The activations' legend: under the panels, inside the first, or none.",
        ),
    ] = "outside",
    terminal: Annotated[
        bool, typer.Option("--terminal", help="Draw in the terminal even if a window could open.")
    ] = False,
    show: Annotated[bool, typer.Option("--show", help="Open a window even when writing files.")] = False,
    fps: Annotated[
        int | None,
        typer.Option(
            "--fps",
            metavar="N",
            show_default="4",
            help="Frames per second of an animated .gif or .apng (a frame per value of the sweep), 1 to 50.",
        ),
    ] = None,
) -> None:
    """Draw activations and their derivatives: to files with -o, else a window or the terminal.

    A sweep such as elu:alpha=0.5..2 draws a family, one curve per value; -o FILE.gif animates it.
    """
    from actplot.activation import union_view
    from actplot.api import activations_of
    from actplot.files import check_distinct, check_writable
    from actplot.sampling import figure_resolution, sample

    activations = activations_of(specs)
    options = FigureOptions(
        layout=layout,
        theme=theme,
        size=parse_size(size) if size else None,
        title=title,
        style=style,
        dpi=dpi,
        ylim=ylim,
        transparent=transparent,
        font_scale=font_scale,
        legend=legend,
    )
    targets = [(path, _output_format(path, fmt)) for path in output or []]
    check_distinct([path for path, _ in targets])
    for path, _ in targets:
        if str(path) != "-":
            check_writable(path)
    if terminal and (targets or show):
        raise UsageError("--terminal cannot be combined with -o or --show")
    fps = _check_animation(activations, [fmt for _, fmt in targets], fps)
    if fmt and all(str(path) != "-" for path, _ in targets):
        raise UsageError("--format is for -o - (stdout); a file's format comes from its extension")
    if show:  # before anything is drawn or written: all or nothing
        require_display("write files with -o FILE alone, or draw in the terminal with --terminal")
    window = show or (not targets and not terminal and has_display())
    used: list[Target] = []
    if targets:
        used.append("file")
    if window:
        used.append("window")
    try:
        options.check_targets(used or ["terminal"])
    except UsageError as error:
        if used or terminal:
            raise
        raise UsageError(
            f"no display here, so the plot goes to the terminal: {error}; or write a file with -o FILE"
        ) from None
    if targets or window:
        _check_figure_text(title, style)
    resolution = figure_resolution(options.size[0] if options.size else None, options.dpi)
    sampled = sample(activations, range(derivs + 1), x_range or union_view(activations), points, resolution)
    if targets:
        _write_figures(sampled, options, targets, fps)
    if window:
        _show_window(sampled, options)
    elif not targets:
        _draw_in_terminal(sampled, options, explicit=terminal)


def _output_format(path: Path, fmt: str | None) -> str:
    from actplot.files import figure_format

    if str(path) == "-":
        if fmt is None:
            raise UsageError(
                f"-o - writes to stdout: say which format with --format {one_of(FIGURE_FORMATS)}"
            )
        return fmt
    return figure_format(path)


def _check_animation(activations: Sequence["Activation"], formats: Sequence[str], fps: int | None) -> int:
    """The frame rate of the animated outputs, once their sweep and `fps` are checked."""
    from actplot.animation import DEFAULT_FPS, animated_family, check_fps
    from actplot.files import ANIMATED_FORMATS
    from actplot.sweep import families_of

    moving = [fmt for fmt in formats if fmt in ANIMATED_FORMATS]
    if fps is not None and not moving:
        raise UsageError(
            f"--fps is the frame rate of an animation: write one with -o {one_of(ANIMATED_FORMATS, 'FILE.')}"
        )
    if moving:
        animated_family(families_of([(a.label, a.sweep) for a in activations if a.sweep]), moving[0])
    return check_fps(fps) if fps is not None else DEFAULT_FPS


def _write_figures(
    sampled: "Sampled", options: FigureOptions, targets: Sequence[tuple[Path, str]], fps: int
) -> None:
    """Draw once, check the canvas, and write every target or none; an animation draws its own figure."""
    from dataclasses import replace

    from actplot.animation import write_animation
    from actplot.figure import draw, write_figure
    from actplot.figure_checks import check_canvas, drawing
    from actplot.files import FIGURE_FORMATS, all_or_nothing

    still = [(path, fmt) for path, fmt in targets if not FIGURE_FORMATS[fmt].animated]
    moving = [(path, fmt) for path, fmt in targets if FIGURE_FORMATS[fmt].animated]
    with drawing(), all_or_nothing() as staged:
        if still:
            figure = draw(sampled, options)
            check_canvas(figure, [fmt for _, fmt in still], options.dpi)
            write_figure(figure, still, options.dpi, staged.write)
        if moving:
            write_animation(
                lambda title: draw(sampled, replace(options, title=title)),
                options.title,
                sampled.families[0],
                moving,
                fps,
                options.dpi,
                staged.write,
            )


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


def _show_window(sampled: "Sampled", options: FigureOptions) -> None:
    from actplot.figure import draw
    from actplot.figure_checks import check_canvas, drawing

    with drawing():
        figure = draw(sampled, options)
        check_canvas(figure, ())
    figure.show()


def _draw_in_terminal(sampled: "Sampled", options: FigureOptions, *, explicit: bool) -> None:
    from actplot.terminal import TerminalPlot

    hint = "actplot: no display, so the plot is drawn in the terminal; save a file with -o activations.png"
    console = _stdout_console()
    reserve = 0 if explicit else -(-len(hint) // console.width)  # the hint's lines, as the terminal wraps it
    console.print(TerminalPlot(sampled, options, reserve=reserve))
    if not explicit:
        typer.echo(hint, err=True)


@COMMANDS.command(
    name="explore",
    cls=ActplotCommand,
    epilog="""
actplot explore elu leaky_relu hard_tanh --derivs 2    # a slider per parameter
actplot explore softplus:beta=2 gelu -d 1 --theme dark  # starts at β = 2; gelu's approximate as buttons
""",
)
def explore_command(
    specs: SpecsArgument,
    derivs: DerivsOption = 0,
    x_range: RangeOption = None,
    theme: ThemeOption = "light",
) -> None:
    """Open a window with a slider per parameter: f, f′ and f″ are drawn again as one moves."""
    from actplot.explorer import explorable, explore
    from actplot.figure_checks import drawing
    from actplot.sampling import check_range

    activations = explorable(specs)
    if x_range is not None:
        check_range(x_range)
    require_display("use actplot.explore in a notebook (ipympl's widget backend), or actplot NAME -o FILE")
    with drawing():
        explorer = explore(activations, derivs, x_range, theme=theme)
    explorer.figure.show()  # until the window closes; held here, the explorer's widgets keep answering


@COMMANDS.command(
    name="list",
    cls=ActplotCommand,
    epilog="""
actplot list                          # the table; --format json|csv|markdown for scripts and docs
actplot list --framework jax          # what JAX has, as variants such as gelu@jax
""",
)
def list_command(
    fmt: ListFormatOption = "table",
    framework: Annotated[
        str | None,
        typer.Option(
            "--framework",
            metavar="FW",
            help="Only what a framework has, as its variants: torch, jax, keras, keras2 or tf.",
        ),
    ] = None,
) -> None:
    """Every activation: parameters, range, continuity, properties, frameworks."""
    from actplot.tables import catalogue_rows, list_table, list_text

    rows = catalogue_rows(framework)
    if fmt == "table":
        _stdout_console().print(list_table(rows))
    else:
        typer.echo(list_text(rows, fmt), nl=False)


@COMMANDS.command(
    name="info",
    cls=ActplotCommand,
    epilog="""
actplot info elu:alpha=0.5            # formulas, parameters, breaks and what happens there, facts, notes
actplot info "x*tanh(softplus(x))"    # an expression: f, f′ and f″ exact, its breaks derived
""",
)
def info_command(spec: SpecArgument) -> None:
    """Formulas of f, f′ and f″, parameters, breaks (jumps, kinks, Dirac terms), facts, frameworks, notes."""
    from actplot.api import get
    from actplot.info import info

    _stdout_console().print(info(get(spec)))


#: Points of ``actplot eval --range A B`` without --points: steps of (B − A)/10.
EVAL_POINTS = 11


@COMMANDS.command(
    name="eval",
    cls=ActplotCommand,
    epilog="""
actplot eval sigmoid relu --x -1,0,1 --derivs 2 --format csv
actplot eval softmax --vector 0.3,2.9,4.0        # 0.01821127 0.24519181 0.73659691, stable for huge logits
actplot eval "elu(x, alpha=0.5) + 0.1*x" --x -1,1 --derivs 2
""",
)
def eval_command(
    specs: SweepsArgument,
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
    derivs: DerivsOption = 0,
    vector: Annotated[
        list[str] | None,
        typer.Option(
            "--vector",
            metavar="V,V,...",
            help="Logits for the vector form of softmax, log_softmax or softmin, instead of --x.",
        ),
    ] = None,
    fmt: EvalFormatOption = "table",
) -> None:
    """Print f, f′, f″ at given x: a table, or CSV / JSON for scripts."""
    from actplot import eval_output
    from actplot.api import activations_of

    activations = activations_of(specs)
    if sum(given is not None for given in (x_values, x_range, vector)) != 1:
        raise UsageError("say where to evaluate with one of --x V,V,..., --range A B or --vector V,V,...")
    if points is not None and x_range is None:
        raise UsageError("--points sets the grid of --range A B; give --range too, or list the x with --x")
    if vector is not None:
        if derivs:
            raise UsageError("--vector prints the vector form only; --derivs goes with --x or --range")
        result = eval_output.vector_form(activations, eval_output.parse_values(vector, "--vector"))
    elif x_values is not None:
        result = eval_output.tabulate(activations, eval_output.parse_values(x_values, "--x"), derivs)
    else:
        assert x_range is not None
        result = eval_output.tabulate(
            activations, eval_output.even_grid(x_range, points or EVAL_POINTS), derivs
        )
    if fmt == "table":
        _stdout_console().print(eval_output.to_table(result))
        return
    for text in eval_output.csv_text(result) if fmt == "csv" else eval_output.json_text(result):
        typer.echo(text, nl=False)


@COMMANDS.command(
    name="diff",
    cls=ActplotCommand,
    epilog="""
actplot diff gelu gelu@jax --derivs 2          # f: max |Δ| 0.000473236 at x = ±2.699 …
actplot diff softplus softplus@torch -r 0 30 -o d.png --format json
""",
)
def diff_command(
    specs: SpecsArgument,
    derivs: DerivsOption = 0,
    x_range: Annotated[
        tuple[float, float], typer.Option("--range", "-r", metavar="A B", help="The x-interval.")
    ] = (-5.0, 5.0),
    points: Annotated[
        int, typer.Option("--points", "-n", metavar="N", help="Samples, 2 to 10⁷; breaks are added exactly.")
    ] = 20001,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            click_type=OwnedChoice("actplot.differences", "DIFF_FORMATS"),
            help="Lines for reading, or JSON for scripts.",
        ),
    ] = "table",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Also draw A − B (and f′, f″ with --derivs)."),
    ] = None,
) -> None:
    """Compare A with B (and C …): the largest |A − B| of f, f′, f″ and where, e.g. gelu gelu@jax."""
    from actplot.api import get
    from actplot.differences import compare, comparisons_json, comparisons_text, difference
    from actplot.files import check_writable
    from actplot.sampling import sample

    if len(specs) < 2:
        raise UsageError("diff compares two or more activations: actplot diff A B [C …]")
    first, *others = [get(spec) for spec in specs]
    orders = range(derivs + 1)
    comparisons = [compare(first, other, orders, x_range, points) for other in others]
    if output is not None:
        targets = [(output, _output_format(output, None))]
        check_writable(output)
        sampled = sample([difference(first, other) for other in others], orders, x_range, min(points, 2000))
        _write_figures(sampled, FigureOptions(), targets, _check_animation([], [targets[0][1]], None))
    typer.echo(
        comparisons_text(comparisons) if fmt == "table" else comparisons_json(comparisons, x_range), nl=False
    )


@COMMANDS.command(
    name="gallery",
    cls=ActplotCommand,
    epilog="""
actplot gallery docs/gallery                  # one figure per catalogue entry and an index.md table
actplot gallery docs/gallery --format png --derivs 1 --theme dark
""",
)
def gallery_command(
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", help="Where the figures go; created if its parent exists.")
    ],
    fmt: GalleryFormatOption = "svg",
    derivs: DerivsOption = 2,
    theme: ThemeOption = "light",
) -> None:
    """One figure per activation and an index.md table of them, for documentation."""
    from rich.console import Console

    from actplot.gallery import write_gallery

    written = write_gallery(folder, fmt, derivs, theme, console=Console(stderr=True))
    typer.echo(f"actplot: wrote {len(written) - 1} figures and {written[-1]}", err=True)


@COMMANDS.command(
    name="render",
    cls=ActplotCommand,
    epilog="""
actplot render examples/figures.toml          # validate the whole file, then write every figure
""",
)
def render_command(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE.toml",
            help="[\\[figure]] tables: activations, output, and any of derivs, range, points, layout, "
            "theme, size, dpi, title, style, ylim, legend, font_scale, transparent, fps (of a .gif).",
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


@COMMANDS.command(
    name="propagate",
    cls=ActplotCommand,
    epilog="""
actplot propagate tanh relu gelu selu -o deep.png --simulate
""",
)
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
            help=f"Also draw the figure ({one_of(FIGURE_FORMATS, '.')}): phase diagram, "
            "q over depth, gradients over depth, correlation map.",
        ),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            click_type=OwnedChoice("actplot.propagation_table", "PROPAGATE_FORMATS"),
            help="A terminal table, or JSON for scripts.",
        ),
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
    theme: ThemeOption = "light",
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


@COMMANDS.command(
    name="completion",
    cls=ActplotCommand,
    epilog="""
actplot completion bash > ~/.local/share/bash-completion/completions/actplot
actplot completion zsh > ~/.zfunc/_actplot     # with fpath+=~/.zfunc before compinit in ~/.zshrc
actplot completion fish > ~/.config/fish/completions/actplot.fish
""",
)
def completion_command(
    shell: Annotated[
        str,
        typer.Argument(
            click_type=click.Choice(SHELLS), metavar="SHELL", help=f"{one_of(SHELLS)}.", show_default=False
        ),
    ],
) -> None:
    """Print the script that makes SHELL complete actplot's commands, options and activation names."""
    from click.shell_completion import get_completion_class

    script = get_completion_class(shell)
    assert script is not None  # click registers every shell of SHELLS
    root = click.get_current_context().find_root().command
    typer.echo(script(root, {}, "actplot", COMPLETE_VAR).source())


def _stdout_console() -> "Console":
    from rich.console import Console

    return Console()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    command = typer.main.get_command(app)
    return int(command.main(args=argv, prog_name="actplot", standalone_mode=False) or 0)
