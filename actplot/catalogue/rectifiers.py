"""ReLU and its descendants: piecewise functions with a corner at 0."""

from __future__ import annotations

import numpy as np

from actplot.activation import Array, Break, Entry, Formulas, Interval, Param


def _relu(x: Array) -> Array:
    """f(x) = max(x, 0)."""
    return np.where(x > 0, x, x * 0.0)


def _relu_d1(x: Array) -> Array:
    """f′(x) = [x > 0]; we take relu′(0) = 0 as PyTorch does."""
    return np.where(np.isnan(x), x, (x > 0).astype(np.float64))


def _relu_d2(x: Array) -> Array:
    """f″(x) = 0 away from 0 (plus δ(x), which the sampler draws from the kink)."""
    return np.where(np.isnan(x), x, 0.0)


def _leaky_relu(x: Array, negative_slope: float) -> Array:
    """f(x) = x for x > 0, else negative_slope·x."""
    return np.where(x > 0, x, negative_slope * x)


def _leaky_relu_d1(x: Array, negative_slope: float) -> Array:
    """f′(x) = 1 for x > 0, else negative_slope (PyTorch's value at 0)."""
    return np.where(x > 0, 1.0, np.where(np.isnan(x), x, negative_slope))


def _leaky_relu_d2(x: Array, negative_slope: float) -> Array:
    """f″(x) = 0 away from 0 (plus (1 − negative_slope)·δ(x))."""
    return _relu_d2(x)


ENTRIES = (
    Entry(
        name="relu",
        aliases=("rectifier", "ramp"),
        summary="max(x, 0): the default hidden activation of deep networks.",
        f=_relu,
        df=_relu_d1,
        d2f=_relu_d2,
        breaks=lambda: (Break(0.0, 1),),
        output_range=lambda: Interval(0.0, np.inf, lo_closed=True),
        monotonic=lambda: True,
        formulas=Formulas(
            mathtext=(r"$\max(x,0)$", r"$[x>0]$", r"$\delta(x)$"),
            unicode=("max(x, 0)", "[x > 0]", "δ(x)"),
        ),
        notes="Cheap and does not saturate for x > 0, but a unit whose input stays negative "
        "gets no gradient and never recovers (dying ReLU). Its f″ is 0 everywhere except a "
        "Dirac delta at 0, so a ReLU network's second derivative in x is zero: seed 002 "
        "found tanh and softplus better when second derivatives matter.",
        reference="Nair & Hinton, Rectified linear units improve restricted Boltzmann machines (2010)",
        frameworks={"PyTorch": "nn.ReLU", "Keras": "keras.activations.relu", "JAX": "jax.nn.relu"},
    ),
    Entry(
        name="leaky_relu",
        summary="ReLU with a small slope for x < 0, so no unit dies.",
        params=(Param("negative_slope", 0.01, "slope for x < 0"),),
        f=_leaky_relu,
        df=_leaky_relu_d1,
        d2f=_leaky_relu_d2,
        breaks=lambda negative_slope: (Break(0.0, 1),) if negative_slope != 1 else (),
        output_range=lambda negative_slope: (
            Interval(-np.inf, np.inf)
            if negative_slope > 0
            else Interval(0.0, np.inf, lo_closed=True)
            if negative_slope == 0
            else Interval(0.0, np.inf)
        ),
        monotonic=lambda negative_slope: negative_slope >= 0,
        formulas=Formulas(
            mathtext=(
                r"$\max(x,0)+s\,\min(x,0)$",
                r"$1$ if $x>0$ else $s$",
                r"$(1-s)\,\delta(x)$",
            ),
            unicode=("max(x, 0) + s·min(x, 0)", "1 if x > 0 else s", "(1 − s)·δ(x)"),
        ),
        notes="Keeps a gradient s for negative inputs, the fix for dying ReLU.",
        reference="Maas, Hannun & Ng, Rectifier nonlinearities improve neural network acoustic models (2013)",
        frameworks={
            "PyTorch": "nn.LeakyReLU",
            "Keras": "keras.activations.leaky_relu",
            "JAX": "jax.nn.leaky_relu",
        },
        differences="Default slope: PyTorch 0.01, JAX 0.01, Keras 3 0.2.",
    ),
)
