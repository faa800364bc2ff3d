"""Help pages of the command line, drawn with rich's Panel and Text.

Typer's own formatter imports ``rich.markdown`` (with markdown-it) and pygments on every
``--help``, for Markdown help this package does not use, and lays its option tables out
with rich's Table, which measures every cell before drawing.  These pages are rich markup
in panels whose columns are laid out here, once: ``actplot --help`` costs little more
than importing the libraries every command needs anyway.

A page: the usage line, the command's help, a panel of arguments, of options, of
commands (for the group), any extra panels the caller adds, and an Examples panel
made of the command's epilog, one command line per line.
"""

from __future__ import annotations

from collections.abc import Sequence

import click
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.text import Text

OPTION_STYLE = "bold cyan"
METAVAR_STYLE = "bold yellow"
DIM = "dim"
#: Columns a panel takes beyond its text: the borders and one space of padding either side.
PANEL_FRAME = 4
GAP = "  "


def print_help(ctx: click.Context, extra: Sequence[tuple[str, Sequence[click.Parameter]]] = ()) -> None:
    """Print the help page of ``ctx.command`` on stdout.

    Args:
        ctx: the context of the command whose help is asked for.
        extra: (title, parameters) panels shown between the command's arguments and options.
    """
    console = Console()
    width = console.width - PANEL_FRAME
    command = ctx.command
    usage = f"{ctx.command_path} {' '.join(command.collect_usage_pieces(ctx))}"
    parts: list[RenderableType | None] = [
        Text.assemble("\n Usage: ", (usage, "bold"), "\n", style="yellow"),
        Text(" ") + Text("\n ").join(Text.from_markup(command.help or "").wrap(console, width + 2)),
        Text(),
    ]
    visible = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = [p for p in visible if isinstance(p, click.Argument)]
    options = [p for p in visible if isinstance(p, click.Option)]
    for title, params in [("Arguments", arguments), *extra, ("Options", options)]:
        parts.append(parameter_panel(ctx, console, title, params))
    if isinstance(command, click.Group):
        parts.append(commands_panel(ctx, console, command))
    if command.epilog:
        parts.append(examples_panel(command.epilog, width))
    console.print(Group(*(part for part in parts if part is not None)))


def parameter_panel(
    ctx: click.Context, console: Console, title: str, params: Sequence[click.Parameter]
) -> Panel | None:
    """A panel with a row per parameter: its names, its metavar or choices, its help and default."""
    rows = []
    for param in params:
        opts = sorted(param.opts + param.secondary_opts, key=lambda o: not o.startswith("--"))
        names = ", ".join(opts) if isinstance(param, click.Option) else ""
        flag = isinstance(param, click.Option) and param.is_flag
        help_text = Text.from_markup(getattr(param, "help", None) or "")
        default = default_text(param)
        if default:
            help_text.append(f" [default: {default}]", style=DIM)
        rows.append(
            (
                Text(names, OPTION_STYLE),
                Text("" if flag else param.make_metavar(ctx), METAVAR_STYLE),
                help_text,
            )
        )
    return _panel(title, columns(console, rows)) if rows else None


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


def commands_panel(ctx: click.Context, console: Console, group: click.Group) -> Panel:
    """A panel with a row per command of `group`: its name and the first sentence of its help."""
    rows = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is not None and not command.hidden:
            rows.append((Text(name, OPTION_STYLE), Text.from_markup(command.get_short_help_str(limit=200))))
    return _panel("Commands", columns(console, rows))


def columns(console: Console, rows: Sequence[Sequence[Text]]) -> Text:
    """Rows of cells in aligned columns, the last one wrapped to the console's width."""
    widths = [max(cell.cell_len for cell in column) for column in zip(*rows, strict=True)]
    indent = sum(w + len(GAP) for w in widths[:-1] if w)
    room = max(console.width - PANEL_FRAME - indent, 20)
    lines = []
    for *first, last in rows:
        head = Text()
        for cell, width in zip(first, widths, strict=False):
            if width:
                head.append_text(cell)
                head.append(" " * (width - cell.cell_len) + GAP)
        for index, part in enumerate(last.wrap(console, room)):
            lines.append((head if index == 0 else Text(" " * indent)) + part)
    return Text("\n").join(lines)


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


def _panel(title: str, body: Text) -> Panel:
    body.no_wrap = True  # laid out to the width already
    return Panel(body, title=title, title_align="left", border_style=DIM)
