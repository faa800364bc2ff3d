"""Batch figures from a TOML file, for documentation builds: ``actplot render figures.toml``.

Each ``[[figure]]`` table names its activations and output files, and optionally
the options of ``actplot plot``::

    [[figure]]
    activations = ["sigmoid", "tanh"]     # names or specs
    output = "figures/squashing.svg"      # or a list; the extension names the format
    derivs = 2                            # 0, 1 or 2
    range = [-6, 6]
    points = 1000
    layout = "panels"                     # panels, overlay or grid
    theme = "light"                       # light or dark
    size = [11, 3.6]                      # inches, or "11x3.6"
    dpi = 150
    title = "Squashing functions"
    style = "seaborn-v0_8-paper"          # a matplotlib style or a file
    ylim = [-1, 2]                        # the same y-limits for every panel
    transparent = false                   # no background
    font_scale = 1.0                      # every text scaled, 0.5 to 3
    legend = "outside"                    # outside, inside or none
    fps = 4                               # frames per second of a .gif or .apng output

The whole file is checked before anything is drawn, and every figure is drawn
before any file is replaced, so a mistake in the last figure leaves every file as
it was; the error names the figure and the key.  Relative paths (outputs, style
files) are relative to the TOML file's folder, and outputs must stay inside that
folder unless the caller allows others: a figures file from someone else cannot
overwrite files elsewhere.
"""

from __future__ import annotations

import difflib
import reprlib
import tomllib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib.style
from matplotlib.figure import Figure

from actplot.activation import Activation
from actplot.animation import DEFAULT_FPS, FPS_BOUNDS, animated_family, write_animation
from actplot.api import activations_of
from actplot.errors import ActplotError, UsageError
from actplot.figure import write_figure
from actplot.figure_checks import check_canvas, check_style, check_title, drawing
from actplot.files import (
    ANIMATED_FORMATS,
    FIGURE_FORMATS,
    all_or_nothing,
    check_writable,
    figure_format,
    one_of,
    resolved,
)
from actplot.options import DPI_BOUNDS, LAYOUTS, LEGENDS, check_font_scale, check_ylim, parse_size
from actplot.plotting import plot
from actplot.sampling import check_points, check_range
from actplot.sweep import families_of
from actplot.theme import THEMES


@dataclass(frozen=True)
class Job:
    """One checked ``[[figure]]``: what to draw and where to write it.

    Attributes:
        where: how errors name it: ``figure 2 ("Title")``.
        activations: resolved activations.
        outputs: each file with its format.
        options: keywords of `plotting.plot` (derivs, xrange, points, layout, theme, size, title, style).
        dpi: resolution of PNG output (None: the default).
        fps: frames per second of animated outputs.
    """

    where: str
    activations: tuple[Activation, ...]
    outputs: tuple[tuple[Path, str], ...]
    options: dict[str, Any] = field(default_factory=dict)
    dpi: int | None = None
    fps: int = DEFAULT_FPS


#: A figures file larger than this is refused unread (a hundred figures take a few kilobytes).
MAX_TOML_BYTES = 1 << 20


def render(path: Path, *, allow_outside: bool = False) -> list[Path]:
    """Check every figure of the TOML file at `path`, draw them all, then write them all.

    Nothing is replaced unless every figure was drawn and every file written beside its target.

    Args:
        path: the TOML file.
        allow_outside: allow outputs outside the TOML file's folder.

    Returns:
        The files written, in order.

    Raises:
        UsageError: the file is missing, not TOML, or a figure has a bad key or value, or
            cannot be drawn (mathtext, style, canvas size); the message names the figure.
        OutputError: an output folder is missing or a file cannot be written.
    """
    written = []
    with all_or_nothing() as staged:
        for job in load(path, allow_outside=allow_outside):
            still = [(output, fmt) for output, fmt in job.outputs if not FIGURE_FORMATS[fmt].animated]
            moving = [(output, fmt) for output, fmt in job.outputs if FIGURE_FORMATS[fmt].animated]
            try:
                with drawing():
                    if still:
                        figure = plot(job.activations, **job.options)
                        try:
                            check_canvas(figure, [fmt for _, fmt in still], job.dpi)
                        except UsageError as error:
                            raise UsageError(f"key {_canvas_key(job)!r}: {error}") from None
                        write_figure(figure, still, job.dpi, staged.write)
                    if moving:
                        _write_animation(job, moving, staged.write)
            except ActplotError as error:
                raise type(error)(f"{job.where}: {error}") from None
            written += [output for output, _ in job.outputs]
    return written


def _write_animation(job: Job, targets: list[tuple[Path, str]], write: Callable[[Path, bytes], None]) -> None:
    """The job's animation over its one sweep, written to each of `targets` with `write`."""
    sweeps = families_of([(a.label, a.sweep) for a in job.activations if a.sweep])
    family = animated_family(sweeps, targets[0][1])
    options = job.options

    def draw(title: str) -> Figure:
        return plot(job.activations, **{**options, "title": title})

    write_animation(draw, options.get("title"), family, targets, job.fps, job.dpi, write)


def _canvas_key(job: Job) -> str:
    """The key to blame for a canvas too large: dpi where PNG is written at a chosen dpi, else size."""
    return "dpi" if job.dpi and any(fmt == "png" for _, fmt in job.outputs) else "size"


def load(path: Path, *, allow_outside: bool = False) -> list[Job]:
    """Read and check the whole TOML file at `path`; nothing is drawn or written.

    Raises:
        UsageError: the file is missing, not TOML, or a figure has a bad key or value, or an
            output outside the file's folder (unless `allow_outside`) or named twice.
        OutputError: an output folder is missing or not writable.
    """
    document = read_toml(path)
    unknown = [key for key in document if key != "figure"]
    if unknown:
        raise UsageError(f"{path}: unknown top-level key {unknown[0]!r}{_suggest(unknown[0], ['figure'])}")
    figures = document.get("figure")
    if isinstance(figures, dict):
        raise UsageError(f"{path}: [figure] is one table; write [[figure]] (double brackets) for each figure")
    if not isinstance(figures, list) or not figures:
        raise UsageError(f"{path}: no figures; add one or more [[figure]] tables")
    jobs: list[Job] = []
    seen: dict[Path, str] = {}
    home = resolved(path.parent)
    for number, table in enumerate(figures, start=1):
        where = f"{path}: {_figure_name(number, table)}"
        if not isinstance(table, dict):
            raise UsageError(f"{where}: expected a table; write it as [[figure]] with key = value lines")
        job = check_figure(where, table, path.parent)
        for output, _ in job.outputs:
            real = resolved(output)
            if not allow_outside and not real.is_relative_to(home):
                raise UsageError(
                    f"{where}: key 'output': {str(output)!r} is outside {str(path.parent)!r}, the folder of "
                    f"{path.name}; render writes only there unless given --allow-outside"
                )
            if real in seen:
                raise UsageError(f"{where}: key 'output': {str(output)!r} is also written by {seen[real]}")
            seen[real] = _figure_name(number, table)
        jobs.append(job)
    return jobs


def read_toml(path: Path) -> dict[str, Any]:
    """The parsed TOML file.

    Raises:
        UsageError: the file cannot be read or is not TOML; the message gives the line and column.
    """
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_TOML_BYTES + 1)
    except OSError as error:
        raise UsageError(f"cannot read {str(path)!r}: {error.strerror or error}") from None
    if len(data) > MAX_TOML_BYTES:
        raise UsageError(f"cannot read {str(path)!r}: over {MAX_TOML_BYTES:,} bytes, too large for figures")
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise UsageError(f"cannot read {str(path)!r}: it is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: malformed TOML: {error}") from None
    except RecursionError:
        raise UsageError(f"{path}: malformed TOML: arrays or tables nest too deeply") from None


def check_figure(where: str, table: Mapping[str, Any], folder: Path) -> Job:
    """Check one ``[[figure]]`` table; relative paths are taken in `folder`.

    Raises:
        UsageError: a missing, unknown or bad key; the message starts with `where` and the key.
        OutputError: an output folder is missing or not writable.
    """
    values = check_values(table, folder, where=f"{where}: ", required=REQUIRED)
    options = {OPTION_NAMES.get(key, key): v for key, v in values.items() if key not in NOT_OPTIONS}
    moving = [fmt for _, fmt in values["output"] if FIGURE_FORMATS[fmt].animated]
    if "fps" in values and not moving:
        raise UsageError(
            f"{where}: key 'fps' is the frame rate of an animated output ({one_of(ANIMATED_FORMATS, '.')})"
        )
    if moving:
        activations = values["activations"]
        try:
            animated_family(families_of([(a.label, a.sweep) for a in activations if a.sweep]), moving[0])
        except UsageError as error:
            raise UsageError(f"{where}: key 'output': {error}") from None
    return Job(
        where,
        values["activations"],
        values["output"],
        options,
        values.get("dpi"),
        values.get("fps", DEFAULT_FPS),
    )


def check_values(
    table: Mapping[str, Any],
    folder: Path,
    *,
    where: str = "",
    spell: Callable[[str], str] = lambda key: f"key {key!r}",
    keys: Collection[str] = (),
    required: Collection[str] = (),
) -> dict[str, Any]:
    """Each value of `table` through its one check in `CHECKS` (relative paths taken in `folder`).

    The TOML file, the Sphinx directive and the MkDocs block all check their values here.

    Args:
        table: key → value (a TOML value, or what `actplot.docfigures` makes of directive text).
        folder: where relative paths (style files, outputs) start.
        where: put before messages: ``"figures.toml: figure 2: "``.
        spell: how messages name a key: ``key 'derivs'`` (TOML), ``:derivs:`` (Sphinx), or not at all.
        keys: the keys accepted; all of `CHECKS` if empty.
        required: the keys that must be given.

    Raises:
        UsageError: an unknown, missing or bad key; the message names the key.
    """
    valid = [key for key in CHECKS if not keys or key in keys]
    values: dict[str, Any] = {}
    for key in table:
        if key not in valid:
            raise UsageError(
                f"{where}unknown {spell(key)}{_suggest(key, valid)}; valid keys: {', '.join(valid)}"
            )
    for key in required:
        if key not in table:
            raise UsageError(f"{where}missing {spell(key)}, e.g. {EXAMPLES[key]}")
    for key, value in table.items():
        try:
            values[key] = CHECKS[key](value, folder)
        except ActplotError as error:
            named = spell(key)  # ":derivs:" ends with its own colon; "" for a message that names itself
            head = f"{named} " if named.endswith(":") else f"{named}: " if named else ""
            raise type(error)(f"{where}{head}{error}") from None
    return values


def _figure_name(number: int, table: object) -> str:
    """``figure 2 ("Title")``, else ``figure 2 (first/output.svg)``, else ``figure 2``."""
    if isinstance(table, dict):
        title, output = table.get("title"), table.get("output")
        if isinstance(output, list) and output:
            output = output[0]
        if isinstance(title, str) and title:
            return f"figure {number} ({title if len(title) <= 70 else title[:69] + '…'!r})"
        if isinstance(output, str):
            return f"figure {number} ({_shown(output)[1:-1]})"
    return f"figure {number}"


def _suggest(key: str, valid: Mapping[str, Any] | list[str]) -> str:
    close = difflib.get_close_matches(key, list(valid), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


# ---------------------------------------------------------------------------------------------------
# One check per key: the TOML value (and the TOML file's folder) in, the checked value out.


def _activations(value: Any, _: Path) -> tuple[Activation, ...]:
    specs = [value] if isinstance(value, str) else value
    if not isinstance(specs, list) or not all(isinstance(s, str) for s in specs):
        raise UsageError(f"expected a list of names or specs, e.g. {EXAMPLES['activations']}")
    if not specs:
        raise UsageError("the list is empty; name at least one activation")
    return tuple(activations_of(specs))


def _outputs(value: Any, folder: Path) -> tuple[tuple[Path, str], ...]:
    paths = [value] if isinstance(value, str) else value
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        raise UsageError(f"expected a file name or a list of them, e.g. {EXAMPLES['output']}")
    if not paths:
        raise UsageError(f"the list is empty; give at least one file ({one_of(FIGURE_FORMATS, '.')})")
    outputs = []
    for text in paths:
        path = folder / Path(text).expanduser()
        fmt = figure_format(path)
        check_writable(path)
        outputs.append((path, fmt))
    return tuple(outputs)


def _integer(low: int, high: int) -> Callable[[Any, Path], int]:
    def check(value: Any, _: Path) -> int:
        if not _is_int(value) or not low <= value <= high:
            raise UsageError(f"expected a whole number from {low:,} to {high:,}, got {_shown(value)}")
        return int(value)

    return check


def _points(value: Any, _: Path) -> int:
    if not _is_int(value):
        raise UsageError(f"expected a whole number, got {_shown(value)}")
    return check_points(value)


def _range(value: Any, _: Path) -> tuple[float, float]:
    if not _numbers(value, 2):
        raise UsageError(f"expected [a, b] with numbers a < b, e.g. range = [-5, 5]; got {_shown(value)}")
    return check_range((value[0], value[1]))


def _ylim(value: Any, _: Path) -> tuple[float, float]:
    if not _numbers(value, 2):
        raise UsageError(f"expected [a, b] with numbers a < b, e.g. ylim = [-1, 2]; got {_shown(value)}")
    return check_ylim((value[0], value[1]))


def _size(value: Any, _: Path) -> tuple[float, float]:
    return parse_size(value if isinstance(value, str | list) else str(value))


def _choice(choices: tuple[str, ...]) -> Callable[[Any, Path], str]:
    def check(value: Any, _: Path) -> str:
        if value not in choices:
            raise UsageError(f"expected one of {', '.join(map(repr, choices))}, got {_shown(value)}")
        return str(value)

    return check


def _flag(value: Any, _: Path) -> bool:
    if not isinstance(value, bool):
        raise UsageError(f"expected true or false, got {_shown(value)}")
    return value


def _font_scale(value: Any, _: Path) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UsageError(f"expected a number, got {_shown(value)}")
    return check_font_scale(value)


def _text(value: Any, _: Path) -> str:
    if not isinstance(value, str):
        raise UsageError(f"expected a string, got {_shown(value)}")
    return value


def _title(value: Any, folder: Path) -> str:
    title = _text(value, folder)
    check_title(title)
    return title


def _style(value: Any, folder: Path) -> str:
    """A matplotlib style name, or a style file taken relative to the TOML file."""
    name = _text(value, folder)
    style = name if name in matplotlib.style.available else str(folder / Path(name).expanduser())
    check_style(style)
    return style


def _shown(value: Any) -> str:
    """`value` as TOML gave it, cut short: a hostile file may hold huge or deeply nested values."""
    return _REPR.repr(value)


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxother = 3, 4, 4, 40, 40


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _numbers(value: Any, count: int) -> bool:
    return (
        isinstance(value, list | tuple)
        and len(value) == count
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    )


CHECKS: dict[str, Callable[[Any, Path], Any]] = {
    "activations": _activations,
    "output": _outputs,
    "derivs": _integer(0, 2),
    "range": _range,
    "points": _points,
    "layout": _choice(LAYOUTS),
    "theme": _choice(tuple(THEMES)),
    "size": _size,
    "dpi": _integer(*DPI_BOUNDS),
    "title": _title,
    "style": _style,
    "ylim": _ylim,
    "transparent": _flag,
    "font_scale": _font_scale,
    "legend": _choice(LEGENDS),
    "fps": _integer(*FPS_BOUNDS),
}
REQUIRED = ("activations", "output")
EXAMPLES = {
    "activations": 'activations = ["sigmoid", "elu:alpha=0.5"]',
    "output": 'output = "figures/sigmoid.svg"',
}
#: TOML keys that are not keywords of `plotting.plot`, and those spelled differently there.
NOT_OPTIONS = ("activations", "output", "dpi", "fps")
OPTION_NAMES = {"range": "xrange"}
