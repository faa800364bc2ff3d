"""The public functions: `names`, `get`, `evaluate`."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from actplot.activation import Activation, Array, real_array
from actplot.catalogue import CATALOGUE
from actplot.errors import SpecError


def names() -> list[str]:
    """Canonical names of every catalogue entry, in catalogue order."""
    return list(CATALOGUE)


def get(spec: str | Activation) -> Activation:
    """Resolve ``name`` or ``name:key=value,…`` (any alias, any case) to an activation.

    An expression in x (``x*tanh(softplus(x))``, or ``mymish=x*tanh(softplus(x))`` with a
    label) is parsed by `actplot.expression`; `expression.is_expression` tells them apart.

    Raises:
        SpecError: unknown name, bad parameter or bad expression; the message says what is accepted.
    """
    if isinstance(spec, Activation):
        return spec
    if not isinstance(spec, str):
        raise TypeError(
            "a spec is a str (a name, 'name:key=value,…' or an expression in x) or an Activation; "
            f"got {type(spec).__name__}{' (call get for each)' if isinstance(spec, list | tuple) else ''}"
        )
    from actplot import expression  # here, not at the top: `--help`, `list` and completion never parse

    expression.check_length(spec)
    if expression.is_expression(spec):
        return expression.parse(spec)
    return CATALOGUE.parse(spec)


def evaluate(spec: str | Activation, x: ArrayLike, order: int | Sequence[int] = 0) -> Array:
    """f (order 0), f′ (1) or f″ (2) of `spec` at `x`; float64, the shape of `x`.

    With a sequence of orders, such as ``(0, 1, 2)``, the values are stacked: shape
    ``(len(order), *x.shape)``.  They are computed together, in cache-sized blocks on every
    core, sharing work between the orders where the entry can (see `actplot.blockwise`).

    >>> evaluate("relu", [-1.0, 2.0], order=(0, 1))
    array([[0., 2.],
           [0., 1.]])

    Raises:
        SpecError: a bad spec, or an order other than 0, 1 or 2.
        TypeError: `x` is not real numbers (None, complex, strings, objects), an order is not
            an int, or `spec` is neither a str nor an Activation.
    """
    activation = get(spec)
    values = real_array(x)
    if isinstance(order, str | bytes):
        raise TypeError(f"order is an int (0, 1 or 2) or a sequence of them; got {order!r}")
    if isinstance(order, Sequence | np.ndarray):
        from actplot.blockwise import evaluate_orders

        if not len(order):
            raise SpecError("order is an empty sequence; give one or more of 0, 1 and 2")

        return evaluate_orders(activation, values, list(order))
    return activation(values, order)
