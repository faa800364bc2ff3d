"""Mean-field signal propagation: what an activation does to a deep random network (numpy only).

A fully connected network with weights N(0, σ_w²/N) and biases N(0, σ_b²), at infinite width
(Poole et al. 2016, "Exponential expressivity in deep neural networks through transient chaos";
Schoenholz et al. 2017, "Deep Information Propagation"), with z ~ N(0, 1):

- the length map q_{l+1} = σ_w² E[f(√q_l z)²] + σ_b², its fixed point q* and its slope there,
  σ_w² E[f′² + f f″] (the Dirac terms of f″ included) — q* is stable when it is below 1;
- χ₁ = σ_w² E[f′(√q* z)²]: < 1 ordered (gradients vanish as χ₁^L), > 1 chaotic, = 1 critical;
- the correlation map c_{l+1} = (σ_w² E[f(u₁) f(u₂)] + σ_b²)/q*, its fixed point c* and slope
  χ_c = σ_w² E[f′(u₁) f′(u₂)] there ((u₁, u₂) with variances q* and correlation c*);
- depth scales ξ_q = −1/ln(slope of the length map) and ξ_c = −1/ln χ_c;
- the gain g = 1/√E[f(z)²]: the σ_w that keeps q = 1 from layer to layer with σ_b = 0.

Expectations come from `actplot.gaussian` (quadrature split at the breaks, no Monte Carlo).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike

from actplot.activation import Activation, Array
from actplot.api import get
from actplot.errors import UsageError
from actplot.gaussian import TINY_SD, Integrand, Moments, moments, pair_moment

Phase = Literal["ordered", "critical", "chaotic"]
#: Where fixed points are looked for: q = 0 and 10⁻⁸ … 10⁸, four points a decade.
Q_GRID = np.concatenate([[0.0], np.logspace(-8.0, 8.0, 65)])
#: The variance the length map starts from, and the largest one: beyond it q* counts as infinite.
Q_START = 1.0
Q_INFINITE = float(Q_GRID[-1])
#: Relative size under which Q(q) − q counts as 0 (a fixed point, not a crossing).
FIXED = 1e-12
#: |χ₁ − 1| under which a point is on the edge of chaos.
CRITICAL = 1e-9
#: How close to 1 the correlation map is probed for its fixed point below 1.
C_BELOW_ONE = 1e-6


@dataclass(frozen=True)
class Propagation:
    """How signals and gradients propagate through a deep random network with one activation.

    Attributes:
        spec: the activation.
        sigma_w: weight standard deviation (times √fan-in).
        sigma_b: bias standard deviation.
        q_star: the length map's fixed point reached from q₀ = 1 (∞: it grows without bound; χ₁
            and the slope are then their limits, taken at q = 10⁸, and c*, χ_c, ξ_c are NaN).
        q_slope: the length map's slope at q*, σ_w² E[f′² + f f″]; q* is stable if it is < 1.
        chi_1: σ_w² E[f′(√q* z)²], the mean squared gain of a gradient per layer (∞ where f jumps:
            f′ has a δ there).
        phase: ``ordered`` (χ₁ < 1), ``critical`` (χ₁ = 1 to 1e-9) or ``chaotic`` (χ₁ > 1).
        c_star: the correlation map's stable fixed point (1 unless chaotic).
        chi_c: the correlation map's slope at c*; at c* = 1 it is χ₁ if q* > 0, and 1 if q* = 0
            (signals shrink to where f is linear, or scale-free like relu, and keep their correlations).
        xi_q: −1/ln(q_slope), the depth over which q approaches q* (∞ where it does not).
        xi_c: −1/ln|χ_c|, the depth over which correlations approach c* (∞ on the edge of chaos).
        gain: 1/√E[f(z)²], the variance-preserving σ_w.
        critical_sigma_w: the σ_w on the edge of chaos at this σ_b (NaN: none).
        torch_gain: ``torch.nn.init.calculate_gain`` for this activation, None where it has none.
        torch_note: how that value relates to `gain`, in one line ("" where there is none).
    """

    spec: str
    sigma_w: float
    sigma_b: float
    q_star: float
    q_slope: float
    chi_1: float
    phase: Phase
    c_star: float
    chi_c: float
    xi_q: float
    xi_c: float
    gain: float
    critical_sigma_w: float
    torch_gain: float | None
    torch_note: str

    @property
    def q_stable(self) -> bool:
        """Whether q* attracts: the length map's slope there is below 1."""
        return abs(self.q_slope) < 1.0

    def as_dict(self) -> dict[str, Any]:
        """The fields as a dictionary (floats may be ∞ or NaN)."""
        return {**asdict(self), "q_stable": self.q_stable}


def check_sigmas(sigma_w: float, sigma_b: float | ArrayLike) -> None:
    """Refuse σ_w ≤ 0 or σ_b < 0 or anything not finite.

    Raises:
        UsageError: the bad value, named.
    """
    if not (math.isfinite(sigma_w) and sigma_w > 0):
        raise UsageError(f"--sigma-w {sigma_w:g} is out of range; use a number > 0, e.g. 1")
    for b in np.atleast_1d(np.asarray(sigma_b, dtype=np.float64)):
        if not (math.isfinite(b) and b >= 0):
            raise UsageError(f"--sigma-b {b:g} is out of range; use a number ≥ 0, e.g. 0")


def propagate(spec: str | Activation, sigma_w: float = 1.0, sigma_b: float = 0.0) -> Propagation:
    """Fixed points, stability, phase and depth scales of `spec` at (σ_w, σ_b).

    >>> round(propagate("relu", sigma_w=2**0.5).chi_1, 12)
    1.0

    Raises:
        SpecError: a bad spec.
        UsageError: σ_w ≤ 0, σ_b < 0 or not finite.
    """
    check_sigmas(sigma_w, sigma_b)
    activation = get(spec)
    integrand = Integrand(activation)
    table = moments(integrand, Q_GRID)
    q_star = fixed_point(integrand, sigma_w, sigma_b, table)
    at = moments(integrand, min(q_star, Q_INFINITE))
    chi_1 = float(sigma_w**2 * at.slope[0])
    q_slope = float(sigma_w**2 * at.growth[0])
    phase: Phase = "critical" if abs(chi_1 - 1.0) <= CRITICAL else "ordered" if chi_1 < 1.0 else "chaotic"
    # The slope at c = 1 of the correlation map is σ_w² E[f′²]·q/q_{l+1}: χ₁ at a fixed point q* > 0,
    # and 1 in the limit q* → 0 where f is linear (or scale-free) near 0; χ₁ where f is 0 there.
    following = float(sigma_w**2 * at.square[0] + sigma_b**2)
    c_star, chi_c = 1.0, chi_1 * max(q_star, TINY_SD**2) / following if following > 0 else chi_1
    if math.isinf(q_star):
        c_star, chi_c = math.nan, math.nan
    elif phase == "chaotic" and q_star > 0:
        c_star, chi_c = correlation_fixed_point(integrand, q_star, sigma_w, sigma_b)
    gain = variance_gain(integrand)
    torch = torch_gain(activation)
    return Propagation(
        spec=activation.label,
        sigma_w=sigma_w,
        sigma_b=sigma_b,
        q_star=q_star,
        q_slope=q_slope,
        chi_1=chi_1,
        phase=phase,
        c_star=c_star,
        chi_c=chi_c,
        xi_q=depth_scale(q_slope),
        xi_c=depth_scale(chi_c),
        gain=gain,
        critical_sigma_w=float(critical_sigma_w(integrand, np.array([sigma_b]), table)[0]),
        torch_gain=None if torch is None else torch[0],
        torch_note="" if torch is None else torch_note(torch, gain),
    )


def variance_gain(integrand: Integrand) -> float:
    """g = 1/√E[f(z)²]: the σ_w that maps q = 1 to q = 1 with σ_b = 0; ∞ where E[f(z)²] is 0.

    E[f(z)²] is 0 for a function that is 0 wherever the normal density is not negligible, such as
    the difference of two frameworks' versions of one function (softplus@torch(x) - softplus(x)).
    """
    square = float(moments(integrand, 1.0).square[0])
    return math.inf if square == 0 else 1.0 / math.sqrt(square)


def depth_scale(slope: float) -> float:
    """−1/ln|slope|: the depth over which a deviation shrinks by e.

    ∞ when |slope| ≥ 1 − 1e-9 (it does not shrink, or too slowly to say), 0 when it is 0, NaN for NaN.
    """
    size = abs(slope)
    if math.isnan(size):
        return math.nan
    if size >= 1.0 - CRITICAL:
        return math.inf
    return 0.0 if size == 0.0 else -1.0 / math.log(size)


def length_map(integrand: Integrand, q: ArrayLike, sigma_w: float, sigma_b: float) -> Array:
    """q_{l+1} = σ_w² E[f(√q z)²] + σ_b² for each q."""
    return np.asarray(sigma_w**2 * moments(integrand, q).square + sigma_b**2)


def fixed_point(integrand: Integrand, sigma_w: float, sigma_b: float, table: Moments | None = None) -> float:
    """The fixed point q* that iterating the length map from q₀ = 1 approaches (∞ if it grows past 10⁸).

    Q(q) − q is tabulated on `Q_GRID`; from q₀ the iteration moves up while it is positive
    (down while negative) to the first crossing, which is then refined.  This assumes the
    map is increasing in q (true where f² grows with |x|; oscillating activations may differ).
    `table` is `moments` on `Q_GRID`, if already computed.
    """
    grid = Q_GRID
    table = table or moments(integrand, grid)
    image = sigma_w**2 * table.square + sigma_b**2
    gap = image - grid
    level = _is_zero(gap, grid + image)
    start = int(np.searchsorted(grid, Q_START))
    if level[start]:
        return Q_START
    step = 1 if gap[start] > 0 else -1
    i = start
    while 0 <= i + step < grid.size:
        i += step
        if level[i]:
            return float(grid[i])
        if np.sign(gap[i]) != np.sign(gap[start]):
            lo, hi = sorted((i, i - step))

            def residual(q: Array) -> Array:
                return length_map(integrand, q, sigma_w, sigma_b) - q

            return float(_root(residual, grid[[lo]], grid[[hi]], gap[[lo]], gap[[hi]])[0])
    return math.inf if step > 0 else 0.0


def edge_of_chaos(spec: str | Activation, sigma_b: ArrayLike) -> Array:
    """The critical σ_w for each σ_b: where χ₁ = 1 at a fixed point q of the length map (NaN: none).

    On the edge, σ_w² = 1/E[f′²] and q = σ_w² E[f²] + σ_b², so q solves
    q − E[f²]/E[f′²] = σ_b²; of its solutions, the smallest at which `propagate` finds
    χ₁ = 1 at a finite fixed point reached from q₀ = 1 is taken.  For relu it exists only at
    σ_b = 0 (σ_w = √2); for gelu at σ_b = 0, q = 0 has χ₁ = 1 at σ_w = 2 but q₀ = 1 runs
    away from it, so there is none; where f jumps, χ₁ is infinite and there is none.

    Raises:
        SpecError: a bad spec.
        UsageError: a negative or non-finite σ_b.
    """
    check_sigmas(1.0, sigma_b)
    integrand = Integrand(get(spec))
    return critical_sigma_w(
        integrand, np.atleast_1d(np.asarray(sigma_b, dtype=np.float64)), moments(integrand, Q_GRID)
    )


def critical_sigma_w(integrand: Integrand, sigma_b: Array, table: Moments) -> Array:
    """`edge_of_chaos` for a prepared integrand, with `table` (its moments on `Q_GRID`) computed."""
    critical = np.full(sigma_b.shape, np.nan)
    if integrand.diracs.jumps:
        return critical
    grid = Q_GRID
    with np.errstate(all="ignore"):
        excess = grid - table.square / table.slope
    for row, b in enumerate(sigma_b):
        for q in _edge_candidates(integrand, excess - b * b, float(b * b)):
            with np.errstate(divide="ignore"):
                sigma_w = float(1.0 / np.sqrt(moments(integrand, q).slope[0]))
            if not math.isfinite(sigma_w):  # E[f′²] vanishes there: σ_w would be infinite
                continue
            reached = fixed_point(integrand, sigma_w, float(b), table)
            if math.isinf(reached):  # relu at √2 with σ_b > 0: χ₁ = 1, but q grows without a fixed point
                continue
            chi_1 = sigma_w**2 * moments(integrand, min(reached, Q_INFINITE)).slope[0]
            if abs(chi_1 - 1.0) <= CRITICAL:
                critical[row] = sigma_w
                break
    return critical


def _edge_candidates(integrand: Integrand, gap: Array, target: float) -> list[float]:
    """Roots q of q − E[f²]/E[f′²] − σ_b², smallest first (`gap` on `Q_GRID`; `target` is σ_b²)."""
    grid = Q_GRID
    level = _is_zero(gap, grid + target)
    found = []
    for i in range(grid.size):
        if level[i]:
            found.append(float(grid[i]))
        elif i and gap[i - 1] < 0 < gap[i] and not level[i - 1]:

            def residual(q: Array) -> Array:
                m = moments(integrand, q)
                with np.errstate(all="ignore"):
                    return np.asarray(q - m.square / m.slope - target)

            found.append(float(_root(residual, grid[[i - 1]], grid[[i]], gap[[i - 1]], gap[[i]])[0]))
    return found


def correlation_map(integrand: Integrand, c: float, q: float, sigma_w: float, sigma_b: float) -> float:
    """c_{l+1} = (σ_w² E[f(u₁) f(u₂)] + σ_b²)/q_{l+1} for inputs of variance q and correlation c.

    Divided by the next layer's variance q_{l+1} = σ_w² E[f²] + σ_b² (which is q at q*), so
    c = 1 maps to 1 at any q.  Where that variance is 0 (f = 0 almost everywhere and σ_b = 0),
    every input gives the same output, 0: the outputs are as alike as can be, c = 1.
    """
    following = float(length_map(integrand, q, sigma_w, sigma_b)[0])
    if following == 0.0:
        return 1.0
    return (sigma_w**2 * pair_moment(integrand, q, c, 0) + sigma_b**2) / following


def correlation_fixed_point(
    integrand: Integrand, q: float, sigma_w: float, sigma_b: float
) -> tuple[float, float]:
    """The correlation map's fixed point c* below 1 in the chaotic phase, and its slope χ_c there.

    c = 1 is unstable there (χ₁ > 1), so c − C(c) < 0 just below 1 and ≥ 0 at −1; the root
    is bracketed from 0 towards the side where the sign changes.
    """

    def gap(c: Array) -> Array:
        return np.array([correlation_map(integrand, float(v), q, sigma_w, sigma_b) - float(v) for v in c])

    edges = np.array([-1.0, 0.0, 1.0 - C_BELOW_ONE])
    values = gap(edges)
    if values[1] == 0.0:
        c_star = 0.0
    else:
        side = slice(0, 2) if values[1] < 0 else slice(1, 3)
        bracket = (edges[side][:1], edges[side][1:], values[side][:1], values[side][1:])
        c_star = float(_root(gap, *bracket)[0])
    chi_c = sigma_w**2 * pair_moment(integrand, q, c_star, 1)
    return c_star, chi_c


@dataclass(frozen=True)
class Depth:
    """Mean-field predictions over layers 0 … L.

    Attributes:
        q0: the starting variances.
        q: q_l for each starting variance, shape (len(q0), L + 1).
        gradient: E‖∂ℓ/∂h_l‖² / E‖∂ℓ/∂h_L‖² = ∏_{k=l}^{L−1} σ_w² E[f′(√q_k z)²], from q₀ = 1.
    """

    q0: Array
    q: Array
    gradient: Array


def over_depth(
    spec: str | Activation, sigma_w: float, sigma_b: float, depth: int, q0: ArrayLike = (Q_START,)
) -> Depth:
    """q_l from each q₀ and the backpropagated squared gradient norm from q₀ = 1, over `depth` layers.

    Raises:
        UsageError: bad σ values or depth < 1.
    """
    check_sigmas(sigma_w, sigma_b)
    check_depth(depth)
    integrand = Integrand(get(spec))
    starts = np.atleast_1d(np.asarray(q0, dtype=np.float64))
    rows = np.concatenate([[Q_START], starts])
    q = np.empty((rows.size, depth + 1))
    q[:, 0] = rows
    slopes = np.empty(depth)
    for layer in range(depth):
        at = moments(integrand, np.minimum(q[:, layer], Q_INFINITE))
        slopes[layer] = sigma_w**2 * at.slope[0]
        with np.errstate(over="ignore"):
            q[:, layer + 1] = np.where(q[:, layer] > Q_INFINITE, np.inf, sigma_w**2 * at.square + sigma_b**2)
    with np.errstate(all="ignore"):
        gradient = np.append(np.cumprod(slopes[::-1])[::-1], 1.0)
    return Depth(starts, q[1:], gradient)


#: The deepest network `over_depth` and the simulation accept.
MAX_DEPTH = 10_000


def check_depth(depth: int) -> int:
    """`depth` if it is 1 … 10 000.

    Raises:
        UsageError: any other number.
    """
    if not 1 <= depth <= MAX_DEPTH:
        raise UsageError(f"--depth {depth} is out of range; use 1 to {MAX_DEPTH:,}")
    return depth


def torch_gain(activation: Activation) -> tuple[float, str] | None:
    """``torch.nn.init.calculate_gain`` for this activation and why it is what it is, or None.

    PyTorch knows linear/identity (1), sigmoid (1), tanh (5/3), relu (√2), leaky_relu
    (√(2/(1 + slope²))) and selu (3/4); see the ``torch.nn.init`` documentation.
    """
    name = activation.name
    if name == "leaky_relu":
        slope = float(activation.params["negative_slope"])  # type: ignore[arg-type]
        return math.sqrt(2.0 / (1.0 + slope * slope)), "derived the same way: 1/√E[f(z)²]"
    known = {
        "identity": (1.0, "derived the same way ('linear')"),
        "relu": (math.sqrt(2.0), "derived the same way: 1/√E[f(z)²]"),
        "sigmoid": (1.0, "a default, not derived; E[σ(z)²] includes σ's mean of 1/2"),
        "tanh": (5.0 / 3.0, "a fixed constant, not derived; with σ_b = 0 it is on the chaotic side (χ₁ > 1)"),
        "selu": (
            0.75,
            "chosen for gradient flow over self-normalisation; its docs advise 'linear' (1) for SNNs",
        ),
    }
    return known.get(name)


def torch_note(torch: tuple[float, str], gain: float) -> str:
    """``same as PyTorch (…)`` or ``PyTorch: 1.667 — why``."""
    value, why = torch
    if abs(value - gain) <= 1e-9 * gain:
        return f"same as PyTorch's calculate_gain, {why}"
    return f"PyTorch's calculate_gain gives {value:.6g}: {why}"


def _is_zero(values: Array, scale: Array) -> Array:
    """Where `values` are 0 to `FIXED` relative to `scale` (with an absolute floor for q = 0)."""
    return np.asarray(np.isfinite(values) & (np.abs(values) <= FIXED * np.abs(scale) + 1e-200))


def _root(func: Callable[[Array], Array], lo: Array, hi: Array, f_lo: Array, f_hi: Array) -> Array:
    """Roots of `func` (vectorised) in brackets [lo, hi] where it changes sign: the Illinois method.

    Stops when a bracket is 4e-16 of its ends wide, or 1e-15 of the first bracket's largest
    end (a root at 0), or the function is 0 there.
    """
    a, b, fa, fb = (np.array(v, dtype=np.float64) for v in (lo, hi, f_lo, f_hi))
    floor = 1e-15 * np.maximum(np.abs(a), np.abs(b))
    for _ in range(100):
        done = (np.abs(b - a) <= np.maximum(4e-16 * np.maximum(np.abs(a), np.abs(b)), floor)) | (fb == 0)
        if done.all():
            break
        with np.errstate(all="ignore"):
            c = np.where(done, b, b - fb * (b - a) / (fb - fa))
        c = np.where(np.isfinite(c) & (c > np.minimum(a, b)) & (c < np.maximum(a, b)), c, (a + b) / 2)
        fc = func(c)
        flip = np.sign(fc) != np.sign(fb)
        a, fa = np.where(flip, b, a), np.where(flip, fb, fa / 2)
        b, fb = c, fc
    return b
