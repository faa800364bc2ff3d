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
