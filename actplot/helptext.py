"""Help pages of the command line, drawn with rich's Panel and Table.

Typer's own formatter imports ``rich.markdown`` (with markdown-it) and pygments on every
``--help``, for Markdown help this package does not use; these pages are styled text
(rich markup) in panels, which keeps ``actplot --help`` near the cost of importing the
libraries every command needs anyway.

A page: the usage line, the command's help, a panel of arguments, of options, of
commands (for the group), any extra panels the caller adds, and an Examples panel
made of the command's epilog, one command line per line.
"""

from __future__ import annotations

from collections.abc import Sequence

import click
from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

OPTION_STYLE = "bold cyan"
METAVAR_STYLE = "bold yellow"
DIM = "dim"


def print_help(ctx: click.Context, extra: Sequence[tuple[str, Sequence[click.Parameter]]] = ()) -> None:
    """Print the help page of ``ctx.command`` on stdout.

    Args:
        ctx: the context of the command whose help is asked for.
        extra: (title, parameters) panels shown between the command's arguments and options.
    """
    command = ctx.command
    usage = f"{ctx.command_path} {' '.join(command.collect_usage_pieces(ctx))}"
    parts: list[RenderableType | None] = [
        Padding(Text.assemble(("Usage: ", "yellow"), (usage, "bold")), (1, 1, 0, 1)),
        Padding(Text.from_markup(command.help or ""), (1, 1, 1, 1)),
    ]
    visible = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    parts.append(parameter_panel(ctx, "Arguments", [p for p in visible if isinstance(p, click.Argument)]))
    parts += [parameter_panel(ctx, title, params) for title, params in extra]
    parts.append(parameter_panel(ctx, "Options", [p for p in visible if isinstance(p, click.Option)]))
    if isinstance(command, click.Group):
        parts.append(commands_panel(ctx, command))
    console = Console()
    if command.epilog:
        parts.append(examples_panel(command.epilog, console.width - 4))
    console.print(Group(*(part for part in parts if part)))


def parameter_panel(ctx: click.Context, title: str, params: Sequence[click.Parameter]) -> Panel | None:
    """A panel with a row per parameter: its names, its metavar or choices, its help and default."""
    if not params:
        return None
    table = _grid()
    for param in params:
        opts = sorted(param.opts + param.secondary_opts, key=lambda o: not o.startswith("--"))
        names = ", ".join(opts) if isinstance(param, click.Option) else ""
        flag = isinstance(param, click.Option) and param.is_flag
        metavar = "" if flag else param.make_metavar(ctx)
        help_text = Text.from_markup(getattr(param, "help", None) or "")
        default = default_text(param)
        if default:
            help_text.append(f" [default: {default}]", style=DIM)
        table.add_row(Text(names, OPTION_STYLE), Text(metavar, METAVAR_STYLE), help_text)
    return _panel(title, table)


def default_text(param: click.Parameter) -> str:
    """What the help says the default is: `show_default` if it is text, else the value, if any."""
    shown = getattr(param, "show_default", None)
    if isinstance(shown, str):
        return shown
    value = param.default
    if not shown or value is None or isinstance(value, bool) or callable(value) or value == []:
        return ""
    if isinstance(value, tuple | list):
        return " ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def commands_panel(ctx: click.Context, group: click.Group) -> Panel:
    """A panel with a row per command of `group`: its name and the first sentence of its help."""
    table = _grid(2)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is not None and not command.hidden:
            table.add_row(Text(name, OPTION_STYLE), Text.from_markup(command.get_short_help_str(limit=200)))
    return _panel("Commands", table)


def examples_panel(epilog: str, width: int) -> Panel:
    """The epilog's command lines, each with its ``# comment`` dimmed.

    A line wider than `width` has its comment on a line of its own, above it, so that the
    command itself is never broken.
    """
    lines = Text()
    for line in epilog.strip().splitlines():
        command, hash_sign, comment = line.partition("  #")
        if hash_sign and len(line) > width:
            lines.append(f"#{comment}\n", DIM)
            lines.append(command.rstrip(), "bold")
        else:
            lines.append(command, "bold")
            if hash_sign:
                lines.append(f"  #{comment}", DIM)
        lines.append("\n")
    lines.rstrip()
    return _panel("Examples", lines)


def _grid(columns: int = 3) -> Table:
    """Columns of natural width, the last one taking the rest of the line and wrapping."""
    table = Table.grid(padding=(0, 2))
    for _ in range(columns - 1):
        table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    return table


def _panel(title: str, body: RenderableType) -> Panel:
    return Panel(body, title=escape(title), title_align="left", border_style=DIM)
