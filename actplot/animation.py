"""A family as an animation: one frame per value of its sweep, as GIF or animated PNG bytes.

The figure is the family's figure (every member drawn, so the axes limits hold every
member for the whole animation and the motion is real); each frame shows one member —
its curves, jumps, impulses and a mark at its value on the colorbar — with the value
in the title.  Frames are drawn one at a time with Pillow (which matplotlib depends on;
no ffmpeg) and kept as palette images (a byte a pixel, each frame its own median-cut
palette), so memory stays bounded and the same figure always gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path

from matplotlib.artist import Artist
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from PIL import Image

from actplot.activation import param_text
from actplot.errors import UsageError
from actplot.family_figure import COLORBAR
from actplot.figure import settle_layout
from actplot.files import put, write_atomic
from actplot.options import DEFAULT_DPI
from actplot.sweep import Family

#: Frames per second when none is asked for, and the bounds (GIF counts time in hundredths of a second).
DEFAULT_FPS, FPS_BOUNDS = 4, (1, 50)
#: Pillow's writer of each animated format.
WRITERS = {"gif": "GIF", "apng": "PNG"}


def check_fps(fps: int) -> int:
    """Frames per second: a whole number within FPS_BOUNDS.

    Raises:
        UsageError: anything else.
    """
    low, high = FPS_BOUNDS
    if isinstance(fps, bool) or not isinstance(fps, int) or not low <= fps <= high:
        raise UsageError(f"--fps {fps!r} is out of bounds; use a whole number from {low} to {high}")
    return fps


def animated_family(families: Sequence[Family], fmt: str) -> Family:
    """The one family an animation runs over.

    Raises:
        UsageError: no family, or several.
    """
    if not families:
        raise UsageError(
            f"an animated .{fmt} runs over a sweep, such as elu:alpha=0.5..2; none of the activations is one"
        )
    if len(families) > 1:
        shown = " and ".join(f.spec for f in families)
        raise UsageError(
            f"an animated .{fmt} runs over one sweep; {shown} are {len(families)}: draw them apart"
        )
    return families[0]


def frame_titles(title: str | None, family: Family) -> list[str]:
    """Each frame's title: the figure's own title (if any), then ``elu: alpha = 0.5``."""
    name = family.spec.partition(":")[0]
    return [f"{title}\n" * bool(title) + f"{name}: {family.param} = {param_text(v)}" for v in family.values]


def write_animation(
    draw: Callable[[str], Figure],
    title: str | None,
    family: Family,
    targets: Sequence[tuple[Path, str]],
    fps: int,
    dpi: float | None = None,
    write: Callable[[Path, bytes], None] = write_atomic,
) -> None:
    """Write the animation (see `animation_bytes`) to each (path, format) with `write`; ``-`` is stdout.

    Raises:
        UsageError: as `animation_bytes`.
        OutputError: a file cannot be written (it is left as it was).
    """
    encoded = animation_bytes(draw, title, family, [fmt for _, fmt in targets], fps, dpi)
    for path, fmt in targets:
        put(path, encoded[fmt], write)


def animation_bytes(
    draw: Callable[[str], Figure],
    title: str | None,
    family: Family,
    formats: Sequence[str],
    fps: int,
    dpi: float | None = None,
) -> dict[str, bytes]:
    """The animation over `family` of the figure `draw` makes, in each of `formats` (``gif``, ``apng``).

    `draw` takes a title and draws the family's figure with it; it is called once, with the
    longest frame title, and the layout then frozen, so that no frame moves.  The frames are
    drawn once, whatever the formats; each format is encoded once.

    Raises:
        UsageError: a bad frame rate, or frames that would pass ANIMATION_BUDGET pixels.
    """
    check_fps(fps)
    titles = frame_titles(title, family)
    longest = max(titles, key=len)
    figure = draw(longest)
    dpi = dpi or DEFAULT_DPI
    check_frames(figure, len(titles), dpi)
    if to_rgba(figure.get_facecolor())[3] == 0:
        raise UsageError(
            f"an animated .{formats[0]} has a background: --transparent is for .png, .svg and .pdf"
        )
    drawn = figure.get_suptitle()  # as wrapped to the width: each frame swaps in its own last line
    heading = next(text for text in figure.texts if text.get_text() == drawn)
    members = _member_artists(figure, family)
    settle_layout(figure, dpi)
    frames = []
    for shown, frame_title in zip(family.labels, titles, strict=True):
        for label, artists in members.items():
            for artist in artists:
                artist.set_visible(label == shown)
        heading.set_text(drawn.replace(longest.rpartition("\n")[2], frame_title.rpartition("\n")[2]))
        frames.append(_image(figure).quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE))
    return {fmt: _encoded(frames, fmt, fps) for fmt in dict.fromkeys(formats)}


def _encoded(frames: list[Image.Image], fmt: str, fps: int) -> bytes:
    """The frames as one looping animation file of `fmt`."""
    buffer = io.BytesIO()
    frames[0].save(
        buffer,
        format=WRITERS[fmt],
        save_all=True,
        append_images=frames[1:],
        duration=round(1000 / fps),
        loop=0,
        optimize=False,
    )
    return buffer.getvalue()


#: Pixels of all frames together at most (each frame is kept at a byte a pixel until the file is written).
ANIMATION_BUDGET = 256_000_000


def check_frames(figure: Figure, frames: int, dpi: float) -> None:
    """Refuse an animation whose frames together would pass ANIMATION_BUDGET pixels.

    Raises:
        UsageError: the message gives the pixels and what to lower.
    """
    width, height = (float(side) * dpi for side in figure.get_size_inches())
    pixels = width * height * frames
    if pixels > ANIMATION_BUDGET:
        raise UsageError(
            f"{frames} frames of {round(width):,}×{round(height):,} pixels are {pixels / 1e6:,.0f} "
            f"megapixels; an animation takes at most {ANIMATION_BUDGET / 1e6:,.0f}: "
            "use a lower dpi, a smaller size or fewer values"
        )


def _member_artists(figure: Figure, family: Family) -> dict[str, list[Artist]]:
    """Every member's artists (found by their gid, ``label/…``), with a mark at its value on the colorbar."""
    bar = next((ax for ax in figure.axes if ax.get_gid() == f"{COLORBAR}/{family.spec}"), None)
    found: dict[str, list[Artist]] = {label: [] for label in family.labels}
    for artist in figure.findobj(lambda a: isinstance(a.get_gid(), str)):
        head = str(artist.get_gid())
        for label in family.labels:
            if head.startswith(f"{label}/"):
                found[label].append(artist)
    if bar is not None:
        ticks = [float(v) for v in family.values if isinstance(v, float)] or range(len(family.values))
        colour = bar.yaxis.label.get_color()
        for label, at in zip(family.labels, ticks, strict=True):
            line = bar.axhline(float(at), color=colour, linewidth=2.0, zorder=3, gid=f"{label}/value")
            pointer = bar.plot(
                [0.0], [float(at)], ">", color=colour, ms=9, clip_on=False,
                transform=bar.get_yaxis_transform(), gid=f"{label}/value",
            )  # fmt: skip
            found[label] += [line, *pointer]
    return found


def _image(figure: Figure) -> Image.Image:
    """The figure drawn at its dpi, as an RGB image."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="rgba", dpi=figure.dpi)
    size = figure.canvas.get_width_height(physical=True)
    return Image.frombuffer("RGBA", size, buffer.getvalue()).convert("RGB")
