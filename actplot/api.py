"""The public functions: `names`, `get`, `evaluate`."""

from __future__ import annotations

from collections.abc import Sequence

from numpy.typing import ArrayLike

from actplot.activation import Activation, Array
from actplot.catalogue import CATALOGUE


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
    from actplot import expression  # here, not at the top: `--help`, `list` and completion never parse

    expression.check_length(spec)
    if expression.is_expression(spec):
        return expression.parse(spec)
    return CATALOGUE.parse(spec)


def evaluate(spec: str | Activation, x: ArrayLike, order: int | Sequence[int] = 0) -> Array:
    """f (order 0), f′ (1) or f″ (2) of `spec` at `x`; float64, the shape of `x`.

    With a sequence of orders, such as ``(0, 1, 2)``, the values are stacked: shape
    ``(len(order), *x.shape)``.  They are computed together, in cache-sized blocks on every
    core, sharing work between the orders where the entry can (see `actplot.blocks`).

    >>> evaluate("relu", [-1.0, 2.0], order=(0, 1))
    array([[0., 2.],
           [0., 1.]])

    Raises:
        SpecError: a bad spec, or an order other than 0, 1 or 2.
    """
    activation = get(spec)
    if isinstance(order, Sequence):
        from actplot.blocks import evaluate_orders

        return evaluate_orders(activation, x, order)
    return activation(x, order)
