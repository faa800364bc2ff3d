"""Piecewise-linear and piecewise-quadratic activations: hard sigmoid, hard SiLU, hard tanh, shrinks."""

from __future__ import annotations

import numpy as np

from actplot.activation import REAL_LINE, Array, Break, Entry, Formulas, Interval, Param, Variant, always
from actplot.catalogue import _stable

UNIT_INTERVAL = Interval(0.0, 1.0, lo_closed=True, hi_closed=True)


# hard_sigmoid (and sparse_sigmoid = hard_sigmoid with slope 1/2, offset 1/2) ---------------------


def _hard_sigmoid_ends(slope: float, offset: float) -> tuple[float, float]:
    """Where slope·x + offset leaves [0, 1]: x = −offset/slope and (1 − offset)/slope."""
    return -offset / slope, (1.0 - offset) / slope


def _hard_sigmoid(x: Array, slope: float, offset: float) -> Array:
    """f(x) = clip(slope·x + offset, 0, 1); x is clipped to the ramp first, so slope·x cannot overflow."""
    lo, hi = _hard_sigmoid_ends(slope, offset)
    return np.clip(slope * np.clip(x, lo, hi) + offset, 0.0, 1.0)


def _hard_sigmoid_d1(x: Array, slope: float, offset: float) -> Array:
    """f′(x) = slope on the open ramp, else 0: we take f′ = 0 at both ends, as PyTorch."""
    lo, hi = _hard_sigmoid_ends(slope, offset)
    return _stable.keep_nan(x, np.where((x > lo) & (x < hi), slope, 0.0))


def _hard_sigmoid_d2(x: Array, slope: float, offset: float) -> Array:
    """f″(x) = 0 (plus slope·δ at the lower end and −slope·δ at the upper one)."""
    return _stable.zero(x)


def _hard_sigmoid_breaks(slope: float, offset: float) -> tuple[Break, ...]:
    """Kinks at both ends of the ramp."""
    lo, hi = _hard_sigmoid_ends(slope, offset)
    return (Break(lo, 1), Break(hi, 1))


def _sparse_sigmoid(x: Array) -> Array:
    """f(x) = clip((x + 1)/2, 0, 1)."""
    return _hard_sigmoid(x, 0.5, 0.5)


def _sparse_sigmoid_d1(x: Array) -> Array:
    """f′(x) = 1/2 for |x| < 1, else 0 (0 at ±1, as hard_sigmoid in PyTorch)."""
    return _hard_sigmoid_d1(x, 0.5, 0.5)


# hard_silu --------------------------------------------------------------------------------------


def _hard_silu(x: Array) -> Array:
    """f(x) = x·relu6(x + 3)/6: 0 for x ≤ −3, x(x + 3)/6 between, x for x ≥ 3."""
    ramp = np.clip(x, -3.0, 3.0)
    return np.where(x <= -3.0, 0.0, np.where(x < 3.0, ramp * (ramp + 3.0) / 6.0, x))


def _hard_silu_d1(x: Array) -> Array:
    """f′(x) = 0 for x ≤ −3, (2x + 3)/6 on (−3, 3), 1 for x ≥ 3.

    At ±3 we take the outer pieces, as the autodiff of PyTorch 2.13 and JAX 0.10: f′(−3) = 0, f′(3) = 1.
    """
    ramp = np.clip(x, -3.0, 3.0)
    return _stable.keep_nan(x, np.where(x <= -3.0, 0.0, np.where(x < 3.0, (2.0 * ramp + 3.0) / 6.0, 1.0)))


def _hard_silu_d2(x: Array) -> Array:
    """f″(x) = 1/3 on (−3, 3), else 0 (the side f′ takes at ±3) (plus −δ(x + 3)/2 − δ(x − 3)/2)."""
    return _stable.keep_nan(x, np.where(np.abs(x) < 3.0, 1.0 / 3.0, 0.0))


# hard_tanh --------------------------------------------------------------------------------------


def _hard_tanh(x: Array, min_val: float, max_val: float) -> Array:
    """f(x) = clip(x, min_val, max_val)."""
    return np.clip(x, min_val, max_val)


def _hard_tanh_d1(x: Array, min_val: float, max_val: float) -> Array:
    """f′(x) = 1 for min_val < x < max_val, else 0: we take f′ = 0 at both ends, as PyTorch."""
    return _stable.keep_nan(x, np.where((x > min_val) & (x < max_val), 1.0, 0.0))


def _hard_tanh_d2(x: Array, min_val: float, max_val: float) -> Array:
    """f″(x) = 0 (plus δ(x − min_val) − δ(x − max_val))."""
    return _stable.zero(x)


def _hard_tanh_validate(min_val: float, max_val: float) -> str | None:
    """None if min_val < max_val (a non-empty ramp), else what is wrong."""
    return None if min_val < max_val else f"min_val={min_val:g} must be less than max_val={max_val:g}"


# hard_shrink and soft_shrink --------------------------------------------------------------------


def _hard_shrink(x: Array, lambd: float) -> Array:
    """f(x) = x for |x| > λ, else 0: we take f(±λ) = 0, as PyTorch."""
    return np.where(np.abs(x) <= lambd, 0.0, x)


def _outside(x: Array, lambd: float) -> Array:
    """[|x| > λ]: the slope of both shrinks; we take 0 at ±λ, as PyTorch.

    λ = 0 is the identity, with slope 1 everywhere: PyTorch's 0 at x = 0 would be a lone
    point with no break to explain it.
    """
    return _stable.keep_nan(x, np.where((np.abs(x) > lambd) | (lambd == 0), 1.0, 0.0))


def _shrink_d2(x: Array, lambd: float) -> Array:
    """f″(x) = 0 (the shrinks' jumps are impulses at ±λ)."""
    return _stable.zero(x)


def _shrink_breaks(order: int, lambd: float) -> tuple[Break, ...]:
    """Breaks of the given order at ±λ; none for λ = 0 (the identity)."""
    return (Break(-lambd, order), Break(lambd, order)) if lambd > 0 else ()


def _soft_shrink(x: Array, lambd: float) -> Array:
    """f(x) = x − clip(x, −λ, λ): x − λ above λ, x + λ below −λ, 0 between."""
    return x - np.clip(x, -lambd, lambd)


# sparse_plus ------------------------------------------------------------------------------------


def _sparse_plus(x: Array) -> Array:
    """f(x) = 0 for x ≤ −1, (x + 1)²/4 for |x| < 1, x for x ≥ 1."""
    ramp = np.clip(x, -1.0, 1.0)
    return np.where(x <= -1.0, 0.0, np.where(x < 1.0, (ramp + 1.0) ** 2 / 4.0, x))


ENTRIES = (
    Entry(
        name="hard_sigmoid",
        summary="clip(slope·x + offset, 0, 1): a piecewise-linear sigmoid, = relu6(x + 3)/6 by default.",
        params=(
            Param("slope", 1.0 / 6.0, "slope of the ramp (0.2 in Keras 2 / tf.keras)", domain="positive"),
            Param("offset", 0.5, "value at x = 0"),
        ),
        f=_hard_sigmoid,
        df=_hard_sigmoid_d1,
        d2f=_hard_sigmoid_d2,
        breaks=_hard_sigmoid_breaks,
        output_range=always(UNIT_INTERVAL),
        monotonic=always("non-decreasing"),
        formulas=Formulas(
            mathtext=(
                r"$\mathrm{clip}(a\,x+b,\ 0,\ 1)$",
                r"$a$ if $-b/a<x<(1-b)/a$ else $0$",
                r"$a\,\delta(x+b/a)-a\,\delta(x-(1-b)/a)$",
            ),
            unicode=(
                "clip(a·x + b, 0, 1)",
                "a if −b/a < x < (1 − b)/a else 0",
                "a·δ(x + b/a) − a·δ(x − (1 − b)/a)",
            ),
            symbols={"a": "slope", "b": "offset"},
        ),
        notes="a = slope, b = offset. Cheap: no exp, the gradient is slope on the ramp and exactly 0 "
        "outside it, so it saturates even harder than sigmoid. The default ramp runs from −3 to 3 "
        "(relu6(x + 3)/6); hard_sigmoid:slope=0.2 gives Keras 2's ramp from −2.5 to 2.5.",
        reference="Courbariaux, Bengio & David, BinaryConnect (2015); Howard et al., Searching for "
        "MobileNetV3 (2019)",
        frameworks={
            "PyTorch": "nn.Hardsigmoid",
            "Keras": "keras.activations.hard_sigmoid",
            "JAX": "jax.nn.hard_sigmoid",
        },
        differences="PyTorch, JAX and Keras 3 use relu6(x + 3)/6 (slope 1/6, offset 1/2); Keras 2 / "
        "tf.keras (TensorFlow ≤ 2.15) used clip(0.2x + 0.5, 0, 1): hard_sigmoid:slope=0.2. PyTorch's "
        "gradient is 0 at x = ±3.",
        variants={
            "torch": Variant("torch.nn.functional.hardsigmoid", fixed={"slope": 1 / 6, "offset": 0.5}),
            "jax": Variant("jax.nn.hard_sigmoid", fixed={"slope": 1 / 6, "offset": 0.5}),
            "keras": Variant("keras.activations.hard_sigmoid", fixed={"slope": 1 / 6, "offset": 0.5}),
            "keras2": Variant(
                "tf.keras.activations.hard_sigmoid",
                fixed={"slope": 0.2, "offset": 0.5},
                note="clip(0.2x + 0.5, 0, 1)",
            ),
        },
    ),
    Entry(
        name="hard_silu",
        aliases=("hard_swish",),
        summary="x·hard_sigmoid(x) = x·relu6(x + 3)/6: MobileNetV3's cheap SiLU.",
        f=_hard_silu,
        df=_hard_silu_d1,
        d2f=_hard_silu_d2,
        breaks=always((Break(-3.0, 1), Break(3.0, 1))),
        output_range=always(Interval(-0.375, np.inf, lo_closed=True)),
        monotonic=always("no"),
        formulas=Formulas(
            mathtext=(
                r"$x\,\dfrac{\mathrm{relu6}(x+3)}{6}$",
                r"$0$ if $x\leq -3$ else $\dfrac{2x+3}{6}$ if $x<3$ else $1$",
                r"$\dfrac{1}{3}\,[\,|x|<3\,]-\dfrac{1}{2}\delta(x+3)-\dfrac{1}{2}\delta(x-3)$",
            ),
            unicode=(
                "x·relu6(x + 3)/6",
                "0 if x ≤ −3 else (2x + 3)/6 if x < 3 else 1",
                "[|x| < 3]/3 − δ(x + 3)/2 − δ(x − 3)/2",
            ),
        ),
        notes="A quadratic piece x(x + 3)/6 between −3 and 3 joins 0 and x. Not smooth: f′ jumps "
        "from 0 to −1/2 at −3 and from 3/2 to 1 at 3 (kinks), and its minimum is −3/8 at x = −3/2. "
        "At the kinks the autodiff of PyTorch 2.13 (hardswish backward) and JAX 0.10 takes the outer "
        "pieces, f′(−3) = 0 and f′(3) = 1, and so do we.",
        reference="Howard et al., Searching for MobileNetV3 (2019)",
        frameworks={
            "PyTorch": "nn.Hardswish",
            "Keras": "keras.activations.hard_silu (alias hard_swish)",
            "JAX": "jax.nn.hard_silu (alias hard_swish)",
        },
        variants={
            "torch": Variant("torch.nn.functional.hardswish"),
            "jax": Variant("jax.nn.hard_silu"),
            "keras": Variant("keras.activations.hard_silu"),
        },
    ),
    Entry(
        name="hard_tanh",
        summary="clip(x, min_val, max_val): a piecewise-linear tanh.",
        params=(
            Param("min_val", -1.0, "lower end of the linear region"),
            Param("max_val", 1.0, "upper end of the linear region"),
        ),
        f=_hard_tanh,
        df=_hard_tanh_d1,
        d2f=_hard_tanh_d2,
        breaks=lambda min_val, max_val: (Break(min_val, 1), Break(max_val, 1)),
        output_range=lambda min_val, max_val: Interval(min_val, max_val, lo_closed=True, hi_closed=True),
        monotonic=always("non-decreasing"),
        validate=_hard_tanh_validate,
        formulas=Formulas(
            mathtext=(
                r"$\mathrm{clip}(x,\ m,\ M)$",
                r"$[\,m<x<M\,]$",
                r"$\delta(x-m)-\delta(x-M)$",
            ),
            unicode=("clip(x, m, M)", "[m < x < M]", "δ(x − m) − δ(x − M)"),
            symbols={"m": "min_val", "M": "max_val"},
        ),
        notes="m = min_val, M = max_val. The identity on [m, M], constant outside: the gradient is 1 "
        "or 0, with PyTorch's 0 at both ends.",
        reference="Collobert, Large scale machine learning (PhD thesis, 2004)",
        frameworks={
            "PyTorch": "nn.Hardtanh(min_val, max_val)",
            "Keras": "keras.activations.hard_tanh",
            "JAX": "jax.nn.hard_tanh",
        },
        differences="Keras and JAX fix the interval at [−1, 1]; PyTorch has min_val and max_val. At ±1 "
        "PyTorch 2.13 takes f′ = 0, JAX 0.10 (jax.grad) takes 1.",
        variants={
            "torch": Variant("torch.nn.functional.hardtanh"),
            "jax": Variant(
                "jax.nn.hard_tanh",
                fixed={"min_val": -1.0, "max_val": 1.0},
                at_breaks=always({(-1.0, 1): 1.0, (1.0, 1): 1.0}),
                note="f′(±1) = 1",
            ),
            "keras": Variant(
                "keras.activations.hard_tanh",
                fixed={"min_val": -1.0, "max_val": 1.0},
                at_breaks=always({(-1.0, 1): 1.0, (1.0, 1): 1.0}),
                note="f′(±1) = 1",
            ),
        },
    ),
    Entry(
        name="hard_shrink",
        summary="x where |x| > λ, else 0: hard thresholding.",
        params=(Param("lambd", 0.5, "threshold λ", domain="nonnegative"),),
        f=_hard_shrink,
        df=_outside,
        d2f=_shrink_d2,
        breaks=lambda lambd: _shrink_breaks(0, lambd),
        output_range=always(REAL_LINE),
        monotonic=always("non-decreasing"),
        formulas=Formulas(
            mathtext=(
                r"$x\,[\,|x|>\lambda\,]$",
                r"$[\,|x|>\lambda\,]+\lambda\,\delta(x+\lambda)+\lambda\,\delta(x-\lambda)$",
                r"$\delta(x-\lambda)-\delta(x+\lambda)+\lambda\,\delta'(x+\lambda)+\lambda\,\delta'(x-\lambda)$",
            ),
            unicode=(
                "x·[|x| > λ]",
                "[|x| > λ] + λ·δ(x + λ) + λ·δ(x − λ)",
                "δ(x − λ) − δ(x + λ) + λ·δ′(x + λ) + λ·δ′(x − λ)",
            ),
            symbols={"λ": "lambd"},
        ),
        notes="Zeroes small inputs and keeps large ones unchanged, so the value jumps by λ at ±λ; "
        "PyTorch returns 0 at x = ±λ and a gradient of 0 there. The output skips (−λ, 0) and (0, λ).",
        reference="Donoho & Johnstone, Ideal spatial adaptation by wavelet shrinkage (1994)",
        frameworks={"PyTorch": "nn.Hardshrink(lambd)", "Keras": "keras.activations.hard_shrink(threshold)"},
        differences="Keras calls λ `threshold`; JAX has no hard_shrink. For λ = 0 (the identity) "
        "PyTorch's gradient at 0 is 0; actplot gives 1 there, as there is no break to carry it.",
        variants={
            "torch": Variant("torch.nn.functional.hardshrink"),
            "keras": Variant("keras.activations.hard_shrink", renames={"lambd": "threshold"}),
        },
    ),
    Entry(
        name="soft_shrink",
        summary="x − clip(x, −λ, λ): soft thresholding, the proximal map of λ|x|.",
        params=(Param("lambd", 0.5, "threshold λ", domain="nonnegative"),),
        f=_soft_shrink,
        df=_outside,
        d2f=_shrink_d2,
        breaks=lambda lambd: _shrink_breaks(1, lambd),
        output_range=always(REAL_LINE),
        monotonic=always("non-decreasing"),
        formulas=Formulas(
            mathtext=(
                r"$\mathrm{sign}(x)\,\max(|x|-\lambda,\ 0)$",
                r"$[\,|x|>\lambda\,]$",
                r"$\delta(x-\lambda)-\delta(x+\lambda)$",
            ),
            unicode=("sign(x)·max(|x| − λ, 0)", "[|x| > λ]", "δ(x − λ) − δ(x + λ)"),
            symbols={"λ": "lambd"},
        ),
        notes="Shrinks every input towards 0 by λ and zeroes the small ones: the step of ISTA / lasso "
        "solvers. Continuous, with kinks at ±λ where PyTorch takes the gradient 0.",
        reference="Donoho & Johnstone, Ideal spatial adaptation by wavelet shrinkage (1994)",
        frameworks={"PyTorch": "nn.Softshrink(lambd)", "Keras": "keras.activations.soft_shrink(threshold)"},
        differences="Keras calls λ `threshold`; JAX has no soft_shrink. For λ = 0 (the identity) "
        "PyTorch's gradient at 0 is 0; actplot gives 1 there, as there is no break to carry it.",
        variants={
            "torch": Variant("torch.nn.functional.softshrink"),
            "keras": Variant("keras.activations.soft_shrink", renames={"lambd": "threshold"}),
        },
    ),
    Entry(
        name="sparse_plus",
        summary="0, then (x + 1)²/4 on (−1, 1), then x: a softplus with exact zeros, C¹.",
        f=_sparse_plus,
        df=_sparse_sigmoid,
        d2f=_sparse_sigmoid_d1,
        breaks=always((Break(-1.0, 2), Break(1.0, 2))),
        output_range=always(Interval(0.0, np.inf, lo_closed=True)),
        monotonic=always("non-decreasing"),
        formulas=Formulas(
            mathtext=(
                r"$0$ if $x\leq -1$ else $\dfrac{(x+1)^2}{4}$ if $x<1$ else $x$",
                r"$\mathrm{clip}\left(\dfrac{x+1}{2},\ 0,\ 1\right)$",
                r"$\dfrac{1}{2}\,[\,|x|<1\,]$",
            ),
            unicode=(
                "0 if x ≤ −1 else (x + 1)²/4 if x < 1 else x",
                "clip((x + 1)/2, 0, 1)",
                "[|x| < 1]/2",
            ),
        ),
        notes="Convex, monotonic and exactly 0 for x ≤ −1 (sparse outputs), with a continuous slope "
        "(sparse_sigmoid); only the curvature jumps, from 0 to 1/2 at −1 and back at 1. f″ at ±1 "
        "takes the outer pieces' 0, as JAX's where does.",
        reference="Blondel, Martins & Niculae, Learning with Fenchel-Young losses (2020)",
        frameworks={"Keras": "keras.activations.sparse_plus", "JAX": "jax.nn.sparse_plus"},
        differences="PyTorch has no sparse_plus.",
    ),
    Entry(
        name="sparse_sigmoid",
        summary="clip((x + 1)/2, 0, 1): the derivative of sparse_plus, a hard sigmoid on [−1, 1].",
        f=_sparse_sigmoid,
        df=_sparse_sigmoid_d1,
        d2f=_stable.zero,
        breaks=always((Break(-1.0, 1), Break(1.0, 1))),
        output_range=always(UNIT_INTERVAL),
        monotonic=always("non-decreasing"),
        formulas=Formulas(
            mathtext=(
                r"$\mathrm{clip}\left(\dfrac{x+1}{2},\ 0,\ 1\right)$",
                r"$\dfrac{1}{2}\,[\,|x|<1\,]$",
                r"$\dfrac{1}{2}\,\delta(x+1)-\dfrac{1}{2}\,\delta(x-1)$",
            ),
            unicode=("clip((x + 1)/2, 0, 1)", "[|x| < 1]/2", "δ(x + 1)/2 − δ(x − 1)/2"),
        ),
        notes="hard_sigmoid:slope=0.5 under another name: exactly 0 below −1 and 1 above 1. "
        "f′ at ±1 is taken as 0, as PyTorch's hard_sigmoid does at its ends.",
        reference="Blondel, Martins & Niculae, Learning with Fenchel-Young losses (2020)",
        frameworks={"Keras": "keras.activations.sparse_sigmoid", "JAX": "jax.nn.sparse_sigmoid"},
        differences="PyTorch has no sparse_sigmoid. At ±1 JAX 0.10 (jax.grad) takes f′ = 1/4, the mean "
        "of its sides.",
        variants={
            "jax": Variant(
                "jax.nn.sparse_sigmoid",
                at_breaks=always({(-1.0, 1): 0.25, (1.0, 1): 0.25}),
                note="f′(±1) = 1/4",
            ),
            "keras": Variant(
                "keras.activations.sparse_sigmoid",
                at_breaks=always({(-1.0, 1): 0.25, (1.0, 1): 0.25}),
                note="f′(±1) = 1/4",
            ),
        },
    ),
)
