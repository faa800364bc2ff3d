"""`plot` and `show`: specs → sampled curves → a matplotlib figure, or curves in the user's axes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from actplot.activation import union_view
from actplot.api import Specs, activations_of
from actplot.errors import UsageError
from actplot.options import FigureOptions, check_derivs
from actplot.sampling import figure_resolution, sample

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def plot(
    specs: Specs,
    derivs: int = 0,
    xrange: tuple[float, float] | None = None,
    points: int = 1000,
    layout: str | None = None,
    theme: str | None = None,
    *,
    ax: Axes | Sequence[Axes] | None = None,
    size: tuple[float, float] | None = None,
    title: str | None = None,
    style: str | None = None,
    ylim: tuple[float, float] | None = None,
    transparent: bool = False,
    font_scale: float = 1.0,
    legend: str | None = None,
) -> Figure:
    """Draw activations and their first `derivs` derivatives, in a new figure or in your axes.

    >>> fig = plot(["sigmoid", "relu"], derivs=2)             # a new figure: fig.savefig(...)
    >>> fig, axs = plt.subplots(2, 2)                          # doctest: +SKIP
    >>> plot("gelu", derivs=1, ax=[axs[0, 0], axs[0, 1]])      # doctest: +SKIP

    Args:
        specs: a name or spec (``"elu:alpha=0.5"``, an expression in x), an activation, or a list.
        derivs: highest derivative drawn: 0, 1 or 2.
        xrange: the x-interval (a, b), a < b; if None, the union of the activations' views
            (each shows its breaks and features; −5…5 for most).
        points: evenly spaced samples, 2 to 10⁷ (every break is added exactly).
        layout: ``panels`` (an axes per order; the default), ``overlay`` (one axes) or ``grid``
            (a row per activation).  With `ax`, given by it.
        theme: ``light`` (the default) or ``dark``.  With `ax`, None keeps your rcParams and style.
        ax: draw into these axes instead of a new figure: one axes holds every order
            (the overlay), a sequence (or array) holds one order each (``derivs + 1`` axes).  Your figure's
            size, layout engine and other axes are left as they are; a panel with Dirac impulses
            gets their band as an inset axes under it.
        size: (width, height) in inches of a new figure; chosen from the layout if None.
        title: a title over a new figure.
        style: any matplotlib style name or file, applied over the theme.
        ylim: the same y-limits (lo, hi) for every panel; chosen per panel if None.
        transparent: no figure or axes background.
        font_scale: every text scaled together, 0.5 to 3.
        legend: ``outside`` (under the panels; the default), ``inside`` (the default with `ax`)
            or ``none``.

    Returns:
        The new figure (``fig.show()`` opens a window; Jupyter shows it inline), or with `ax`
        the figure those axes belong to.

    Raises:
        TypeError: specs, range, point count or axes of the wrong type.
        UsageError: a bad spec, order, range, point count, layout, theme, style or knob.
    """
    activations = activations_of(specs)
    derivs = check_derivs(derivs)
    x_range = union_view(activations) if xrange is None else xrange
    axes = None if ax is None else _axes(ax, derivs, layout)
    if axes is not None and (size is not None or title is not None):
        raise UsageError("size and title are for a new figure; with ax= your figure has its own")
    options = FigureOptions(
        layout=(layout or "panels") if axes is None else "overlay" if len(axes) == 1 else "panels",
        theme=theme or "light",
        size=size,
        title=title,
        style=style,
        ylim=ylim,
        transparent=transparent,
        font_scale=font_scale,
        legend=legend or ("outside" if axes is None else "inside"),
    )
    if axes is None:
        width = options.size[0] if options.size else None
    else:
        width = axes[0].get_figure(root=True).get_figwidth()  # type: ignore[union-attr]
    sampled = sample(activations, range(derivs + 1), x_range, points, figure_resolution(width, None))
    from actplot.figure import draw, draw_into

    if axes is None:
        return draw(sampled, options)
    from actplot.theme import get_theme

    return draw_into(axes, sampled, options, get_theme(theme) if theme else None)


def _axes(ax: object, derivs: int, layout: str | None) -> list[Axes]:
    """The user's axes as a list: one (the overlay) or one per order.

    Raises:
        TypeError: not an Axes or a sequence of them.
        UsageError: a count that is neither 1 nor derivs + 1, or a layout they contradict.
    """
    from matplotlib.axes import Axes

    axes = (
        [ax]
        if isinstance(ax, Axes)
        else list(np.ravel(ax))
        if isinstance(ax, Sequence | np.ndarray)
        else None
    )
    if axes is None or not axes or not all(isinstance(a, Axes) for a in axes):
        raise TypeError(f"ax is a matplotlib Axes or a sequence of them (one per order), got {ax!r}")
    orders = derivs + 1
    if len(axes) not in (1, orders):
        raise UsageError(f"ax has {len(axes)} axes; give one (every order in it) or {orders}, one per order")
    wanted = "overlay" if len(axes) == 1 and orders > 1 else "panels"
    if layout is not None and layout != wanted and not (len(axes) == 1 and orders == 1):
        raise UsageError(f"layout {layout!r} does not fit {len(axes)} axes for {orders} orders; leave it out")
    return axes


def show(specs: Specs, derivs: int = 0, **options: object) -> None:
    """Draw like `plot` (same keywords) and show the figure: in a window, or in Jupyter in the cell.

    Like ``plt.show()`` it returns nothing (a returned figure would show twice in a notebook);
    `plot` gives the figure to keep.

    Raises:
        OutputError: neither a display nor a notebook; the message says what to do instead.
    """
    plot(specs, derivs, **options).show()  # type: ignore[arg-type]
