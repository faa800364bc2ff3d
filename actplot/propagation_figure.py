"""The figure of ``actplot propagate -o``: edge of chaos, q over depth, gradients over depth, correlation map.

Object API only, the theme's colours and rcParams (`actplot.figure.styled`), and saved with
`actplot.figure.write_figure`, so the same command gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from actplot.activation import Activation, Array, number_text
from actplot.figure import styled
from actplot.gaussian import Integrand
from actplot.network import Measured, simulate
from actplot.propagation import (
    Q_INFINITE,
    Q_START,
    Propagation,
    correlation_map,
    edge_of_chaos,
    over_depth,
    propagate,
)
from actplot.theme import Theme, get_theme

#: Starting variances drawn besides q₀ = 1 (dashed).
OTHER_Q0 = (0.1, 10.0)
#: Points of the edge-of-chaos curves and of the correlation maps.
BIAS_POINTS = 21
CORRELATION_POINTS = 17
SIZE = (11.0, 8.0)


def draw_propagation(
    activations: Sequence[Activation],
    sigma_w: float,
    sigma_b: float,
    depth: int,
    theme: str = "light",
    *,
    width: int | None = None,
) -> Figure:
    """Four panels for the activations at (σ_w, σ_b); with `width`, a simulated network's measurements too.

    Raises:
        UsageError: bad σ values, depth, width or theme.
    """
    colours = get_theme(theme)
    measured: list[Measured | None] = [None] * len(activations)
    if width is not None:
        measured = list(simulate([(a, sigma_w, sigma_b) for a in activations], depth, width))
    with styled(colours, None):
        figure = Figure(figsize=SIZE, layout="constrained")
        figure.set_facecolor(colours.background)
        (phase, lengths), (gradients, correlations) = figure.subplots(2, 2)
        # Denser near σ_b = 0, where edges rise steeply (tanh's like √σ_b).
        biases = max(2.0, 1.25 * sigma_b) * np.linspace(0.0, 1.0, BIAS_POINTS) ** 2
        highest = max(3.0, 1.3 * sigma_w)
        results = [propagate(activation, sigma_w, sigma_b) for activation in activations]
        for i, activation in enumerate(activations):
            colour = colours.colour(i)
            _edge(phase, biases, edge_of_chaos(activation, biases), colour, activation.label)
            predicted = over_depth(activation, sigma_w, sigma_b, depth, (Q_START, *OTHER_Q0))
            layers = np.arange(depth + 1)
            for row, q0 in enumerate(predicted.q0):
                style = {"linestyle": "-" if q0 == Q_START else "--", "alpha": 1.0 if q0 == Q_START else 0.6}
                lengths.plot(layers, _positive(predicted.q[row]), color=colour, **style)
            gradients.plot(layers, _positive(predicted.gradient), color=colour)
            network = measured[i]
            if network is not None:
                _measured(lengths, gradients, network, colour, colours)
            _correlations(correlations, activation, results[i], colour)
        phase.plot(
            [sigma_b], [sigma_w], "X", color=colours.foreground, markersize=10, zorder=5, clip_on=False
        )
        phase.annotate(
            f"σ_w = {number_text(sigma_w)}, σ_b = {number_text(sigma_b)}",
            (sigma_b, sigma_w),
            xytext=(10, -14),
            textcoords="offset points",
            color=colours.foreground,
            bbox={
                "boxstyle": "round,pad=0.2",
                "facecolor": colours.background,
                "edgecolor": "none",
                "alpha": 0.8,
            },
        )
        _frame(phase, lengths, gradients, correlations, biases[-1], highest, depth, colours)
        _legend(figure, activations, colours, width, limits=any(np.isinf(r.q_star) for r in results))
    return figure


def _edge(ax: Axes, biases: Array, critical: Array, colour: str, label: str) -> None:
    """One activation's edge-of-chaos curve, with a dot at σ_b = 0 (relu's edge is that point alone)."""
    ax.plot(biases, critical, color=colour, gid=f"{label}/edge")
    if np.isfinite(critical[0]):
        ax.plot(biases[:1], critical[:1], "o", color=colour, ms=6, clip_on=False, zorder=5)


def _measured(lengths: Axes, gradients: Axes, measured: Measured, colour: str, colours: Theme) -> None:
    """A simulated network's q_l and gradient norms as open circles over the predictions."""
    layers = np.arange(measured.q.size)
    every = max(1, measured.q.size // 30)
    style = {
        "linestyle": "none",
        "marker": "o",
        "markersize": 4.5,
        "mfc": colours.background,
        "color": colour,
    }
    lengths.plot(layers[::every], _positive(measured.q)[::every], **style)  # type: ignore[arg-type]
    gradients.plot(layers[::every], _positive(measured.gradient)[::every], **style)  # type: ignore[arg-type]


def _correlations(ax: Axes, activation: Activation, result: Propagation, colour: str) -> None:
    """The correlation map at q* and c*; where q grows without bound, its limit (at q = 10⁸), dash-dotted."""
    q = min(result.q_star, Q_INFINITE)
    integrand = Integrand(activation)
    c = np.linspace(-1.0, 1.0, CORRELATION_POINTS)
    mapped = [correlation_map(integrand, float(v), q, result.sigma_w, result.sigma_b) for v in c]
    style = "-." if np.isinf(result.q_star) else "-"
    ax.plot(c, mapped, style, color=colour, gid=f"{activation.label}/cmap")
    if np.isfinite(result.c_star):
        ax.plot([result.c_star], [result.c_star], "o", color=colour, markersize=6)


def _positive(values: Array) -> Array:
    """Values for a log axis: zero, negative and infinite ones left out (NaN)."""
    return np.where(np.isfinite(values) & (values > 0), values, np.nan)


def _frame(
    phase: Axes,
    lengths: Axes,
    gradients: Axes,
    correlations: Axes,
    bias_max: float,
    highest: float,
    depth: int,
    colours: Theme,
) -> None:
    """Titles, labels, scales and limits of the four panels."""
    phase.set_title("Edge of chaos (χ₁ = 1): ordered below, chaotic above")
    phase.set_xlabel(r"$\sigma_b$")
    phase.set_ylabel(r"$\sigma_w$")
    phase.set_xlim(0.0, bias_max)
    phase.set_ylim(0.0, highest)
    lengths.set_title(r"Length $q_l$ of the pre-activations over depth")
    gradients.set_title("Squared gradient norm over depth, relative to layer L")
    for ax in (lengths, gradients):
        ax.set_yscale("log")
        ax.set_xlabel(r"layer $l$")
        ax.set_xlim(0, depth)
    lengths.set_ylabel(r"$q_l$")
    gradients.set_ylabel(r"$\|\partial\ell/\partial h_l\|^2 \,/\, \|\partial\ell/\partial h_L\|^2$")
    correlations.set_title(r"Correlation map at $q^*$; dots: its fixed point $c^*$")
    correlations.plot([-1, 1], [-1, 1], ":", color=colours.axis, linewidth=1.0, zorder=1)
    correlations.set_xlabel(r"$c_l$")
    correlations.set_ylabel(r"$c_{l+1}$")
    correlations.set_xlim(-1.0, 1.0)
    correlations.set_ylim(-1.0, 1.05)
    for ax in (phase, lengths, gradients, correlations):
        ax.grid(True, linewidth=0.6)
        ax.set_axisbelow(True)


def _legend(
    figure: Figure, activations: Sequence[Activation], colours: Theme, width: int | None, *, limits: bool
) -> None:
    """Activations by colour; dashes, circles, and dash-dots if `limits` (some q grows without bound)."""
    handles = [Line2D([], [], color=colours.colour(i), label=a.label) for i, a in enumerate(activations)]
    starts = ", ".join(number_text(q) for q in OTHER_Q0)
    handles.append(Line2D([], [], color=colours.axis, linestyle="--", label=f"q from q₀ = {starts}"))
    if limits:
        handles.append(Line2D([], [], color=colours.axis, linestyle="-.", label="c-map where q → ∞"))
    if width is not None:
        handles.append(
            Line2D(
                [],
                [],
                color=colours.axis,
                linestyle="none",
                marker="o",
                mfc=colours.background,
                label=f"random network, width {width}",
            )
        )
    figure.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False, fontsize=9)
