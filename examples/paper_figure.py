"""A figure composed in matplotlib, three of its panels drawn by actplot and one from `actplot.sample`.

    python examples/paper_figure.py examples/figures/paper.png

The README's Python API section shows it; `examples/render_figures.sh` renders and checks it.
"""

from __future__ import annotations

import sys

from matplotlib.figure import Figure

import actplot


def paper_figure() -> Figure:
    """(a, b) f and f′ of three rectifiers, (c) two smooth ones with f′ and f″ overlaid, (d) drawn by hand."""
    figure = Figure(figsize=(9.0, 6.4), layout="constrained")
    axs = figure.subplots(2, 2)
    actplot.plot(["relu", "elu", "step"], derivs=1, ax=axs[0])  # one axes per order
    actplot.plot(["gelu", "silu"], derivs=2, xrange=(-4, 4), ax=axs[1, 0])  # every order in one axes

    # The data every figure is drawn from: segments, jumps (both one-sided limits) and impulses.
    ax = axs[1, 1]
    sampled = actplot.sample("hard_tanh", derivs=1, xrange=(-2, 2), points=401)
    for curve, colour in zip(sampled.curves, ("black", "tab:red"), strict=True):
        name = ("f", "f′")[curve.order]
        for i, segment in enumerate(curve.segments):
            ax.plot(segment.x, segment.y, color=colour, label=f"hard_tanh {name}" if i == 0 else None)
        for jump in curve.jumps:  # the value taken filled, the other one-sided limit open
            ax.plot([jump.x], [jump.value], "o", color=colour)
            ax.plot([jump.x] * len(jump.open_limits), jump.open_limits, "o", color=colour, mfc="white")
    ax.set_title("drawn by hand from actplot.sample()")
    ax.set_ylim(-1.25, 1.25)
    ax.legend(loc="lower right")
    for ax, letter in zip(axs.flat, "abcd", strict=True):
        ax.text(-0.02, 1.02, f"({letter})", transform=ax.transAxes, ha="right", va="bottom", weight="bold")
    return figure


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: python {sys.argv[0]} OUTPUT.png")
    paper_figure().savefig(sys.argv[1], dpi=110, metadata={"Software": None})
