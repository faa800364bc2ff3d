"""How a figure shows families: a colorbar per sweep, and one legend entry for all its members.

The members of a sweep take shades of the theme's sequential colours (`Theme.shade`) by
their value, so the colorbar — labelled with the parameter, ticked at the values — is
their key; the legend names the sweep once, in its dash, instead of listing every value.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.colorbar import Colorbar
from matplotlib.colors import BoundaryNorm, ListedColormap, Normalize
from matplotlib.figure import Figure

from actplot.activation import param_text
from actplot.plan import Plan
from actplot.sweep import Family
from actplot.theme import Theme

#: A family of more values than this leaves its impulses unlabelled (a lane of weights each would crowd out
#: the band): the colorbar says which is which.
MOST_LABELLED = 8
#: The gid of a family's colorbar axes: this, ``/``, then the sweep.
COLORBAR = "colorbar"


def colorbars(figure: Figure, axes: Sequence[Axes], plan: Plan, colours: Theme) -> list[Colorbar]:
    """A colorbar right of `axes` for each family of the plan, the first nearest (so made last)."""
    bars = []
    for family in reversed(plan.families):
        positions = family.positions()
        colormap = ListedColormap([colours.shade(t) for t in np.linspace(0.0, 1.0, 256)], name=family.spec)
        if family.numeric:
            numbers = [float(v) for v in family.values if isinstance(v, float)]
            norm: Normalize = Normalize(min(numbers), max(numbers))
            ticks = numbers
        else:  # words: a block each, in order
            count = len(family.values)
            colormap = ListedColormap([colours.shade(t) for t in positions], name=family.spec)
            norm = BoundaryNorm(np.arange(count + 1) - 0.5, count)
            ticks = list(range(count))
        bar = figure.colorbar(
            ScalarMappable(norm, colormap),
            ax=list(axes),
            location="right",
            aspect=30,
            pad=0.01,
            fraction=0.04,
        )
        bar.ax.set_gid(f"{COLORBAR}/{family.spec}")
        bar.set_label(f"{family.spec.partition(':')[0]}: {family.param}")
        shown = family.named()
        bar.set_ticks(
            [ticks[i] for i in shown], labels=[param_text(family.values[i]).replace("-", "−") for i in shown]
        )
        bar.ax.minorticks_off()
        bar.outline.set_visible(False)
        bars.append(bar)
    return bars[::-1]


def family_of_entry(plan: Plan, label: str) -> Family | None:
    """The family whose legend entry stands at `label`'s place (its first member), else None."""
    family = plan.family(label)
    return family if family is not None and family.labels[0] == label else None


def crowded(plan: Plan, label: str) -> bool:
    """Whether `label` is a member of a family of more than MOST_LABELLED values."""
    family = plan.family(label)
    return family is not None and len(family.labels) > MOST_LABELLED
