"""The classic functions of the seed posts: identity, step, sigmoid, tanh and more."""

from __future__ import annotations

import numpy as np

from actplot.activation import Array, Break, Entry, Formulas, Interval
from actplot.catalogue import _stable

REAL_LINE = Interval(-np.inf, np.inf)


def _identity(x: Array) -> Array:
    """f(x) = x."""
    return x.copy()


def _step(x: Array) -> Array:
    """f(x) = 1 if x > 0 else 0 (seed 001's ``x > 0``); NaN stays NaN."""
    return np.where(np.isnan(x), x, (x > 0).astype(np.float64))


def _zero(x: Array) -> Array:
    """0 everywhere; NaN stays NaN."""
    return np.where(np.isnan(x), x, 0.0)


def _one(x: Array) -> Array:
    """1 everywhere; NaN stays NaN."""
    return np.where(np.isnan(x), x, 1.0)


ENTRIES = (
    Entry(
        name="identity",
        aliases=("linear",),
        summary="Passes the input through: the output activation of regression.",
        f=_identity,
        df=_one,
        d2f=_zero,
        output_range=lambda: REAL_LINE,
        monotonic=lambda: True,
        formulas=Formulas(
            mathtext=(r"$x$", r"$1$", r"$0$"),
            unicode=("x", "1", "0"),
        ),
        notes="A network of linear layers with identity activations is one linear map: "
        "depth only helps with a nonlinearity.",
        reference="—",
        frameworks={"Keras": "keras.activations.linear", "PyTorch": "nn.Identity"},
    ),
    Entry(
        name="step",
        aliases=("binary_step", "heaviside"),
        summary="The perceptron's threshold: 1 for x > 0, else 0.",
        f=_step,
        df=_zero,
        d2f=_zero,
        breaks=lambda: (Break(0.0, 0),),
        output_range=lambda: Interval(0.0, 1.0, True, True),
        monotonic=lambda: True,
        formulas=Formulas(
            mathtext=(r"$H(x)=[x>0]$", r"$\delta(x)$", r"$\delta'(x)$"),
            unicode=("H(x) = [x > 0]", "δ(x)", "δ′(x)"),
        ),
        notes="Its derivative is zero wherever it exists (a Dirac delta at 0), "
        "so gradient descent cannot train it: the reason for smooth activations.",
        reference="Rosenblatt, The perceptron (1958)",
    ),
    Entry(
        name="sigmoid",
        aliases=("logistic",),
        summary="Squashes any input into (0, 1); read as a probability.",
        f=_stable.sigmoid,
        df=_stable.sigmoid_d1,
        d2f=_stable.sigmoid_d2,
        output_range=lambda: Interval(0.0, 1.0),
        monotonic=lambda: True,
        formulas=Formulas(
            mathtext=(
                r"$\sigma(x)=\dfrac{1}{1+e^{-x}}$",
                r"$\sigma(x)\,(1-\sigma(x))$",
                r"$\sigma'(x)\,(1-2\sigma(x))$",
            ),
            unicode=("σ(x) = 1/(1 + e⁻ˣ)", "σ(x)(1 − σ(x))", "σ′(x)(1 − 2σ(x))"),
        ),
        notes="Saturates at both ends: for large |x| the gradient σ′ ≤ 1/4 vanishes, "
        "which slows deep networks (vanishing gradients). Not zero-centred.",
        reference="Rumelhart, Hinton & Williams, Learning representations by back-propagating errors (1986)",
        frameworks={"PyTorch": "nn.Sigmoid", "Keras": "keras.activations.sigmoid", "JAX": "jax.nn.sigmoid"},
    ),
)
