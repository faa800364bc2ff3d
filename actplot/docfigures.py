"""Figures inside documentation builds: option text checked once, files named by their content.

The Sphinx directive (`actplot.sphinxext`) and the MkDocs plugin (`actplot.mkdocs`) give
option text (``:derivs: 2``, ``--range -5 5``); `figures` turns it into the values of a
``[[figure]]`` table and checks them with `batch.check_values`, the same checks as
``actplot render``.  Each figure is written as ``actplot-<hash>.<format>``, the hash of
everything that shapes its bytes (activations, options, style file, actplot's version,
format), so an unchanged figure is never redrawn and identical figures share one file.
Writes are atomic: two processes drawing the same figure both write whole files.
"""

from __future__ import annotations

import hashlib
import json
import re
import shlex
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from actplot.activation import Activation
from actplot.batch import check_values
from actplot.errors import UsageError
from actplot.options import FigureOptions

#: Option names, as ``:name:`` in Sphinx and ``--name`` in MkDocs (``_`` as ``-``), and the TOML keys.
OPTIONS = (
    "derivs",
    "range",
    "points",
    "layout",
    "theme",
    "size",
    "dpi",
    "title",
    "style",
    "ylim",
    "legend",
    "font_scale",
    "transparent",
)
#: The short flags of ``actplot plot`` taken in MkDocs blocks.
SHORT = {"-d": "derivs", "-r": "range", "-n": "points"}
#: Options that take two numbers.
PAIRS = ("range", "ylim")
#: Options that take a whole number, a number, or none (a flag: ``--transparent``, ``:transparent: true``).
INTEGERS = ("derivs", "points", "dpi")
NUMBERS = ("font_scale",)
FLAGS = ("transparent",)
#: How a flag's text reads as true or false.
FLAG_TEXTS = {"true": True, "yes": True, "false": False, "no": False}
#: ``theme = auto``: a light and a dark figure.
AUTO_THEMES = ("light", "dark")


@dataclass(frozen=True)
class DocFigure:
    """One checked figure to draw.

    Attributes:
        activations: resolved activations.
        derivs: highest derivative: 0, 1 or 2.
        xrange: the x-interval.
        points: evenly spaced samples.
        options: how it looks (dpi included).
        key: everything that shapes its bytes but the format, as text; see `file_name`.
    """

    activations: tuple[Activation, ...]
    derivs: int
    xrange: tuple[float, float]
    points: int
    options: FigureOptions
    key: str

    def file_name(self, fmt: str) -> str:
        """``actplot-<first 20 hex digits of sha256(key, format)>.<format>``."""
        digest = hashlib.sha256(f"{self.key}\n{fmt}".encode()).hexdigest()[:20]
        return f"actplot-{digest}.{fmt}"


def value_from_text(name: str, text: str) -> Any:
    """An option's text as the value a TOML file would hold: ``"2"`` → 2, ``"-5 5"`` → [-5.0, 5.0].

    Text that is not of the option's kind is passed on as it is, for its check to refuse by name.
    """
    text = text.strip()
    if name == "activations":
        return text.split()
    if name in INTEGERS and re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if name in NUMBERS:
        try:
            return float(text)
        except ValueError:
            return text
    if name in FLAGS:
        return FLAG_TEXTS.get(text.lower(), text)
    if name in PAIRS:
        try:
            return [float(part) for part in text.split()]
        except ValueError:
            return text
    return text


def parse_arguments(text: str, extra: tuple[str, ...] = ()) -> dict[str, str]:
    """CLI-style arguments (``sigmoid relu --derivs 2 --range -5 5``) as option name → text.

    Args:
        text: the arguments, quoted as a shell quotes them.
        extra: options taken besides `OPTIONS` (``alt``, ``caption``), each with one value.

    Raises:
        UsageError: unbalanced quotes, an unknown option or one without its value.
    """
    try:
        words = shlex.split(text)
    except ValueError as error:
        raise UsageError(f"cannot read the arguments: {error}") from None
    names: list[str] = []
    given: dict[str, str] = {}
    while words:
        word = words.pop(0)
        if not word.startswith("-") or re.fullmatch(r"-[\d.]+", word):
            names.append(word)
            continue
        flag, _, inline = word.partition("=")
        name = SHORT.get(flag, flag.removeprefix("--").replace("-", "_"))
        if (not flag.startswith("--") and flag not in SHORT) or name not in (*OPTIONS, *extra):
            known = ", ".join("--" + o.replace("_", "-") for o in (*OPTIONS, *extra))
            raise UsageError(f"no such option: {flag}; use {known}")
        if name in FLAGS and not inline:
            given[name] = "true"
            continue
        count = 2 if name in PAIRS else 1
        values = [inline] if inline else [words.pop(0) for _ in range(min(count, len(words)))]
        if len(values) != count and not inline:
            raise UsageError(f"option {flag} requires {count} argument{'s' if count > 1 else ''}")
        given[name] = " ".join(values)
    return {"activations": " ".join(names), **given}


def figures(texts: Mapping[str, str], folder: Path, spell: Callable[[str], str]) -> list[DocFigure]:
    """Check option texts (``activations`` and `OPTIONS`) and give the figures to draw.

    ``theme = auto`` gives a light and a dark figure; any other theme, one.

    Args:
        texts: option name → its text, as written in the page.
        folder: where a relative style file is looked for (the page's folder).
        spell: how messages name an option: ``:derivs:`` (Sphinx), ``--derivs`` (MkDocs), ``""``
            for the activations (their messages name them).

    Raises:
        UsageError: a missing, unknown or bad option; the message names it, e.g.
            ``:derivs: expected a whole number from 0 to 2, got 3``.
    """
    if not texts.get("activations", "").strip():
        raise UsageError("no activation given; name at least one, e.g. sigmoid")
    table = {name: value_from_text(name, text) for name, text in texts.items()}
    themes = AUTO_THEMES if table.get("theme") == "auto" else (table.get("theme", "light"),)
    return [_figure({**table, "theme": theme}, folder, spell) for theme in themes]


def _figure(table: dict[str, Any], folder: Path, spell: Callable[[str], str]) -> DocFigure:
    values = check_values(table, folder, spell=spell, keys=("activations", *OPTIONS))
    looks = (
        "layout",
        "theme",
        "size",
        "title",
        "style",
        "dpi",
        "ylim",
        "legend",
        "font_scale",
        "transparent",
    )
    options = FigureOptions(**{name: values[name] for name in looks if name in values})
    figure = {
        "activations": values["activations"],
        "derivs": values.get("derivs", 0),
        "xrange": values.get("range", (-5.0, 5.0)),
        "points": values.get("points", 1000),
        "options": options,
    }
    return DocFigure(**figure, key=_key(figure))


def _key(figure: Mapping[str, Any]) -> str:
    """Everything that shapes the figure's bytes, as JSON (a style file by its content)."""
    described = {
        **figure,
        "activations": [(a.spec, a.label) for a in figure["activations"]],
        "options": asdict(figure["options"]),
        "actplot": version("actplot"),
    }
    style = figure["options"].style
    if style and Path(style).is_file():
        described["style file"] = hashlib.sha256(Path(style).read_bytes()).hexdigest()
    return json.dumps(described, sort_keys=True, default=str)


def ensure_file(figure: DocFigure, fmt: str, folder: Path) -> Path:
    """The figure's file in `folder`, drawn and written (atomically) only if it is not there yet.

    Raises:
        UsageError: matplotlib refuses to draw it (mathtext, style, canvas size).
        OutputError: the file cannot be written.
    """
    path = folder / figure.file_name(fmt)
    if path.is_file():
        return path
    from actplot.figure import draw, figure_bytes
    from actplot.figure_checks import check_canvas, drawing
    from actplot.files import write_atomic
    from actplot.sampling import sample

    folder.mkdir(parents=True, exist_ok=True)
    sampled = sample(figure.activations, range(figure.derivs + 1), figure.xrange, figure.points)
    with drawing():
        drawn = draw(sampled, figure.options)
        check_canvas(drawn, [fmt], figure.options.dpi)
        data = figure_bytes(drawn, fmt, figure.options.dpi)
    write_atomic(path, data)
    return path
