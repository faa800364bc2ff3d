"""What the machine offers this process (operating-system queries, no numerics)."""

from __future__ import annotations

import os
import sys

from actplot.errors import OutputError


def available_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no affinity call
        return os.cpu_count() or 1


def has_display() -> bool:
    """Whether a window can open: always on macOS and Windows, else with X11 or Wayland."""
    backend = os.environ.get("MPLBACKEND", "").lower()
    if backend in {"agg", "pdf", "svg", "ps", "cairo", "template"} or backend.startswith("module://"):
        return False
    if sys.platform in {"darwin", "win32"}:
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def require_display(instead: str) -> None:
    """Refuse to open a window where none can open, saying what to do `instead`.

    Raises:
        OutputError: no display (see `has_display`).
    """
    if not has_display():
        raise OutputError(f"no display to open a window on; {instead}")
