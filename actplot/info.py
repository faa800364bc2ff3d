"""``actplot info``: everything known of one activation, as a rich renderable (no matplotlib).

`describe_break` says what jumps at a break, from the sampled curves the figures draw;
`info` lays out the formulas, parameters, breaks, facts, frameworks and notes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from actplot.activation import FACT_MEANINGS, ORDERS, Activation, Break, number_text, param_text
from actplot.orders import ORDER_NAMES
from actplot.propagation_table import deep_networks
from actplot.sampling import sample_curve

BREAK_KINDS = ("jump", "kink", "curvature jump", "higher-order break")


@dataclass(frozen=True)
class BreakReport:
    """One break and what happens there, in words."""

    x: float
    order: int
    effects: tuple[str, ...]

    @property
    def kind(self) -> str:
        """``jump``, ``kink``, ``curvature jump`` or ``higher-order break``."""
        return BREAK_KINDS[min(self.order, len(BREAK_KINDS) - 1)]


def describe_break(activation: Activation, br: Break) -> BreakReport:
    """What jumps at `br` and which Dirac terms follow, as the plots draw them.

    Samples each order on the break and its two neighbouring floats with
    `sampling.sample_curve`, so the jumps and impulse weights are those of the figures.
    """
    x = np.array([np.nextafter(br.x, -np.inf), br.x, np.nextafter(br.x, np.inf)])
    at = f"({number_text(br.x)})"
    effects = []
    for order, name in enumerate(o.symbol for o in ORDER_NAMES):
        curve = sample_curve(activation, order, x, [br])
        for jump in curve.jumps:
            left, right = jump.limits
            effects.append(
                f"{name} jumps by {number_text(right - left)} (from {number_text(left)} "
                f"to {number_text(right)}; we take {name}{at} = {number_text(jump.value)})"
            )
        if curve.impulses:
            terms = [impulse.symbol + delta_argument(br.x) for impulse in curve.impulses]
            effects.append(f"{name} has {signed_sum(terms)}")
    if not effects:
        effects.append("f, f′ and f″ are continuous; a higher derivative jumps")
    return BreakReport(br.x, br.order, tuple(effects))


def signed_sum(terms: Sequence[str]) -> str:
    """``a + b − c`` from terms that carry their own sign (``−c``)."""
    text = terms[0]
    for term in terms[1:]:
        text += f" − {term.removeprefix('−')}" if term.startswith("−") else f" + {term}"
    return text


def delta_argument(x0: float) -> str:
    """``(x)``, ``(x − 1)`` or ``(x + 3)``: where a Dirac term sits."""
    if x0 == 0:
        return "(x)"
    sign = "−" if x0 > 0 else "+"
    return f"(x {sign} {number_text(abs(x0))})"


def info(activation: Activation) -> RenderableType:
    """Everything known of one activation: formulas, parameters, breaks, facts, frameworks, notes."""
    entry = activation.entry
    title = Text(activation.label, style="bold")
    if entry.summary:
        title.append(f" — {entry.summary}")
    parts: list[RenderableType] = [title, _section("Formulas", _grid(_formula_rows(activation)))]
    if entry.params:
        parts.append(_section("Parameters", _parameter_table(activation)))
    parts.append(_section("Breaks", _breaks(activation)))
    a, b = activation.view
    parts.append(
        _section(
            "View",
            Text(f"[{number_text(a)}, {number_text(b)}]: the x-range a figure shows without --range"),
        )
    )
    parts.append(_section("Facts", _facts(activation)))
    parts.append(_section("Deep networks", deep_networks(activation)))
    if entry.frameworks or entry.differences:
        rows = [(name, place) for name, place in entry.frameworks.items()]
        body: list[RenderableType] = [_grid(rows)] if rows else []
        if entry.differences:
            body.append(Text(f"Differences: {entry.differences}"))
        parts.append(_section("Frameworks", Group(*body)))
    if entry.variants:
        parts.append(_section("Variants", _variants(activation)))
    if entry.notes:
        parts.append(_section("Notes", Text(entry.notes)))
    if entry.reference:
        parts.append(_section("Reference", Text(entry.reference)))
    return Group(*parts)


def _section(heading: str, body: RenderableType) -> RenderableType:
    return Group(Text(""), Text(heading, style="bold underline"), Padding(body, (0, 0, 0, 2)))


def _grid(rows: Iterable[tuple[str, ...]]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_column(style="dim", overflow="fold")
    for row in rows:
        grid.add_row(*map(Text, row))
    return grid


def _formula_rows(activation: Activation) -> list[tuple[str, str]]:
    formulas = activation.entry.formulas
    rows = [(name.text, text) for name, text in zip(ORDER_NAMES, formulas.unicode, strict=True)]
    if formulas.symbols:
        rows.append(("where", ", ".join(symbol_text(activation, s, m) for s, m in formulas.symbols.items())))
    return rows


def symbol_text(activation: Activation, symbol: str, meaning: str) -> str:
    """``α = 0.5 (alpha)`` for a parameter, ``a = (l + u)/2`` for anything else."""
    if meaning not in activation.params:
        return f"{symbol} = {meaning}"
    value = param_text(activation.params[meaning])
    return f"{symbol} = {value}" if symbol == meaning else f"{symbol} = {value} ({meaning})"


def _parameter_table(activation: Activation) -> Table:
    table = Table(box=None, header_style="bold", pad_edge=False)
    for heading in ("name", "value", "default"):  # a number is never broken across lines
        table.add_column(heading, no_wrap=True)
    for heading in ("accepts", "meaning"):
        table.add_column(heading, overflow="fold")
    for p in activation.entry.params:
        cells = (p.name, param_text(activation.params[p.name]), param_text(p.default), p.accepts, p.doc)
        table.add_row(*map(Text, cells))
    return table


def _breaks(activation: Activation) -> RenderableType:
    if not activation.entry.breaks_known:
        return Text("not derived for this expression: corners and jumps may be missing from its plots")
    if not activation.breaks:
        return Text("none: f, f′ and f″ are continuous everywhere")
    rows = []
    for br in activation.breaks:
        report = describe_break(activation, br)
        rows.append((f"x = {number_text(br.x)}", f"{report.kind}: " + "; ".join(report.effects)))
    return _grid(rows)


#: Where `actplot info` measures each variant's largest difference from the bare entry.
VARIANT_RANGE = (-25.0, 25.0)
VARIANT_POINTS = 10001


def _variants(activation: Activation) -> RenderableType:
    """Per framework: its name, defaults, the values taken at the breaks and the largest difference."""
    from actplot.catalogue import CATALOGUE
    from actplot.differences import compare

    bare = activation.entry.bind()
    table = Table(box=None, header_style="bold", pad_edge=False)
    for heading in ("spec", "there"):
        table.add_column(heading, no_wrap=True)
    for heading in ("defaults", "at breaks", f"largest |Δ| from {bare.label} on [−25, 25]"):
        table.add_column(heading, overflow="fold")
    for framework, variant in activation.entry.variants.items():
        other = CATALOGUE.variant(activation.name, framework).bind()
        at = [
            f"{ORDER_NAMES[k].symbol}({number_text(br.x)}) = {number_text(float(other(br.x, k)))}"
            for br in other.breaks
            for k in (1, 2)
        ]
        largest = compare(bare, other, ORDERS, VARIANT_RANGE, VARIANT_POINTS).largest
        differs = [
            f"{ORDER_NAMES[d.order].symbol} {number_text(abs(d.difference))} at "
            + (f"±{number_text(abs(d.x))}" if d.mirrored else number_text(d.x))
            for d in largest
            if d.difference != 0
        ]
        defaults = " ".join(f"{k}={param_text(v)}" for k, v in other.params.items()) or "—"
        cells = (other.label, variant.name, defaults, ", ".join(at) or "—", "; ".join(differs) or "none")
        table.add_row(*map(Text, cells))
    return table


def _facts(activation: Activation) -> Table:
    """Each fact, its value and, dimmed, what it means."""
    return _grid((name, value, FACT_MEANINGS[name]) for name, value in activation.facts.rows())
