"""Colours shared by the figure and the terminal plot (no matplotlib here).

Curves use the Okabe–Ito palette, which stays distinguishable under the common
forms of colour blindness; each theme orders it for contrast on its background.
A terminal with only the 16 standard colours (``TERM=xterm``) would fold several of
those into one (both blues into cyan), so each theme also names seven distinct
standard colours in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass

from actplot.errors import UsageError


@dataclass(frozen=True)
class Theme:
    """Background, text, grid and axis colours, and the curve palette (also in standard colours).

    ``standard`` holds rich's names of 16-colour terminal colours, one per palette entry;
    ``default`` is the terminal's own text colour.  ``shades`` is the part of viridis the
    members of a family take, from the end that shows on the background.
    """

    name: str
    background: str
    foreground: str
    grid: str
    axis: str
    palette: tuple[str, ...]
    standard: tuple[str, ...]
    shades: tuple[float, float] = (0.0, 0.8)

    def colour(self, index: int, shade: float | None = None) -> str:
        """The colour of the index-th activation (cycling), or of a family member at `shade` (0 to 1)."""
        if shade is not None:
            return self.shade(shade)
        return self.palette[index % len(self.palette)]

    def shade(self, t: float) -> str:
        """The sequential colour at t (0 to 1) of this theme: viridis within `shades`, as hex."""
        low, high = self.shades
        return viridis(low + (high - low) * min(max(t, 0.0), 1.0))


#: matplotlib's viridis (perceptually uniform, readable in grey and by the colour-blind) at 0, 1/16, … 1.
VIRIDIS = (
    "#440154", "#48186a", "#472d7b", "#424086", "#3b528b", "#33638d", "#2c728e", "#26828e", "#21918c",
    "#1fa088", "#28ae80", "#3fbc73", "#5ec962", "#84d44b", "#addc30", "#d8e219", "#fde725",
)  # fmt: skip


def viridis(t: float) -> str:
    """viridis at t (0 to 1), interpolated linearly between the 17 stops of `VIRIDIS`."""
    scaled = t * (len(VIRIDIS) - 1)
    i = min(int(scaled), len(VIRIDIS) - 2)
    a, b = (_rgb(VIRIDIS[i]), _rgb(VIRIDIS[i + 1]))
    mixed = (round(x + (y - x) * (scaled - i)) for x, y in zip(a, b, strict=True))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


THEMES = {
    "light": Theme(
        name="light",
        background="#ffffff",
        foreground="#1f2328",
        grid="#e3e6ea",
        axis="#57606a",
        palette=("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"),
        standard=("blue", "red", "green", "magenta", "yellow", "cyan", "default"),
        shades=(0.0, 0.8),  # viridis' light yellow end is lost on white
    ),
    "dark": Theme(
        name="dark",
        background="#0d1117",
        foreground="#e6edf3",
        grid="#2a313a",
        axis="#8b949e",
        palette=("#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#F0E442", "#D55E00", "#ffffff"),
        standard=(
            "bright_cyan",
            "bright_yellow",
            "bright_green",
            "bright_magenta",
            "bright_blue",
            "bright_red",
            "default",
        ),
        shades=(0.25, 1.0),  # viridis' dark purple end is lost on the dark background
    ),
}


def get_theme(name: str) -> Theme:
    """The theme called `name`.

    Raises:
        UsageError: no such theme.
    """
    try:
        return THEMES[name]
    except KeyError:
        raise UsageError(f"unknown theme {name!r}; use {' or '.join(THEMES)}") from None
