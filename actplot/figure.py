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
from actplot.files import write_atomic
from actplot.options import LAYOUTS, ORDER_NAMES, Layout, check_derivs
from actplot.sampling import Curve, Impulse, Sampled, impulse_tips, sample, stacked_impulses, y_limits
from actplot.theme import Theme, get_theme

ORDER_TITLES = ("$f(x)$", "$f\\,'(x)$", "$f\\,''(x)$")
ORDER_DASHES: tuple[Literal["-", "--", ":"], ...] = ("-", "--", ":")
DEFAULT_DPI = 150
#: Inches a panel needs at least, across and down.
MIN_PANEL = (1.0, 0.8)
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
    layout: Layout = "panels",
    theme: str = "light",
    *,
    size: tuple[float, float] | None = None,
    title: str | None = None,
    style: str | None = None,
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

    Raises:
        UsageError: a bad spec, order, range, point count, layout, theme or style.
    """
    if isinstance(specs, str | Activation):
        specs = [specs]
    activations = [get(s) for s in specs]
    if not activations:
        raise UsageError("no activation given; name at least one, e.g. sigmoid")
    check_derivs(derivs)
    sampled = sample(activations, range(derivs + 1), xrange, points)
    return draw(sampled, layout, theme, size=size, title=title, style=style)


def draw(
    sampled: Sampled,
    layout: Layout = "panels",
    theme: str = "light",
    *,
    size: tuple[float, float] | None = None,
    title: str | None = None,
    style: str | None = None,
    new_figure: Callable[..., Figure] = Figure,
) -> Figure:
    """Draw sampled curves in a new figure made by `new_figure` (pyplot's, for a window)."""
    if layout not in LAYOUTS:
        raise UsageError(f"unknown layout {layout!r}; use {', '.join(LAYOUTS)}")
    colours = get_theme(theme)
    rows = len(sampled.labels) if layout == "grid" else 1
    columns = 1 if layout == "overlay" else len(sampled.orders)
    if size is not None:
        _check_size(size, rows, columns)
    with styled(colours, style):
        figure = new_figure(figsize=size or _default_size(layout, rows, columns), layout="constrained")
        figure.set_facecolor(colours.background)
        axes = figure.subplots(rows, columns, squeeze=False, sharex=True)
        colour_of = {label: colours.colour(i) for i, label in enumerate(sampled.labels)}
        if layout == "overlay":
            _draw_axes(axes[0][0], sampled.curves, colour_of, colours, dashed=True)
            axes[0][0].set_title(", ".join(ORDER_TITLES[o] for o in sampled.orders))
        for column, order in enumerate(sampled.orders if layout != "overlay" else ()):
            for row in range(rows):
                curves = sampled.by_order(order)
                if layout == "grid":
                    curves = [c for c in curves if c.label == sampled.labels[row]]
                _draw_axes(axes[row][column], curves, colour_of, colours, dashed=False)
                if row == 0:
                    axes[row][column].set_title(ORDER_TITLES[order])
        for row, label in enumerate(sampled.labels if layout == "grid" else ()):
            axes[row][0].set_ylabel(label)
        for ax in axes[-1]:
            ax.set_xlabel("x", fontstyle="italic")  # as mathtext sets it, without a mathtext parse
        _legend(figure, sampled, colour_of, colours, with_orders=layout == "overlay")
        if title:
            figure.suptitle(title)
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


def check_style(style: str) -> None:
    """Refuse a style that is neither one of matplotlib's names nor a file.

    Raises:
        UsageError: unknown style; the message lists some names.
    """
    if style not in matplotlib.style.available and not Path(style).is_file():
        shown = ", ".join(sorted(matplotlib.style.available)[:8])
        raise UsageError(f"unknown matplotlib style {style!r}; use a style file or one of {shown}, …")


def _check_size(size: tuple[float, float], rows: int, columns: int) -> None:
    """Refuse a size that leaves the panels no room (constrained layout would collapse them)."""
    least = (MIN_PANEL[0] * columns + 0.4, MIN_PANEL[1] * rows + 0.8)
    if size[0] < least[0] or size[1] < least[1]:
        raise UsageError(
            f"--size {size[0]:g}x{size[1]:g} is too small for {rows}×{columns} panels; "
            f"use at least {least[0]:g}x{least[1]:g} inches"
        )


def _default_size(layout: Layout, rows: int, columns: int) -> tuple[float, float]:
    if layout == "overlay":
        return (6.4, 4.6)
    return (0.4 + 3.7 * columns, 0.9 + 2.9 * rows if layout == "grid" else 4.0)


def _draw_axes(
    ax: Axes, curves: Sequence[Curve], colour_of: dict[str, str], colours: Theme, *, dashed: bool
) -> None:
    """Draw curves in one axes: segments, jump markers, impulse arrows, zero axes."""
    ax.grid(True, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.axhline(0.0, color=colours.axis, linewidth=0.8, zorder=1)
    x_lo, x_hi = float(curves[0].segments[0].x[0]), float(curves[0].segments[-1].x[-1])
    if x_lo < 0 < x_hi:
        ax.axvline(0.0, color=colours.axis, linewidth=0.8, zorder=1)
    lo, hi = y_limits(curves)
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(lo, hi)
    for curve in curves:
        colour = colour_of[curve.label]
        dashes = ORDER_DASHES[curve.order] if dashed else "-"
        for segment in curve.segments:
            ax.plot(segment.x, segment.y, dashes, color=colour, gid=f"{curve.label}/{curve.order}", zorder=3)
        for jump in curve.jumps:
            ax.plot([jump.x], [jump.value], "o", color=colour, markersize=5, zorder=4)
            for limit in jump.limits:
                if limit != jump.value:
                    ax.plot([jump.x], [limit], "o", color=colour, mfc=colours.background, ms=5, zorder=4)
    for curve, impulse, rank in stacked_impulses(curves, x_hi - x_lo):
        prefix = f"{ORDER_NAMES[curve.order]}: " if dashed else ""
        _draw_impulse(
            ax, impulse, colour_of[curve.label], impulse_tips(impulse, (lo, hi), rank), x_hi - x_lo, prefix
        )


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


def _legend(
    figure: Figure, sampled: Sampled, colour_of: dict[str, str], colours: Theme, *, with_orders: bool
) -> None:
    """One legend under the panels: a colour per activation (and a dash per order in overlay)."""
    handles = [Line2D([], [], color=colour_of[label], label=label) for label in sampled.labels]
    if with_orders:
        handles += [
            Line2D([], [], color=colours.axis, linestyle=ORDER_DASHES[o], label=ORDER_TITLES[o])
            for o in sampled.orders
        ]
    figure.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 6), frameon=False)


def write_figure(figure: Figure, targets: Sequence[tuple[Path, str]], dpi: float | None = None) -> None:
    """Write the figure to each (path, format), encoding each format once; the path ``-`` is stdout.

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
            write_atomic(path, encoded[fmt])


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
