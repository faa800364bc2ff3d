"""The written formulas (mathtext and Unicode) say what the code computes: f, f′, f″ at many x."""

from __future__ import annotations

import math

import numpy as np
import pytest
from formula_notation import from_mathtext, sides, to_expression

from actplot.activation import Activation, Entry, ParamValue
from actplot.catalogue import CATALOGUE
from actplot.errors import SpecError
from actplot.expression import parse

#: Away from every break of the entries at the parameters below (checked in `points`).
X = np.array([-5.3, -2.6, -1.45, -0.7, -0.35, 0.3, 0.8, 1.6, 2.45, 3.7, 6.9])
#: Other logits for the softmax family, in place of the default single 0.
OTHER_LOGITS = (0.5, -1.0)


def other_value(value: ParamValue) -> ParamValue:
    """A second value for a parameter, so that a formula that ignores it is caught."""
    if isinstance(value, tuple):
        return OTHER_LOGITS
    if isinstance(value, str):
        return value
    return value * 1.5 + 0.25


def bindings(entry: Entry) -> list[Activation]:
    """The entry at its defaults and, if it has numeric parameters, at other values."""
    bound = [entry.bind()]
    changed = {k: other_value(v) for k, v in entry.defaults.items() if not isinstance(v, str)}
    if changed:
        bound.append(entry.bind(**changed))
    return bound


def points(activation: Activation) -> np.ndarray:
    """`X` without the points within 1e-3 of a break."""
    near = np.zeros(X.shape, dtype=bool)
    for br in activation.breaks:
        near |= np.abs(X - br.x) < 1e-3
    return X[~near]


CASES = [
    pytest.param(bound, form, id=f"{bound.spec}-{form}")
    for entry in CATALOGUE.values()
    for bound in bindings(entry)
    for form in ("unicode", "mathtext")
]


@pytest.mark.parametrize(("bound", "form"), CASES)
def test_written_formulas_match_the_code(bound: Activation, form: str) -> None:
    formulas = bound.entry.formulas
    written = formulas.unicode if form == "unicode" else tuple(map(from_mathtext, formulas.mathtext))
    symbols = dict(formulas.symbols)
    f_sides = sides(written[0])
    if len(f_sides[0]) == 1 and f_sides[0] not in symbols and f_sides[0] != "x":
        symbols[f_sides[0]] = f_sides[1]  # "p = …": p names f in f′ and f″
    x = points(bound)
    for order, text in enumerate(written):
        expected = bound(x, order)
        for side in sides(text):
            expression = to_expression(side, symbols, bound.params)
            try:
                written_values = parse(expression)(x)
            except SpecError as error:  # pragma: no cover - the message for an unreadable formula
                pytest.fail(f"{side!r} read as {expression!r}: {error}")
            np.testing.assert_allclose(
                written_values, expected, rtol=1e-9, atol=1e-12, err_msg=f"order {order}: {side!r}"
            )


def test_the_notation_reads_cases_brackets_and_implicit_products() -> None:
    expression = to_expression("2x·[x > 1] if |x| ≤ 3 else αeˣ", {"α": "alpha"}, {"alpha": 0.5})
    relu_like = parse(expression)
    x = np.array([-4.0, -1.0, 2.0, 5.0])
    want = np.where(np.abs(x) <= 3, 2 * x * (x > 1), 0.5 * np.exp(x))
    np.testing.assert_allclose(relu_like(x), want)
    assert math.isclose(float(parse(to_expression("tanh² x", {}, {}))(0.7)), math.tanh(0.7) ** 2)
