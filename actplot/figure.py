"""Sampled curves → a matplotlib `Figure`, and deterministic bytes of it.

Only the object API is used (no pyplot), so writing files never touches a GUI
backend; the window path hands in a pyplot-managed figure instead.
"""

from __future__ import annotations

import io
import logging
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

import matplotlib as mpl
import matplotlib.style
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.textpath import TextToPath
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import (
    Affine2D,
    ScaledTranslation,
    Transform,
    blended_transform_factory,
    offset_copy,
)

from actplot.errors import UsageError
from actplot.family_figure import colorbars, crowded, family_of_entry
from actplot.figure_checks import check_style
from actplot.files import FIGURE_FORMATS, put, write_atomic
from actplot.machine import require_display
from actplot.options import DEFAULT_DPI, FigureOptions
from actplot.orders import ORDER_NAMES
from actplot.placement import lanes, spread
from actplot.plan import OffFrame, Panel, Plan, SeriesStyle, check_size, make_plan
from actplot.sampling import Curve, Impulse, Sampled
from actplot.theme import THEMES, Theme, get_theme

#: Line styles by the plan's dash index: solid, dashed, dash-dot, dotted.
DASHES: tuple[Literal["-", "--", "-.", ":"], ...] = ("-", "--", "-.", ":")
#: Markers by the plan's marker index (none first).
MARKERS = ("", "o", "s", "^", "D", "v", "P", "X")
#: Bytes-for-bytes reproducible output (with each format's blanked metadata): fixed SVG ids.
SAVE_RC: dict[Any, Any] = {"svg.hashsalt": "actplot", "svg.fonttype": "path", "pdf.fonttype": 42}


class ActplotFigure(Figure):
    """A matplotlib figure that shows itself: in a window (``fig.show()``) or inline in Jupyter."""

    def show(self, warn: bool = True) -> None:
        """Open the figure in a window and wait until it is closed; in Jupyter, show it in the cell.

        (`warn` is matplotlib's `Figure.show` argument; there is nothing to warn about here.)

        Raises:
            OutputError: neither a display to open a window on nor a notebook.
        """
        if "inline" in str(mpl.rcParams["backend"]) or "ipympl" in str(mpl.rcParams["backend"]):
            from IPython.display import display  # a Jupyter backend: IPython is there

            display(self)  # type: ignore[no-untyped-call]
            return
        require_display(
            "save the figure with fig.savefig('activations.png'), "
            "or in Jupyter make it a cell's last expression"
        )
        import matplotlib.pyplot as plt

        plt.figure(self)  # pyplot adopts the figure: a window of the backend in use
        plt.show()

    def _repr_png_(self) -> bytes:
        """The PNG Jupyter shows when the figure is a cell's last expression."""
        return figure_bytes(self, "png")


def draw(sampled: Sampled, options: FigureOptions, *, every_band: bool = False) -> ActplotFigure:
    """Draw sampled curves in a new figure.

    Texts are measured before the figure is laid out, so each is placed once: the title
    wraps to the width, the legend takes as many columns as fit, and impulse labels go
    into lanes of their band where they overlap nothing.  With `every_band`, every panel
    of f′ or f″ gets an impulse band, with or without impulses (for impulses that come
    and go as a parameter moves).
    """
    plan = make_plan(sampled, options)
    colours = _see_through(get_theme(options.theme), options.transparent)
    fonts = Fonts(options.font_scale)
    with styled(colours, options.style, fonts):
        measure = Measure()
        width, height = options.size or _default_size(options.layout, plan.rows, plan.columns)
        axes_width = _axes_width(width, plan)
        bands = {
            (panel.row, panel.column): band
            for panel in plan.panels
            if (band := panel_band(panel, plan, axes_width, measure, fonts, always=every_band)) is not None
        }
        band_heights = [
            max((b.height for (r, _), b in bands.items() if r == row), default=0.0) / 72 * SLACK
            for row in range(plan.rows)
        ]
        title = wrap(plan.title, width * 72 - 2 * EDGE, measure, fonts.title) if plan.title else None
        outside = options.legend == "outside"
        room = width * 72 - 2 * EDGE if outside else axes_width
        entries = _legend_entries(plan, room, measure, colours, fonts)
        title_lines = title.count("\n") + 1 if title else 0
        legend_rows = _legend_rows(entries, room, fonts.legend) if outside else 0
        overhead = (0.95 + 0.25 * title_lines + 0.22 * legend_rows) * fonts.scale
        if options.size is None:  # the default height holds the panels and unscaled texts
            height += sum(band_heights) + overhead * (1 - 1 / fonts.scale)
        else:
            texts = (0.25 * title_lines + 0.22 * max(0, legend_rows - 1)) * fonts.scale
            check_size(
                options.size,
                plan.rows,
                plan.columns,
                bands=sum(band_heights),
                texts=texts,
                font_scale=fonts.scale,
            )
        inside = entries if options.legend == "inside" else None
        if inside:
            _check_inside_legend(
                inside, axes_width, (height - overhead - sum(band_heights)) / plan.rows, fonts
            )
        figure = ActplotFigure(figsize=(width, height), layout="constrained")
        mains, band_axes = _make_axes(figure, plan, bands, band_heights, height - overhead)
        _space_x_ticks(next(iter(mains.values())), axes_width / fonts.scale)
        for panel in plan.panels:
            ax = mains[panel.row, panel.column]
            _draw_panel(ax, panel, plan, colours)
            _fix_tick_sizes(ax)
            if panel.row == 0:
                ax.set_title(", ".join(ORDER_NAMES[o].mathtext for o in panel.orders))
            if panel.row_label is not None and panel.column == 0:
                ax.set_ylabel(panel.row_label)
            place = (panel.row, panel.column)
            if place in bands:
                _draw_band(band_axes[place], bands[place], plan, colours, fonts)
        for column in range(plan.columns):
            bottom = (plan.rows - 1, column)
            (band_axes.get(bottom) or mains[bottom]).set_xlabel("x", fontstyle="italic")
        colorbars(figure, [*mains.values(), *band_axes.values()], plan, colours)
        if outside:
            _legends(figure, plan, entries, fonts)
        elif inside:
            _inside_legend(mains[0, 0], inside, fonts, ncols=_columns(inside[0], axes_width, fonts.legend))
        if title:
            figure.suptitle(title, fontsize=fonts.title)
    return figure


def draw_into(
    axes: Sequence[Axes], sampled: Sampled, options: FigureOptions, colours: Theme | None
) -> Figure:
    """Draw sampled curves into a user's axes: one axes for the overlay, else one per order.

    Nothing else of the user's figure changes (its size, layout engine, other axes).  Texts
    (titles, tick labels, the legend) follow the user's rcParams, scaled by the font scale, and
    the style if one is given; a theme colours the inside of these axes (background, grid, zero
    lines, curves), else the rcParams do.  A panel with impulses gets its band as an inset axes
    under it.  The legend keeps the entries already in the axes (the user's, an earlier call's).

    Returns:
        The figure the axes belong to.
    """
    plan = make_plan(sampled, options)
    fonts = Fonts(options.font_scale)
    figure = axes[0].get_figure(root=True)
    assert isinstance(figure, Figure)
    measure = Measure()
    if options.style is not None:
        check_style(options.style)
    with matplotlib.style.context(options.style or {}), mpl.rc_context():
        mpl.rcParams["font.size"] *= fonts.scale  # the sizes given relative to it follow
        theme = _see_through(colours or rc_theme(), options.transparent)
        earlier = [ax.get_legend_handles_labels() for ax in axes]
        for panel, ax in zip(plan.panels, axes, strict=True):
            width = ax.get_position().width * figure.get_figwidth() * 72
            if colours or options.style or options.transparent:  # else the axes keep their own
                ax.set_facecolor(theme.background)
            _space_x_ticks(ax, width / fonts.scale)
            _fix_tick_sizes(ax)
            _draw_panel(ax, panel, plan, theme, grid=colours is not None or None)
            if not ax.get_title():
                ax.set_title(", ".join(ORDER_NAMES[o].mathtext for o in panel.orders))
            band = impulse_band(panel, plan, width, measure, fonts)
            if band is not None:
                inset = ax.inset_axes(
                    (0.0, -band.height * SLACK, 1.0, band.height * SLACK), transform=_below(ax)
                )
                inset.sharex(ax)
                inset.set_gid(BAND)
                inset.set_facecolor(ax.get_facecolor())
                ax.tick_params(labelbottom=False)
                _fix_tick_sizes(inset)
                _draw_band(inset, band, plan, theme, fonts, grid=colours is not None)
        colorbars(figure, axes, plan, theme)
        if options.legend != "none":
            entries = _legend_entries(plan, width, measure, theme, fonts)
            where = 0 if options.legend == "inside" else -1
            mine = [e.handle for group in entries for e in group]
            kept = [h for h, label in zip(*earlier[where], strict=True) if not label.startswith("_")]
            beside = {"loc": "upper left", "bbox_to_anchor": (1.02, 1.0)}  # right of the last axes
            spot: dict[str, Any] = {"loc": "best"} if options.legend == "inside" else beside
            axes[where].legend(handles=kept + mine, **spot)
    return figure


def _below(ax: Axes) -> Transform:
    """x as a fraction of the axes' width, y in points up from its bottom: wherever the layout puts it."""
    return blended_transform_factory(ax.transAxes, _points_up(ax))


def _points_up(ax: Axes) -> Transform:
    """y in points up from the axes' bottom (x likewise from its left), whatever its size."""
    figure = ax.get_figure(root=True)
    assert isinstance(figure, Figure)
    bottom = ScaledTranslation(0.0, 0.0, ax.transAxes)  # type: ignore[arg-type]  # any transform works
    return Affine2D().scale(1 / 72) + figure.dpi_scale_trans + bottom


def rc_theme() -> Theme:
    """The colours of the rcParams in force (a style the user chose): background, text, grid, cycle."""
    rc = mpl.rcParams
    cycle = rc["axes.prop_cycle"].by_key().get("color")
    light = THEMES["light"]
    return Theme(
        name="rcParams",
        background=to_hex(rc["axes.facecolor"], keep_alpha=True),
        foreground=to_hex(rc["text.color"]),
        grid=to_hex(rc["grid.color"]),
        axis=to_hex(rc["axes.edgecolor"]),
        palette=tuple(to_hex(c) for c in cycle) if cycle else light.palette,
        standard=light.standard,
    )


def _fix_tick_sizes(ax: Axes) -> None:
    """Keep the tick label sizes in force now (theme, style, font scale) for the axes' tick spacing.

    matplotlib spaces ticks by the rcParams in force when it draws, and a figure is drawn after
    the theme's rcParams are gone: without this, scaled-up labels would be spaced as unscaled ones.
    """
    x_size = FontProperties(size=mpl.rcParams["xtick.labelsize"]).get_size_in_points()
    y_size = FontProperties(size=mpl.rcParams["ytick.labelsize"]).get_size_in_points()
    ax.tick_params(axis="x", labelsize=x_size)
    ax.tick_params(axis="y", labelsize=y_size)


def _space_x_ticks(ax: Axes, width: float) -> None:
    """At most one x tick per X_TICK_ROOM of an axes `width` points wide at font scale 1 (shared along x)."""
    ax.xaxis.set_major_locator(MaxNLocator(nbins=max(3, int(width // X_TICK_ROOM)), steps=[1, 2, 2.5, 5, 10]))


@contextmanager
def styled(colours: Theme, style: str | None, fonts: Fonts | None = None) -> Iterator[None]:
    """rcParams of the theme (its background "none" for a transparent figure), and a style on top if given."""
    if style is not None:
        check_style(style)
    fonts = fonts or Fonts()
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
        "axes.titlesize": fonts.title,
        # Titles at the top of their axes (nothing is drawn above them): matplotlib then skips
        # laying out every tick label to place each title, a tenth of a figure's drawing time.
        "axes.titley": 1.0,
        "font.size": fonts.text,
        "lines.linewidth": 1.8,
        "lines.solid_capstyle": "round",
        # Ticks of tiny and huge numbers as 1.5 with 1e−3 at the axis' end: short labels never touch.
        "axes.formatter.limits": (-3, 4),
        **SAVE_RC,
    }
    with mpl.rc_context(rc), matplotlib.style.context(style or {}):
        yield


#: Points kept clear at the figure's edges by texts that are sized to fit.
EDGE = 10.0
#: Measured widths are taken this much wider: glyph widths change a little with the resolution.
MEASURE_SLACK = 1.05
#: Points: an impulse arrow's length, the pitch of arrows side by side, padding.
ARROW, PITCH, PAD = 16.0, 5.0, 3.0
#: The most of an axes' width the arrows at one x take (a family of many values sets them closer).
ARROWS_SHARE = 0.4


@dataclass(frozen=True)
class Fonts:
    """Font sizes in points, every text scaled together by `scale` (``--font-scale``)."""

    scale: float = 1.0

    @property
    def text(self) -> float:
        """Tick labels, axis labels (and matplotlib's relative sizes)."""
        return 10.0 * self.scale

    @property
    def title(self) -> float:
        """The figure's title and the panels' titles."""
        return 12.0 * self.scale

    @property
    def legend(self) -> float:
        """Legend entries."""
        return 10.0 * self.scale

    @property
    def label(self) -> float:
        """Impulse labels."""
        return 8.0 * self.scale

    @property
    def lane(self) -> float:
        """The height of a lane of impulse labels."""
        return 10.0 * self.scale


#: A band's height is settled only by the layout, so it is given this much more than it needs.
SLACK = 1.1


class Measure:
    """The width in points of a text at a font size, as drawn (mathtext included)."""

    def __init__(self) -> None:
        self._paths = TextToPath()

    def __call__(self, text: str, size: float) -> float:
        """The width of the widest line of `text` (with MEASURE_SLACK: hinting varies with the dpi)."""
        prop = FontProperties(size=size)
        return MEASURE_SLACK * max(
            self._paths.get_text_width_height_descent(line, prop, ismath=line.count("$") >= 2)[0]
            for line in text.split("\n")
        )


def wrap(text: str, width: float, measure: Measure, size: float) -> str:
    """`text` with each line (but mathtext lines) wrapped at spaces to at most `width` points.

    A word longer than the width is broken inside.
    """
    lines = []
    for line in text.split("\n"):
        if "$" in line or measure(line, size) <= width:
            lines.append(line)
            continue
        chars = max(1, int(len(line) * width / measure(line, size)))
        while True:
            pieces = textwrap.wrap(line, chars, break_on_hyphens=False) or [line]
            if chars == 1 or all(measure(piece, size) <= width for piece in pieces):
                break
            chars -= 1
        lines += pieces
    return "\n".join(lines)


def _default_size(layout: str, rows: int, columns: int) -> tuple[float, float]:
    if layout == "overlay":
        return (6.4, 4.6)
    return (0.4 + 3.7 * columns, 0.9 + 2.9 * rows if layout == "grid" else 4.0)


#: Points beside each axes for its tick labels and margins; in the overlay, for the orders' legend.
BESIDE, ORDER_KEY = 48.0, 72.0


#: Points of axes width an x tick needs, so that labels such as "−0.75" never touch.
X_TICK_ROOM = 45.0


def _axes_width(width: float, plan: Plan) -> float:
    """An estimate (from below) of one axes' width in points, before the layout settles it."""
    room = width * 72 - plan.columns * BESIDE - (ORDER_KEY if plan.overlay else 0.0)
    return max(40.0, room / plan.columns)


#: The gid of an impulse band's axes.
BAND = "impulses"


def _make_axes(
    figure: Figure,
    plan: Plan,
    bands: dict[tuple[int, int], Band],
    band_heights: list[float],
    room: float,
) -> tuple[dict[tuple[int, int], Axes], dict[tuple[int, int], Axes]]:
    """The panels' axes, and under each panel with impulses its band (sharing x).

    A row with a band is two rows of the grid; a panel of that row without a band spans both,
    so the bottoms of all panels of a row line up.
    """
    main_height = max(0.3, (room - sum(band_heights)) / plan.rows)
    ratios: list[float] = []
    first_row = []
    for band in band_heights:
        first_row.append(len(ratios))
        ratios += [main_height, band] if band else [main_height]
    grid = figure.add_gridspec(len(ratios), plan.columns, height_ratios=ratios)
    mains: dict[tuple[int, int], Axes] = {}
    band_axes: dict[tuple[int, int], Axes] = {}
    shared: Axes | None = None
    for panel in plan.panels:
        place, top = (panel.row, panel.column), first_row[panel.row]
        split = place in bands
        span = 1 if split or not band_heights[panel.row] else 2
        ax = figure.add_subplot(grid[top : top + span, panel.column], sharex=shared)
        shared = shared or ax
        mains[place] = ax
        if split:
            band_axes[place] = figure.add_subplot(grid[top + 1, panel.column], sharex=shared, gid=BAND)
            ax.tick_params(labelbottom=False)
        if panel.row < plan.rows - 1:
            (band_axes.get(place) or ax).tick_params(labelbottom=False)
    return mains, band_axes


def panel_axes(figure: Figure, plan: Plan) -> list[tuple[Axes, Axes | None]]:
    """The axes of each panel of a figure `draw` made from `plan`, in plan order, and its band's (or None).

    `_make_axes` adds them in that order: a panel's axes, then its band's if it has one.
    """
    axes = iter(figure.axes)
    found: list[tuple[Axes, Axes | None]] = []
    following = next(axes, None)
    for _ in plan.panels:
        assert following is not None, "a figure drawn from another plan"
        main, following = following, next(axes, None)
        band = None
        if following is not None and following.get_gid() == BAND:
            band, following = following, next(axes, None)
        found.append((main, band))
    return found


def _draw_panel(ax: Axes, panel: Panel, plan: Plan, colours: Theme, grid: bool | None = True) -> None:
    """Draw one panel: zero axes, segments, jump markers, marks where curves leave the frame.

    `grid` None leaves the grid as the rcParams say.
    """
    if grid is not None:
        ax.grid(grid, linewidth=0.6)
        ax.set_axisbelow(True)
    ax.axhline(0.0, color=colours.axis, linewidth=0.8, zorder=1)
    x_lo, x_hi = plan.x_range
    if x_lo < 0 < x_hi:
        ax.axvline(0.0, color=colours.axis, linewidth=0.8, zorder=1)
    lo, hi = panel.y_limits
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(lo, hi)
    for curve in panel.curves:
        draw_curve(ax, curve, panel, plan, colours)
    draw_off_frame(ax, panel.off_frame, panel, plan, colours)


#: What a curve's artists add to the gid ``label/order``: segments, covered pieces, jumps, off-frame marks.
CURVE_PARTS = ("", "/covered", "/jump", "/offframe")


def draw_curve(ax: Axes, curve: Curve, panel: Panel, plan: Plan, colours: Theme) -> None:
    """Draw one curve of a panel: its segments, then `draw_curve_marks`."""
    style = plan.styles[curve.label, curve.order]
    colour = _colour(colours, style)
    gid = f"{curve.label}/{curve.order}"
    hides = (curve.label, curve.order) in panel.coincides
    for i, segment in enumerate(curve.segments):
        ax.plot(
            segment.x,
            segment.y,
            color=colour,
            linestyle=COINCIDING if hides and not style.dash and not plan.overlay else DASHES[style.dash],
            linewidth=THIN if hides and plan.overlay else None,
            marker=MARKERS[style.marker],
            markevery=0.1,
            gid=gid,
            label=curve_label(curve, plan.overlay) if i == 0 else "_nolegend_",
            zorder=3.5 if hides else 3,
        )
    draw_curve_marks(ax, curve, panel, plan, colours)


#: Points: the edge of jump markers, whatever a style says (an open marker is its edge).
MARKER_EDGE = 1.0


def _see_through(colours: Theme, transparent: bool) -> Theme:
    """The theme with no background if `transparent`: open markers then show the page through."""
    return replace(colours, background="none") if transparent else colours


def draw_curve_marks(ax: Axes, curve: Curve, panel: Panel, plan: Plan, colours: Theme) -> None:
    """Over a curve's segments: the pieces of it a later curve lies on (dashed), its jump markers."""
    colour = _colour(colours, plan.styles[curve.label, curve.order])
    gid = f"{curve.label}/{curve.order}"
    for piece in panel.covered.get((curve.label, curve.order), ()):
        ax.plot(piece.x, piece.y, color=colour, linestyle=COINCIDING, zorder=3.6, gid=f"{gid}/covered")
    for jump in curve.jumps:
        ax.plot([jump.x], [jump.value], "o", color=colour, ms=5, mew=MARKER_EDGE, zorder=4, gid=f"{gid}/jump")
        for limit in jump.open_limits:
            ax.plot(
                [jump.x],
                [limit],
                "o",
                color=colour,
                mfc=colours.background,
                ms=5,
                mew=MARKER_EDGE,
                zorder=4,
                gid=f"{gid}/jump",
            )


def draw_off_frame(ax: Axes, marks: Sequence[OffFrame], panel: Panel, plan: Plan, colours: Theme) -> None:
    """A triangle at the panel's edge where a curve leaves the frame (pointing up or down)."""
    lo, hi = panel.y_limits
    for mark in marks:
        colour = _colour(colours, plan.styles[mark.label, mark.order])
        ax.plot(
            [mark.x],
            [hi if mark.side > 0 else lo],
            "^" if mark.side > 0 else "v",
            color=colour,
            ms=7,
            clip_on=False,
            zorder=5,
            gid=f"{mark.label}/{mark.order}/offframe",
        )


def curve_artists(ax: Axes, label: str, order: int, parts: Sequence[str] = CURVE_PARTS) -> list[Line2D]:
    """The artists `draw_curve` and `draw_off_frame` drew in `ax` for one curve: these `parts` of it."""
    gids = {f"{label}/{order}{part}" for part in parts}
    return [line for line in ax.lines if line.get_gid() in gids]


def curve_label(curve: Curve, overlay: bool) -> str:
    """A curve's legend label: the activation's, and in the overlay (orders in one axes) its order."""
    return f"{curve.label} ({ORDER_NAMES[curve.order].symbol})" if overlay and curve.order else curve.label


def _colour(colours: Theme, style: SeriesStyle) -> str:
    """A series' colour: its family shade, else its palette colour."""
    return colours.colour(style.colour, style.shade)


#: The dash of a solid curve drawn over an earlier one it coincides with: the earlier shows in the gaps.
#: An earlier curve that a later one lies on in places is drawn again there in these dashes, on top.
#: In the overlay, where dashes tell the orders, the later curve is drawn THIN (points) inside the earlier.
COINCIDING, THIN = (0, (3.0, 3.0)), 0.8


@dataclass(frozen=True)
class Mark:
    """One impulse placed in its band, in points from (impulse.x, baseline).

    Attributes:
        offsets: across, of each arrow: one for a δ, two for a δ′ (the first up for a positive weight).
        text: the label: the weight (and in the overlay the order).
        label_at: across and up, of the label's centre.
    """

    curve: Curve
    impulse: Impulse
    offsets: tuple[float, ...]
    text: str
    label_at: tuple[float, float]


@dataclass(frozen=True)
class Band:
    """The impulses of a panel, drawn under it: arrows from a baseline, labels in lanes.

    An impulse's height is infinite, so every arrow has the same length (ARROW points):
    up for a positive weight, down for a negative one, an up–down pair for a δ′; the
    weight is the label.  `above` and `below` are the points needed over and under the baseline.
    """

    marks: tuple[Mark, ...]
    above: float
    below: float

    @property
    def height(self) -> float:
        """Points the band needs."""
        return self.above + self.below


def panel_band(
    panel: Panel, plan: Plan, width: float, measure: Measure, fonts: Fonts, *, always: bool = False
) -> Band | None:
    """The band of `impulse_band`; with `always`, every panel of f′ or f″ has one.

    Such a band has room at least for an arrow and two lanes of labels on each side.
    """
    band = impulse_band(panel, plan, width, measure, fonts)
    if not always or max(panel.orders) < 1:
        return band
    room = ARROW + 2 * PAD + 2 * fonts.lane
    if band is None:
        return Band((), room, room)
    return Band(band.marks, max(band.above, room), max(band.below, room))


def impulse_band(panel: Panel, plan: Plan, width: float, measure: Measure, fonts: Fonts) -> Band | None:
    """The band of a panel's impulses on an axes `width` points wide, or None if it has none.

    Arrows at the same x are set side by side PITCH apart (closer if they would take more
    than ARROWS_SHARE of the width), centred there; each label is centred
    over (under, for a negative δ) its arrows, kept inside the axes, and put in the lowest
    lane where it overlaps no other label.  The members of a crowded family go unlabelled:
    their shades and the colorbar tell them.
    """
    found = sorted(panel.impulses, key=lambda item: item[1].x)
    if not found:
        return None
    a, b = plan.x_range
    scale = width / (b - a)
    at = [(impulse.x - a) * scale for _, impulse in found]
    arrows = [
        [p for p, impulse in group for _ in range(impulse.derivative + 1)] for group in _same_x(at, found)
    ]
    # arrows at one x are PITCH apart, closer where so many would take more than ARROWS_SHARE of the width
    slots = iter(
        slot for group in arrows for slot in spread(group, min(PITCH, ARROWS_SHARE * width / len(group)))
    )
    placed = []
    for p, (curve, impulse) in zip(at, found, strict=True):
        mine = [next(slots) for _ in range(impulse.derivative + 1)]
        prefix = f"{ORDER_NAMES[curve.order].symbol}: " if plan.overlay else ""
        text = "" if crowded(plan, curve.label) else prefix + impulse.symbol
        half = measure(text, fonts.label) / 2
        centre = min(max(sum(mine) / len(mine), half), width - half)
        side = 1 if impulse.weight > 0 or impulse.derivative else -1
        placed.append((curve, impulse, p, mine, text, (centre - half, centre + half), side))
    lane: dict[int, int] = {}
    for side in (1, -1):
        chosen = [i for i, item in enumerate(placed) if item[6] == side]
        lane.update(zip(chosen, lanes([placed[i][5] for i in chosen], gap=4.0), strict=True))
    marks = []
    for i, (curve, impulse, p, mine, text, (lo, hi), side) in enumerate(placed):
        height = side * (ARROW + PAD + lane[i] * fonts.lane + fonts.lane / 2)
        marks.append(Mark(curve, impulse, tuple(s - p for s in mine), text, ((lo + hi) / 2 - p, height)))
    up = any(m.impulse.weight > 0 or m.impulse.derivative for m in marks)
    down = any(m.impulse.weight < 0 or m.impulse.derivative for m in marks)
    lanes_up = 1 + max((lane[i] for i, item in enumerate(placed) if item[6] > 0), default=-1)
    lanes_down = 1 + max((lane[i] for i, item in enumerate(placed) if item[6] < 0), default=-1)
    above = (ARROW + PAD) * up + lanes_up * fonts.lane + PAD
    below = (ARROW + PAD) * down + lanes_down * fonts.lane + PAD
    return Band(tuple(marks), above, below)


def _same_x(at: list[float], found: list[tuple[Curve, Impulse]]) -> list[list[tuple[float, Impulse]]]:
    """The impulses (sorted by x) in groups drawn at one x: less than a point apart."""
    groups: list[list[tuple[float, Impulse]]] = []
    for p, (_, impulse) in zip(at, found, strict=True):
        if groups and p - groups[-1][-1][0] < 1.0:
            groups[-1].append((p, impulse))
        else:
            groups.append([(p, impulse)])
    return groups


def _draw_band(ax: Axes, band: Band, plan: Plan, colours: Theme, fonts: Fonts, grid: bool = True) -> None:
    """The band under a panel: a baseline, each impulse's arrows and its label (offsets in points).

    The baseline is `band.below` points up from the band's bottom, however tall the layout makes
    it, so labels under the baseline never reach the tick labels under the band.
    """
    y0 = band.below * SLACK
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    if grid:
        ax.grid(True, axis="x", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.plot([0.0, 1.0], [y0, y0], transform=_below(ax), color=colours.axis, linewidth=0.8, zorder=1)
    ax.set_ylabel("δ", rotation=0, labelpad=10, va="center", color=colours.axis)
    draw_impulses(ax, band, plan, colours, fonts)


def draw_impulses(ax: Axes, band: Band, plan: Plan, colours: Theme, fonts: Fonts) -> None:
    """Each impulse of a band: its arrows and its label (offsets in points from the baseline)."""
    figure = ax.get_figure(root=True)
    base = blended_transform_factory(ax.transData, _points_up(ax))  # y: points up from the bottom
    y0 = band.below * SLACK
    for mark in band.marks:
        colour = _colour(colours, plan.styles[mark.curve.label, mark.curve.order])
        gid = f"{mark.curve.label}/{mark.curve.order}/impulse"
        sign = 1.0 if mark.impulse.weight > 0 else -1.0
        for k, dx in enumerate(mark.offsets):
            tip = ARROW * sign * (-1) ** k
            arrow = ax.annotate(
                "",
                xy=(mark.impulse.x, y0),
                xycoords=offset_copy(base, figure, x=dx, y=tip, units="points"),
                xytext=(mark.impulse.x, y0),
                textcoords=offset_copy(base, figure, x=dx, y=0.0, units="points"),
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": colour,
                    "linewidth": 1.6,
                    "mutation_scale": 10,
                    "shrinkA": 0.0,
                    "shrinkB": 0.0,
                },
                gid=gid,
                annotation_clip=False,
            )
            assert arrow.arrow_patch is not None
            arrow.arrow_patch.set_gid(gid)  # an empty annotation draws its arrow only: the id goes there
        ax.annotate(
            mark.text,
            xy=(mark.impulse.x, y0),
            xycoords=base,
            xytext=mark.label_at,
            textcoords="offset points",
            color=colour,
            fontsize=fonts.label,
            ha="center",
            va="center",
            gid=f"{gid}/label",
            annotation_clip=False,
        )


#: The legend's spacing in font sizes (matplotlib's defaults), used to count the columns that fit.
HANDLE, COLUMN_GAP, BORDER = 2.8, 2.0, 0.4


@dataclass(frozen=True)
class LegendEntry:
    """One legend line: its handle and its (wrapped) text."""

    handle: Line2D
    width: float


def _legend_entries(
    plan: Plan, width: float, measure: Measure, colours: Theme, fonts: Fonts
) -> list[list[LegendEntry]]:
    """The legends' entries: the activations, then in the overlay the orders.

    An activation has its style and the plan's notes, wrapped to fit `width` points; an order its
    dash.  A family has one entry, its sweep in the middle shade: its colorbar tells the values.
    """
    room = width - (HANDLE + 2 * BORDER) * fonts.legend - (ORDER_KEY if plan.overlay else 0.0)
    first = plan.orders[0]
    activations = []
    for label in plan.labels:
        style = plan.styles[label, first]
        if plan.family(label) is not None:
            family = family_of_entry(plan, label)
            if family is not None:
                text = wrap(family.spec, room, measure, fonts.legend)
                handle = Line2D(
                    [],
                    [],
                    color=colours.shade(0.5),
                    linestyle="-" if plan.overlay else DASHES[style.dash],
                    marker=MARKERS[style.marker],
                    label=text,
                )
                activations.append(LegendEntry(handle, measure(text, fonts.legend)))
            continue
        text = wrap(legend_label(plan, label), room, measure, fonts.legend)
        coincides = any((label, first) in p.coincides for p in plan.panels)
        hides = coincides and not plan.overlay and not style.dash
        handle = Line2D(
            [],
            [],
            color=_colour(colours, style),
            linestyle=COINCIDING if hides else "-" if plan.overlay else DASHES[style.dash],
            marker=MARKERS[style.marker],
            label=text,
        )
        activations.append(LegendEntry(handle, measure(text, fonts.legend)))
    if not plan.overlay or len(plan.orders) == 1:
        return [activations]
    orders = [
        LegendEntry(
            Line2D([], [], color=colours.foreground, linestyle=DASHES[o], label=ORDER_NAMES[o].mathtext),
            0.0,
        )
        for o in plan.orders
    ]
    return [activations, orders]


def legend_label(plan: Plan, label: str) -> str:
    """An activation's legend text, unwrapped: its label and the plan's notes (``elu (leaves the frame)``)."""
    notes = plan.notes(label)
    return label + (f" ({'; '.join(notes)})" if notes else "")


def _columns(entries: Sequence[LegendEntry], width: float, size: float) -> int:
    """The most columns whose legend is at most `width` points wide.

    Entries fill the columns as matplotlib's legend does: the first ``len % columns`` columns
    hold one entry more than the others.
    """
    for columns in range(min(len(entries), 8), 1, -1):
        rows, longer = divmod(len(entries), columns)
        sizes = [rows + 1] * longer + [rows] * (columns - longer)
        starts = [sum(sizes[:i]) for i in range(columns)]
        chunks = [entries[start : start + size] for start, size in zip(starts, sizes, strict=True)]
        needed = sum(max(e.width for e in chunk) + HANDLE * size for chunk in chunks)
        needed += (COLUMN_GAP * (len(chunks) - 1) + 2 * BORDER) * size
        if needed <= width:
            return columns
    return 1


def _legend_rows(entries: list[list[LegendEntry]], width: float, size: float) -> int:
    """Lines of text in the legend under the panels, `width` points wide (wrapped entries included)."""
    first = entries[0]
    lines = max(1, sum(str(e.handle.get_label()).count("\n") + 1 for e in first) // max(1, len(first)))
    return -(-len(first) // _columns(first, width, size)) * lines


def _legends(figure: Figure, plan: Plan, entries: list[list[LegendEntry]], fonts: Fonts) -> None:
    """The activations' legend under the panels, in as many columns as fit.

    In the overlay, the orders' legend (a dash each) goes to the right: colours and dashes are not mixed.
    """
    activations = entries[0]
    width = figure.get_figwidth() * 72 - 2 * EDGE
    figure.legend(
        handles=[e.handle for e in activations],
        loc="outside lower center",
        ncols=_columns(activations, width, fonts.legend),
        frameon=False,
        fontsize=fonts.legend,
    )
    if plan.overlay:
        figure.legend(
            handles=[e.handle for e in entries[1]],
            loc="outside right upper",
            frameon=False,
            fontsize=fonts.legend,
            title="order",
        )


def _check_inside_legend(entries: list[list[LegendEntry]], width: float, height: float, fonts: Fonts) -> None:
    """Refuse a legend that cannot fit inside a panel `width` points wide and `height` inches tall.

    Raises:
        UsageError: it would cover more than 60 % of the panel (or leave it); the message says so.
    """
    columns = _columns(entries[0], width, fonts.legend)
    lines = _legend_rows(entries, width, fonts.legend) + len(entries[1:] and entries[1])
    needed = (1.4 * lines + 1.0) * fonts.legend
    if needed > 0.6 * height * 72:
        raise UsageError(
            f"--legend inside: {sum(map(len, entries))} entries in {columns} column(s) need "
            f"{needed / 72:.1f} of a panel's {height:.1f} inches; use --legend outside or a larger --size"
        )


def _inside_legend(ax: Axes, entries: list[list[LegendEntry]], fonts: Fonts, **where: Any) -> None:
    """One legend in an axes (where matplotlib finds room, unless `where` says): activations, then orders."""
    handles = [e.handle for group in entries for e in group]
    ax.legend(handles=handles, fontsize=fonts.legend, **({"loc": "best"} | where))


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
        put(path, encoded[fmt], write)


def figure_bytes(figure: Figure, fmt: str, dpi: float | None = None) -> bytes:
    """The figure as PNG, SVG or PDF bytes; the same figure always gives the same bytes.

    Before the first file, the constrained layout is settled once, on the Agg renderer at
    `DEFAULT_DPI`, and then frozen (rounded): left running, it starts each save from where
    the last one ended, and the geometry (hence pixels and SVG clip ids) would depend on
    which files were written before.  Every file, the first included, is drawn on the
    frozen layout, so no file depends on the others written with it.
    """
    if FIGURE_FORMATS[fmt].animated:
        raise UsageError(f"a .{fmt} animates a sweep, a frame per value: only plot and render write one")
    settle_layout(figure)
    buffer = io.BytesIO()
    metadata = dict(FIGURE_FORMATS[fmt].metadata)
    with mpl.rc_context(SAVE_RC), _quiet("fontTools"):
        figure.savefig(buffer, format=fmt, dpi=dpi or DEFAULT_DPI, metadata=metadata)
    return buffer.getvalue()


def settle_layout(figure: Figure, dpi: float = DEFAULT_DPI) -> None:
    """Run the layout engine once at `dpi` (no drawing needed), then freeze its result.

    The axes stay where it put them, rounded to 1e-9 of the figure: the layout's last bits
    can differ from run to run (matplotlib caches text extents per renderer), and SVG clip
    ids hash the exact positions.  A figure already frozen is left as it is.
    """
    engine = figure.get_layout_engine()
    if engine is None or isinstance(engine, PlaceHolderLayoutEngine):
        return
    figure.set_dpi(dpi)
    engine.execute(figure)
    _stop_layout(figure)
    for ax in figure.axes:
        if ax.get_axes_locator() is None:  # an inset follows its parent
            x, y, width, height = (round(v, 9) for v in ax.get_position().bounds)
            ax.set_position((x, y, width, height))


def _stop_layout(figure: Figure) -> None:
    """Remove the figure's layout engine: the axes stay where it last put them.

    Removed, not set to ``"none"``: matplotlib's placeholder for "none" is still an engine,
    and while a figure has one, each save draws it twice (a layout draw before printing).
    """
    with mpl.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        figure.set_layout_engine(None)


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
