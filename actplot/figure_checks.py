"""Checks of figure inputs that need matplotlib, made before anything is drawn or written.

A style must be a matplotlib style (a name, or a file of valid ``key: value`` settings, with
LaTeX installed if it turns on ``text.usetex``); a title must be valid mathtext where it has
``$…$``; and the canvas, width × height × dpi² pixels, must fit `PIXEL_BUDGET`.
"""

from __future__ import annotations

import logging
import math
import re
import shutil
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import matplotlib as mpl
import matplotlib.style
from matplotlib import cbook
from matplotlib.figure import Figure
from matplotlib.mathtext import MathTextParser

from actplot.errors import ActplotError, UsageError, raised_in
from actplot.options import DEFAULT_DPI

#: The most pixels a canvas may have: 100 megapixels (10,000 × 10,000), a few hundred MB to draw.
PIXEL_BUDGET = 100_000_000
#: A style file larger than this is not one (matplotlib's own are under 3 KB).
MAX_STYLE_BYTES = 1 << 20
#: What matplotlib's style-file warnings mean, by the start of their message.
_STYLE_PROBLEMS = {
    "Missing colon": "expected 'key: value'",
    "Duplicate key": "a setting given twice",
    "Bad key": "not a matplotlib setting",
    "Cannot decode": "not UTF-8 text",
}


def check_style(style: str) -> None:
    """Refuse a style that is neither one of matplotlib's names nor a valid style file.

    A file must hold only valid ``key: value`` settings; one that turns on ``text.usetex``
    needs ``latex`` and ``dvipng`` on the PATH.

    Raises:
        UsageError: unknown name, unreadable file, a line that is not a valid setting, or
            LaTeX missing; the message names the style and the line.
    """
    if style in matplotlib.style.available:
        return
    try:
        is_file = Path(style).is_file()
    except OSError as error:
        raise UsageError(f"cannot read style file {style!r}: {error.strerror or error}") from None
    if not is_file:
        shown = ", ".join(sorted(matplotlib.style.available)[:8])
        raise UsageError(f"unknown matplotlib style {style!r}; use a style file or one of {shown}, …")
    if style_params(style).get("text.usetex"):
        missing = [tool for tool in ("latex", "dvipng") if shutil.which(tool) is None]
        if missing:
            raise UsageError(
                f"style {style!r} sets text.usetex, which needs LaTeX, but {' and '.join(missing)} "
                "cannot be found; install a TeX distribution or drop that line"
            )


def style_params(style: str) -> dict[str, Any]:
    """The settings of the style file `style`, each checked by matplotlib.

    Raises:
        UsageError: the file cannot be read, is too large, or has a line that is not a valid
            setting; the message gives the line number and key, never the file's text.
    """
    try:
        with open(style, "rb") as stream:
            size = len(stream.read(MAX_STYLE_BYTES + 1))
    except OSError as error:
        raise UsageError(f"cannot read style file {style!r}: {error.strerror or error}") from None
    if size > MAX_STYLE_BYTES:
        raise UsageError(f"{style!r} is not a matplotlib style file: over {MAX_STYLE_BYTES:,} bytes")
    problems: list[str] = []
    params: dict[str, Any] = {}
    with _matplotlib_warnings() as warned:
        try:
            read = mpl.rc_params_from_file(style, fail_on_error=True, use_default_template=False)
            params = {key: value for key, value in read.items()}
        except (ValueError, RuntimeError, TypeError) as error:  # a bad value, or not UTF-8
            problems.append(str(error).strip().splitlines()[-1])
    problems[:0] = [_style_problem(record) for record in warned]
    if problems:
        raise UsageError(f"{style!r} is not a valid matplotlib style file: {problems[0]}")
    return params


def check_title(title: str) -> None:
    """Refuse a title whose ``$…$`` parts are not valid mathtext.

    Raises:
        UsageError: the mathtext parser's complaint, on one line.
    """
    if not cbook.is_math_text(title):
        return
    try:
        MathTextParser("path").parse(title)
    except RecursionError:
        raise UsageError(f"{_cut(title, 40)!r} is not valid mathtext: its braces nest too deeply") from None
    except ValueError as error:
        reason = str(error).strip().splitlines()[-1]
        reason = re.sub(r"^\w+(Exception|Error): ", "", reason)
        reason = re.sub(r",? *\(line:\d+, col:\d+\)$", "", reason)
        reason = re.sub(r"\s+", " ", reason)
        raise UsageError(f"{title!r} is not valid mathtext: {reason}; write a literal $ as \\$") from None


def check_canvas(figure: Figure, formats: Collection[str], dpi: float | None = None) -> None:
    """Refuse a figure whose pixel canvas would pass `PIXEL_BUDGET`.

    Every file is laid out on a canvas at `DEFAULT_DPI` and a PNG is drawn on one at its own
    `dpi`, so the canvas is width × height × max(dpi, DEFAULT_DPI)² pixels (`dpi` counts for PNG only).

    Raises:
        UsageError: the canvas is too large; the message gives its pixels and the limit.
    """
    at = max(dpi or DEFAULT_DPI, DEFAULT_DPI) if "png" in formats else DEFAULT_DPI
    width, height = (float(side) for side in figure.get_size_inches())
    pixels = width * height * at * at
    if pixels <= PIXEL_BUDGET:
        return
    most = math.floor(math.sqrt(PIXEL_BUDGET / (width * height)))
    hint = "a smaller size"
    if most >= DEFAULT_DPI:
        hint = f"at most {most:,} dpi at this size, or {hint}"
    raise UsageError(
        f"a {width:g}×{height:g}-inch figure at {at:g} dpi is {round(width * at):,}×{round(height * at):,} "
        f"pixels ({pixels / 1e6:,.0f} megapixels); the limit is {PIXEL_BUDGET / 1e6:,.0f} megapixels: "
        f"use {hint}"
    )


@contextmanager
def drawing() -> Iterator[None]:
    """Turn what matplotlib raises while drawing or encoding a figure into one-line actplot errors.

    The checks above catch the known causes first; this keeps any other (a LaTeX error in a
    usetex style, a style value only the renderer rejects, such as an empty colour cycle) to
    one line.  Only errors raised inside matplotlib are turned: a bug of actplot's still shows.

    Raises:
        UsageError: matplotlib refused something it was given.
        ActplotError: out of memory.
    """
    try:
        yield
    except MemoryError:
        raise ActplotError("out of memory while drawing the figure; make it smaller") from None
    except Exception as error:
        if isinstance(error, ActplotError) or not raised_in(error, "matplotlib"):
            raise
        lines = [line.strip() for line in str(error).splitlines() if line.strip()]
        reason = lines[0] if lines else type(error).__name__
        raise UsageError(f"matplotlib cannot draw the figure: {_cut(reason, 200)}") from None


def _style_problem(record: logging.LogRecord) -> str:
    """``line 3: not a matplotlib setting ('lines.widht')``, from one of matplotlib's warnings."""
    args: Any = record.args
    if isinstance(args, dict):  # the bad-key warning
        key = _cut(str(args.get("key")), 40)
        return f"line {args.get('line_no', '?')}: {_STYLE_PROBLEMS['Bad key']} ({key!r})"
    text = str(record.msg).strip()
    for start, meaning in _STYLE_PROBLEMS.items():
        if text.startswith(start):
            line = args[1] if isinstance(args, tuple) and len(args) > 1 else "?"
            return f"line {line}: {meaning}"
    return text


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Collect(logging.Handler):
    """Keeps log records instead of printing them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _matplotlib_warnings() -> Iterator[list[logging.LogRecord]]:
    """Collect the warnings matplotlib logs while the block runs, instead of printing them."""
    logger = logging.getLogger("matplotlib")
    handler = _Collect()
    saved = (logger.handlers, logger.propagate, logger.level, logger.disabled)
    logger.handlers, logger.propagate, logger.disabled = [handler], False, False
    logger.setLevel(logging.WARNING)
    try:
        yield handler.records
    finally:
        logger.handlers, logger.propagate, _, logger.disabled = saved
        logger.setLevel(saved[2])
