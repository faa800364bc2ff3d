"""One figure per catalogue entry and a Markdown index of them, for documentation.

One command draws them all with `figure.draw` (matplotlib's object API: no pyplot,
nothing to close), in worker processes on every core, so the whole catalogue takes
seconds rather than one interpreter start per figure.  The output is byte-identical
when re-run.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import Progress

from actplot.activation import Activation, Param, number_text, param_text, range_text, union_view
from actplot.api import family, get, names
from actplot.errors import OutputError, SpecError, UsageError
from actplot.figure import draw, figure_bytes
from actplot.files import GALLERY_FORMATS, one_of, write_atomic
from actplot.machine import available_cores
from actplot.options import FigureOptions, check_derivs
from actplot.orders import ORDER_NAMES
from actplot.sampling import sample
from actplot.sweep import RANGE, VALUES
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
        The files written: one figure per entry (named after it), after it the family of a
        parametrised entry (``elu-family.svg``, see `family_spec`), then the index.

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
        for name, drawn in zip(entries, figures, strict=True):
            paths = (folder / f"{name}.{fmt}", folder / f"{name}-family.{fmt}")[: len(drawn)]
            for path, data in zip(paths, drawn, strict=True):
                write_atomic(path, data)
                written.append(path)
            advance()
    index = folder / INDEX
    write_atomic(index, index_markdown(entries, fmt, derivs, theme).encode())
    return [*written, index]


def draw_entry(name: str, fmt: str, derivs: int, theme: str) -> tuple[bytes, ...]:
    """The gallery figures of one entry, as bytes: at its defaults, then its family if it has one."""
    drawn = [entry_figure(name, derivs, theme)]
    spec = family_spec(get(name))
    if spec is not None:
        drawn.append(family_figure(spec, derivs, theme))
    return tuple(figure_bytes(figure, fmt) for figure in drawn)


def family_spec(activation: Activation) -> str | None:
    """The sweep the gallery draws of a parametrised entry, or None (no parameter sweeps).

    Its first parameter that can sweep, around its default d: both words of a choice, d/4..2d
    for a positive number, 0..2d for a non-negative one, ⌊d⌋ − 1..⌊d⌋ + 1 for any real; a
    parameter whose span the entry refuses (rrelu's lower above its upper) gives way to the next.
    """
    for param in activation.entry.params:
        span = _span(param)
        if span is None:
            continue
        spec = f"{activation.name}:{param.name}={span}"
        try:
            family(spec)
        except SpecError:
            continue
        return spec
    return None


def _span(param: Param) -> str | None:
    """A sweep of one parameter around its default, as spec text (None: a list parameter)."""
    if param.choices:
        return VALUES.join(param.choices)
    if isinstance(param.default, tuple | str):
        return None
    d = param.default
    ends = {
        "positive": (d / 4, 2 * d),
        "nonnegative": (0.0, 2 * d if d > 0 else 1.0),
        "real": (math.floor(d) - 1.0, math.floor(d) + 1.0),
    }[param.domain]
    return RANGE.join(param_text(float(f"{end:.3g}")) for end in ends)


def family_figure(spec: str, derivs: int, theme: str, points: int = GALLERY_POINTS) -> Figure:
    """A sweep of an entry, drawn as a family on the view of all its members, titled with its formula."""
    members = family(spec)
    sampled = sample(members, range(derivs + 1), union_view(members), points)
    title = f"{spec}\n$f(x)$ = {members[0].entry.formulas.mathtext[0]}"
    return draw(sampled, FigureOptions(theme=theme, title=title))


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
        f"all of its features, and beside it a parametrised entry's family (a parameter swept "
        f"around its default). Made by `{command}`.",
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
                    f"![{name}]({name}.{fmt})" + _family_image(activation, fmt),
                    activation.entry.formulas.unicode[0],
                    view_text(activation.view),
                    range_text(activation.output_range),
                    activation.continuity,
                ]
            )
        )
    return "\n".join(lines) + "\n"


def _family_image(activation: Activation, fmt: str) -> str:
    """`` ![elu:alpha=0.25..2](elu-family.svg)`` for an entry with a family, else nothing."""
    spec = family_spec(activation)
    return "" if spec is None else f" ![{spec}]({activation.name}-family.{fmt})"


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
