"""Figure options shared by the command line, batch files and the gallery (no matplotlib here)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, get_args

from actplot.errors import UsageError

Layout = Literal["panels", "overlay", "grid"]
LAYOUTS: tuple[Layout, ...] = get_args(Layout)
#: How the orders are called in text: f, f′, f″.
ORDER_NAMES = ("f", "f′", "f″")
#: Lowest and highest PNG resolution, in dots per inch.
DPI_BOUNDS = (1, 2400)
#: Smallest and largest side of a figure, in inches.
SIZE_BOUNDS = (0.5, 100.0)


def check_derivs(derivs: int) -> int:
    """The highest derivative to show: 0, 1 or 2.

    Raises:
        UsageError: any other number.
    """
    if derivs not in (0, 1, 2):
        raise UsageError(f"--derivs {derivs} is not available; use 0, 1 or 2")
    return derivs


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
