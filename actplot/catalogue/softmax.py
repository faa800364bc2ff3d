"""Softmax, log-softmax and softmin: vector functions along an axis, and their 1-D sections.

The vector forms are public: ``softmax(z, axis=-1)``, ``log_softmax(z, axis=-1)`` and
``softmin(z, axis=-1)``.  For plotting, each entry is a function of one logit x with the
others held fixed (parameter ``others``, ``softmax:others=1/2/-3``), returning the first
component; its derivatives are those of a shifted sigmoid.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from actplot.activation import Array, Entry, Formulas, Interval, Param, Variant, always, view_around
from actplot.catalogue import _stable


def _gap(a: Array | float, b: Array | float) -> Array:
    """a − b, where a gap beyond ±1.8e308 is ±∞ (its correct rounding) without a warning.

    Only logits of opposite signs near the float limit (1e308 and −1e308) get there: e^{−∞} = 0
    is then exact for softmax, and −∞ is the nearest float to their log-softmax.
    """
    with np.errstate(over="ignore"):
        return np.asarray(np.subtract(a, b), dtype=np.float64)


def _shifted(z: ArrayLike, axis: int) -> Array:
    """z − max(z) along `axis` (as `_gap`), taking ∞ − ∞ = 0 where z equals an infinite max.

    So +∞ logits share all the mass equally, −∞ logits get none, and a row of −∞ is
    uniform (the limit of equal logits); NaN anywhere in a row makes the row NaN.
    """
    z = np.asarray(z, dtype=np.float64)
    top = np.max(z, axis=axis, keepdims=True)
    shifted = np.zeros_like(z)
    with np.errstate(over="ignore"):
        np.subtract(z, top, out=shifted, where=z != top)
    return shifted


def softmax(z: ArrayLike, axis: int = -1) -> Array:
    """Softmax along `axis`, e^{zᵢ}/Σⱼ e^{zⱼ}, computed from z − max z so that it cannot overflow.

    >>> softmax([1000.0, 1001.0, 1002.0]) == softmax([0.0, 1.0, 2.0])
    array([ True,  True,  True])
    """
    e = np.exp(_shifted(z, axis))
    total: Array = np.sum(e, axis=axis, keepdims=True)
    return e / total


def log_softmax(z: ArrayLike, axis: int = -1) -> Array:
    """Log-softmax along `axis`: zᵢ − logsumexp(z) = (zᵢ − max z) − log1p(Σ′ e^{zⱼ − max z}).

    Σ′ leaves out one maximum (its term is exactly 1), so log1p keeps a tiny rest:
    log_softmax([0, −40])[0] = −4.2e−18, where log(1 + e^{−40}) would round to 0.
    """
    s = _shifted(z, axis)
    one_top = np.zeros(s.shape, dtype=bool)
    np.put_along_axis(one_top, np.expand_dims(np.argmax(s, axis=axis), axis), True, axis=axis)
    rest: Array = np.sum(np.where(one_top, 0.0, np.exp(s)), axis=axis, keepdims=True)
    return s - np.log1p(rest)


def softmin(z: ArrayLike, axis: int = -1) -> Array:
    """Softmin along `axis`, softmax(−z): the smallest logit gets the most mass."""
    return softmax(-np.asarray(z, dtype=np.float64), axis)


def _margin(x: Array, others: tuple[float, ...]) -> Array:
    """x − S with S = logsumexp(others), as (x − max o) − log Σⱼ e^{oⱼ − max o}.

    Subtracting the largest other logit first keeps every digit when the logits are large
    (x = 1000 against others 1001/1002), where x − S would cancel against S ≈ 1002.3.
    """
    return _gap(x, max(others)) - float(np.log(np.sum(np.exp(_shifted(others, -1)))))


def _softmax_first(x: Array, others: tuple[float, ...]) -> Array:
    """f(x) = eˣ/(eˣ + Σⱼ e^{oⱼ}) = σ(x − S), S = logsumexp(others)."""
    return _stable.sigmoid(_margin(x, others))


def _softmax_first_d1(x: Array, others: tuple[float, ...]) -> Array:
    """f′(x) = σ′(x − S) = p(1 − p)."""
    return _stable.sigmoid_d1(_margin(x, others))


def _softmax_first_d2(x: Array, others: tuple[float, ...]) -> Array:
    """f″(x) = σ″(x − S) = p(1 − p)(1 − 2p)."""
    return _stable.sigmoid_d2(_margin(x, others))


def _log_softmax_first(x: Array, others: tuple[float, ...]) -> Array:
    """f(x) = x − log(eˣ + Σⱼ e^{oⱼ}) = log σ(x − S)."""
    return _stable.log_sigmoid(_margin(x, others))


def _log_softmax_first_d1(x: Array, others: tuple[float, ...]) -> Array:
    """f′(x) = 1 − p = σ(S − x)."""
    return _stable.sigmoid(-_margin(x, others))


def _log_softmax_first_d2(x: Array, others: tuple[float, ...]) -> Array:
    """f″(x) = −p(1 − p) = −σ′(x − S)."""
    return -_softmax_first_d1(x, others)


def _negated(others: tuple[float, ...]) -> tuple[float, ...]:
    """The others with their signs flipped: softmin(x; o) = softmax(−x; −o)."""
    return tuple(-o for o in others)


def _softmin_first(x: Array, others: tuple[float, ...]) -> Array:
    """f(x) = e^{−x}/(e^{−x} + Σⱼ e^{−oⱼ}) = σ(−x − T), T = logsumexp(−others)."""
    return _softmax_first(-x, _negated(others))


def _softmin_first_d1(x: Array, others: tuple[float, ...]) -> Array:
    """f′(x) = −q(1 − q) = −σ′(−x − T)."""
    return -_softmax_first_d1(-x, _negated(others))


def _softmin_first_d2(x: Array, others: tuple[float, ...]) -> Array:
    """f″(x) = q(1 − q)(1 − 2q) = σ″(−x − T)."""
    return _softmax_first_d2(-x, _negated(others))


def _others_validate(others: tuple[float, ...]) -> str | None:
    """None if there is another logit (with none, softmax is the constant 1), else what is wrong."""
    return None if others else "others needs at least one logit, e.g. others=0 or others=1/2/-3"


#: S and T of the softmax formulas, from the other logits oⱼ.
_SUM_OF_OTHERS = {"S": "log Σⱼ e^{oⱼ}", "T": "log Σⱼ e^{−oⱼ}", "oⱼ": "others"}

_OTHERS = Param("others", (0.0,), "the other logits, held fixed; x is the first one")


_NOTES_1D = (
    " The curve is the first component of the vector function of (x, others…) with the others "
    "held fixed (others=1/2/-3 on the command line); the vector form is actplot.catalogue.softmax.{}."
)

ENTRIES = (
    Entry(
        name="softmax",
        view=lambda others: view_around(max(others)),
        summary="e^{zᵢ}/Σⱼ e^{zⱼ}: turns logits into probabilities that sum to 1.",
        params=(_OTHERS,),
        f=_softmax_first,
        df=_softmax_first_d1,
        d2f=_softmax_first_d2,
        validate=_others_validate,
        output_range=always(Interval(0.0, 1.0)),
        monotonic=always("increasing"),
        vector=softmax,
        formulas=Formulas(
            mathtext=(
                r"$p=\dfrac{e^{x}}{e^{x}+\sum_j e^{o_j}}=\sigma(x-S)$",
                r"$p\,(1-p)$",
                r"$p\,(1-p)\,(1-2p)$",
            ),
            unicode=("p = eˣ/(eˣ + Σⱼ e^{oⱼ}) = σ(x − S)", "p(1 − p)", "p(1 − p)(1 − 2p)"),
            symbols=_SUM_OF_OTHERS,
        ),
        notes="The output layer of multi-class classifiers. exp overflows for logits above 709, so "
        "computed naively softmax([1000, 1001, 1002]) is inf/inf = NaN: the usual remedy subtracts "
        "the maximum first (c = np.max(a)), which changes nothing mathematically; here "
        "softmax([1000, 1001, 1002]) equals softmax([0, 1, 2]) exactly. −∞ logits get probability 0, "
        "+∞ logits share it all. S = log Σⱼ e^{oⱼ}." + _NOTES_1D.format("softmax"),
        reference="Bridle, Probabilistic interpretation of feedforward classification network outputs, "
        "with relationships to statistical pattern recognition (1990)",
        frameworks={
            "PyTorch": "nn.Softmax(dim)",
            "Keras": "keras.activations.softmax(axis=-1)",
            "JAX": "jax.nn.softmax(axis=-1)",
        },
        differences="PyTorch asks for dim; Keras, JAX and TensorFlow default to the last axis, as actplot "
        "does. PyTorch 2.13, JAX 0.10, Keras 3.15 and TensorFlow 2.21 compute this function (to 1e-12 in "
        "float64), but their "
        "autodiff takes the gradient y(δ − y) from the rounded output: f′ and f″ lose digits once p is "
        "near 1 (x − S ≳ 20) and are 0 from x − S ≈ 37.",
        variants={
            "torch": Variant("torch.nn.functional.softmax"),
            "jax": Variant("jax.nn.softmax"),
            "keras": Variant("keras.activations.softmax"),
            "tf": Variant("tf.nn.softmax"),
        },
    ),
    Entry(
        name="log_softmax",
        view=lambda others: view_around(max(others)),
        summary="zᵢ − logsumexp(z): log-probabilities, the input of the cross-entropy loss.",
        params=(_OTHERS,),
        f=_log_softmax_first,
        df=_log_softmax_first_d1,
        d2f=_log_softmax_first_d2,
        validate=_others_validate,
        output_range=always(Interval(-np.inf, 0.0)),
        monotonic=always("increasing"),
        vector=log_softmax,
        formulas=Formulas(
            mathtext=(
                r"$x-\log\left(e^{x}+\sum_j e^{o_j}\right)=\log\sigma(x-S)$",
                r"$1-p$",
                r"$-p\,(1-p)$",
            ),
            unicode=("x − log(eˣ + Σⱼ e^{oⱼ}) = log σ(x − S)", "1 − p", "−p(1 − p)"),
            symbols={**_SUM_OF_OTHERS, "p": "σ(x − S)"},
        ),
        notes="log(softmax(z)) loses everything once a probability underflows to 0 (log 0 = −∞); "
        "zᵢ − max z − log Σⱼ e^{zⱼ − max z} stays exact, which is why losses take log-softmax. "
        "p is the softmax probability of x, S = log Σⱼ e^{oⱼ}." + _NOTES_1D.format("log_softmax"),
        reference="Bridle, Probabilistic interpretation of feedforward classification network outputs, "
        "with relationships to statistical pattern recognition (1990)",
        frameworks={
            "PyTorch": "nn.LogSoftmax(dim)",
            "Keras": "keras.activations.log_softmax(axis=-1)",
            "JAX": "jax.nn.log_softmax(axis=-1)",
        },
        differences="PyTorch asks for dim; Keras, JAX and TensorFlow default to the last axis, as actplot "
        "does. PyTorch 2.13, JAX 0.10, Keras 3.15 and TensorFlow 2.21 take log Σ e^{z − max} without "
        "log1p: f, f′ and f″ lose "
        "digits once p is near 1 (x − S ≳ 20) and are 0 from x − S ≈ 37, where f is −e^{S − x} here.",
        variants={
            "torch": Variant("torch.nn.functional.log_softmax"),
            "jax": Variant("jax.nn.log_softmax"),
            "keras": Variant("keras.activations.log_softmax"),
            "tf": Variant("tf.nn.log_softmax"),
        },
    ),
    Entry(
        name="softmin",
        view=lambda others: view_around(min(others)),
        summary="softmax(−z): probabilities that favour the smallest input.",
        params=(_OTHERS,),
        f=_softmin_first,
        df=_softmin_first_d1,
        d2f=_softmin_first_d2,
        validate=_others_validate,
        output_range=always(Interval(0.0, 1.0)),
        monotonic=always("decreasing"),
        vector=softmin,
        formulas=Formulas(
            mathtext=(
                r"$q=\dfrac{e^{-x}}{e^{-x}+\sum_j e^{-o_j}}=\sigma(-x-T)$",
                r"$-q\,(1-q)$",
                r"$q\,(1-q)\,(1-2q)$",
            ),
            unicode=("q = e⁻ˣ/(e⁻ˣ + Σⱼ e^{−oⱼ}) = σ(−x − T)", "−q(1 − q)", "q(1 − q)(1 − 2q)"),
            symbols=_SUM_OF_OTHERS,
        ),
        notes="Softmax of the negated inputs, computed from −z − max(−z) like softmax: decreasing in x. "
        "T = log Σⱼ e^{−oⱼ}." + _NOTES_1D.format("softmin"),
        reference="Bridle, Probabilistic interpretation of feedforward classification network outputs, "
        "with relationships to statistical pattern recognition (1990)",
        frameworks={"PyTorch": "nn.Softmin(dim)"},
        differences="Only PyTorch has softmin; elsewhere it is softmax(−z). PyTorch 2.13 computes this "
        "function (to 1e-12 in float64), but its autodiff, like softmax's, loses digits in f′ and f″ once "
        "q is near 1 (−x − T ≳ 20).",
        variants={"torch": Variant("torch.nn.functional.softmin")},
    ),
)
