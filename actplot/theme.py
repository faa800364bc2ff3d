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
    ``default`` is the terminal's own text colour.
    """

    name: str
    background: str
    foreground: str
    grid: str
    axis: str
    palette: tuple[str, ...]
    standard: tuple[str, ...]

    def colour(self, index: int) -> str:
        """The colour of the index-th activation (cycling)."""
        return self.palette[index % len(self.palette)]


THEMES = {
    "light": Theme(
        name="light",
        background="#ffffff",
        foreground="#1f2328",
        grid="#e3e6ea",
        axis="#57606a",
        palette=("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"),
        standard=("blue", "red", "green", "magenta", "yellow", "cyan", "default"),
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
