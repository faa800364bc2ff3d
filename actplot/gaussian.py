"""Gaussian expectations of an activation and its derivatives, to about 1e-13 relative (numpy only).

E[g(m + s·z)], z ~ N(0, 1), is integrated in z with composite Gauss–Legendre: the line is cut
at every break of the activation (mapped to z = (b − m)/s), on a unit grid in z and on a unit
grid in x near the origin (where activations have their features), and the Gaussian is
truncated at ±12 standard deviations (mass beyond: 4e-33).  No node lands on a break, so the
value a derivative takes there (PyTorch's relu′(0) = 0) never enters.  The Dirac terms of a
derivative — a jump J of order m at b gives J·δ^(k−1−m)(x − b) in order k — are added
exactly: J times the Gaussian density at b.

Everything is vectorised over rows: one row per mean (and standard deviation), so the
q-grid of a fixed-point search or the inner integrals of a bivariate expectation are one call.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import ArrayLike

from actplot.activation import Activation, Array, same_limit
from actplot.sampling import one_sided_limits

#: Standard deviations kept on each side.
Z_CUT = 12.0


@dataclass(frozen=True)
class Rule:
    """A composite Gauss–Legendre rule: `order` nodes per panel, panels cut on a z-grid and an x-grid."""

    order: int
    z_grid: Array
    x_grid: Array

    @cached_property
    def legendre(self) -> tuple[Array, Array]:
        """Gauss–Legendre nodes and weights on [−1, 1]."""
        t, w = np.polynomial.legendre.leggauss(self.order)
        return np.asarray(t), np.asarray(w)


#: For one-dimensional expectations: panels of unit width in z and in x (|x| ≤ 8); error ~1e-16.
FINE = Rule(12, np.linspace(-Z_CUT, Z_CUT, 25), np.linspace(-8.0, 8.0, 17))
#: For the two-dimensional ones (squared cost): panels twice as wide; error ~1e-13.
COARSE = Rule(12, np.linspace(-Z_CUT, Z_CUT, 13), np.linspace(-8.0, 8.0, 9))
#: Offsets, in conditional standard deviations, of the extra outer cuts around a break (`pair_moment`).
_NEAR = np.array([-16.0, -8.0, -4.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0])
#: Smallest standard deviation used: a variance of 0 is a point mass, integrated as a very narrow Gaussian.
TINY_SD = 1e-150
_SQRT_2PI = math.sqrt(2.0 * math.pi)


@dataclass(frozen=True)
class Nodes:
    """Nodes for rows of Gaussians N(mean, sd²): x and z of shape (rows, n), weights summing to 1."""

    x: Array
    z: Array
    w: Array


def density(x: ArrayLike, mean: ArrayLike, sd: ArrayLike) -> Array:
    """The N(mean, sd²) density at x."""
    u = (np.asarray(x) - np.asarray(mean)) / np.asarray(sd)
    return np.asarray(np.exp(-0.5 * u * u) / (_SQRT_2PI * np.asarray(sd)), dtype=np.float64)


def nodes(mean: ArrayLike, sd: ArrayLike, breaks: Array, rule: Rule = FINE) -> Nodes:
    """Composite Gauss–Legendre nodes for each row's N(mean, sd²), cut at the breaks x = `breaks`."""
    m = np.atleast_1d(np.asarray(mean, dtype=np.float64))[:, None]
    s = np.maximum(
        np.broadcast_to(np.atleast_1d(np.asarray(sd, dtype=np.float64))[:, None], m.shape), TINY_SD
    )
    in_z = np.concatenate([rule.x_grid[None, :], breaks[None, :]], axis=1)
    cuts = np.concatenate(
        [
            np.broadcast_to(rule.z_grid, (m.shape[0], rule.z_grid.size)),
            np.clip((in_z - m) / s, -Z_CUT, Z_CUT),
        ],
        axis=1,
    )
    cuts.sort(axis=1)
    half = (cuts[:, 1:] - cuts[:, :-1]) / 2.0
    mid = (cuts[:, 1:] + cuts[:, :-1]) / 2.0
    t, weights = rule.legendre
    z = (mid[..., None] + half[..., None] * t).reshape(m.shape[0], -1)
    w = (half[..., None] * weights).reshape(m.shape[0], -1) * np.exp(-0.5 * z * z) / _SQRT_2PI
    return Nodes(m + s * z, z, w)


@dataclass(frozen=True)
class Diracs:
    """Where f and f′ jump: the Dirac terms of f′ (weights `df`, from jumps of f) and of f″ (`d2f`)."""

    x: Array
    jump_f: Array
    jump_df: Array

    @property
    def jumps(self) -> bool:
        """Whether f itself jumps somewhere (then f′ carries δ terms)."""
        return bool(np.any(self.jump_f != 0))


class Integrand:
    """An activation prepared for Gaussian expectations: its breaks and the jumps there."""

    def __init__(self, activation: Activation) -> None:
        self.activation = activation
        self.breaks = np.array([b.x for b in activation.breaks], dtype=np.float64)

    @cached_property
    def diracs(self) -> Diracs:
        """The jumps of f and f′ at the breaks of order 0 and 1, from their one-sided limits."""
        points, jump_f, jump_df = [], [], []
        for br in self.activation.breaks:
            if br.order > 1:
                continue
            left, right = one_sided_limits(self.activation, br.x)
            points.append(br.x)
            jump_f.append(0.0 if same_limit(left[0], right[0]) else right[0] - left[0])
            jump_df.append(0.0 if same_limit(left[1], right[1]) else right[1] - left[1])
        return Diracs(np.array(points), np.array(jump_f), np.array(jump_df))

    def values(self, x: Array, orders: tuple[int, ...]) -> list[Array]:
        """f, f′ or f″ at x (any shape), with overflow warnings silenced (an infinite mean is the answer)."""
        with np.errstate(all="ignore"):
            flat = self.activation.values(x.ravel(), orders)
        return [v.reshape(x.shape) for v in flat]


@dataclass(frozen=True)
class Moments:
    """Expectations over x ~ N(0, q), one entry per q.

    Attributes:
        q: the variances.
        mean: E[f(x)].
        square: E[f(x)²].
        slope: E[f′(x)²]; infinite where f jumps (f′ has a δ there).
        growth: d E[f(√q z)²]/dq = E[f′² + f f″] (Dirac terms of f″ included); where f jumps,
            that product is undefined and Stein's lemma gives the same derivative as E[f²(z² − 1)]/(2q).
    """

    q: Array
    mean: Array
    square: Array
    slope: Array
    growth: Array


def moments(integrand: Integrand, q: ArrayLike) -> Moments:
    """E[f], E[f²], E[f′²] and d E[f²]/dq for x ~ N(0, q), for each q ≥ 0.

    E[f²] and E[f′²] are infinite where the nodes at ±12 standard deviations still carry
    more than 1e-15 of them (growth like e^x at large q: the truncated sum would be too small).
    """
    q = np.atleast_1d(np.asarray(q, dtype=np.float64))
    sd = np.maximum(np.sqrt(q), TINY_SD)
    at = nodes(np.zeros_like(q), sd, integrand.breaks)
    f, df, d2f = integrand.values(at.x, (0, 1, 2))
    dirac = integrand.diracs
    with np.errstate(all="ignore"):
        mean = np.sum(at.w * f, axis=1)
        square = _captured(at.w * f * f)
        slope = _captured(at.w * df * df)
        if dirac.jumps:
            # f′ has J·δ(x − b): its square is infinite wherever the Gaussian reaches b.
            reached = np.any((dirac.jump_f != 0) & (density(dirac.x, 0.0, sd[:, None]) > 0), axis=1)
            slope = np.where(reached, np.inf, slope)
            growth = np.sum(at.w * f * f * (at.z * at.z - 1.0), axis=1) / (2.0 * sd * sd)
        else:
            at_break = integrand.values(dirac.x, (0,))[0]
            kinks = dirac.jump_df * at_break * density(dirac.x, 0.0, sd[:, None])
            growth = slope + np.sum(at.w * f * d2f, axis=1) + np.sum(kinks, axis=1)
        growth = np.where(np.isinf(square), np.inf, growth)
    return Moments(q, mean, square, slope, growth)


def _captured(terms: Array) -> Array:
    """Row sums of non-negative terms, ∞ where the outermost nodes hold more than 1e-15 of the sum."""
    total = np.sum(terms, axis=1)
    edges = terms[:, 0] + terms[:, -1]
    return np.asarray(np.where(edges > 1e-15 * total, np.inf, total))


def pair_moment(integrand: Integrand, q: float, c: float, order: int) -> float:
    """E[f(u₁) f(u₂)] (order 0) or E[f′(u₁) f′(u₂)] (order 1); (u₁, u₂) Gaussian, variances q, correlation c.

    A product rule: u₁ = √q z₁ on the outer nodes, and for each, u₂ given u₁ is
    N(c u₁, q(1 − c²)), integrated on its own nodes cut at the breaks.  Where f jumps, f′'s
    δ terms enter exactly: J times the density at the break, outside and inside.
    """
    sd = max(math.sqrt(q), TINY_SD)
    spread = sd * math.sqrt(max(1.0 - c * c, 0.0))
    cuts = integrand.breaks
    if c != 0.0 and cuts.size:
        # Given u₁, the inner mean c·u₁ crosses a break b at u₁ = b/c, over a width spread/|c|.
        cuts = np.concatenate([cuts, (cuts[:, None] + spread * _NEAR[None, :]).ravel() / c])
    outer = nodes(0.0, sd, cuts, COARSE)
    x1, w1 = outer.x[0], outer.w[0]
    with np.errstate(all="ignore"):
        total = float(
            np.sum(w1 * integrand.values(x1, (order,))[0] * _inner(integrand, c * x1, spread, order))
        )
        dirac = integrand.diracs
        if order == 1 and dirac.jumps:
            inside = _inner(integrand, c * dirac.x, spread, order)
            total += float(np.sum(dirac.jump_f * density(dirac.x, 0.0, sd) * inside))
    return total


def _inner(integrand: Integrand, mean: Array, spread: float, order: int) -> Array:
    """E[f^(order)(u₂)] for u₂ ~ N(mean, spread²), one per mean, with the δ terms of f′ where f jumps."""
    inner = nodes(mean, spread, integrand.breaks, COARSE)
    total = np.sum(inner.w * integrand.values(inner.x, (order,))[0], axis=1)
    dirac = integrand.diracs
    if order == 1 and dirac.jumps:
        total = total + np.sum(
            dirac.jump_f * density(dirac.x[None, :], mean[:, None], max(spread, TINY_SD)), axis=1
        )
    return np.asarray(total)
