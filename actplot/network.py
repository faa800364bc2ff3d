"""A real random network, to set beside the mean-field predictions of `actplot.propagation` (numpy only).

Layer l computes h_l = W_l f(h_{l−1}) + b_l with W_l ~ N(0, σ_w²/N) and b_l ~ N(0, σ_b²), from
inputs h_0 ~ N(0, q₀).  Every network simulated together draws the same standard normals
(scaled by its own σ_w and σ_b), from a fixed seed, so results are reproducible and the
differences between activations are not noise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from actplot.activation import Activation, Array
from actplot.errors import UsageError
from actplot.propagation import Q_START, check_depth, check_sigmas

#: Width of the simulated layers unless asked otherwise, and the accepted range.
WIDTH = 1000
WIDTH_BOUNDS = (2, 10_000)
#: Inputs pushed through each network; q_l and gradient norms are their averages.
BATCH = 8
SEED = 0


@dataclass(frozen=True)
class Measured:
    """What one random network did over layers 0 … L.

    Attributes:
        q: ‖h_l‖²/N, averaged over the inputs.
        gradient: ‖∂ℓ/∂h_l‖² / ‖∂ℓ/∂h_L‖² for a random linear read-out ℓ, averaged over the inputs.
    """

    q: Array
    gradient: Array


def check_width(width: int) -> int:
    """`width` if it is within `WIDTH_BOUNDS`.

    Raises:
        UsageError: any other number.
    """
    lo, hi = WIDTH_BOUNDS
    if not lo <= width <= hi:
        raise UsageError(f"--width {width} is out of range; use {lo} to {hi:,}")
    return width


def simulate(
    cases: Sequence[tuple[Activation, float, float]],
    depth: int,
    width: int = WIDTH,
    q0: float = Q_START,
    seed: int = SEED,
) -> list[Measured]:
    """Push `BATCH` random inputs through one random network per (activation, σ_w, σ_b), and back.

    The weights are drawn layer by layer from ``default_rng([seed, l])`` in float32, once
    for all networks, and kept for the backward pass (depth × width² × 4 bytes).

    Raises:
        UsageError: bad σ values, depth or width.
    """
    check_depth(depth)
    check_width(width)
    for _, sigma_w, sigma_b in cases:
        check_sigmas(sigma_w, sigma_b)
    n = len(cases)
    scale_w = np.repeat([w for _, w, _ in cases], BATCH)
    scale_b = np.repeat([b for _, _, b in cases], BATCH)
    rng = np.random.default_rng([seed, depth + 1])
    h = [np.tile(math.sqrt(q0) * rng.standard_normal((width, BATCH)), n)]
    layers = [_layer(seed, layer, width) for layer in range(1, depth + 1)]
    for weights, bias in layers:
        h.append(scale_w * (weights @ _apply(cases, h[-1], 0)) + scale_b * bias[:, None])
    delta = np.tile(rng.standard_normal((width, BATCH)), n)
    squares = [np.sum(delta * delta, axis=0)]
    for layer in range(depth, 0, -1):
        weights, _ = layers[layer - 1]
        delta = _apply(cases, h[layer - 1], 1) * (scale_w * (weights.T @ delta.astype(np.float32)))
        squares.append(np.sum(delta * delta, axis=0))
    q = np.array([np.sum(x * x, axis=0) / width for x in h])
    gradient = np.array(squares[::-1]) / squares[0]
    return [
        Measured(
            q=q[:, k * BATCH : (k + 1) * BATCH].mean(axis=1),
            gradient=gradient[:, k * BATCH : (k + 1) * BATCH].mean(axis=1),
        )
        for k in range(n)
    ]


def _layer(seed: int, layer: int, width: int) -> tuple[NDArray[np.float32], Array]:
    """Layer `layer`'s standard normal weights (float32, already divided by √N) and biases."""
    rng = np.random.default_rng([seed, layer])
    weights = rng.standard_normal((width, width), dtype=np.float32)
    weights *= np.float32(1.0 / math.sqrt(width))
    return weights, rng.standard_normal(width)


def _apply(cases: Sequence[tuple[Activation, float, float]], h: Array, order: int) -> NDArray[np.float32]:
    """f (order 0) or f′ (order 1) of each network's columns of h, in float32 like the weights."""
    out = np.empty(h.shape, dtype=np.float32)
    with np.errstate(all="ignore"):
        for k, (activation, _, _) in enumerate(cases):
            columns = slice(k * BATCH, (k + 1) * BATCH)
            out[:, columns] = activation(h[:, columns], order)
    return out
