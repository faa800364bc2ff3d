"""ReLU and its descendants: piecewise functions that are the identity (or close to it) for x > 0."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from actplot.activation import (
    REAL_LINE,
    Array,
    Break,
    Entry,
    Formulas,
    Interval,
    Param,
    Variant,
    always,
    rising,
)
from actplot.catalogue import _stable

NONNEGATIVE = Interval(0.0, np.inf, lo_closed=True)

#: SELU's λ and α (Klambauer et al. 2017), as PyTorch, Keras and JAX round them.
_SELU_SCALE = 1.0507009873554804934193349852946
_SELU_ALPHA = 1.6732632423543772848170429916717

#: min of ELiSH = 2√2 − 3 at x = ln(√2 − 1), correctly rounded.
_ELISH_MIN = -0.1715728752538099


def _relu(x: Array) -> Array:
    """f(x) = max(x, 0)."""
    return np.maximum(x, 0.0)


def _relu_d1(x: Array) -> Array:
    """f′(x) = [x > 0]; we take relu′(0) = 0 as PyTorch does."""
    return _stable.keep_nan(x, x > 0)


def _relu_d2(x: Array) -> Array:
    """f″(x) = 0 away from 0 (plus δ(x), which the sampler draws from the kink)."""
    return _stable.zero(x)


def _leaky_relu(x: Array, negative_slope: float) -> Array:
    """f(x) = x for x > 0, else negative_slope·x (with 0·(−∞) = 0; a product past float64 is ±∞)."""
    with np.errstate(over="ignore"):
        negative = negative_slope * np.minimum(x, 0.0) if negative_slope else _stable.zero(x)
    return np.where(x > 0, x, negative)


def _leaky_relu_d1(x: Array, negative_slope: float) -> Array:
    """f′(x) = 1 for x > 0, else negative_slope; we take f′(0) = negative_slope as PyTorch does."""
    return np.where(x > 0, 1.0, _stable.keep_nan(x, negative_slope))


def _leaky_relu_d2(x: Array, negative_slope: float) -> Array:
    """f″(x) = 0 away from 0 (plus (1 − negative_slope)·δ(x))."""
    return _stable.zero(x)


def _slope_breaks(slope: float) -> tuple[Break, ...]:
    """max(x, 0) + slope·min(x, 0) has a kink at 0 unless slope = 1."""
    return () if slope == 1 else (Break(0.0, 1),)


def _slope_range(slope: float) -> Interval:
    """The range of max(x, 0) + slope·min(x, 0): ℝ for slope > 0, else [0, ∞)."""
    return REAL_LINE if slope > 0 else NONNEGATIVE


def _float32(value: float) -> float:
    """`value` rounded to float32, the type of a TensorFlow op's float attribute."""
    return float(np.float32(value))


#: The formula of leaky_relu@tf: TensorFlow 2.21's alpha is a float attribute of the LeakyRelu op,
#: stored as float32, so the slope is alpha rounded to float32, in float64 too.
_TF_LEAKY_RELU = Entry(
    name="leaky_relu",
    summary="max(x, 0) + s·min(x, 0), s = alpha rounded to float32.",
    params=(Param("negative_slope", 0.2, "slope for x < 0, rounded to float32"),),
    f=lambda x, negative_slope: _leaky_relu(x, _float32(negative_slope)),
    df=lambda x, negative_slope: _leaky_relu_d1(x, _float32(negative_slope)),
    d2f=_leaky_relu_d2,
    breaks=lambda negative_slope: _slope_breaks(_float32(negative_slope)),
    output_range=lambda negative_slope: _slope_range(negative_slope),
    monotonic=lambda negative_slope: rising(negative_slope),
    formulas=Formulas(
        mathtext=(r"$\max(x,0)+s\,\min(x,0)$", r"$1$ if $x>0$ else $s$", r"$(1-s)\,\delta(x)$"),
        unicode=("max(x, 0) + s·min(x, 0)", "1 if x > 0 else s", "(1 − s)·δ(x)"),
    ),
    notes="TensorFlow 2.21 stores alpha as a float32 attribute of the op: the default 0.2 is "
    "0.20000000298, so f and f′ for x < 0 differ from slope 0.2 by 1.5e-8 relative, in float64 too.",
    reference="tf.nn.leaky_relu (TensorFlow 2.21)",
)


def _prelu(x: Array, weight: float) -> Array:
    """f(x) = x for x > 0, else weight·x: leaky_relu with the learned slope `weight`."""
    return _leaky_relu(x, weight)


def _prelu_d1(x: Array, weight: float) -> Array:
    """f′(x) = 1 for x > 0, else weight (PyTorch's value at 0)."""
    return _leaky_relu_d1(x, weight)


def _prelu_d2(x: Array, weight: float) -> Array:
    """f″(x) = 0 away from 0 (plus (1 − weight)·δ(x))."""
    return _stable.zero(x)


def _rrelu_slope(lower: float, upper: float) -> float:
    """The evaluation-mode slope (lower + upper)/2, the mean of training's U(lower, upper)."""
    return (lower + upper) / 2


def _rrelu(x: Array, lower: float, upper: float) -> Array:
    """f(x) = x for x > 0, else a·x with a = (lower + upper)/2 (evaluation mode)."""
    return _leaky_relu(x, _rrelu_slope(lower, upper))


def _rrelu_d1(x: Array, lower: float, upper: float) -> Array:
    """f′(x) = 1 for x > 0, else (lower + upper)/2 (PyTorch's value at 0)."""
    return _leaky_relu_d1(x, _rrelu_slope(lower, upper))


def _rrelu_d2(x: Array, lower: float, upper: float) -> Array:
    """f″(x) = 0 away from 0 (plus (1 − a)·δ(x))."""
    return _stable.zero(x)


def _rrelu_validate(lower: float, upper: float) -> str | None:
    """None if lower ≤ upper (the slope is drawn from U(lower, upper)), else what is wrong."""
    return None if lower <= upper else f"lower={lower:g} must not exceed upper={upper:g}"


def _relu6(x: Array) -> Array:
    """f(x) = min(max(x, 0), 6)."""
    return np.clip(x, 0.0, 6.0)


def _relu6_d1(x: Array) -> Array:
    """f′(x) = [0 < x < 6]; we take f′(0) = f′(6) = 0 as PyTorch and JAX do."""
    return _stable.keep_nan(x, (x > 0) & (x < 6))


def _relu6_d2(x: Array) -> Array:
    """f″(x) = 0 away from 0 and 6 (plus δ(x) − δ(x − 6))."""
    return _stable.zero(x)


#: x > 0, min(x, 0) and αe^{min(x, 0)}: what ELU's f, f′ and f″ are built from.
_EluPieces = tuple[NDArray[np.bool_], Array, Array]


def _elu_pieces(x: Array, alpha: float) -> _EluPieces:
    """The side (x > 0), the capped argument min(x, 0) and αe^{min(x, 0)}, for `_elu_jet`."""
    left = np.minimum(x, 0.0)
    return x > 0, left, alpha * np.exp(left)


def _elu(x: Array, alpha: float, pieces: _EluPieces | None = None) -> Array:
    """f(x) = x for x > 0, else α(eˣ − 1)."""
    positive, left = (x > 0, np.minimum(x, 0.0)) if pieces is None else pieces[:2]
    return np.where(positive, x, alpha * np.expm1(left))


def _elu_d1(x: Array, alpha: float, pieces: _EluPieces | None = None) -> Array:
    """f′(x) = 1 for x > 0, else αeˣ; we take f′(0) = α as PyTorch does."""
    positive, _, exponential = pieces or _elu_pieces(x, alpha)
    return np.where(positive, 1.0, exponential)


def _elu_d2(x: Array, alpha: float, pieces: _EluPieces | None = None) -> Array:
    """f″(x) = 0 for x > 0, else αeˣ (the side f′ takes at 0; plus (1 − α)·δ(x))."""
    positive, _, exponential = pieces or _elu_pieces(x, alpha)
    return np.where(positive, 0.0, exponential)


def _elu_jet(x: Array, alpha: float) -> tuple[Array, Array, Array]:
    """f, f′, f″ from one `_elu_pieces`."""
    pieces = _elu_pieces(x, alpha)
    return _elu(x, alpha, pieces), _elu_d1(x, alpha, pieces), _elu_d2(x, alpha, pieces)


def _selu(x: Array) -> Array:
    """f(x) = λx for x > 0, else λα(eˣ − 1): λ·elu(x; α) (∞ past x ≈ 1.7e308, where λx exceeds float64)."""
    with np.errstate(over="ignore"):
        return _SELU_SCALE * _elu(x, _SELU_ALPHA)


def _selu_d1(x: Array) -> Array:
    """f′(x) = λ for x > 0, else λαeˣ; we take f′(0) = λα as PyTorch does."""
    return _SELU_SCALE * _elu_d1(x, _SELU_ALPHA)


def _selu_d2(x: Array) -> Array:
    """f″(x) = 0 for x > 0, else λαeˣ (plus λ(1 − α)·δ(x))."""
    return _SELU_SCALE * _elu_d2(x, _SELU_ALPHA)


def _celu_exponent(x: Array, alpha: float) -> Array:
    """x/α on the x ≤ 0 side, capped at −800 (e^{x/α} is 0 there already) so that it cannot overflow."""
    return np.clip(x, -800.0 * alpha, 0.0) / alpha


def _celu(x: Array, alpha: float) -> Array:
    """f(x) = x for x > 0, else α(e^{x/α} − 1)."""
    return np.where(x > 0, x, alpha * np.expm1(_celu_exponent(x, alpha)))


def _celu_d1(x: Array, alpha: float) -> Array:
    """f′(x) = 1 for x > 0, else e^{x/α} (1 at 0 from both sides)."""
    return np.where(x > 0, 1.0, np.exp(_celu_exponent(x, alpha)))


def _celu_d2(x: Array, alpha: float) -> Array:
    """f″(x) = 0 for x > 0, else e^{x/α}/α; we take f″(0) = 1/α, PyTorch's x ≤ 0 side."""
    return np.where(x > 0, 0.0, np.exp(_celu_exponent(x, alpha)) / alpha)


def _threshold(x: Array, threshold: float, value: float) -> Array:
    """f(x) = x if x > threshold else value."""
    return np.where(x <= threshold, value, x)


def _threshold_d1(x: Array, threshold: float, value: float) -> Array:
    """f′(x) = [x > threshold]; we take f′(threshold) = 0 as PyTorch does."""
    return _stable.keep_nan(x, x > threshold)


def _threshold_d2(x: Array, threshold: float, value: float) -> Array:
    """f″(x) = 0 away from the threshold (where δ and δ′ terms sit)."""
    return _stable.zero(x)


def _threshold_range(threshold: float, value: float) -> Interval:
    """{value} ∪ (threshold, ∞), or its hull [value, ∞) when value ≤ threshold."""
    if value <= threshold:
        return Interval(value, np.inf, lo_closed=True)
    return Interval(threshold, np.inf)


def _isrlu(x: Array, alpha: float) -> Array:
    """f(x) = x for x ≥ 0, else x/√(1 + αx²)."""
    return np.where(x >= 0, x, _stable.isru(x, alpha))


def _isrlu_d1(x: Array, alpha: float) -> Array:
    """f′(x) = 1 for x ≥ 0, else (1 + αx²)^{−3/2}."""
    return np.where(x >= 0, 1.0, _stable.isru_d1(x, alpha))


def _isrlu_d2(x: Array, alpha: float) -> Array:
    """f″(x) = 0 for x ≥ 0, else −3αx(1 + αx²)^{−5/2} (0 at 0 from both sides)."""
    return np.where(x >= 0, 0.0, _stable.isru_d2(x, alpha))


def _elish(x: Array) -> Array:
    """f(x) = x·σ(x) for x ≥ 0, else (eˣ − 1)·σ(x)."""
    right, left = np.maximum(x, 0.0), np.minimum(x, 0.0)
    return np.where(x >= 0, _stable.silu(right), np.expm1(left) * _stable.sigmoid(left))


def _elish_d1(x: Array) -> Array:
    """f′(x) = σ(x) + x·σ′(x) for x ≥ 0, else eˣ(1 − 2σ(−x)²) (1/2 at 0 from both sides)."""
    right, left = np.maximum(x, 0.0), np.minimum(x, 0.0)
    exponential = np.exp(left) * (1.0 - 2.0 * _stable.sigmoid(-left) ** 2)
    return np.where(x >= 0, _stable.silu_d1(right), exponential)


def _elish_d2(x: Array) -> Array:
    """f″(x) = 2σ′(x) + x·σ″(x) for x ≥ 0, else eˣ(1 + 2(eˣ − 1)σ(−x)³); we take the x ≥ 0 side at 0."""
    right, left = np.maximum(x, 0.0), np.minimum(x, 0.0)
    exponential = np.exp(left) * (1.0 + 2.0 * np.expm1(left) * _stable.sigmoid(-left) ** 3)
    return np.where(x >= 0, _stable.silu_d2(right), exponential)


ENTRIES = (
    Entry(
        name="relu",
        aliases=("rectifier", "ramp", "rectified_linear_unit"),
        summary="max(x, 0): the default hidden activation of deep networks.",
        f=_relu,
        df=_relu_d1,
        d2f=_relu_d2,
        breaks=always((Break(0.0, 1),)),
        output_range=always(NONNEGATIVE),
        monotonic=always("non-decreasing"),
        formulas=Formulas(
            mathtext=(r"$\max(x,0)$", r"$[x>0]$", r"$\delta(x)$"),
            unicode=("max(x, 0)", "[x > 0]", "δ(x)"),
        ),
        notes="Cheap and does not saturate for x > 0, so gradients do not vanish there; but a "
        "unit whose input stays negative gets no gradient and never recovers (dying ReLU) — "
        "leaky_relu and prelu keep a small slope for x < 0 to fix that. Its f″ is 0 everywhere "
        "except a Dirac delta at 0, so a ReLU network's second derivative in x is zero: in the "
        "derivative-fidelity study in examples/ tanh and softplus reproduce second derivatives and "
        "ReLU cannot.",
        reference="Nair & Hinton, Rectified linear units improve restricted Boltzmann machines (2010); "
        "Glorot, Bordes & Bengio, Deep sparse rectifier neural networks (2011)",
        frameworks={"PyTorch": "nn.ReLU", "Keras": "keras.activations.relu", "JAX": "jax.nn.relu"},
        differences="Keras's relu(x, negative_slope=0, max_value=None, threshold=0) also covers leaky, "
        "capped and shifted variants. PyTorch, JAX and TensorFlow all take relu′(0) = 0.",
        variants={
            "torch": Variant("torch.nn.functional.relu"),
            "jax": Variant("jax.nn.relu"),
            "keras": Variant("keras.activations.relu"),
            "tf": Variant("tf.nn.relu"),
        },
    ),
    Entry(
        name="leaky_relu",
        summary="ReLU with a small slope for x < 0, so no unit dies.",
        params=(Param("negative_slope", 0.01, "slope for x < 0"),),
        f=_leaky_relu,
        df=_leaky_relu_d1,
        d2f=_leaky_relu_d2,
        breaks=lambda negative_slope: _slope_breaks(negative_slope),
        output_range=lambda negative_slope: _slope_range(negative_slope),
        monotonic=lambda negative_slope: rising(negative_slope),
        formulas=Formulas(
            mathtext=(
                r"$\max(x,0)+s\,\min(x,0)$",
                r"$1$ if $x>0$ else $s$",
                r"$(1-s)\,\delta(x)$",
            ),
            unicode=("max(x, 0) + s·min(x, 0)", "1 if x > 0 else s", "(1 − s)·δ(x)"),
            symbols={"s": "negative_slope"},
        ),
        notes="Keeps a gradient s for negative inputs, the fix for dying ReLU. With s = 1 "
        "it is the identity; with s < 0 it is no longer monotonic (s = −1 gives |x|).",
        reference="Maas, Hannun & Ng, Rectifier nonlinearities improve neural network acoustic models (2013)",
        frameworks={
            "PyTorch": "nn.LeakyReLU",
            "Keras": "keras.activations.leaky_relu",
            "JAX": "jax.nn.leaky_relu",
        },
        differences="Default slope: PyTorch 0.01, JAX 0.01, Keras 3 keras.activations.leaky_relu 0.2, "
        "Keras layers.LeakyReLU 0.3 (called alpha in Keras 2), tf.nn.leaky_relu alpha=0.2, stored as "
        "float32 (0.20000000298). At 0 PyTorch 2.13 and TensorFlow 2.21 take f′(0) = slope, "
        "JAX 0.10 (jax.grad) and Keras 3.15 on JAX take 1.",
        variants={
            "torch": Variant("torch.nn.functional.leaky_relu"),
            "jax": Variant("jax.nn.leaky_relu", at_breaks=always({(0.0, 1): 1.0}), note="f′(0) = 1"),
            "keras": Variant(
                "keras.activations.leaky_relu",
                defaults={"negative_slope": 0.2},
                at_breaks=always({(0.0, 1): 1.0}),
                note="slope 0.2 by default, f′(0) = 1",
            ),
            "tf": Variant(
                "tf.nn.leaky_relu",
                renames={"negative_slope": "alpha"},
                formula=_TF_LEAKY_RELU,
                note="alpha, 0.2 by default, rounded to float32 (0.20000000298)",
            ),
        },
    ),
    Entry(
        name="prelu",
        aliases=("parametric_relu",),
        summary="Leaky ReLU whose negative slope is learned; here the slope is a fixed number.",
        params=(Param("weight", 0.25, "slope for x < 0 (learned; PyTorch initialises it at 0.25)"),),
        f=_prelu,
        df=_prelu_d1,
        d2f=_prelu_d2,
        breaks=lambda weight: _slope_breaks(weight),
        output_range=lambda weight: _slope_range(weight),
        monotonic=lambda weight: rising(weight),
        formulas=Formulas(
            mathtext=(
                r"$\max(x,0)+a\,\min(x,0)$",
                r"$1$ if $x>0$ else $a$",
                r"$(1-a)\,\delta(x)$",
            ),
            unicode=("max(x, 0) + a·min(x, 0)", "1 if x > 0 else a", "(1 − a)·δ(x)"),
            symbols={"a": "weight"},
        ),
        notes="Lets the network choose the negative slope (per channel if wanted) instead of fixing "
        "it: the parametric fix for dying ReLU. He et al. pair it with their "
        "initialisation scheme.",
        reference="He, Zhang, Ren & Sun, Delving deep into rectifiers: surpassing human-level performance "
        "on ImageNet classification (2015)",
        frameworks={"PyTorch": "nn.PReLU", "Keras": "keras.layers.PReLU", "Flax": "flax.linen.PReLU"},
        differences="Initial slope: PyTorch nn.PReLU(init=0.25), Keras PReLU alpha_initializer='zeros' "
        "(starts as ReLU), Flax negative_slope_init=0.01. JAX's jax.nn has no prelu. "
        "All take f′(0) = slope.",
    ),
    Entry(
        name="rrelu",
        aliases=("randomized_leaky_relu",),
        summary="Randomised leaky ReLU in evaluation mode: slope (lower + upper)/2 for x < 0.",
        params=(
            Param("lower", 0.125, "lower bound of the training-time slope distribution"),
            Param("upper", 1 / 3, "upper bound of the training-time slope distribution"),
        ),
        validate=_rrelu_validate,
        f=_rrelu,
        df=_rrelu_d1,
        d2f=_rrelu_d2,
        breaks=lambda lower, upper: _slope_breaks(_rrelu_slope(lower, upper)),
        output_range=lambda lower, upper: _slope_range(_rrelu_slope(lower, upper)),
        monotonic=lambda lower, upper: rising(_rrelu_slope(lower, upper)),
        formulas=Formulas(
            mathtext=(
                r"$\max(x,0)+a\,\min(x,0)$",
                r"$1$ if $x>0$ else $a$",
                r"$(1-a)\,\delta(x)$",
            ),
            unicode=("max(x, 0) + a·min(x, 0)", "1 if x > 0 else a", "(1 − a)·δ(x)"),
            symbols={"a": "(l + u)/2", "l": "lower", "u": "upper"},
        ),
        notes="In training each element draws its own slope from U(lower, upper), a regulariser "
        "against overfitting; that random function has no single curve, so this entry is the "
        "deterministic evaluation-mode form, a leaky ReLU with the mean slope.",
        reference="Xu, Wang, Chen & Li, Empirical evaluation of rectified activations in convolutional "
        "network (2015)",
        frameworks={"PyTorch": "nn.RReLU"},
        differences="PyTorch defaults lower = 1/8, upper = 1/3 and, in eval mode, calls leaky_relu with "
        "(lower + upper)/2. Keras and JAX have no RReLU.",
    ),
    Entry(
        name="relu6",
        summary="ReLU capped at 6: min(max(x, 0), 6).",
        f=_relu6,
        df=_relu6_d1,
        d2f=_relu6_d2,
        breaks=always((Break(0.0, 1), Break(6.0, 1))),
        output_range=always(Interval(0.0, 6.0, True, True)),
        monotonic=always("non-decreasing"),
        formulas=Formulas(
            mathtext=(r"$\min(\max(x,0),6)$", r"$[0<x<6]$", r"$\delta(x)-\delta(x-6)$"),
            unicode=("min(max(x, 0), 6)", "[0 < x < 6]", "δ(x) − δ(x − 6)"),
        ),
        notes="The cap keeps activations small enough for low-precision arithmetic (MobileNet); "
        "above 6 the unit saturates and its gradient is 0, like a dead unit on the other side.",
        reference="Krizhevsky, Convolutional deep belief networks on CIFAR-10 (2010)",
        frameworks={"PyTorch": "nn.ReLU6", "Keras": "keras.activations.relu6", "JAX": "jax.nn.relu6"},
        differences="PyTorch (hardtanh(x, 0, 6)), JAX and TensorFlow 2.21 all take f′(0) = f′(6) = 0.",
        variants={
            "torch": Variant("torch.nn.functional.relu6"),
            "jax": Variant("jax.nn.relu6"),
            "keras": Variant("keras.activations.relu6"),
            "tf": Variant("tf.nn.relu6"),
        },
    ),
    Entry(
        name="elu",
        summary="Exponential linear unit: x for x > 0, α(eˣ − 1) for x ≤ 0, saturating at −α.",
        params=(Param("alpha", 1.0, "value −alpha approached as x → −∞", domain="positive"),),
        f=_elu,
        df=_elu_d1,
        d2f=_elu_d2,
        jet=_elu_jet,
        breaks=lambda alpha: (Break(0.0, 1 if alpha != 1 else 2),),
        output_range=lambda alpha: Interval(-alpha, np.inf),
        monotonic=always("increasing"),
        formulas=Formulas(
            mathtext=(
                r"$x$ if $x>0$ else $\alpha(e^x-1)$",
                r"$1$ if $x>0$ else $\alpha e^x$",
                r"$(0$ if $x>0$ else $\alpha e^x)+(1-\alpha)\,\delta(x)$",
            ),
            unicode=(
                "x if x > 0 else α(eˣ − 1)",
                "1 if x > 0 else αeˣ",
                "(0 if x > 0 else αeˣ) + (1 − α)·δ(x)",
            ),
            symbols={"α": "alpha"},
        ),
        notes="Negative outputs pull the mean activation towards 0, which speeds learning, and the "
        "saturation at −α makes it robust to noise; no unit dies. A kink at 0 unless α = 1, and "
        "even then f″ jumps from 1 to 0: it is C¹ at best. That is why its networks' second "
        "derivatives step where units cross 0 in the derivative-fidelity study in examples/ (f″ is 0 "
        "for every x > 0).",
        reference="Clevert, Unterthiner & Hochreiter, Fast and accurate deep network learning by "
        "exponential linear units (ELUs) (2015)",
        frameworks={"PyTorch": "nn.ELU", "Keras": "keras.activations.elu", "JAX": "jax.nn.elu"},
        differences="Same definition and α = 1 everywhere. PyTorch 2.13 and JAX 0.10 take f′(0) = α; "
        "at 0 PyTorch takes f″(0) = 0, JAX α. TensorFlow 2.21's tf.nn.elu has no α (α = 1) and takes "
        "f′(0) = 1, f″(0) = 0; its gradient is y + 1 from the output y = eˣ − 1, which cancels for x ≪ 0 "
        "(f′ and f″ are 0 for x ≤ −37).",
        variants={
            "torch": Variant("torch.nn.functional.elu", at_breaks=always({(0.0, 2): 0.0}), note="f″(0) = 0"),
            "jax": Variant("jax.nn.elu"),
            "keras": Variant("keras.activations.elu"),
            "tf": Variant(
                "tf.nn.elu", fixed={"alpha": 1.0}, at_breaks=always({(0.0, 2): 0.0}), note="α = 1, f″(0) = 0"
            ),
        },
    ),
    Entry(
        name="selu",
        summary="Scaled ELU λ·elu(x; α) with the constants that make networks self-normalising.",
        f=_selu,
        df=_selu_d1,
        d2f=_selu_d2,
        breaks=always((Break(0.0, 1),)),
        output_range=always(Interval(-_SELU_SCALE * _SELU_ALPHA, np.inf)),
        monotonic=always("increasing"),
        formulas=Formulas(
            mathtext=(
                r"$\lambda x$ if $x>0$ else $\lambda\alpha(e^x-1)$",
                r"$\lambda$ if $x>0$ else $\lambda\alpha e^x$",
                r"$(0$ if $x>0$ else $\lambda\alpha e^x)+\lambda(1-\alpha)\,\delta(x)$",
            ),
            unicode=(
                "λx if x > 0 else λα(eˣ − 1)",
                "λ if x > 0 else λαeˣ",
                "(0 if x > 0 else λαeˣ) + λ(1 − α)·δ(x)",
            ),
            symbols={"λ": "1.0507009873554804934", "α": "1.6732632423543772848"},
        ),
        notes="λ ≈ 1.0507 and α ≈ 1.6733 are fixed so that, with LeCun-normal weights, activations "
        "keep mean 0 and variance 1 through the layers (no batch norm needed). The slope jumps "
        "from λα ≈ 1.758 to λ at 0, and f″ is 0 for x > 0: its networks give the worst second "
        "derivatives of the derivative-fidelity study in examples/.",
        reference="Klambauer, Unterthiner, Mayr & Hochreiter, Self-normalizing neural networks (2017)",
        frameworks={"PyTorch": "nn.SELU", "Keras": "keras.activations.selu", "JAX": "jax.nn.selu"},
        differences="Same λ and α everywhere. PyTorch 2.13 and JAX 0.10 take f′(0) = λα; at 0 PyTorch "
        "takes f″(0) = 0, JAX λα. TensorFlow 2.21 takes f′(0) = λ and f″(0) = 0; its gradient, from "
        "the output like elu's, cancels for x ≪ 0.",
        variants={
            "torch": Variant("torch.nn.functional.selu", at_breaks=always({(0.0, 2): 0.0}), note="f″(0) = 0"),
            "jax": Variant("jax.nn.selu"),
            "keras": Variant("keras.activations.selu"),
            "tf": Variant(
                "tf.nn.selu",
                at_breaks=always({(0.0, 1): _SELU_SCALE, (0.0, 2): 0.0}),
                note="f′(0) = λ ≈ 1.0507, f″(0) = 0",
            ),
        },
    ),
    Entry(
        name="celu",
        summary="Continuously differentiable ELU: x for x > 0, α(e^{x/α} − 1) below; slope 1 at 0 for any α.",
        params=(Param("alpha", 1.0, "value −alpha approached as x → −∞", domain="positive"),),
        f=_celu,
        df=_celu_d1,
        d2f=_celu_d2,
        breaks=always((Break(0.0, 2),)),
        output_range=lambda alpha: Interval(-alpha, np.inf),
        monotonic=always("increasing"),
        formulas=Formulas(
            mathtext=(
                r"$\max(x,0)+\min(\alpha(e^{x/\alpha}-1),0)$",
                r"$1$ if $x>0$ else $e^{x/\alpha}$",
                r"$0$ if $x>0$ else $e^{x/\alpha}/\alpha$",
            ),
            unicode=(
                "max(x, 0) + min(α(e^(x/α) − 1), 0)",
                "1 if x > 0 else e^(x/α)",
                "0 if x > 0 else e^(x/α)/α",
            ),
            symbols={"α": "alpha"},
        ),
        notes="ELU with α ≠ 1 has a kink at 0; dividing x by α inside the exponential makes the slope "
        "1 from both sides for every α, so it is C¹ (f″ still jumps from 1/α to 0). Equal to ELU "
        "at α = 1.",
        reference="Barron, Continuously differentiable exponential linear units (2017)",
        frameworks={"PyTorch": "nn.CELU", "Keras": "keras.activations.celu", "JAX": "jax.nn.celu"},
        differences="Same definition and α = 1 in PyTorch, Keras 3 and JAX. At 0 PyTorch 2.13 takes "
        "f″(0) = 0, JAX 0.10 1/(4α) (neither side: its sides are 0 and 1/α).",
        variants={
            "torch": Variant("torch.nn.functional.celu", at_breaks=always({(0.0, 2): 0.0}), note="f″(0) = 0"),
            "jax": Variant(
                "jax.nn.celu", at_breaks=lambda alpha: {(0.0, 2): 1 / (4 * alpha)}, note="f″(0) = 1/(4α)"
            ),
            "keras": Variant(
                "keras.activations.celu",
                at_breaks=lambda alpha: {(0.0, 2): 1 / (4 * alpha)},
                note="f″(0) = 1/(4α)",
            ),
        },
    ),
    Entry(
        name="threshold",
        aliases=("thresholded_relu",),
        summary="x above a threshold, a constant value at or below it.",
        params=(
            Param("threshold", 1.0, "inputs above it pass through"),
            Param("value", 0.0, "output for inputs at or below the threshold"),
        ),
        f=_threshold,
        df=_threshold_d1,
        d2f=_threshold_d2,
        breaks=lambda threshold, value: (Break(threshold, 1 if value == threshold else 0),),
        output_range=_threshold_range,
        monotonic=lambda threshold, value: "non-decreasing" if value <= threshold else "no",
        formulas=Formulas(
            mathtext=(
                r"$x$ if $x>\theta$ else $v$",
                r"$[x>\theta]+(\theta-v)\,\delta(x-\theta)$",
                r"$\delta(x-\theta)+(\theta-v)\,\delta'(x-\theta)$",
            ),
            unicode=(
                "x if x > θ else v",
                "[x > θ] + (θ − v)·δ(x − θ)",
                "δ(x − θ) + (θ − v)·δ′(x − θ)",
            ),
            symbols={"θ": "threshold", "v": "value"},
        ),
        notes="A relu whose corner is moved to (θ, v): the value jumps from v to θ at the threshold "
        "unless v = θ, when it is continuous with a kink. With θ = v = 0 it is relu.",
        reference="PyTorch nn.Threshold; Keras 2 ThresholdedReLU; no paper",
        frameworks={
            "PyTorch": "nn.Threshold(threshold, value)",
            "Keras": "keras.activations.threshold(x, threshold, default_value)",
        },
        differences="PyTorch and Keras 3 have no defaults for threshold and value; ours (1, 0) make it "
        "Keras 2's ThresholdedReLU(theta=1.0). Keras's relu(x, threshold=t) differs: it keeps x for "
        "x ≥ t. PyTorch takes f′(threshold) = 0.",
    ),
    Entry(
        name="isrlu",
        summary="Inverse square root linear unit: x for x ≥ 0, x/√(1 + αx²) below.",
        params=(Param("alpha", 1.0, "value −1/√alpha approached as x → −∞", domain="positive"),),
        f=_isrlu,
        df=_isrlu_d1,
        d2f=_isrlu_d2,
        breaks=always((Break(0.0, 3),)),
        output_range=lambda alpha: Interval(-1.0 / math.sqrt(alpha), np.inf),
        monotonic=always("increasing"),
        formulas=Formulas(
            mathtext=(
                r"$x$ if $x\geq 0$ else $\dfrac{x}{\sqrt{1+\alpha x^2}}$",
                r"$1$ if $x\geq 0$ else $(1+\alpha x^2)^{-3/2}$",
                r"$0$ if $x\geq 0$ else $-3\alpha x\,(1+\alpha x^2)^{-5/2}$",
            ),
            unicode=(
                "x if x ≥ 0 else x/√(1 + αx²)",
                "1 if x ≥ 0 else (1 + αx²)^(−3/2)",
                "0 if x ≥ 0 else −3αx(1 + αx²)^(−5/2)",
            ),
            symbols={"α": "alpha"},
        ),
        notes="ELU's shape with a square root instead of an exponential, cheaper to compute. f, f′ "
        "and f″ are continuous at 0 (f″ = 0 from both sides); only f‴ jumps, by 3α, so it is C².",
        reference="Carlile, Delamarter, Kinney, Marti & Whitney, Improving deep learning by inverse "
        "square root linear units (ISRLUs) (2017)",
    ),
    Entry(
        name="elish",
        summary="Exponential linear squashing: x·σ(x) for x ≥ 0, (eˣ − 1)·σ(x) below.",
        f=_elish,
        df=_elish_d1,
        d2f=_elish_d2,
        breaks=always((Break(0.0, 2),)),
        output_range=always(Interval(_ELISH_MIN, np.inf, lo_closed=True)),
        monotonic=always("no"),
        formulas=Formulas(
            mathtext=(
                r"$x\,\sigma(x)$ if $x\geq 0$ else $(e^x-1)\,\sigma(x)$",
                r"$\sigma(x)\,(1+x\,\sigma(-x))$ if $x\geq 0$ else $e^x\,(1-2\sigma(-x)^2)$",
                r"$\sigma'(x)\,(2+x(1-2\sigma(x)))$ if $x\geq 0$ else $e^x\,(1+2(e^x-1)\,\sigma(-x)^3)$",
            ),
            unicode=(
                "x·σ(x) if x ≥ 0 else (eˣ − 1)·σ(x)",
                "σ(x)(1 + x·σ(−x)) if x ≥ 0 else eˣ(1 − 2σ(−x)²)",
                "σ′(x)(2 + x(1 − 2σ(x))) if x ≥ 0 else eˣ(1 + 2(eˣ − 1)σ(−x)³)",
            ),
        ),
        notes="Swish on the right, an ELU-like sigmoid-weighted exponential on the left. Not monotonic: "
        "its minimum 2√2 − 3 ≈ −0.1716 is at x = ln(√2 − 1) ≈ −0.881. f′ = 1/2 from both sides at 0, "
        "but f″ jumps from 1 to 1/2 there (we return 1/2, the x ≥ 0 side of the paper's cases).",
        reference="Basirat & Roth, The quest for the golden activation function (2018)",
    ),
)
