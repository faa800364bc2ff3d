"""Overflow-free building blocks shared by several families.

Every function here is finite for finite float64 input, raises no NumPy
warning anywhere on the real line (±inf included) and propagates NaN.
"""

from __future__ import annotations

import numpy as np

from actplot.activation import Array


def sigmoid(x: Array) -> Array:
    """σ(x) = 1/(1 + e^{−x}), from e^{−|x|} so that nothing overflows."""
    z = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def sigmoid_d1(x: Array) -> Array:
    """σ′(x) = σ(x)σ(−x) = e^{−|x|}/(1 + e^{−|x|})², exact in both tails."""
    z = np.exp(-np.abs(x))
    return z / (1.0 + z) ** 2


def sigmoid_d2(x: Array) -> Array:
    """σ″(x) = σ′(x)(1 − 2σ(x)) = sign(x)·e^{−|x|}·expm1(−|x|)/(1 + e^{−|x|})³."""
    z = np.exp(-np.abs(x))
    return np.sign(x) * z * np.expm1(-np.abs(x)) / (1.0 + z) ** 3


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


def keep_nan(x: Array, value: Array | float) -> Array:
    """`value` (a constant or an array like x) as float64, but NaN wherever x is NaN."""
    return np.where(np.isnan(x), x, value)


def tanh_d1(x: Array) -> Array:
    """tanh′(x) = sech²(x) = (2e^{−|x|}/(1 + e^{−2|x|}))²: exact in the tails, where 1 − tanh² is 0."""
    z = np.exp(-np.abs(x))
    sech = 2.0 * z / (1.0 + z * z)
    return sech * sech


def tanh_d2(x: Array) -> Array:
    """tanh″(x) = −2 tanh(x) sech²(x)."""
    return -2.0 * np.tanh(x) * tanh_d1(x)


def isru(x: Array, alpha: float) -> Array:
    """x/√(1 + αx²) = r·x/hypot(r, x) with r = 1/√α: no αx² to overflow, ±r at ±∞."""
    r = 1.0 / np.sqrt(alpha)
    x = finite(x)
    return r * (x / np.hypot(r, x))


def isru_d1(x: Array, alpha: float) -> Array:
    """(1 + αx²)^{−3/2} = (r/hypot(r, x))³ with r = 1/√α."""
    r = 1.0 / np.sqrt(alpha)
    return (r / np.hypot(r, x)) ** 3


def isru_d2(x: Array, alpha: float) -> Array:
    """−3αx(1 + αx²)^{−5/2} = −3·(x/h)·(r/h)³/h with r = 1/√α, h = hypot(r, x)."""
    r = 1.0 / np.sqrt(alpha)
    x = finite(x)
    h = np.hypot(r, x)
    return -3.0 * (x / h) * (r / h) ** 3 / h
