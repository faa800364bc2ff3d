"""Sweeps: one spec naming a family of activations, one per value of a parameter.

``elu:alpha=0.5..2`` is 5 values evenly spaced from 0.5 to 2, endpoints included;
``elu:alpha=0.5..2:7`` is 7 of them; ``softplus:beta=0.5:1:2:4`` and
``gelu:approximate=none:tanh`` list the values.  ``:`` joins the values because it
needs no quoting in bash or zsh (``|``, ``;``, ``[…]`` and ``{…}`` all do) while ``,``
already separates parameters and ``/`` the numbers of a list parameter.  A spec sweeps
at most one parameter over at most `MAX_VALUES` values; each member is an ordinary
activation labelled with its value (``elu:alpha=0.5``) and carrying its `Sweep`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from actplot.activation import LIST_SEPARATOR, ParamValue, param_text
from actplot.errors import SpecError

if TYPE_CHECKING:
    from actplot.activation import Activation

#: ``A..B``: from A to B.
RANGE = ".."
#: ``A..B:N`` takes N values; ``V:V:V`` lists them.
VALUES = ":"
#: Values of ``A..B`` without a count.
DEFAULT_COUNT = 5
#: The most values a sweep may have.
MAX_VALUES = 64
#: The most values a family's key (colorbar, terminal legend) names: a longer sweep names every k-th.
MOST_NAMED = 9
#: Digits an evenly spaced value keeps from its step's first on: 0.5..2 gives 0.875 and -2..-0.25:4
#: gives -1.417, short enough to read in a label, each within a thousandth of a step of even.
SPACING_DIGITS = 3


@dataclass(frozen=True)
class Sweep:
    """What a member of a family knows of it.

    Attributes:
        spec: the family's spec, as written (``elu:alpha=0.5..2``).
        param: the swept parameter.
        values: every value of the sweep, in order.
        index: which of them the member takes.
    """

    spec: str
    param: str
    values: tuple[ParamValue, ...]
    index: int

    @property
    def value(self) -> ParamValue:
        """The member's own value."""
        return self.values[self.index]


def is_sweep(spec: str) -> bool:
    """Whether a catalogue spec sweeps a parameter: a value holding ``..`` or ``:`` after the name's ``:``."""
    _, colon, arguments = spec.partition(":")
    return bool(colon) and any(_swept(item) for item in arguments.split(","))


def _swept(item: str) -> bool:
    _, equals, text = item.partition("=")
    return bool(equals) and (RANGE in text or VALUES in text)


def members(spec: str, parse: Callable[[str], Activation]) -> tuple[Activation, ...]:
    """The activations of a sweep: `parse` of the spec with each value in place, labelled with it.

    Raises:
        SpecError: two swept parameters, a bad range or list, a list parameter swept, a value
            given twice, or a member `parse` refuses (out of its domain); the message starts with the spec.
    """
    spec = spec.strip()
    head, _, arguments = spec.partition(":")
    items = [item.strip() for item in arguments.split(",")]
    swept = [i for i, item in enumerate(items) if _swept(item)]
    if len(swept) > 1:
        names = " and ".join(items[i].partition("=")[0].strip() for i in swept)
        raise SpecError(f"{spec!r} sweeps {names}; sweep one parameter at a time")
    at = swept[0]
    param, _, text = (part.strip() for part in items[at].partition("="))

    def member(value: str) -> Activation:
        try:
            return parse(f"{head}:{','.join([*items[:at], f'{param}={value}', *items[at + 1 :]])}")
        except SpecError as error:
            raise SpecError(f"{spec!r}: {error}") from None

    found = [member(value) for value in _values(spec, param, text)]
    values = tuple(a.params[param] for a in found)
    if isinstance(values[0], tuple):
        raise SpecError(
            f"{spec!r}: {param} takes numbers separated by '{LIST_SEPARATOR}'; it cannot be swept"
        )
    repeated = [v for i, v in enumerate(values) if v in values[:i]]
    if repeated:
        raise SpecError(f"{spec!r} gives {param}={param_text(repeated[0])} twice; give each value once")
    return tuple(
        replace(
            activation,
            label=f"{head}:{','.join([*items[:at], f'{param}={param_text(value)}', *items[at + 1 :]])}",
            sweep=Sweep(spec, param, values, i),
        )
        for i, (activation, value) in enumerate(zip(found, values, strict=True))
    )


def _values(spec: str, param: str, text: str) -> list[str]:
    """The texts of the values ``A..B``, ``A..B:N`` or ``V:V:…`` stand for.

    Raises:
        SpecError: an empty, reversed or malformed range, a bad count, an empty value, or
            more than MAX_VALUES values.
    """
    example = f"e.g. {param}=0.5..2 (5 values), {param}=0.5..2:7 or {param}=0.5:1:2"
    if RANGE not in text:
        values = text.split(VALUES)
        if not all(values):
            raise SpecError(f"{spec!r}: {param}={text} has an empty value; {example}")
        _check_count(spec, len(values))
        return values
    ends, colon, count_text = text.partition(VALUES)
    start_text, _, stop_text = ends.partition(RANGE)
    if f"{RANGE}." in ends:  # 1...2 is no range
        start_text = ""
    count = DEFAULT_COUNT
    if colon:
        try:
            count = int(count_text)
        except ValueError:
            raise SpecError(
                f"{spec!r}: the count {count_text!r} after {ends}: is not a whole number"
            ) from None
        if count < 2:
            raise SpecError(f"{spec!r}: a range takes at least 2 values, not {count}; {example}")
    _check_count(spec, count)
    try:
        start, stop = float(start_text), float(stop_text)
    except ValueError:
        raise SpecError(f"{spec!r}: {param}={text} is not a range of two numbers A..B; {example}") from None
    if not (math.isfinite(start) and math.isfinite(stop)):
        raise SpecError(f"{spec!r}: the ends of {param}={ends} must be finite numbers")
    if not start < stop:
        kind = "empty" if start == stop else "reversed"
        raise SpecError(f"{spec!r}: the range {ends} is {kind}; give A..B with A < B, {example}")
    if not math.isfinite(stop - start):
        raise SpecError(f"{spec!r}: the range {ends} is too wide: its length overflows float64")
    return [param_text(v) for v in evenly_spaced(start, stop, count)]


def evenly_spaced(start: float, stop: float, count: int) -> list[float]:
    """`count` values from start to stop, evenly spaced, rounded to SPACING_DIGITS digits of the step.

    Rounded at 10^(⌊log₁₀ step⌋ − SPACING_DIGITS + 1) unless one digit more gives the value
    exactly: -0.2..0.5:8 passes 0 as 0, not -2.8e-17; 0.25..2 gives 0.6875 and 1.5625.
    """
    step = stop / (count - 1) - start / (count - 1)
    decimals = SPACING_DIGITS - 1 - math.floor(math.log10(step))

    def short(v: float) -> float:  # a value one digit longer kept exactly: 0.25..2 gives 0.6875, not 0.688
        finer = round(v, decimals + 1)
        return (finer if abs(finer - v) <= 1e-9 * step else round(v, decimals)) + 0.0

    return [start, *(short(float(v)) for v in np.linspace(start, stop, count)[1:-1]), stop]


def _check_count(spec: str, count: int) -> None:
    if count > MAX_VALUES:
        raise SpecError(f"{spec!r} has {count} values; a sweep has at most {MAX_VALUES}")


@dataclass(frozen=True)
class Family:
    """The members of one sweep drawn together: what a colorbar or an animation needs.

    Attributes:
        spec: the sweep as written.
        param: the swept parameter.
        values: its values, in order.
        labels: the members' labels, in the same order.
    """

    spec: str
    param: str
    values: tuple[ParamValue, ...]
    labels: tuple[str, ...]

    @property
    def numeric(self) -> bool:
        """Whether the values are numbers (else words, such as gelu's ``none`` and ``tanh``)."""
        return all(isinstance(v, float) for v in self.values)

    def named(self) -> list[int]:
        """Which values a key names: all up to MOST_NAMED, else every k-th and the last."""
        count = len(self.values)
        if count <= MOST_NAMED:
            return list(range(count))
        step = -(-(count - 1) // (MOST_NAMED - 1))
        return sorted({*range(0, count - 1, step), count - 1})

    def positions(self) -> list[float]:
        """Where each member sits on the family's scale from 0 to 1: by value, or by place for words."""
        if not self.numeric:
            return [i / max(1, len(self.values) - 1) for i in range(len(self.values))]
        numbers = [float(v) for v in self.values if isinstance(v, float)]
        low, high = min(numbers), max(numbers)
        return [(v - low) / (high - low) if high > low else 0.5 for v in numbers]


def families_of(sweeps: Sequence[tuple[str, Sweep]]) -> tuple[Family, ...]:
    """The families of (label, sweep) pairs, in the order their first member comes."""
    found: dict[tuple[str, str, tuple[ParamValue, ...]], list[str]] = {}
    for label, sweep in sweeps:
        found.setdefault((sweep.spec, sweep.param, sweep.values), []).append(label)
    return tuple(
        Family(spec, param, values, tuple(labels)) for (spec, param, values), labels in found.items()
    )
