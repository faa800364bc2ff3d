"""``.. actplot-info:: NAME``: what ``actplot info`` knows of an activation, as a docutils table.

The formulas are math nodes made from the catalogue's mathtext forms (plain LaTeX, so MathJax
and the LaTeX builder set them as ``actplot plot`` does); parameters and facts are text rows.
Registered by `actplot.sphinxext`, whose figures it sits beside on an activation's page.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from actplot.activation import FACT_MEANINGS, Activation, param_text
from actplot.api import get
from actplot.errors import ActplotError
from actplot.info import symbol_text
from actplot.orders import ORDER_NAMES


class ActplotInfoDirective(SphinxDirective):
    """``.. actplot-info:: elu:alpha=0.5``: formulas, parameters and facts in a two-column table."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        """The table, or nothing and an error naming file and line for an unknown activation."""
        from actplot.sphinxext import ERROR, logger

        try:
            activation = get(self.arguments[0])
        except ActplotError as error:
            logger.error(f"{ERROR}{error}", location=(self.env.docname, self.lineno))
            return []
        table = info_table(activation)
        self.set_source_info(table)
        return [table]


def info_table(activation: Activation) -> nodes.table:
    """Title, then a row per formula (f, f′, f″, where), parameter and fact."""
    entry = activation.entry
    formulas = entry.formulas
    rows: list[tuple[str, list[nodes.Node]]] = [
        (name.text, math_text(form)) for name, form in zip(ORDER_NAMES, formulas.mathtext, strict=True)
    ]
    if formulas.symbols:
        where = ", ".join(symbol_text(activation, s, m) for s, m in formulas.symbols.items())
        rows.append(("where", [nodes.Text(where)]))
    for p in entry.params:
        value = param_text(activation.params[p.name])
        rows.append((p.name, [nodes.Text(f"{value} (default {param_text(p.default)}): {p.doc}")]))
    for name, value in activation.facts.rows():
        rows.append((name, [nodes.strong(text=value), nodes.Text(f" — {FACT_MEANINGS[name]}")]))
    title = activation.label + (f" — {entry.summary}" if entry.summary else "")
    return _table(title, rows)


def math_text(mathtext: str) -> list[nodes.Node]:
    """Mathtext (``$…$`` among text) as text and inline math nodes."""
    parts = mathtext.split("$")
    return [nodes.math(part, part) if i % 2 else nodes.Text(part) for i, part in enumerate(parts) if part]


def _table(title: str, rows: list[tuple[str, list[nodes.Node]]]) -> nodes.table:
    table = nodes.table(classes=["actplot-info"])
    table += nodes.title(text=title)
    group = nodes.tgroup(cols=2)
    table += group
    group += [nodes.colspec(colwidth=1), nodes.colspec(colwidth=5)]
    body = nodes.tbody()
    group += body
    for heading, cell in rows:
        row = nodes.row()
        row += nodes.entry("", nodes.paragraph("", "", nodes.strong(text=heading)))
        row += nodes.entry("", nodes.paragraph("", "", *cell))
        body += row
    return table
