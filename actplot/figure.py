"""Sampled curves → a matplotlib `Figure`, and deterministic bytes of it.

Only the object API is used (no pyplot), so writing files never touches a GUI
backend; the window path hands in a pyplot-managed figure instead.
"""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import matplotlib as mpl
import matplotlib.style
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.lines import Line2D

from actplot.activation import Activation
from actplot.api import get
from actplot.errors import UsageError
from actplot.figure_checks import check_style
from actplot.files import write_atomic
from actplot.options import DEFAULT_DPI, FigureOptions, check_derivs
from actplot.orders import ORDER_NAMES
from actplot.plan import Panel, Plan, check_size, impulse_tips, make_plan, stacked_impulses
from actplot.sampling import Impulse, Sampled, figure_resolution, sample
from actplot.theme import Theme, get_theme

#: Line styles by the plan's dash index: solid, dashed, dash-dot, dotted.
DASHES: tuple[Literal["-", "--", "-.", ":"], ...] = ("-", "--", "-.", ":")
#: Markers by the plan's marker index (none first).
MARKERS = ("", "o", "s", "^", "D", "v", "P", "X")
#: Bytes-for-bytes reproducible output: no dates, no version strings, fixed SVG ids.
METADATA: dict[str, dict[str, Any]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None},
}
SAVE_RC: dict[Any, Any] = {"svg.hashsalt": "actplot", "svg.fonttype": "path", "pdf.fonttype": 42}


def plot(
    specs: str | Activation | Sequence[str | Activation],
    derivs: int = 0,
    xrange: tuple[float, float] = (-5.0, 5.0),
    points: int = 1000,
    layout: str = "panels",
    theme: str = "light",
    *,
    size: tuple[float, float] | None = None,
    title: str | None = None,
    style: str | None = None,
    ylim: tuple[float, float] | None = None,
) -> Figure:
    """Draw activations and their first `derivs` derivatives.

    Args:
        specs: names or specs (``"elu:alpha=0.5"``), or activations.
        derivs: highest derivative drawn: 0, 1 or 2.
        xrange: the x-interval (a, b), a < b.
        points: evenly spaced samples (breaks are added exactly).
        layout: ``panels`` (one axes per order), ``overlay`` (one axes) or ``grid`` (a row per activation).
        theme: ``light`` or ``dark``.
        size: (width, height) in inches; chosen from the layout if None.
        title: a title over the figure.
        style: any matplotlib style name or file, applied over the theme.
        ylim: the same y-limits (lo, hi) for every panel; chosen per panel if None.

    Raises:
        UsageError: a bad spec, order, range, point count, layout, theme or style.
    """
    if isinstance(specs, str | Activation):
        specs = [specs]
    activations = [get(s) for s in specs]
    if not activations:
        raise UsageError("no activation given; name at least one, e.g. sigmoid")
    check_derivs(derivs)
    options = FigureOptions(layout=layout, theme=theme, size=size, title=title, style=style, ylim=ylim)
    resolution = figure_resolution(options.size[0] if options.size else None, None)
    return draw(sample(activations, range(derivs + 1), xrange, points, resolution), options)


def draw(sampled: Sampled, options: FigureOptions, *, new_figure: Callable[..., Figure] = Figure) -> Figure:
    """Draw sampled curves in a new figure made by `new_figure` (pyplot's, for a window)."""
    plan = make_plan(sampled, options)
    colours = get_theme(options.theme)
    if options.size is not None:
        check_size(options.size, plan.rows, plan.columns)
    with styled(colours, options.style):
        size = options.size or _default_size(options.layout, plan.rows, plan.columns)
        figure = new_figure(figsize=size, layout="constrained")
        figure.set_facecolor(colours.background)
        axes = figure.subplots(plan.rows, plan.columns, squeeze=False, sharex=True)
        for panel in plan.panels:
            ax = axes[panel.row][panel.column]
            _draw_panel(ax, panel, plan, colours)
            if panel.row == 0:
                ax.set_title(", ".join(ORDER_NAMES[o].mathtext for o in panel.orders))
            if panel.row_label is not None and panel.column == 0:
                ax.set_ylabel(panel.row_label)
        for ax in axes[-1]:
            ax.set_xlabel("x", fontstyle="italic")  # as mathtext sets it, without a mathtext parse
        _legend(figure, plan, colours)
        if plan.title:
            figure.suptitle(plan.title)
    return figure


@contextmanager
def styled(colours: Theme, style: str | None) -> Iterator[None]:
    """rcParams of the theme, with a matplotlib style on top if one is given."""
    if style is not None:
        check_style(style)
    rc: dict[Any, Any] = {
        "figure.facecolor": colours.background,
        "axes.facecolor": colours.background,
        "savefig.facecolor": colours.background,
        "text.color": colours.foreground,
        "axes.labelcolor": colours.foreground,
        "axes.titlecolor": colours.foreground,
        "axes.edgecolor": colours.axis,
        "xtick.color": colours.axis,
        "ytick.color": colours.axis,
        "xtick.labelcolor": colours.foreground,
        "ytick.labelcolor": colours.foreground,
        "grid.color": colours.grid,
        "legend.facecolor": colours.background,
        "legend.edgecolor": colours.grid,
        "legend.labelcolor": colours.foreground,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 12,
        # Titles at the top of their axes (nothing is drawn above them): matplotlib then skips
        # laying out every tick label to place each title, a tenth of a figure's drawing time.
        "axes.titley": 1.0,
        "font.size": 10,
        "lines.linewidth": 1.8,
        "lines.solid_capstyle": "round",
        **SAVE_RC,
    }
    with mpl.rc_context(rc), matplotlib.style.context(style or {}):
        yield


def _default_size(layout: str, rows: int, columns: int) -> tuple[float, float]:
    if layout == "overlay":
        return (6.4, 4.6)
    return (0.4 + 3.7 * columns, 0.9 + 2.9 * rows if layout == "grid" else 4.0)


def _draw_panel(ax: Axes, panel: Panel, plan: Plan, colours: Theme) -> None:
    """Draw one panel: segments, jump markers, impulse arrows, zero axes."""
    ax.grid(True, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.axhline(0.0, color=colours.axis, linewidth=0.8, zorder=1)
    x_lo, x_hi = plan.x_range
    if x_lo < 0 < x_hi:
        ax.axvline(0.0, color=colours.axis, linewidth=0.8, zorder=1)
    lo, hi = panel.y_limits
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(lo, hi)
    for curve in panel.curves:
        style = plan.styles[curve.label, curve.order]
        colour = colours.colour(style.colour)
        gid = f"{curve.label}/{curve.order}"
        for i, segment in enumerate(curve.segments):
            ax.plot(
                segment.x,
                segment.y,
                color=colour,
                linestyle=DASHES[style.dash],
                marker=MARKERS[style.marker],
                markevery=0.1,
                gid=gid,
                label=curve.label if i == 0 else "_nolegend_",
                zorder=3,
            )
        for jump in curve.jumps:
            ax.plot([jump.x], [jump.value], "o", color=colour, ms=5, zorder=4, gid=f"{gid}/jump")
            for limit in jump.open_limits:
                ax.plot(
                    [jump.x],
                    [limit],
                    "o",
                    color=colour,
                    mfc=colours.background,
                    ms=5,
                    zorder=4,
                    gid=f"{gid}/jump",
                )
    for curve, impulse, rank in stacked_impulses(panel.curves, x_hi - x_lo):
        prefix = f"{ORDER_NAMES[curve.order].symbol}: " if plan.overlay else ""
        colour = colours.colour(plan.styles[curve.label, curve.order].colour)
        _draw_impulse(ax, impulse, colour, impulse_tips(impulse, (lo, hi), rank), x_hi - x_lo, prefix)


def _draw_impulse(
    ax: Axes, impulse: Impulse, colour: str, tips: tuple[float, ...], x_span: float, prefix: str
) -> None:
    """A δ as an arrow from 0, a δ′ as an up–down pair of arrows, labelled with the weight."""
    offsets = [0.0] if len(tips) == 1 else [-0.012 * x_span, 0.012 * x_span]
    arrow = {"arrowstyle": "-|>", "color": colour, "linewidth": 1.8, "mutation_scale": 12}
    for tip, offset in zip(tips, offsets, strict=True):
        ax.annotate("", xy=(impulse.x + offset, tip), xytext=(impulse.x + offset, 0.0), arrowprops=arrow)
    ax.annotate(
        prefix + impulse.symbol,
        xy=(impulse.x + offsets[-1], tips[0]),
        xytext=(6, 0),
        textcoords="offset points",
        color=colour,
        fontsize=9,
        va="center",
        gid="impulse",
    )


def _legend(figure: Figure, plan: Plan, colours: Theme) -> None:
    """One legend under the panels: a line per activation (and a dash per order in overlay)."""
    first = plan.orders[0]
    handles = []
    for label in plan.labels:
        style = plan.styles[label, first]
        notes = plan.notes(label)
        handles.append(
            Line2D(
                [],
                [],
                color=colours.colour(style.colour),
                linestyle="-" if plan.overlay else DASHES[style.dash],
                marker=MARKERS[style.marker],
                label=label + (f" ({'; '.join(notes)})" if notes else ""),
            )
        )
    if plan.overlay:
        handles += [
            Line2D([], [], color=colours.axis, linestyle=DASHES[o], label=ORDER_NAMES[o].mathtext)
            for o in plan.orders
        ]
    figure.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 6), frameon=False)


def write_figure(
    figure: Figure,
    targets: Sequence[tuple[Path, str]],
    dpi: float | None = None,
    write: Callable[[Path, bytes], None] = write_atomic,
) -> None:
    """Write the figure to each (path, format) with `write`, encoding each format once; ``-`` is stdout.

    Raises:
        OutputError: a file cannot be written (it is left as it was).
    """
    encoded: dict[str, bytes] = {}
    for path, fmt in targets:
        if fmt not in encoded:
            encoded[fmt] = figure_bytes(figure, fmt, dpi)
        if str(path) == "-":
            sys.stdout.buffer.write(encoded[fmt])
            sys.stdout.buffer.flush()
        else:
            write(path, encoded[fmt])


def figure_bytes(figure: Figure, fmt: str, dpi: float | None = None) -> bytes:
    """The figure as PNG, SVG or PDF bytes; the same figure always gives the same bytes.

    The constrained layout is settled once, on the Agg renderer at `DEFAULT_DPI`, and then
    frozen: left running, it starts each save from where the last one ended, and the
    geometry (hence SVG clip ids) would depend on which files were written before.  A PNG
    at `DEFAULT_DPI` draws on that same renderer, so when it is the first file its own draw
    settles the layout (same bytes, one draw fewer); any other first file gets a layout pass.
    """
    dpi = dpi or DEFAULT_DPI
    if _layout_running(figure):
        figure.set_dpi(DEFAULT_DPI)
        if fmt != "png" or dpi != DEFAULT_DPI:
            figure.draw_without_rendering()
            figure.set_layout_engine("none")
    buffer = io.BytesIO()
    with mpl.rc_context(SAVE_RC), _quiet("fontTools"):
        figure.savefig(buffer, format=fmt, dpi=dpi, metadata=METADATA[fmt])
    if _layout_running(figure):  # the PNG's own draw has settled it
        figure.set_layout_engine("none")
    return buffer.getvalue()


def _layout_running(figure: Figure) -> bool:
    """Whether a layout engine still moves the axes at each draw (once frozen it is a placeholder)."""
    engine = figure.get_layout_engine()
    return engine is not None and not isinstance(engine, PlaceHolderLayoutEngine)


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """Hide a library's chatter below ERROR (fontTools warns about font dates when subsetting PDFs)."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
