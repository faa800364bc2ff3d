"""Figure options: one typed value built by the command line, `render`, the gallery and the API.

No matplotlib here: the options are checked where they are parsed, and each target
(a file, a window, the terminal) says which of them it can honour, so an option a
target cannot honour is refused in one line instead of being ignored.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Literal

from actplot.errors import UsageError
from actplot.theme import get_theme

Target = Literal["file", "window", "terminal"]
#: PNG resolution when none is given; every figure is laid out at it.
DEFAULT_DPI = 150
#: Lowest and highest PNG resolution, in dots per inch.
DPI_BOUNDS = (1, 2400)
#: Smallest and largest side of a figure, in inches.
SIZE_BOUNDS = (0.5, 100.0)
#: The layouts' names: `plan.LAYOUT_FUNCTIONS` lays out each (a test keeps the two the same).
LAYOUTS = ("panels", "overlay", "grid")
#: Smallest and largest factor every text of a figure is scaled by.
FONT_SCALES = (0.5, 3.0)
#: Where the activations' legend goes: under the panels, inside the first, or nowhere.
LEGENDS = ("outside", "inside", "none")


@dataclass(frozen=True)
class FigureOptions:
    """How a figure looks, whichever target draws it.

    Attributes:
        layout: ``panels`` (an axes per order), ``overlay`` (one axes) or ``grid`` (a row per activation).
        theme: ``light`` or ``dark``.
        size: (width, height) in inches; chosen from the layout if None.
        title: a title over the figure (wrapped to its width).
        style: a matplotlib style name or file, applied over the theme.
        dpi: resolution of PNG output; 150 if None.
        ylim: the same y-limits for every panel; chosen per panel if None.
        transparent: no figure or axes background (for slides and pages of any colour).
        font_scale: every text scaled by this factor, 0.5 to 3.
        legend: ``outside`` (under the panels), ``inside`` (in the first panel) or ``none``.

    Raises:
        UsageError: a value out of its bounds; the message says what is accepted.
    """

    layout: str = "panels"
    theme: str = "light"
    size: tuple[float, float] | None = None
    title: str | None = None
    style: str | None = None
    dpi: int | None = None
    ylim: tuple[float, float] | None = None
    transparent: bool = False
    font_scale: float = 1.0
    legend: str = "outside"

    def __post_init__(self) -> None:
        if self.layout not in LAYOUTS:
            raise UsageError(f"unknown layout {self.layout!r}; use {', '.join(LAYOUTS)}")
        get_theme(self.theme)
        if self.size is not None:
            object.__setattr__(self, "size", parse_size(self.size))
        if self.dpi is not None and not (
            isinstance(self.dpi, int)
            and not isinstance(self.dpi, bool)
            and DPI_BOUNDS[0] <= self.dpi <= DPI_BOUNDS[1]
        ):
            low, high = DPI_BOUNDS
            raise UsageError(f"dpi {self.dpi!r} is out of bounds; use a whole number from {low} to {high}")
        if self.ylim is not None:
            object.__setattr__(self, "ylim", check_ylim(self.ylim))
        if not isinstance(self.transparent, bool):
            raise UsageError(f"transparent is true or false, got {self.transparent!r}")
        object.__setattr__(self, "font_scale", check_font_scale(self.font_scale))
        if self.legend not in LEGENDS:
            raise UsageError(f"unknown legend place {self.legend!r}; use {', '.join(LEGENDS)}")

    def given(self) -> list[str]:
        """The names of the options that differ from their defaults."""
        return [f.name for f in fields(self) if getattr(self, f.name) != f.default]

    def check_targets(self, targets: Iterable[Target]) -> None:
        """Refuse options that none of the targets in use can honour.

        Raises:
            UsageError: e.g. ``--dpi`` for a window only, ``--style`` for the terminal.
        """
        targets = set(targets)
        honoured = set().union(*(HONOURED[t] for t in targets)) if targets else set()
        ignored = [name for name in self.given() if name not in honoured]
        if ignored:
            where = " and ".join(sorted(targets))
            shown = ", ".join(option_flag(name) for name in ignored)
            raise UsageError(f"{shown} cannot be honoured by the {where}; {_what_takes(ignored)}")


#: Which options each target honours.
HONOURED: dict[Target, frozenset[str]] = {
    "file": frozenset(f.name for f in fields(FigureOptions)),
    "window": frozenset({"layout", "theme", "size", "title", "style", "ylim", "font_scale", "legend"}),
    "terminal": frozenset({"layout", "theme", "title", "ylim"}),
}


def _what_takes(names: Sequence[str]) -> str:
    """Which targets take the first of `names`, as advice."""
    takers = [target for target, honoured in HONOURED.items() if names[0] in honoured]
    return f"{option_flag(names[0])} is for a {' or a '.join(takers)}" if takers else "leave it out"


def option_flag(name: str) -> str:
    """The command-line flag of an option: ``font_scale`` → ``--font-scale``."""
    return "--" + name.replace("_", "-")


def check_derivs(derivs: int) -> int:
    """The highest derivative to show: 0, 1 or 2 (an int: not True, not 2.0).

    Raises:
        UsageError: anything else.
    """
    try:
        whole = None if isinstance(derivs, bool) else operator.index(derivs)  # NumPy's integers too
    except TypeError:
        whole = None
    if whole is None or whole not in (0, 1, 2):
        raise UsageError(f"--derivs {derivs!r} is not available; use 0, 1 or 2")
    return whole


def check_font_scale(value: float) -> float:
    """A font scale: a number within FONT_SCALES.

    Raises:
        UsageError: anything else.
    """
    low, high = FONT_SCALES
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise UsageError(f"font scale {value!r} is out of bounds; use a number from {low:g} to {high:g}")
    return float(value)


def check_ylim(value: Sequence[float]) -> tuple[float, float]:
    """y-limits (lo, hi): two finite numbers, lo < hi.

    Raises:
        UsageError: anything else.
    """
    try:
        lo, hi = (float(v) for v in value)
    except (TypeError, ValueError):
        raise UsageError(f"expected y-limits as two numbers A B with A < B, got {value!r}") from None
    if not (math.isfinite(lo) and math.isfinite(hi) and math.isfinite(hi - lo) and lo < hi):
        raise UsageError(f"y-limits {lo:g} {hi:g} must be finite with A < B, e.g. --ylim -1 2")
    return lo, hi


def parse_size(value: str | Sequence[float]) -> tuple[float, float]:
    """A figure size from ``"WxH"`` or ``[W, H]`` (inches, each within SIZE_BOUNDS).

    Raises:
        UsageError: not two numbers in bounds.
    """
    if isinstance(value, str):
        width, x, height = value.lower().partition("x")
        parts: Sequence[str | float] = (width, height) if x else ()
    else:
        parts = value
    try:
        size = tuple(float(part) for part in parts)
    except (TypeError, ValueError):
        size = ()
    low, high = SIZE_BOUNDS
    if len(size) != 2 or not all(low <= side <= high for side in size):
        raise UsageError(
            f"expected a size of width x height in inches, each {low:g} to {high:g} "
            f"(e.g. --size 12x4, or size = [12, 4] in a TOML file); got {value!r}"
        )
    return size[0], size[1]
