"""One figure per catalogue entry and a Markdown index of them, for documentation.

One command draws them all with `figure.draw` (matplotlib's object API: no pyplot,
nothing to close), in worker processes on every core, so the whole catalogue takes
seconds rather than one interpreter start per figure.  The output is byte-identical
when re-run.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import Progress

from actplot.activation import Activation, number_text, param_text, range_text
from actplot.api import get, names
from actplot.errors import OutputError, UsageError
from actplot.figure import draw, figure_bytes
from actplot.files import GALLERY_FORMATS, one_of, write_atomic
from actplot.machine import available_cores
from actplot.options import FigureOptions, check_derivs
from actplot.orders import ORDER_NAMES
from actplot.sampling import sample
from actplot.tables import markdown_row
from actplot.theme import get_theme

if TYPE_CHECKING:
    from matplotlib.figure import Figure

INDEX = "index.md"
#: Samples per curve of a gallery figure (breaks are added exactly).
GALLERY_POINTS = 1000


def write_gallery(
    folder: Path,
    fmt: str = "svg",
    derivs: int = 2,
    theme: str = "light",
    *,
    console: Console | None = None,
    entries: Sequence[str] | None = None,
) -> list[Path]:
    """Draw every catalogue entry (or `entries`) at its defaults into `folder`, then write `folder`/index.md.

    Args:
        folder: where the files go; created if its parent exists.
        fmt: one of `files.GALLERY_FORMATS`.
        derivs: highest derivative drawn: 0, 1 or 2.
        theme: ``light`` or ``dark``.
        console: where a progress bar goes, if it is a terminal.
        entries: the catalogue names to draw, in order; every entry if None.

    Returns:
        The files written: one figure per entry (named after it), then the index.

    Raises:
        UsageError: a bad format, order or theme.
        OutputError: the folder cannot be made or written.
    """
    if fmt not in GALLERY_FORMATS:
        raise UsageError(f"gallery format {fmt!r} is not available; use {one_of(GALLERY_FORMATS)}")
    check_derivs(derivs)
    get_theme(theme)
    make_folder(folder)
    entries = names() if entries is None else list(entries)
    written = []
    # Worker processes, one per core, draw the figures side by side (matplotlib holds the GIL);
    # each figure is drawn whole by one worker and comes back as bytes, so the files are the
    # same whichever worker drew them.
    workers = min(available_cores(), len(entries))
    with _progress(console, len(entries)) as advance, ProcessPoolExecutor(workers) as pool:
        figures = pool.map(partial(draw_entry, fmt=fmt, derivs=derivs, theme=theme), entries)
        for name, data in zip(entries, figures, strict=True):
            path = folder / f"{name}.{fmt}"
            write_atomic(path, data)
            written.append(path)
            advance()
    index = folder / INDEX
    write_atomic(index, index_markdown(entries, fmt, derivs, theme).encode())
    return [*written, index]


def draw_entry(name: str, fmt: str, derivs: int, theme: str) -> bytes:
    """The gallery figure of one entry, as bytes."""
    return figure_bytes(entry_figure(name, derivs, theme), fmt)


def entry_figure(name: str, derivs: int, theme: str, points: int = GALLERY_POINTS) -> Figure:
    """An entry at its defaults as a reference page, on its default view.

    The title is its name and parameters over its formula; the legend spells the parameter values.
    """
    activation = get(name)
    spelled = dataclasses.replace(activation, label=full_spec(activation))
    sampled = sample([spelled], range(derivs + 1), activation.view, points)
    return draw(sampled, FigureOptions(theme=theme, title=reference_title(activation)))


def full_spec(activation: Activation) -> str:
    """The spec with every parameter spelled out, defaults included: ``elu:alpha=1``."""
    values = ",".join(f"{p.name}={param_text(activation.params[p.name])}" for p in activation.entry.params)
    return f"{activation.name}:{values}" if values else activation.name


def reference_title(activation: Activation) -> str:
    """The name with its parameters, then f's formula in mathtext on a line of its own.

    A vector function (softmax and friends) says which logits it holds fixed.
    """
    values = ", ".join(f"{name} = {param_text(value)}" for name, value in activation.params.items())
    if activation.entry.vector is not None:
        others = activation.params["others"]
        held = ", ".join(param_text(v) for v in others) if isinstance(others, tuple) else str(others)
        values = f"first output as its logit x varies; the other logits held fixed at {held}"
    heading = f"{activation.name} ({values})" if values else activation.name
    return f"{heading}\n$f(x)$ = {activation.entry.formulas.mathtext[0]}"


def make_folder(folder: Path) -> None:
    """Create `folder` if it is missing and its parent exists.

    Raises:
        OutputError: the parent is missing, or a file is in the way.
    """
    if folder.is_dir():
        return
    if folder.exists():
        raise OutputError(f"cannot write the gallery to {str(folder)!r}: it is a file")
    parent = folder.parent
    if not parent.is_dir():
        raise OutputError(f"cannot create {str(folder)!r}: folder {str(parent)!r} does not exist")
    try:
        folder.mkdir()
    except OSError as error:
        raise OutputError(f"cannot create {str(folder)!r}: {error.strerror or error}") from None


def index_markdown(entries: Sequence[str], fmt: str, derivs: int, theme: str) -> str:
    """The gallery's index: a Markdown table row per entry (name, image, formula, view, range, continuity)."""
    command = f"actplot gallery DIR --format {fmt} --derivs {derivs} --theme {theme}"
    lines = [
        "# Activation gallery",
        "",
        f"Each figure shows {', '.join(o.symbol for o in ORDER_NAMES[: derivs + 1])} "
        "at the default parameters on the entry's default view, the x-interval that shows "
        f"all of its features. Made by `{command}`.",
        "",
        markdown_row(["name", "figure", "f(x)", "view", "range", "continuity"]),
        markdown_row(["---"] * 6),
    ]
    for name in entries:
        activation = get(name)
        lines.append(
            markdown_row(
                [
                    f"`{name}`",
                    f"![{name}]({name}.{fmt})",
                    activation.entry.formulas.unicode[0],
                    view_text(activation.view),
                    range_text(activation.output_range),
                    activation.continuity,
                ]
            )
        )
    return "\n".join(lines) + "\n"


def view_text(view: tuple[float, float]) -> str:
    """An x-interval for reading: ``[−5, 8]``."""
    return f"[{number_text(view[0])}, {number_text(view[1])}]"


@contextmanager
def _progress(console: Console | None, total: int) -> Iterator[Callable[[], None]]:
    """A rich progress bar on `console` if it is an interactive terminal, else nothing."""
    if console is None or not console.is_terminal:
        yield lambda: None
        return
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("drawing the gallery", total=total)
        yield lambda: progress.advance(task)
