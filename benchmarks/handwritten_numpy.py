"""f, f′ and f″ written the obvious way in NumPy, as a user would without actplot.

Each function takes x and returns (f, f′, f″), reusing what it has already computed
(σ for σ′, tanh for sech²): the fair, fast way to write them by hand.  No care is taken
for overflow in the tails; the benchmark evaluates them on [-8, 8] where that is harmless.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
Triple = tuple[Array, Array, Array]


def sigmoid(x: Array) -> Triple:
    s = 1.0 / (1.0 + np.exp(-x))
    ds = s * (1.0 - s)
    return s, ds, ds * (1.0 - 2.0 * s)


def tanh(x: Array) -> Triple:
    t = np.tanh(x)
    dt = 1.0 - t * t
    return t, dt, -2.0 * t * dt


def softplus(x: Array) -> Triple:
    s = 1.0 / (1.0 + np.exp(-x))
    return np.log1p(np.exp(x)), s, s * (1.0 - s)


C = math.sqrt(2.0 / math.pi)
A = 0.044715


def gelu_tanh(x: Array) -> Triple:
    u = C * (x + A * x * x * x)
    du = C * (1.0 + 3.0 * A * x * x)
    d2u = 6.0 * C * A * x
    t = np.tanh(u)
    sech2 = 1.0 - t * t
    f = 0.5 * x * (1.0 + t)
    df = 0.5 * (1.0 + t) + 0.5 * x * sech2 * du
    d2f = sech2 * du + 0.5 * x * (sech2 * d2u - 2.0 * t * sech2 * du * du)
    return f, df, d2f


def silu(x: Array) -> Triple:
    s = 1.0 / (1.0 + np.exp(-x))
    ds = s * (1.0 - s)
    return x * s, s + x * ds, ds * (2.0 + x * (1.0 - 2.0 * s))


def elu(x: Array, alpha: float = 1.0) -> Triple:
    e = alpha * np.exp(x)
    positive = x > 0
    return np.where(positive, x, e - alpha), np.where(positive, 1.0, e), np.where(positive, 0.0, e)


#: actplot spec → the hand-written (f, f′, f″).
FUNCTIONS: dict[str, Callable[[Array], Triple]] = {
    "sigmoid": sigmoid,
    "tanh": tanh,
    "softplus": softplus,
    "gelu:approximate=tanh": gelu_tanh,
    "silu": silu,
    "elu": elu,
}
