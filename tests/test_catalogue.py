"""Every catalogue entry, checked against an independent reference and against its own declarations.

All tests are parametrised over the catalogue itself (see conftest.py): each entry runs at its
defaults and at one derived non-default parameter set, so a new entry is tested with no edits here.

Tolerances, and why:

* Reference (mpmath, ≥ 30 digits, verified by re-evaluation at twice the digits):
  |got − ref⁽ᵏ⁾| ≤ 1e-12·|ref⁽ᵏ⁾| + 2ε·|x·ref⁽ᵏ⁺¹⁾| + 1e-60·max_j |ref⁽ʲ⁾|.  The second term is a floor
  that only matters near a root of f⁽ᵏ⁾: it is what any float64 algorithm loses when x itself moves
  by about one ulp (an inherent, backward-stable error, far below 1e-12·|ref| except within ~1e-3 of
  a root).  The third covers the reference's own verified accuracy (1e-70 of the local scale), e.g.
  the ~1e-120 noise a finite difference leaves on an exactly-zero f″.  Away from roots the test is
  1e-12 relative, nothing looser.
* Finite differences (no per-entry data): Richardson-extrapolated central differences with h = 1e-3
  have truncation error ≈ h⁴·f⁽ᵏ⁺⁴⁾/480 and rounding error ≈ 10ε·|f⁽ᵏ⁻¹⁾|/h ≈ 2e-12·|f⁽ᵏ⁻¹⁾|;
  we allow 1e-6·|f⁽ᵏ⁾| + 1e-10·|f⁽ᵏ⁻¹⁾|.
* Jumps: a one-sided difference counts as a jump above 1e-9·(1 + |left| + |right|).  Across two ulps
  of x a continuous f⁽ᵏ⁾ moves by ~1e-15 relative; every real jump in the catalogue is O(0.01) or more.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable

import numpy as np
import pytest
import reference
from numpy.typing import NDArray

import actplot
from actplot.activation import Activation, Entry, Interval
from actplot.catalogue import CATALOGUE

Array = NDArray[np.float64]

ORDERS = (0, 1, 2)
ORDER_NAMES = ("f", "f′", "f″")
EPS = float(np.finfo(np.float64).eps)
FLOAT_MAX = float(np.finfo(np.float64).max)

REFERENCE_RTOL = 1e-12
REFERENCE_SKIP = 1e-6  # reference points closer than this to a break are skipped
FD_STEP = 1e-3
FD_RTOL = 1e-6
JUMP_TOL = 1e-9
TIGHT_TOL = 1e-9  # how close the grid must come to a finite end of the declared range


def call(activation: Activation, x: object, order: int = 0) -> Array:
    """Evaluate with every NumPy warning turned into an error (pyproject does it too; be explicit)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return np.asarray(activation(x, order), dtype=np.float64)  # type: ignore[arg-type]


def break_points(activation: Activation, max_order: int = 3) -> Array:
    """x of every declared break of order ≤ max_order."""
    return np.array([b.x for b in activation.breaks if b.order <= max_order], dtype=np.float64)


def away_from_breaks(activation: Activation, x: Array, distance: float) -> Array:
    """The points of x farther than `distance` from every declared break."""
    points = break_points(activation)
    if points.size == 0:
        return x
    keep: Array = x[np.min(np.abs(x[:, None] - points[None, :]), axis=1) > distance]
    return keep


def failed(found: dict[str, str]) -> str:
    """Every failing case of a test that checks several (orders, inputs) at once, one block each.

    One test per entry checks all its orders, so that each entry costs one test run, and still
    reports every order that fails, not only the first.
    """
    return "\n".join(f"{case}: {message}" for case, message in found.items())


def worst(x: Array, got: Array, want: Array, bad: NDArray[np.bool_], count: int = 5) -> str:
    """The failing points with the largest relative error, one per line, for the assertion message."""
    error = np.abs(got - want) / np.maximum(np.abs(want), 1e-300)
    order = np.argsort(np.where(bad, error, -1.0))[::-1][: min(count, int(bad.sum()))]
    lines = [f"x={x[i]!r}: got {got[i]!r}, want {want[i]!r} (rel. error {error[i]:.2e})" for i in order]
    return f"{int(bad.sum())} of {x.size} points fail:\n" + "\n".join(lines)


# --- 1. exact f, f′, f″: independent mpmath reference -------------------------------------------

BASE_GRID = np.concatenate(
    [
        np.linspace(-20.0, 20.0, 81),  # every half-integer (breaks of the defaults are skipped)
        np.linspace(-4.0, 4.0, 41) + 0.0371,  # off the half-integers, denser where shapes differ
        [-19.9, 19.9],
    ]
)
#: Distances from 0 and from each break, where cancellation (eˣ − 1 instead of expm1) shows.
PROBES = np.array([2e-6, 7e-6, 3e-5, 1e-3, 3e-2])


def reference_grid(activation: Activation) -> Array:
    """Points of [-20, 20] to compare with the reference, none within 1e-6 of a break."""
    centres = np.unique([0.0, *break_points(activation)])
    near = (centres[:, None] + np.concatenate([PROBES, -PROBES])[None, :]).ravel()
    x = np.unique(np.concatenate([BASE_GRID, near, [1e-8, -1e-8]]))
    return away_from_breaks(activation, x[np.abs(x) <= 20.0], REFERENCE_SKIP)


def reference_function(name: str) -> Callable[..., object]:
    """The mpmath reference of `name`, or a loud failure naming the file to edit."""
    if name not in reference.REFERENCES:
        pytest.fail(
            f"catalogue entry {name!r} has no mpmath reference: add `@reference({name!r})` "
            "to tests/reference.py (its f from the paper or framework; derivatives come from mpmath)"
        )
    return reference.REFERENCES[name]


def reference_at(activation: Activation, x: float, params: dict[str, object]) -> list[object]:
    """f, f′, f″, f‴ of the reference at x; a kink at x shows as finite differences that never settle."""
    try:
        return list(reference.derivatives(activation.name, x, params, n=3))
    except ArithmeticError as error:
        pytest.fail(f"{error}: is there an undeclared break of {activation.spec} at x={x!r}?")


_TABLES: dict[str, tuple[Array, Array]] = {}


def reference_table(activation: Activation) -> tuple[Array, Array]:
    """x and the reference f, f′, f″, f‴ there (rows), computed once per activation."""
    if activation.spec not in _TABLES:
        reference_function(activation.name)
        x = reference_grid(activation)
        params: dict[str, object] = dict(activation.params)
        rows = [reference_at(activation, float(xi), params) for xi in x]
        _TABLES[activation.spec] = (x, np.array(rows, dtype=np.float64).T)
    return _TABLES[activation.spec]


def test_every_entry_has_a_reference(entry: Entry) -> None:
    reference_function(entry.name)


def test_every_reference_names_an_entry() -> None:
    variants = {f"{e.name}@{fw}" for e in CATALOGUE.values() for fw, v in e.variants.items() if v.formula}
    stale = sorted(set(reference.REFERENCES) - set(CATALOGUE) - variants)
    assert not stale, f"tests/reference.py has references for names not in the catalogue: {stale}"


def test_matches_mpmath_reference(activation: Activation) -> None:
    x, table = reference_table(activation)
    scale = np.max(np.abs(table), axis=0)
    found = {}
    for order in ORDERS:
        want, slope = table[order], table[order + 1]
        got = call(activation, x, order)
        allowed = REFERENCE_RTOL * np.abs(want) + 2 * EPS * np.abs(x * slope) + 1e-60 * scale
        bad = ~(np.abs(got - want) <= allowed)
        if bad.any():
            found[ORDER_NAMES[order]] = worst(x, got, want, bad)
    assert not found, failed(found)


FD_GRID = np.concatenate([np.linspace(-20.0, 20.0, 801)[1:] - 0.0123, [-0.003, 0.003, -0.01, 0.01]])


def test_derivatives_match_finite_differences(activation: Activation) -> None:
    """f′ against differences of f, f″ against differences of f′ (Richardson, h = 1e-3)."""
    x = away_from_breaks(activation, np.sort(FD_GRID), 3 * FD_STEP)
    found = {}
    for order in (1, 2):

        def central(h: float, below: int = order - 1) -> Array:
            return (call(activation, x + h, below) - call(activation, x - h, below)) / (2 * h)

        estimate = (4 * central(FD_STEP / 2) - central(FD_STEP)) / 3
        got = call(activation, x, order)
        allowed = FD_RTOL * np.abs(got) + 1e-10 * np.abs(call(activation, x, order - 1))
        bad = ~(np.abs(got - estimate) <= allowed)
        if bad.any():
            found[ORDER_NAMES[order]] = worst(x, got, estimate, bad)
    assert not found, failed(found)


# --- 2. one-sided limits jump exactly at the declared breaks -------------------------------------


def parameter_points(activation: Activation) -> list[float]:
    """± every numeric parameter value: where an undeclared break would most likely hide."""
    values: list[float] = []
    for value in activation.params.values():
        if isinstance(value, float | int):
            values.append(float(value))
        elif isinstance(value, tuple):
            values.extend(value)
    return [s * v for v in values for s in (1.0, -1.0)]


def limit_grid(activation: Activation) -> Array:
    """[-20, 20] in steps of 0.01, eighths, thirds, powers of 2 and 10, parameters and the breaks."""
    powers = np.concatenate([2.0 ** np.arange(-30, 5), 10.0 ** np.arange(-8, 2)])
    x = np.concatenate(
        [
            np.arange(-2000, 2001) / 100,
            np.arange(-160, 161) / 8,
            np.arange(-60, 61) / 3,
            powers,
            -powers,
            parameter_points(activation),
        ]
    )
    return np.unique(np.concatenate([x[np.abs(x) <= 20.0], break_points(activation)]))


def one_sided(activation: Activation, x: Array, order: int) -> tuple[Array, Array]:
    """f⁽ᵏ⁾ just left and just right of x (one ulp away)."""
    left = call(activation, np.nextafter(x, -np.inf), order)
    right = call(activation, np.nextafter(x, np.inf), order)
    return left, right


def jumps(left: Array, right: Array) -> NDArray[np.bool_]:
    """Where the one-sided values differ by more than rounding can explain."""
    return ~(np.abs(left - right) <= JUMP_TOL * (1 + np.abs(left) + np.abs(right)))


def test_no_jump_outside_declared_breaks(activation: Activation) -> None:
    """f⁽ᵏ⁾ is continuous at every grid point except the declared breaks of order ≤ k."""
    grid = limit_grid(activation)
    found = {}
    for order in ORDERS:
        x = grid[~np.isin(grid, break_points(activation, max_order=order))]
        left, right = one_sided(activation, x, order)
        bad = jumps(left, right)
        if bad.any():
            found[ORDER_NAMES[order]] = "undeclared jump:\n" + "\n".join(
                f"x={x[i]!r}: left {left[i]!r}, right {right[i]!r}" for i in np.flatnonzero(bad)[:5]
            )
    assert not found, failed(found)


def third_derivative_sides(activation: Activation, x: float, h: float = 1e-4) -> tuple[float, float]:
    """One-sided f‴ at x from second-order one-sided differences of f″."""
    lo, hi = np.nextafter(x, -np.inf), np.nextafter(x, np.inf)
    left = call(activation, [lo, lo - h, lo - 2 * h], 2)
    right = call(activation, [hi, hi + h, hi + 2 * h], 2)
    backward = (3 * left[0] - 4 * left[1] + left[2]) / (2 * h)
    forward = (-3 * right[0] + 4 * right[1] - right[2]) / (2 * h)
    return backward, forward


def test_declared_break_order_is_the_lowest_that_jumps(activation: Activation) -> None:
    for b in activation.breaks:
        x = np.array([b.x])
        for order in range(min(b.order, 3)):
            left, right = one_sided(activation, x, order)
            assert not jumps(left, right)[0], (
                f"{b}: order {order} already jumps ({left[0]!r} → {right[0]!r}); declare order {order}"
            )
        if b.order <= 2:
            left, right = one_sided(activation, x, b.order)
            assert jumps(left, right)[0], f"{b}: order {b.order} does not jump (both sides {left[0]!r})"
        else:
            low, high = third_derivative_sides(activation, b.x)
            jump = abs(low - high) > 1e-4 * (1 + abs(low) + abs(high))
            assert jump, f"{b}: f‴ does not jump ({low}, {high})"


def test_values_at_breaks_take_one_side(activation: Activation) -> None:
    """The value at a break follows one branch, as PyTorch's forward and backward do.

    The lowest order that jumps takes the left or the right limit if it is f or f′ (relu′(0) = 0);
    every higher order that jumps takes the limit from that same side (f″ follows f′).  When only
    f″ jumps (f′ continuous) PyTorch's autograd has no branch to follow and may give the midpoint
    (softsign″(0) = 0 from sign(0) = 0): any value between the two limits is accepted there.
    """
    for b in activation.breaks:
        x = np.array([b.x])
        side = None
        for order in ORDERS:
            left, right = one_sided(activation, x, order)
            value = call(activation, x, order)
            limits = {"left": left, "right": right}
            matches = [name for name, limit in limits.items() if not jumps(value, limit)[0]]
            if not jumps(left, right)[0]:
                assert matches, f"{b}: order {order} value {value[0]!r} ≠ limit {left[0]!r}"
            elif side is not None:
                assert side in matches, (
                    f"{b}: order {order} value {value[0]!r}, but the {side} limit {limits[side][0]!r} "
                    "was taken by the lower orders"
                )
            elif order <= 1:
                assert matches, f"{b}: order {order} value {value[0]!r} is not {left[0]!r} or {right[0]!r}"
                side = matches[0]
            else:
                low, high = sorted([left[0], right[0]])
                assert low <= value[0] <= high, f"{b}: f″ value {value[0]!r} is not in [{low!r}, {high!r}]"


# --- 3. declared facts ----------------------------------------------------------------------------

WIDE = np.geomspace(1e-8, 1e12, 401)
FACT_GRID_BASE = np.concatenate([np.arange(-2000, 2001) / 100, WIDE, -WIDE])


def fact_grid(activation: Activation) -> Array:
    """Dense on [-20, 20], geometric out to ±1e12, with every break and its neighbours."""
    points = break_points(activation)
    near = np.concatenate([points, np.nextafter(points, -np.inf), np.nextafter(points, np.inf)])
    return np.unique(np.concatenate([FACT_GRID_BASE, near]))


def finite_values(activation: Activation) -> tuple[Array, Array]:
    """x and f(x) on the fact grid, dropping exponential's natural overflow (tested elsewhere)."""
    x = fact_grid(activation)
    y = call(activation, x)
    return x[np.isfinite(y)], y[np.isfinite(y)]


def declared_range(activation: Activation) -> Interval:
    """The output range, which every catalogue entry must know (None is for custom expressions)."""
    rng = activation.output_range
    assert isinstance(rng, Interval), f"{activation.spec} declares no output range"
    return rng


def test_values_inside_output_range(activation: Activation) -> None:
    """Closed hull everywhere (4 ulps of slack for rounded ends); open ends only reached for |x| > 5."""
    rng = declared_range(activation)
    x, y = finite_values(activation)
    lo = rng.lo - 4 * EPS * abs(rng.lo) if math.isfinite(rng.lo) else rng.lo
    hi = rng.hi + 4 * EPS * abs(rng.hi) if math.isfinite(rng.hi) else rng.hi
    outside = (y < lo) | (y > hi)
    assert not outside.any(), f"outside {rng}: " + ", ".join(
        f"f({x[i]!r}) = {y[i]!r}" for i in np.flatnonzero(outside)[:5]
    )
    inner = np.abs(x) <= 5
    at_open_end = inner & (((y == rng.lo) & ~rng.lo_closed) | ((y == rng.hi) & ~rng.hi_closed))
    assert not at_open_end.any(), f"open end of {rng} reached at x = {x[at_open_end][:5]}"


def refined_extreme(activation: Activation, x: Array, y: Array, pick: Callable[[Array], int]) -> float:
    """The extreme value of f: the grid's, improved on a 1e-5 grid between its neighbours."""
    i = pick(y)
    if 0 < i < x.size - 1:
        fine = np.linspace(x[i - 1], x[i + 1], 2001)
        values = np.append(call(activation, fine), y[i])
        return float(values[pick(values)])
    return float(y[i])


def test_output_range_is_tight(activation: Activation) -> None:
    """Finite ends are approached within 1e-9; infinite ends are passed by large values."""
    rng = declared_range(activation)
    x, y = finite_values(activation)
    low = refined_extreme(activation, x, y, lambda v: int(np.argmin(v)))
    high = refined_extreme(activation, x, y, lambda v: int(np.argmax(v)))
    if math.isfinite(rng.lo):
        assert low <= rng.lo + TIGHT_TOL * (1 + abs(rng.lo)), f"inf of f is {low!r}, declared {rng}"
    else:
        assert low < -1e6, f"range {rng} declares no lower bound but min f = {low!r}"
    if math.isfinite(rng.hi):
        assert high >= rng.hi - TIGHT_TOL * (1 + abs(rng.hi)), f"sup of f is {high!r}, declared {rng}"
    else:
        assert high > 1e6, f"range {rng} declares no upper bound but max f = {high!r}"


def test_closed_ends_are_attained(activation: Activation) -> None:
    """A closed finite end is a value f takes (on [-10, 10] or at a break), not only a limit."""
    rng = declared_range(activation)
    x, y = finite_values(activation)
    central = (np.abs(x) <= 10) | np.isin(x, break_points(activation))
    x, y = x[central], y[central]
    if math.isfinite(rng.lo) and rng.lo_closed:
        low = refined_extreme(activation, x, y, lambda v: int(np.argmin(v)))
        assert low <= rng.lo + TIGHT_TOL * (1 + abs(rng.lo)), f"{rng}: lower end only approached ({low!r})"
    if math.isfinite(rng.hi) and rng.hi_closed:
        high = refined_extreme(activation, x, y, lambda v: int(np.argmax(v)))
        assert high >= rng.hi - TIGHT_TOL * (1 + abs(rng.hi)), f"{rng}: upper end only approached ({high!r})"


def test_monotonic_declaration(activation: Activation) -> None:
    """increasing/decreasing: f′ is 0 at isolated points only; non-: f′ is 0 on an interval; no: both ways."""
    x, y = finite_values(activation)
    word = activation.monotonic
    assert word is not None, f"{activation.spec} does not declare whether it is monotonic"
    sign = -1.0 if word in ("decreasing", "non-increasing") else 1.0
    step = sign * np.diff(y)
    if word == "no":
        tol = JUMP_TOL * (1 + np.abs(y[:-1]))
        assert (step < -tol).any(), "declared not monotonic, but f never decreases"
        assert (step > tol).any(), "declared not monotonic, but f never increases"
        return
    slack = 4 * EPS * (np.abs(y[:-1]) + np.abs(y[1:]))
    bad = step < -slack
    assert not bad.any(), f"declared {word}, but f runs the other way: " + ", ".join(
        f"f({x[i]!r}) = {y[i]!r}, f({x[i + 1]!r}) = {y[i + 1]!r}" for i in np.flatnonzero(bad)[:3]
    )
    near = np.linspace(-20.0, 20.0, 4001)  # where no slope underflows to 0
    flat = activation(near, 1) == 0
    has_flat_part = bool((flat[1:] & flat[:-1]).any())
    assert has_flat_part == word.startswith("non-"), f"declared {word}; flat part: {has_flat_part}"


def test_breaks_are_well_formed(activation: Activation) -> None:
    xs = [b.x for b in activation.breaks]
    assert all(math.isfinite(x) for x in xs), activation.breaks
    assert len(set(xs)) == len(xs), f"one break per x: {activation.breaks}"
    assert all(b.order in (0, 1, 2, 3) for b in activation.breaks), activation.breaks


def test_zero_centred_means_odd(activation: Activation) -> None:
    """Zero-centred is f(−x) = −f(x), the odd symmetry that gives symmetric inputs a mean output of 0."""
    x = fact_grid(activation)
    y, mirrored = call(activation, x), call(activation, -x)
    finite = np.isfinite(y) & np.isfinite(mirrored)
    odd = bool(np.allclose(mirrored[finite], -y[finite], rtol=1e-12, atol=1e-12))
    assert activation.zero_centred == odd


@pytest.mark.parametrize(
    ("spec", "centred"),
    [
        *[("tanh", True), ("arctan", True), ("hard_tanh", True), ("relu", False), ("gelu", False)],
        *[("silu", False), ("elu", False), ("leaky_relu", False), ("leaky_relu:negative_slope=1", True)],
    ],
)
def test_zero_centred_in_the_common_sense(spec: str, centred: bool) -> None:
    assert actplot.get(spec).zero_centred is centred


def test_facts_of_every_entry_at_its_defaults(entry: Entry) -> None:
    activation = entry.bind()
    known = activation.facts
    span = activation.output_range
    assert known.output_range == span
    assert known.continuity == activation.continuity
    assert known.monotonic == activation.monotonic
    assert known.zero_centred == activation.zero_centred
    if span is not None:
        assert known.bounded_below == math.isfinite(span.lo)
        assert known.bounded_above == math.isfinite(span.hi)
    assert known.f0 == float(activation(0.0)) or math.isnan(known.f0)
    assert known.df0 == float(activation(0.0, 1)) or math.isnan(known.df0)


def test_range_is_an_interval(activation: Activation) -> None:
    rng = declared_range(activation)
    assert rng.lo <= rng.hi
    assert not (rng.lo_closed and math.isinf(rng.lo)) and not (rng.hi_closed and math.isinf(rng.hi))


# --- 4. stability over the whole float64 line ------------------------------------------------------

EXTREMES = np.array([1e-300, 1e-8, 30.0, 710.0, 745.0, 1e4, 1e300])
STABILITY_X = np.concatenate([[0.0], EXTREMES, -EXTREMES, [FLOAT_MAX, -FLOAT_MAX, np.inf, -np.inf]])


def test_finite_in_finite_out(activation: Activation) -> None:
    """No warning anywhere; ±inf only where the true value overflows float64 (exponential)."""
    x = STABILITY_X[np.isfinite(STABILITY_X)]
    params: dict[str, object] = dict(activation.params)
    found = {}
    for order in ORDERS:
        for xi, yi in zip(x, call(activation, x, order), strict=True):
            case = f"{ORDER_NAMES[order]} at x={xi!r}"
            if np.isnan(yi):
                found[case] = "NaN"
            elif not np.isfinite(yi):
                reference_function(activation.name)
                true = reference.derivatives(activation.name, float(xi), params, n=order)[order]
                if not (abs(true) > FLOAT_MAX and np.sign(float(true)) == np.sign(yi)):
                    found[case] = f"{yi!r}, but the true value {float(true):.6g} is finite"
    assert not found, failed(found)


def limit_at_infinity(a: float, b: float, c: float) -> str | None:
    """What is wrong with c = f⁽ᵏ⁾(±inf) given a, b = f⁽ᵏ⁾(±1e200), f⁽ᵏ⁾(±1e300), or None.

    Same value at both: that value.  Growing past 1e100: ±inf.  Both below 1e-100: a value below
    1e-100 (zero).  Anything else (bounded oscillation, like sin) has no limit: NaN.
    """
    if a == b:
        return None if c == b else f"limit {b!r} expected, got {c!r}"
    if abs(b) > abs(a) > 1e100:
        grows = c == math.copysign(math.inf, b)
        return None if grows else f"±inf expected (f grows: {a!r}, {b!r}), got {c!r}"
    if max(abs(a), abs(b)) < 1e-100:
        return None if abs(c) < 1e-100 else f"limit 0 expected ({a!r}, {b!r}), got {c!r}"
    return None if np.isnan(c) else f"no limit ({a!r}, {b!r}): NaN expected, got {c!r}"


def test_infinite_input_gives_the_limit(activation: Activation) -> None:
    """f⁽ᵏ⁾(±inf) is the limit that f⁽ᵏ⁾(±1e200), f⁽ᵏ⁾(±1e300) show (see `limit_at_infinity`)."""
    found = {}
    for order in ORDERS:
        for sign in (1.0, -1.0):
            a, b, c = call(activation, sign * np.array([1e200, 1e300, np.inf]), order)
            wrong = limit_at_infinity(float(a), float(b), float(c))
            if wrong:
                found[f"{ORDER_NAMES[order]} at {sign * math.inf}"] = wrong
    assert not found, failed(found)


def test_nan_propagates(activation: Activation) -> None:
    for order in ORDERS:
        y = call(activation, [np.nan, 1.0, np.nan], order)
        assert np.isnan(y[0]) and np.isnan(y[2]) and not np.isnan(y[1]), ORDER_NAMES[order]
        assert np.isnan(call(activation, np.nan, order)), ORDER_NAMES[order]


@pytest.mark.parametrize(
    ("spec", "x", "expected"),
    [
        ("sigmoid", -1000.0, 0.0),
        ("sigmoid", 1000.0, 1.0),
        ("softplus", 1000.0, 1000.0),
        ("softplus", -1000.0, 0.0),
        ("log_sigmoid", -1000.0, -1000.0),
        ("log_sigmoid", 1000.0, 0.0),
        ("tanh", -1000.0, -1.0),
    ],
)
def test_saturation_limits(spec: str, x: float, expected: float) -> None:
    assert call(CATALOGUE.parse(spec), x) == expected


#: Inputs of every shape and kind `Activation.__call__` takes, by name.
SHAPES: dict[str, object] = {
    "scalar": 0.5,
    "1-D": [-1.0, 0.0, 2.0],
    "2-D": [[-1.0, 0.5, 3.0], [4.0, -2.0, 0.0]],
    "empty": np.zeros(0),
    "ints": [1, 2],
}


def test_output_shape_and_type(activation: Activation) -> None:
    found = {}
    for order in ORDERS:
        for shape, x in SHAPES.items():
            y = call(activation, x, order)
            given = np.array(x, dtype=np.float64)
            if not (isinstance(y, np.ndarray) and y.dtype == np.float64 and y.shape == np.shape(x)):  # type: ignore[call-overload]
                found[f"{ORDER_NAMES[order]} of {shape}"] = f"{type(y).__name__} {y.dtype} {y.shape}"
            elif np.shares_memory(call(activation, given, order), given):
                found[f"{ORDER_NAMES[order]} of {shape}"] = "the result aliases the input"
    assert not found, failed(found)


# --- 5. values at breaks follow PyTorch (pinned, like JAX's tests) --------------------------------

SELU_SLOPE_AT_0 = 1.0507009873554804934193349852946 * 1.6732632423543772848170429916717


@pytest.mark.parametrize(
    ("spec", "x", "order", "expected"),
    [
        ("step", 0.0, 0, 0.0),
        ("step", 0.0, 1, 0.0),
        ("relu", 0.0, 1, 0.0),
        ("relu", 0.0, 2, 0.0),
        ("leaky_relu", 0.0, 1, 0.01),
        ("leaky_relu:negative_slope=0.2", 0.0, 1, 0.2),
        ("prelu", 0.0, 1, 0.25),
        ("rrelu", 0.0, 1, (1 / 8 + 1 / 3) / 2),
        ("relu6", 0.0, 1, 0.0),
        ("relu6", 6.0, 1, 0.0),
        ("elu", 0.0, 1, 1.0),
        ("elu", 0.0, 2, 1.0),
        ("elu:alpha=0.5", 0.0, 1, 0.5),
        ("elu:alpha=0.5", 0.0, 2, 0.5),
        ("selu", 0.0, 1, SELU_SLOPE_AT_0),
        ("celu:alpha=2", 0.0, 1, 1.0),
        ("threshold", 1.0, 0, 0.0),
        ("threshold", 1.0, 1, 0.0),
        ("hard_tanh", -1.0, 1, 0.0),
        ("hard_tanh", 1.0, 1, 0.0),
        ("hard_shrink", -0.5, 0, 0.0),
        ("hard_shrink", 0.5, 0, 0.0),
        ("hard_shrink", -0.5, 1, 0.0),
        ("hard_shrink", 0.5, 1, 0.0),
        ("soft_shrink", -0.5, 1, 0.0),
        ("soft_shrink", 0.5, 1, 0.0),
        ("hard_sigmoid", -3.0, 1, 0.0),
        ("hard_sigmoid", 3.0, 1, 0.0),
        ("hard_silu", -3.0, 1, 0.0),
        ("hard_silu", 3.0, 1, 1.0),
        ("hard_silu", -3.0, 2, 0.0),
        ("hard_silu", 3.0, 2, 0.0),
    ],
)
def test_pytorch_value_at_break(spec: str, x: float, order: int, expected: float) -> None:
    got = float(call(CATALOGUE.parse(spec), x, order))
    assert got == pytest.approx(expected, rel=1e-15, abs=0.0), f"{spec} order {order} at {x}: {got!r}"


# --- 6. softmax and friends: the vector form --------------------------------------------------------

VECTOR_ENTRIES = [name for name, entry in CATALOGUE.items() if entry.vector is not None]


def vector(name: str, z: object, axis: int = -1) -> Array:
    entry = CATALOGUE[name]
    assert entry.vector is not None, f"{name} has no vector form"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return np.asarray(entry.vector(np.asarray(z, dtype=np.float64), axis=axis))


def test_softmax_is_shift_invariant_without_warning() -> None:
    big, small = vector("softmax", [1000.0, 1001.0, 1002.0]), vector("softmax", [0.0, 1.0, 2.0])
    np.testing.assert_array_equal(big, small)


def test_softmax_of_a_worked_example() -> None:
    got = np.round(vector("softmax", [0.3, 2.9, 4.0]), 8)
    np.testing.assert_array_equal(got, [0.01821127, 0.24519181, 0.73659691])


#: Absolute slack for log_softmax near 0: log of a sum that rounds near 1 (the max-shift algorithm).
LOG_SUM_ATOL = 4 * EPS


def test_log_softmax_is_log_of_softmax() -> None:
    z = np.array([[0.3, 2.9, 4.0], [-5.0, 0.0, 7.5]])
    want = np.log(vector("softmax", z))
    np.testing.assert_allclose(vector("log_softmax", z), want, rtol=1e-14, atol=LOG_SUM_ATOL)
    np.testing.assert_array_equal(vector("log_softmax", [0.0, -1000.0]), [0.0, -1000.0])


def test_softmin_is_softmax_of_negated_logits() -> None:
    z = np.array([[0.3, 2.9, 4.0], [-5.0, 0.0, 7.5]])
    np.testing.assert_allclose(vector("softmin", z), vector("softmax", -z), rtol=1e-15)


@pytest.mark.parametrize("name", VECTOR_ENTRIES)
def test_vector_form_is_stable_and_keeps_shape(name: str) -> None:
    z = np.array([[1000.0, 1001.0, 1002.0], [-1e300, 0.0, 1e300], [-745.0, 0.0, 745.0], [0.3, 2.9, 4.0]])
    y = vector(name, z)
    assert y.shape == z.shape and np.isfinite(y).all()
    np.testing.assert_allclose(vector(name, z.T, axis=0), y.T, rtol=1e-15)
    if name in ("softmax", "softmin"):
        np.testing.assert_allclose(y.sum(axis=-1), 1.0, rtol=1e-15)


def test_one_logit_form_is_the_first_component(vector_activation: Activation) -> None:
    others = vector_activation.params["others"]
    assert isinstance(others, tuple)
    x = np.linspace(-20.0, 20.0, 81)
    z = np.column_stack([x, np.broadcast_to(np.array(others), (x.size, len(others)))])
    want = vector(vector_activation.name, z)[:, 0]
    np.testing.assert_allclose(call(vector_activation, x), want, rtol=1e-14, atol=LOG_SUM_ATOL)
