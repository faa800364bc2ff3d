"""Signal propagation as text: the ``actplot propagate`` table and JSON, and the "Deep networks" part of info.

Only formats what `actplot.propagation` computes (rich, no matplotlib).
"""

from __future__ import annotations

import json
import math
import shlex
from collections.abc import Sequence

import numpy as np
from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from actplot.activation import Activation, number_text
from actplot.gaussian import Integrand, moments
from actplot.numbers_json import number_json
from actplot.propagation import (
    Q_GRID,
    Propagation,
    critical_sigma_w,
    fixed_point,
    torch_gain,
    torch_note,
    variance_gain,
)

#: (heading, field) of the table, in order.
COLUMNS = (
    ("gain g", "gain"),
    ("q*", "q_star"),
    ("χ₁", "chi_1"),
    ("phase", "phase"),
    ("ξ_q", "xi_q"),
    ("ξ_c", "xi_c"),
    ("σ_w crit", "critical_sigma_w"),
)


def value_text(value: float | str | None) -> str:
    """A cell: four significant digits (JSON has them all), ∞, a true minus, or ``—`` for NaN and None."""
    if isinstance(value, str):
        return value
    if value is None or math.isnan(value):
        return "—"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    return f"{value + 0.0:.4g}".replace("-", "−")


#: The forms of ``actplot propagate``: the terminal table (`propagation_table`), `propagation_json`.
PROPAGATE_FORMATS = ("table", "json")


def propagation_table(results: Sequence[Propagation]) -> RenderableType:
    """One row per activation, a caption with σ_w and σ_b, and PyTorch's gains explained under it."""
    first = results[0]
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, header_style="bold", pad_edge=False)
    table.add_column("activation", style="bold", overflow="fold", min_width=12)
    for heading, _ in COLUMNS:
        table.add_column(heading, justify="left" if heading == "phase" else "right", no_wrap=True)
    for result in results:
        values = result.as_dict()
        table.add_row(result.spec, *(value_text(values[field]) for _, field in COLUMNS))
    legend = Text(
        f"σ_w = {number_text(first.sigma_w)}, σ_b = {number_text(first.sigma_b)}. g = 1/√E[f(z)²] keeps "
        "q = 1 with σ_b = 0; χ₁ < 1 ordered (gradients shrink as χ₁^L), > 1 chaotic, = 1 critical; "
        "ξ_q, ξ_c: depth scales in layers; σ_w crit: the edge of chaos at this σ_b.",
        style="dim",
    )
    notes = [Text(f"{r.spec}: {r.torch_note}") for r in results if r.torch_note]
    return Group(table, legend, *notes)


def propagation_json(results: Sequence[Propagation]) -> str:
    """Every field of every result as a JSON list; ∞ and NaN as the strings ``"inf"`` and ``"nan"``."""
    rows = [
        {k: number_json(v) if isinstance(v, float) else v for k, v in result.as_dict().items()}
        for result in results
    ]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


def deep_networks(activation: Activation) -> RenderableType:
    """Gain and edge of chaos at σ_b = 0, for ``actplot info``."""
    integrand = Integrand(activation)
    table = moments(integrand, Q_GRID)
    g = variance_gain(integrand)
    gain = f"{number_text(g)} = 1/√E[f(z)²], the σ_w that keeps q = 1 with σ_b = 0"
    torch = torch_gain(activation)
    if torch is not None:
        gain += f"; {torch_note(torch, g)}"
    critical = float(critical_sigma_w(integrand, np.zeros(1), table)[0])
    if math.isnan(critical):
        edge = "none at σ_b = 0 (no σ_w gives χ₁ = 1 at the fixed point reached from q = 1)"
    else:
        q_star = fixed_point(integrand, critical, 0.0, table)
        edge = f"σ_w = {number_text(critical)}, σ_b = 0 (χ₁ = 1 at q* = {number_text(q_star)})"
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    command = f"actplot propagate {shlex.quote(activation.spec)} --sigma-w W --sigma-b B -o deep.png"
    for key, value in (("gain", gain), ("edge of chaos", edge), ("more", command)):
        grid.add_row(Text(key), Text(value))  # Text: the brackets of E[f(z)²] are not markup
    return grid
