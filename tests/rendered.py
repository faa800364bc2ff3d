"""Rich renderables as the text a terminal would show, for tests that read tables and info."""

from __future__ import annotations

import io

from rich.console import Console, RenderableType


def text(renderable: RenderableType, width: int = 100) -> str:
    """The renderable printed on a console `width` characters wide."""
    out = io.StringIO()
    Console(file=out, width=width).print(renderable)
    return out.getvalue()


def squashed(renderable: RenderableType) -> str:
    """The printed text with runs of whitespace (line wraps, padding) made single spaces."""
    return " ".join(text(renderable, width=1000).split())
