"""Overflow-free building blocks shared by several families.

Every function here is finite for finite float64 input, raises no NumPy
warning anywhere on the real line (±inf included) and propagates NaN.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from actplot.activation import Array

#: −|x|, e^{−|x|} and 1 + e^{−|x|}: what σ, σ′ and σ″ are built from.
SigmoidPieces = tuple[Array, Array, Array]


def zero(x: Array) -> Array:
    """0 everywhere; NaN stays NaN."""
    return keep_nan(x, 0.0)


def one(x: Array) -> Array:
    """1 everywhere; NaN stays NaN."""
    return keep_nan(x, 1.0)


def cube(a: Array) -> Array:
    """a³ as a·a·a: np.power with the exponent 3 takes a hundred times as long."""
    return a * a * a


def horner(z: Array, coefficients: Sequence[float]) -> Array:
    """c₀ + c₁z + c₂z² + … by Horner's rule, from the highest coefficient down."""
    total = np.zeros_like(z)
    for coefficient in reversed(coefficients):
        total = total * z + coefficient
    return total


def sigmoid_pieces(x: Array) -> SigmoidPieces:
    """−|x|, e^{−|x|} and 1 + e^{−|x|}, computed once for `sigmoid_jet` (or by each function alone)."""
    a = -np.abs(x)
    z = np.exp(a)
    return a, z, 1.0 + z


def sigmoid(x: Array, pieces: SigmoidPieces | None = None) -> Array:
    """σ(x) = 1/(1 + e^{−x}), from e^{−|x|} so that nothing overflows."""
    _, z, w = pieces or sigmoid_pieces(x)
    return np.where(x >= 0, 1.0 / w, z / w)


def sigmoid_d1(x: Array, pieces: SigmoidPieces | None = None) -> Array:
    """σ′(x) = σ(x)σ(−x) = e^{−|x|}/(1 + e^{−|x|})², exact in both tails."""
    _, z, w = pieces or sigmoid_pieces(x)
    return z / (w * w)


def sigmoid_d2(x: Array, pieces: SigmoidPieces | None = None) -> Array:
    """σ″(x) = σ′(x)(1 − 2σ(x)) = sign(x)·e^{−|x|}·expm1(−|x|)/(1 + e^{−|x|})³."""
    a, z, w = pieces or sigmoid_pieces(x)
    return np.sign(x) * z * np.expm1(a) / cube(w)


def sigmoid_jet(x: Array) -> tuple[Array, Array, Array]:
    """σ, σ′ and σ″ from one `sigmoid_pieces`."""
    pieces = sigmoid_pieces(x)
    return sigmoid(x, pieces), sigmoid_d1(x, pieces), sigmoid_d2(x, pieces)


def softplus(x: Array) -> Array:
    """log(1 + e^x) = max(x, 0) + log1p(e^{−|x|})."""
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


_FLOAT_MAX = float(np.finfo(np.float64).max)


def finite(x: Array) -> Array:
    """x with ±∞ replaced by ±(largest float); NaN stays NaN.

    For a function whose limit at ±∞ equals its value at the largest float, this keeps
    ∞/∞ and 0·∞ (NaN, with a warning) out of its formula.
    """
    return np.clip(x, -_FLOAT_MAX, _FLOAT_MAX)


def keep_nan(x: Array, value: np.typing.ArrayLike) -> Array:
    """`value` (a constant, or an array like x such as ``x > 0``) as float64, but NaN wherever x is NaN."""
    return np.where(np.isnan(x), x, value)


def tanh_d1(x: Array) -> Array:
    """tanh′(x) = sech²(x) = (2e^{−|x|}/(1 + e^{−2|x|}))²: exact in the tails, where 1 − tanh² is 0."""
    z = np.exp(-np.abs(x))
    sech = 2.0 * z / (1.0 + z * z)
    return sech * sech


def tanh_d2(x: Array, value: Array | None = None, slope: Array | None = None) -> Array:
    """tanh″(x) = −2 tanh(x) sech²(x), from tanh x and sech² x if they are at hand."""
    value = np.tanh(x) if value is None else value
    return -2.0 * value * (tanh_d1(x) if slope is None else slope)


def tanh_jet(x: Array) -> tuple[Array, Array, Array]:
    """tanh, tanh′ and tanh″, with tanh x and sech² x computed once."""
    value, slope = np.tanh(x), tanh_d1(x)
    return value, slope, tanh_d2(x, value, slope)


def isru(x: Array, alpha: float) -> Array:
    """x/√(1 + αx²) = r·x/hypot(r, x) with r = 1/√α: no αx² to overflow, ±r at ±∞."""
    r: float = alpha**-0.5
    x = finite(x)
    return r * (x / np.hypot(r, x))


def isru_d1(x: Array, alpha: float) -> Array:
    """(1 + αx²)^{−3/2} = (r/hypot(r, x))³ with r = 1/√α."""
    r: float = alpha**-0.5
    return cube(r / np.hypot(r, x))


def isru_d2(x: Array, alpha: float) -> Array:
    """−3αx(1 + αx²)^{−5/2} = −3·(x/h)·(r/h)³/h with r = 1/√α, h = hypot(r, x)."""
    r: float = alpha**-0.5
    x = finite(x)
    h = np.hypot(r, x)
    return -3.0 * (x / h) * cube(r / h) / h


def log_sigmoid(x: Array) -> Array:
    """log σ(x) = −softplus(−x) = min(x, 0) − log1p(e^{−|x|}): −1000 at −1000, not log(0)."""
    return -softplus(-x)


_SQRT_2PI = float(np.sqrt(2.0 * np.pi))

#: φ(x) is 0 in float64 beyond |x| ≈ 38.6; capping |x| here keeps x² finite.
_NORMAL_CAP = 40.0

#: Φ comes from its power series below this |x| and from the tail continued fraction above.
_NORMAL_SERIES_BELOW = 1.5


def normal_pdf(x: Array) -> Array:
    """φ(x) = e^{−x²/2}/√(2π), to an ulp or two even in the tails.

    e^{−x·x/2} would inherit the rounding of x·x, amplified x²/2 times (2e−14 at x = 20),
    so x is split into hi + lo with hi of 26 bits (Veltkamp): hi² is then exact and
    e^{−x²/2} = e^{−hi²/2}·e^{−(x − hi)(x + hi)/2}.
    """
    x = np.clip(x, -_NORMAL_CAP, _NORMAL_CAP)
    scaled = 134217729.0 * x  # 2^27 + 1
    hi = scaled - (scaled - x)
    return np.exp(-0.5 * hi * hi) * np.exp(-0.5 * (x - hi) * (x + hi)) / _SQRT_2PI


def normal_cdf(x: Array) -> Array:
    """Φ(x), the standard normal distribution function, to a few ulps on the whole line.

    1/2 + (Φ − 1/2) from the series for |x| < 1.5; beyond, from the tail Φ(−u), which
    keeps its relative precision far into the lower tail (Φ(−20) ≈ 2.8e−89).
    """
    tail = _normal_tail(np.abs(x))
    central = 0.5 + _normal_centre(x)
    return np.where(np.abs(x) < _NORMAL_SERIES_BELOW, central, np.where(x < 0, tail, 1.0 - tail))


def erf(u: Array) -> Array:
    """The error function, 2Φ(√2·u) − 1, from Φ's two pieces so that no digit cancels near 0."""
    t = np.sqrt(2.0) * u
    central = 2.0 * _normal_centre(t)
    outer = np.sign(u) * (1.0 - 2.0 * _normal_tail(np.abs(t)))
    return np.where(np.abs(t) < _NORMAL_SERIES_BELOW, central, outer)


def _normal_centre(x: Array) -> Array:
    """Φ(x) − 1/2 = φ(x)·Σₙ x^{2n+1}/(2n+1)!! for |x| < 1.5 (24 terms reach 1e−19); x is clipped there."""
    small = np.clip(x, -_NORMAL_SERIES_BELOW, _NORMAL_SERIES_BELOW)
    term = small
    series = small
    for n in range(1, 24):
        term = term * small * small / (2 * n + 1)
        series = series + term
    return normal_pdf(small) * series


def _normal_tail(u: Array) -> Array:
    """Φ(−u) for u ≥ 1.5 (smaller u are raised to 1.5): φ(u)/(u + 1/(u + 2/(u + 3/(u + …)))).

    Laplace's continued fraction, 200 levels evaluated from the bottom up, is good to
    1e−16 at u = 1.5 and better beyond.
    """
    u = np.maximum(u, _NORMAL_SERIES_BELOW)
    fraction = u
    for k in range(200, 0, -1):
        fraction = u + k / fraction
    return normal_pdf(u) / fraction


#: Every factor e^{−|x|} (and faster) is 0 in float64 beyond |x| = 800, so capping x there
#: changes no result and keeps ∞·0 (NaN, with a warning) out of products such as x·σ(x).
TAIL_CAP = 800.0


def silu_pieces(x: Array) -> tuple[Array, SigmoidPieces]:
    """x capped to ±`TAIL_CAP` and its `sigmoid_pieces`: what silu, silu′ and silu″ are built from."""
    x = np.clip(x, -TAIL_CAP, TAIL_CAP)
    return x, sigmoid_pieces(x)


def silu(x: Array, pieces: tuple[Array, SigmoidPieces] | None = None) -> Array:
    """x·σ(x) (SiLU / swish)."""
    capped, gate = pieces or silu_pieces(x)
    return np.maximum(x, -TAIL_CAP) * sigmoid(capped, gate)


def silu_d1(x: Array, pieces: tuple[Array, SigmoidPieces] | None = None) -> Array:
    """σ(x) + x·σ′(x)."""
    x, gate = pieces or silu_pieces(x)
    return sigmoid(x, gate) + x * sigmoid_d1(x, gate)


def silu_d2(x: Array, pieces: tuple[Array, SigmoidPieces] | None = None) -> Array:
    """2σ′(x) + x·σ″(x)."""
    x, gate = pieces or silu_pieces(x)
    return 2.0 * sigmoid_d1(x, gate) + x * sigmoid_d2(x, gate)


def silu_jet(x: Array) -> tuple[Array, Array, Array]:
    """silu, silu′ and silu″ from one `silu_pieces`."""
    pieces = silu_pieces(x)
    return silu(x, pieces), silu_d1(x, pieces), silu_d2(x, pieces)
