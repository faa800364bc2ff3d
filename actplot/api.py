"""The public functions: `names`, `get`, `family`, `evaluate`, `sample`; `activations_of` for many specs.

`actplot.plotting` has `plot` and `show`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from actplot.activation import Activation, Array, real_array, union_view
from actplot.catalogue import CATALOGUE
from actplot.errors import SpecError, UsageError

if TYPE_CHECKING:
    from actplot.sampling import Sampled


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
    if CATALOGUE.has(spec):  # a bare name, the common case, needs no expression parser
        return CATALOGUE.parse(spec)
    from actplot import expression, sweep  # here, not at the top: `--help`, `list` and completion never parse

    expression.check_length(spec)
    if expression.is_expression(spec):
        return expression.parse(spec)
    if sweep.is_sweep(spec):
        first = sweep.members(spec, CATALOGUE.parse)[0].label
        raise SpecError(
            f"{spec!r} is a sweep, a family of activations; one is taken here: give one value, e.g. {first}"
        )
    return CATALOGUE.parse(spec)


def family(spec: str | Activation) -> tuple[Activation, ...]:
    """The activations of a sweep (``elu:alpha=0.5..2``, ``softplus:beta=0.5:1:2:4``), one per value.

    Each is labelled with its value (``elu:alpha=0.5``) and knows its sweep (`Activation.sweep`);
    a spec without a sweep gives its one activation.  ``A..B`` is 5 values evenly spaced from A
    to B, ``A..B:N`` N of them, ``V:V:…`` the values listed (see `actplot.sweep`).

    >>> [a.label for a in family("elu:alpha=0.5..2:4")]
    ['elu:alpha=0.5', 'elu:alpha=1', 'elu:alpha=1.5', 'elu:alpha=2']

    Raises:
        SpecError: a bad spec, two swept parameters, an empty or reversed range, more than 64
            values, or a value out of the parameter's domain.
    """
    if isinstance(spec, str) and not CATALOGUE.has(spec) and not _is_expression(spec):  # a bare name is none
        from actplot import sweep

        if sweep.is_sweep(spec):
            return sweep.members(spec, CATALOGUE.parse)
    return (get(spec),)


def _is_expression(spec: str) -> bool:
    from actplot import expression

    expression.check_length(spec)
    return expression.is_expression(spec)


def evaluate(spec: str | Activation, x: ArrayLike, order: int | Sequence[int] = 0) -> Array:
    """f (order 0), f′ (1) or f″ (2) of `spec` at `x`; float64, the shape of `x`.

    One activation: the members of a sweep are `family`'s, each evaluated on its own.

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


Specs = str | Activation | Sequence[str | Activation]


def activations_of(specs: Specs) -> list[Activation]:
    """The activations of one spec or a sequence of them (at least one); a sweep gives its members.

    Raises:
        TypeError: neither a spec, an Activation nor a sequence of them.
        UsageError: an empty sequence.
        SpecError: a bad spec.
    """
    if isinstance(specs, str | Activation):
        specs = [specs]
    if not isinstance(specs, Sequence):
        raise TypeError(f"expected a spec, an Activation or a list of them, got {specs!r}")
    activations = [member for spec in specs for member in family(spec)]
    if not activations:
        raise UsageError("no activation given; name at least one, e.g. sigmoid")
    return activations


def sample(
    specs: Specs, derivs: int = 0, xrange: tuple[float, float] | None = None, points: int = 1000
) -> Sampled:
    """The curves a figure draws, as data: every activation's f (and f′, f″ up to `derivs`).

    Each `Curve` holds its continuous `Segment` s (x, y), its `Jump` s (x, order, value taken,
    left and right limits) and its `Impulse` s (x, order, weight, kind ``δ`` or ``δ′``: a jump J
    in order m gives J·δ^(k−1−m) in order k).  ``to_dict()`` gives plain JSON-able data.

    >>> s = sample("relu", derivs=2, xrange=(-1, 1), points=5)
    >>> s.curves[1].jumps[0]
    Jump(x=0.0, order=1, value=0.0, left=0.0, right=1.0)
    >>> s.curves[2].impulses[0].to_dict()
    {'x': 0.0, 'order': 2, 'weight': 1.0, 'kind': 'δ'}

    Args:
        specs: a name or spec (``"elu:alpha=0.5"``, an expression in x), an activation, or a list.
        derivs: highest derivative: 0, 1 or 2.
        xrange: the x-interval (a, b), a < b; if None, the union of the activations' views.
        points: evenly spaced samples, 2 to 10⁷ (every break is added exactly).

    Raises:
        TypeError: specs, range or point count of the wrong type.
        UsageError: a bad spec, order, range or point count.
    """
    from actplot.options import check_derivs
    from actplot.sampling import sample as sample_curves

    activations = activations_of(specs)
    derivs = check_derivs(derivs)
    x_range = union_view(activations) if xrange is None else xrange
    return sample_curves(activations, range(derivs + 1), x_range, points)
