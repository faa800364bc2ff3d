"""Every ``NAME@FRAMEWORK`` variant against the framework itself: f, f′, f″ by its own autodiff.

PyTorch: ``autograd.grad`` twice (``create_graph``); JAX: ``vmap(grad(grad))`` with x64; Keras 3 on
the JAX backend, differentiated by JAX; TensorFlow (``tf``, ``keras2``): ``GradientTape`` twice,
where TensorFlow is installed.  All in float64 on one vectorised grid: an even grid, every break
and its neighbours 10⁻⁷ away, and the tails (|x| from 10 to 1000).  A framework that is not
installed skips its tests; ``ACTPLOT_REQUIRE_FRAMEWORKS=1`` makes such a skip fail the run (see
conftest.py).

In the tails an mpmath reference at 40 digits (tests/reference.py) decides: actplot must match it
to `TOLERANCE` everywhere, and so must the framework, except where its float64 autodiff cancels;
each such case is a `TailQuirk`, asserted (the framework's error stays within what the
cancellation explains, and the quirk still occurs) rather than copied.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pytest
import reference

import actplot
from actplot.activation import Activation, Array
from actplot.catalogue import CATALOGUE
from actplot.errors import SpecError

os.environ.setdefault("KERAS_BACKEND", "jax")

#: Skip reason of a framework that is not installed (conftest.py counts these skips).
MISSING = "framework not installed: "
#: Frameworks checked only where installed (no CPU wheel pinned in the `frameworks` extra).
OPTIONAL = ("tf", "keras2")

Maker = Callable[[Any, dict[str, Any]], Callable[[Any], Any]]


def _torch(name: str, **fixed: Any) -> Maker:
    return lambda torch, p: lambda x: getattr(torch.nn.functional, name)(x, **p, **fixed)


def _jax(name: str, **fixed: Any) -> Maker:
    return lambda jax, p: lambda x: getattr(jax.nn, name)(x, **p, **fixed)


def _keras(name: str, **fixed: Any) -> Maker:
    return lambda keras, p: lambda x: getattr(keras.activations, name)(x, **p, **fixed)


def _tf(name: str, **fixed: Any) -> Maker:
    return lambda tf, p: lambda x: getattr(tf.nn, name)(x, **p, **fixed)


def _gelu(p: dict[str, Any]) -> dict[str, Any]:
    return {"approximate": p["approximate"] == "tanh"}


def _first(fw: str, name: str) -> Maker:
    """The first component of softmax and friends of (x, others…), along the last axis.

    Every x is its own row [x, o₁, o₂, …], so the gradient of the sum is f′ at each x.
    """

    def make(module: Any, p: dict[str, Any]) -> Callable[[Any], Any]:
        others = np.asarray(p["others"], dtype=np.float64)
        if fw == "torch":
            fixed = module.tensor(others, dtype=module.float64)
            function = getattr(module.nn.functional, name)
            return lambda x: function(module.cat([x[:, None], fixed.expand(x.shape[0], -1)], 1), dim=-1)[:, 0]
        if fw == "tf":
            rest = module.constant(others[None, :], dtype=module.float64)
            function = getattr(module.nn, name)
            return lambda x: function(module.concat([x[:, None], module.tile(rest, [len(x), 1])], 1))[:, 0]
        import jax.numpy as jnp

        function = getattr(module.nn if fw == "jax" else module.activations, name)

        def first(x: Any) -> Any:
            rows = jnp.concatenate([x[:, None], jnp.broadcast_to(others, (x.shape[0], others.size))], axis=1)
            return function(rows, axis=-1)[:, 0]

        return first

    return make


#: (entry, framework) → how the framework's function is called with the variant's parameters.
FUNCTIONS: dict[tuple[str, str], Maker] = {
    ("relu", "torch"): _torch("relu"),
    ("relu", "jax"): _jax("relu"),
    ("relu", "keras"): _keras("relu"),
    ("relu", "tf"): _tf("relu"),
    ("relu6", "torch"): _torch("relu6"),
    ("relu6", "jax"): _jax("relu6"),
    ("relu6", "keras"): _keras("relu6"),
    ("relu6", "tf"): _tf("relu6"),
    ("leaky_relu", "torch"): _torch("leaky_relu"),
    ("leaky_relu", "jax"): _jax("leaky_relu"),
    ("leaky_relu", "keras"): _keras("leaky_relu"),
    ("leaky_relu", "tf"): _tf("leaky_relu"),
    ("elu", "torch"): _torch("elu"),
    ("elu", "jax"): _jax("elu"),
    ("elu", "keras"): _keras("elu"),
    ("elu", "tf"): _tf("elu"),
    ("selu", "torch"): _torch("selu"),
    ("selu", "jax"): _jax("selu"),
    ("selu", "keras"): _keras("selu"),
    ("selu", "tf"): _tf("selu"),
    ("celu", "torch"): _torch("celu"),
    ("celu", "jax"): _jax("celu"),
    ("celu", "keras"): _keras("celu"),
    ("gelu", "torch"): _torch("gelu"),
    ("gelu", "jax"): lambda jax, p: lambda x: jax.nn.gelu(x, **_gelu(p)),
    ("gelu", "keras"): lambda keras, p: lambda x: keras.activations.gelu(x, **_gelu(p)),
    ("gelu", "tf"): lambda tf, p: lambda x: tf.nn.gelu(x, **_gelu(p)),
    ("softplus", "torch"): _torch("softplus"),
    ("softplus", "jax"): _jax("softplus"),
    ("softplus", "keras"): _keras("softplus"),
    ("softplus", "tf"): _tf("softplus"),
    ("softsign", "torch"): _torch("softsign"),
    ("softsign", "jax"): _jax("soft_sign"),
    ("softsign", "keras"): _keras("softsign"),
    ("softsign", "tf"): _tf("softsign"),
    ("hard_sigmoid", "torch"): _torch("hardsigmoid"),
    ("hard_sigmoid", "jax"): _jax("hard_sigmoid"),
    ("hard_sigmoid", "keras"): _keras("hard_sigmoid"),
    ("hard_sigmoid", "keras2"): lambda tf, p: lambda x: tf.keras.activations.hard_sigmoid(x),
    ("hard_silu", "torch"): _torch("hardswish"),
    ("hard_silu", "jax"): _jax("hard_silu"),
    ("hard_silu", "keras"): _keras("hard_silu"),
    ("hard_tanh", "torch"): _torch("hardtanh"),
    ("hard_tanh", "jax"): _jax("hard_tanh"),
    ("hard_tanh", "keras"): _keras("hard_tanh"),
    ("sparse_sigmoid", "jax"): _jax("sparse_sigmoid"),
    ("sparse_sigmoid", "keras"): _keras("sparse_sigmoid"),
    ("squareplus", "jax"): _jax("squareplus"),
    ("squareplus", "keras"): _keras("squareplus"),
    ("hard_shrink", "torch"): _torch("hardshrink"),
    ("hard_shrink", "keras"): _keras("hard_shrink"),
    ("soft_shrink", "torch"): _torch("softshrink"),
    ("soft_shrink", "keras"): _keras("soft_shrink"),
    ("silu", "torch"): _torch("silu"),
    ("silu", "jax"): _jax("silu"),
    ("silu", "keras"): _keras("silu"),
    ("silu", "tf"): _tf("silu"),
    ("sigmoid", "torch"): lambda torch, p: torch.sigmoid,
    ("sigmoid", "jax"): _jax("sigmoid"),
    ("sigmoid", "keras"): _keras("sigmoid"),
    ("sigmoid", "tf"): _tf("sigmoid"),
    ("tanh", "torch"): lambda torch, p: torch.tanh,
    ("tanh", "jax"): _jax("tanh"),
    ("tanh", "keras"): _keras("tanh"),
    ("tanh", "tf"): _tf("tanh"),
    ("mish", "torch"): _torch("mish"),
    ("mish", "jax"): _jax("mish"),
    ("mish", "keras"): _keras("mish"),
    ("softmax", "torch"): _first("torch", "softmax"),
    ("softmax", "jax"): _first("jax", "softmax"),
    ("softmax", "keras"): _first("keras", "softmax"),
    ("softmax", "tf"): _first("tf", "softmax"),
    ("log_softmax", "torch"): _first("torch", "log_softmax"),
    ("log_softmax", "jax"): _first("jax", "log_softmax"),
    ("log_softmax", "keras"): _first("keras", "log_softmax"),
    ("log_softmax", "tf"): _first("tf", "log_softmax"),
    ("softmin", "torch"): _first("torch", "softmin"),
    ("log_sigmoid", "tf"): lambda tf, p: tf.math.log_sigmoid,
}

VARIANTS = [(name, fw) for name, entry in CATALOGUE.items() for fw in entry.variants]
MODULES = {"torch": "torch", "jax": "jax", "keras": "keras", "tf": "tensorflow", "keras2": "tensorflow"}


def framework(fw: str) -> Any:
    """The framework's module, or a skip (counted by conftest.py) where it is not installed."""
    module = MODULES[fw]
    try:
        imported = __import__(module)
    except ImportError:
        pytest.skip(MISSING + module)
    if fw == "keras2" and not imported.keras.__version__.startswith("2."):
        pytest.skip(MISSING + f"Keras 2 (tf.keras of tensorflow {imported.__version__} is Keras 3)")
    if fw in ("jax", "keras"):
        import jax

        jax.config.update("jax_enable_x64", True)
        return jax if fw == "jax" else imported
    return imported


def cases(activation: Activation) -> list[Activation]:
    """The variant at its defaults and with every parameter moved off its default (where it binds)."""
    from tests.conftest import non_default

    moved = non_default(activation.entry)
    return [activation, *([moved] if moved is not None else [])]


#: Points per case, always the same so JAX compiles each operation once for all cases.
SIZE = 384
#: Large |x|, where float64 evaluation cancels if anywhere: compared with the mpmath reference.
TAILS = np.array(
    [-1e3, -720.0, -200.0, -60.0, -40.0, -30.0, -20.0, -10.0, 10.0, 20.0, 30.0, 40.0, 60.0, 200.0, 1e3]
)
#: Relative agreement asked of actplot (always) and of a framework (outside its quirks) in the tails.
TOLERANCE = 1e-12
#: Digits of the mpmath reference.
DIGITS = 40
#: The finest absolute difference asked for: 1024 units of the smallest subnormal (5e-321), as
#: a subnormal result, carried through a few operations and scaled by |x| up to 1000, keeps
#: (x·σ(x) at x = −720: 1.4632061777412e-310 in float64, exact 1.46320617774547e-310).
SUBNORMAL = 2.0**-1064


def points(activation: Activation) -> Array:
    """An even grid on [−8, 8], every break and its neighbours 10⁻⁷ away, and the tails (`SIZE` of them)."""
    breaks = np.array([b.x for b in activation.breaks])
    near = np.concatenate([breaks, breaks - 1e-7, breaks + 1e-7])
    x = np.unique(np.concatenate([np.linspace(-8.0, 8.0, 321), near, TAILS]))
    return np.concatenate([x, np.zeros(SIZE - x.size)])


def tails(activation: Activation) -> Array:
    """The tail points that are not breaks (mpmath cannot differentiate across a break)."""
    return np.setdiff1d(TAILS, [b.x for b in activation.breaks])


#: Variants the framework computes in float32 even for float64 input → why; compared in float32.
FLOAT32 = {
    ("tanh", "keras"): "Keras 3.15's keras.activations.tanh is keras.ops.tanh, whose result_type maps "
    "float64 to float32 on every backend but TensorFlow",
}
#: Tolerance of a float32 comparison: 8 float32 ulps relative, and 32·2⁻²⁴ absolute, since near
#: saturation 1 − y² is a multiple of 2⁻²⁴ in float32 (tanh″ at −8: 9.0e-7 exact, 0 in float32).
FLOAT32_RTOL, FLOAT32_ATOL = 8 * 2.0**-24, 32 * 2.0**-24

#: (entry, framework, order) → (what the framework gives where we give the exact value, why).
QUIRKS: dict[tuple[str, str, int], tuple[Callable[[Array], Array], str]] = {
    ("hard_sigmoid", "torch", 1): (
        lambda ours: np.where(ours == 1 / 6, float(np.float32(1 / 6)), ours),
        "PyTorch 2.13's hardsigmoid backward uses 1/6 rounded to float32 (0.1666666716…) even in float64",
    ),
}


@dataclass(frozen=True)
class TailQuirk:
    """A tail where a framework's float64 evaluation cancels, and the error that cancellation explains.

    A value that loses e^L units in the last place to cancellation is off by at most
    `MARGIN`·e^L·2⁻⁵² relative, or entirely (flushed to 0) once that reaches 1.

    Attributes:
        orders: the orders affected.
        tail: the x it concerns.
        lost: L at x (and the variant's parameters).
        why: the cause, with the framework's version.
        when: the parameter values it occurs for (all by default).
        nan_beyond: the |x| beyond which the framework gives NaN instead (an overflow), if any.
    """

    orders: tuple[int, ...]
    tail: Callable[[float], bool]
    lost: Callable[..., float]
    why: str
    when: Callable[[Mapping[str, Any]], bool] = lambda params: True
    nan_beyond: float = math.inf

    def covers(self, x: float, order: int, params: Mapping[str, Any]) -> bool:
        """Whether the quirk concerns f⁽ᵒʳᵈᵉʳ⁾ at x for these parameters."""
        return order in self.orders and self.tail(x) and self.when(params)

    def bound(self, x: float, params: Mapping[str, Any]) -> float:
        """The largest relative error the cancellation explains at x."""
        return min(1.0, MARGIN * 2.0**-52 * math.exp(min(self.lost(x, **params), 700.0)))


#: Ulps lost per operation of the cancelling formula, at most.
MARGIN = 16.0
#: Where the exact value is subnormal (below 2.2e-308: x = −720 makes e^x and σ(x) 2.0e-313), a
#: framework may give another subnormal value or 0 → why.  A normal number there is still wrong.
FLUSHED = {
    "torch": "PyTorch 2.13 computes σ(x) as 1/(1 + e^{−x}), and e^{−x} overflows below x = −709.78: "
    "sigmoid is 0 there, and mish′(−720) is tanh(softplus(x)) = 2.0e-313 without its x·σ(x) term "
    "(exact −1.46e-310)",
    "jax": "XLA on CPU (JAX 0.10) flushes subnormal results to 0",
    "keras": "Keras 3.15 runs on JAX here, whose XLA flushes subnormal results to 0",
    "tf": "TensorFlow 2.21 runs its CPU kernels with flush-to-zero set: subnormal results are 0",
}


def _right(x: float) -> bool:
    return x >= 10


def _left(x: float) -> bool:
    return x <= -10


def _both(x: float) -> bool:
    return abs(x) >= 10


def _u(x: float) -> float:
    """The argument of tanh in the tanh approximation of gelu: √(2/π)(x + 0.044715x³)."""
    return math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)


_LOGISTIC = TailQuirk(
    (1, 2),
    _right,
    lambda x, **_: x,
    "σ′ = y(1 − y) from the rounded output y: 1 − y keeps e^{−x}/2⁻⁵³ of its digits, none once y "
    "rounds to 1 (x ≥ 37), where f′ and f″ are 0 (PyTorch 2.13's sigmoid backward, JAX 0.10's logistic, "
    "TensorFlow 2.21's SigmoidGrad)",
)
_TANH = TailQuirk(
    (1, 2),
    _both,
    lambda x, **_: 2 * abs(x),
    "tanh′ = 1 − y² from the rounded output: 0 once tanh x rounds to ±1 (|x| ≥ 19.1) "
    "(PyTorch 2.13's tanh backward, JAX 0.10's tanh, TensorFlow 2.21's TanhGrad)",
)
_EXPM1 = TailQuirk(
    (1, 2),
    _left,
    lambda x, **_: -x,
    "JAX 0.10 differentiates expm1 as expm1(x) + 1, which cancels for x ≪ 0: f′ and f″ are 0 for "
    "x ≤ −37 (exact αeˣ)",
)
_SOFTMAX = TailQuirk(
    (1, 2),
    _right,
    lambda x, **_: x,
    "the softmax gradient y(δ − y) from the rounded output y: 1 − y cancels once y is near 1 "
    "(PyTorch 2.13, JAX 0.10, TensorFlow 2.21)",
)
_SOFTMIN = TailQuirk((1, 2), _left, lambda x, **_: -x, _SOFTMAX.why)
_GELU_TANH = TailQuirk(
    (0, 1, 2),
    _both,
    lambda x, **_: 2 * abs(_u(x)),
    "x(1 + tanh u)/2 cancels for x ≪ 0 (0 from x ≈ −10, exact −x·e^{2u}), and sech² u as 1 − tanh² u "
    "for x ≫ 0 (the tanh approximation of PyTorch 2.13, JAX 0.10 and TensorFlow 2.21)",
    when=lambda params: params["approximate"] == "tanh",
)
_GELU_ERF = TailQuirk(
    (0, 1),
    _left,
    lambda x, **_: x * x / 2 + math.log(3 * abs(x)),
    "PyTorch 2.13's gelu is x(1 + erf(x/√2))/2, and 1 + erf cancels for x ≪ 0: f is 0 from "
    "x ≈ −8.3 (exact −|x|Φ(x))",
    when=lambda params: params["approximate"] == "none",
)
_SQUAREPLUS = TailQuirk(
    (0, 1, 2),
    _both,
    lambda x, b: 2 * math.log(abs(x)) - math.log(b),
    "JAX 0.10's (x + √(x² + b))/2 and its derivatives cancel for x ≪ 0 (x²/b ulps lost)",
    when=lambda params: params["b"] > 0,
)
_SOFTPLUS_JAX = TailQuirk(
    (2,), _right, lambda x, **_: x, "JAX 0.10's logaddexp(x, 0) has f″ from 1 − σ, which cancels for x ≫ 0"
)
_SOFTPLUS_TORCH = TailQuirk(
    (2,),
    _right,
    lambda x, beta, threshold: beta * x,
    "PyTorch 2.13's softplus double backward takes σ′(βx) from σ, which cancels below the threshold "
    "for βx ≫ 0",
)
_ELU_TF = TailQuirk(
    (1, 2),
    _left,
    lambda x, **_: -x,
    "TensorFlow 2.21's EluGrad and SeluGrad take f′ from the output y: y + α with y = α(eˣ − 1) "
    "cancels for x ≪ 0, and f′, f″ are 0 for x ≤ −37 (exact αeˣ)",
)
_SIGMOID_GRAD_TF = TailQuirk(
    (2,),
    _right,
    lambda x, **_: x,
    "TensorFlow 2.21's softplus gradient is σ(x), whose own gradient y(1 − y) from the rounded "
    "output cancels for x ≫ 0: f″ is 0 from x ≈ 37",
)
_LOG_SIGMOID_TF = TailQuirk(
    (2,),
    _left,
    lambda x, **_: -x,
    "TensorFlow 2.21's log_sigmoid is −softplus(−x), whose f″ comes from σ(−x)(1 − σ(−x)) on the "
    "rounded σ: it cancels for x ≪ 0 and is 0 from x ≈ −37",
)
_SILU_TF = TailQuirk(
    (2,),
    _right,
    lambda x, beta: beta * x,
    "TensorFlow 2.21's silu gradient σ(βx)(1 + βx(1 − σ(βx))) is differentiated through σ′ = σ(1 − σ), "
    "which cancels for βx ≫ 0",
)
_SILU = TailQuirk(
    (2,), _right, lambda x, **_: x, "f″ from σ′ = σ(1 − σ) cancels for x ≫ 0 (PyTorch 2.13, JAX 0.10)"
)
_MISH = TailQuirk(
    (2,),
    _right,
    lambda x, **_: 2 * x,
    "f″ from sech² softplus = 1 − tanh², which cancels for x ≫ 0 (PyTorch 2.13, JAX 0.10)",
)
_MISH_TORCH = replace(
    _MISH,
    why=_MISH.why + "; PyTorch 2.13's mish double backward is NaN beyond x = 709.78, where eˣ overflows",
    nan_beyond=709.78,
)
_LOG_SOFTMAX_TORCH = TailQuirk(
    (0, 1, 2),
    _right,
    lambda x, **_: x,
    "PyTorch 2.13's log_softmax takes log Σ e^{z − max} without log1p, and its gradient 1 − softmax: "
    "f, f′ and f″ cancel for x ≫ 0 (exact −e^{−x} …), 0 from x ≈ 37",
)
_LOG_SOFTMAX_TF = replace(
    _LOG_SOFTMAX_TORCH,
    why="TensorFlow 2.21's log_softmax takes log Σ e^{z − max} without log1p, and its gradient "
    "1 − exp(output): f, f′ and f″ cancel for x ≫ 0",
)
_LOG_SOFTMAX_JAX = replace(
    _LOG_SOFTMAX_TORCH,
    why="JAX 0.10's log_softmax takes log Σ e^{z − max} without log1p: f, f′ and f″ cancel for x ≫ 0",
)

_ALL = ("torch", "jax", "keras", "tf")
#: (entry, framework) → the tails where it cancels (see `TailQuirk`).
TAIL_QUIRKS: dict[tuple[str, str], tuple[TailQuirk, ...]] = {
    **{("sigmoid", fw): (_LOGISTIC,) for fw in _ALL},
    **{("tanh", fw): (_TANH,) for fw in ("torch", "jax", "tf")},  # Keras: see FLOAT32
    **{(name, fw): (_EXPM1,) for name in ("elu", "selu", "celu") for fw in ("jax", "keras")},
    **{(name, "tf"): (_ELU_TF,) for name in ("elu", "selu")},
    **{("softmax", fw): (_SOFTMAX,) for fw in _ALL},
    ("softmin", "torch"): (_SOFTMIN,),
    ("log_softmax", "torch"): (_LOG_SOFTMAX_TORCH,),
    **{("log_softmax", fw): (_LOG_SOFTMAX_JAX,) for fw in ("jax", "keras")},
    ("softplus", "torch"): (_SOFTPLUS_TORCH,),
    ("softplus", "tf"): (_SIGMOID_GRAD_TF,),
    ("log_sigmoid", "tf"): (_LOG_SIGMOID_TF,),
    ("log_softmax", "tf"): (_LOG_SOFTMAX_TF,),
    **{("softplus", fw): (_SOFTPLUS_JAX,) for fw in ("jax", "keras")},
    **{("silu", fw): (_SILU,) for fw in ("torch", "jax", "keras")},
    ("silu", "tf"): (_SILU_TF,),
    ("mish", "torch"): (_MISH_TORCH,),
    **{("mish", fw): (_MISH,) for fw in ("jax", "keras")},
    ("gelu", "torch"): (_GELU_ERF, _GELU_TANH),
    **{("gelu", fw): (_GELU_TANH,) for fw in ("jax", "keras", "tf")},
    **{("squareplus", fw): (_SQUAREPLUS,) for fw in ("jax", "keras")},
}


def exact(name: str, fw: str, activation: Activation, x: Array) -> tuple[Array, Array]:
    """f, f′, f″ at each x (rows) by the mpmath reference, and how finely they can be compared.

    The reference is the entry's (or the variant's own formula's), with the variant's parameters
    turned back into the entry's.  It is verified to 10⁻⁷⁰ of the largest of f, f′, f″ at x:
    anything smaller is not resolved (e^{−1000} against 1000).  Nor has float64 many digits
    below its smallest normal number: there `SUBNORMAL` is the finest difference asked for.
    """
    variant = CATALOGUE[name].variants[fw]
    base = variant.formula or CATALOGUE[name]
    back = {variant.renames.get(p.name, p.name): p.name for p in base.params if p.name not in variant.fixed}
    params = {**{back[k]: v for k, v in activation.params.items()}, **variant.fixed}
    key = f"{name}@{fw}" if variant.formula else name
    rows = [reference.derivatives(key, float(xi), params, n=2, digits=DIGITS) for xi in x]
    values = np.array(rows, dtype=np.float64).T
    return values, np.maximum(1e-70 * np.max(np.abs(values), axis=0), SUBNORMAL)


def relative_error(value: Array, want: Array, resolution: Array) -> Array:
    """|value − want|/|want|, 0 where they agree within the reference's resolution."""
    with np.errstate(divide="ignore", invalid="ignore"):
        error = np.abs(value - want) / np.abs(want)
    return np.where((value == want) | (np.abs(value - want) <= resolution), 0.0, error)


def autodiff(fw: str, module: Any, function: Callable[[Any], Any], x: Array) -> list[Array]:
    """f, f′, f″ at x by the framework's own autodiff, in float64 (f, f′ only where f″ is not implemented)."""
    if fw == "torch":
        t = module.tensor(x, dtype=module.float64, requires_grad=True)
        y = function(t)
        (d1,) = module.autograd.grad(y.sum(), t, create_graph=True)
        try:
            (d2,) = module.autograd.grad(d1.sum(), t, allow_unused=True) if d1.requires_grad else (None,)
        except RuntimeError as error:  # hardsigmoid has no double backward in PyTorch 2.13
            assert "not implemented" in str(error)
            return [y.detach().numpy(), d1.detach().numpy()]
        second = np.zeros_like(x) if d2 is None else d2.detach().numpy()
        return [y.detach().numpy(), d1.detach().numpy(), second]
    if fw in ("jax", "keras"):
        import jax

        # elementwise, so the gradient of the sum is f′ at every point, and so on for f″
        d1 = jax.grad(lambda v: function(v).sum())
        d2 = jax.grad(lambda v: d1(v).sum())
        xs = jax.numpy.asarray(x, dtype=jax.numpy.float64)
        return [np.asarray(g(xs), dtype=np.float64) for g in (function, d1, d2)]
    tf = module
    t = tf.constant(x, dtype=tf.float64)
    with tf.GradientTape() as outer:
        outer.watch(t)
        with tf.GradientTape() as tape:
            tape.watch(t)
            y = function(t)
        d1 = tape.gradient(y, t)
    try:
        d2 = outer.gradient(d1, t)
    except LookupError as error:  # softsign: TensorFlow 2.21 registers no gradient of SoftsignGrad
        assert "no entry for" in str(error)
        return [y.numpy(), d1.numpy()]
    return [y.numpy(), d1.numpy(), np.zeros_like(x) if d2 is None else d2.numpy()]


def judge_tails(
    activation: Activation,
    fw: str,
    order: int,
    x: Array,
    theirs: Array,
    exact_values: Array,
    resolution: Array,
    quirks: tuple[TailQuirk, ...],
) -> set[TailQuirk]:
    """Assert the framework's f⁽ᵒʳᵈᵉʳ⁾ in the tails against mpmath; return the quirks that showed.

    Within `TOLERANCE` of the exact value, or within a quirk's bound (NaN where the quirk says
    so), or, where the exact value is subnormal, any subnormal value or 0 (`FLUSHED`).
    """
    seen: set[TailQuirk] = set()
    error = relative_error(theirs, exact_values, resolution)
    for t, value, exact_value, error_at in zip(x, theirs, exact_values, error, strict=True):
        quirk = next((q for q in quirks if q.covers(float(t), order, activation.params)), None)
        where = f"{activation.spec} order {order} at x={t!r}"
        if quirk is not None and abs(t) > quirk.nan_beyond:
            assert np.isnan(value), f"{where}: {value!r}, recorded as NaN ({quirk.why})"
            seen.add(quirk)
            continue
        if max(abs(value), abs(exact_value)) < np.finfo(np.float64).tiny and fw in FLUSHED:
            continue
        allowed = TOLERANCE if quirk is None else quirk.bound(float(t), activation.params)
        assert error_at <= allowed, (
            f"{where}: {fw} is off by {error_at:.2g} relative from mpmath, allowed {allowed:.2g}"
            + ("" if quirk is None else f" ({quirk.why})")
        )
        if quirk is not None and error_at > TOLERANCE:
            seen.add(quirk)
    return seen


@pytest.mark.parametrize(("name", "fw"), VARIANTS, ids=[f"{n}@{f}" for n, f in VARIANTS])
def test_variant_is_the_frameworks_function(name: str, fw: str) -> None:
    """On the grid and at breaks: the framework's numbers.  In the tails: mpmath's, quirks recorded."""
    assert (name, fw) in FUNCTIONS, f"{name}@{fw} has no framework function here: add it to FUNCTIONS"
    module = framework(fw)
    quirks = TAIL_QUIRKS.get((name, fw), ())
    seen: set[TailQuirk] = set()
    for activation in cases(CATALOGUE.parse(f"{name}@{fw}")):
        x = points(activation)
        params = {k: v for k, v in activation.params.items()}
        theirs = autodiff(fw, module, FUNCTIONS[name, fw](module, params), x)
        if (name, fw) in FLOAT32:
            assert_float32(activation, x, theirs)
            continue
        far = np.isin(x, tails(activation))
        want, resolution = exact(name, fw, activation, x[far])
        for order, expected in enumerate(theirs):
            ours = activation(x, order)
            if (name, fw, order) in QUIRKS:
                ours = QUIRKS[name, fw, order][0](ours)
            close = np.isclose(ours, expected, rtol=1e-9, atol=1e-12, equal_nan=True) | far
            bad = np.flatnonzero(~close)
            assert not bad.size, f"{activation.spec} order {order}: " + ", ".join(
                f"x={x[i]!r} ours {ours[i]!r} theirs {expected[i]!r}" for i in bad[:4]
            )
            mine = relative_error(ours[far], want[order], resolution)
            assert (mine <= TOLERANCE).all(), (
                f"{activation.spec} order {order}, actplot against mpmath: "
                + ", ".join(
                    f"x={t!r} ours {v!r} exact {w!r}"
                    for t, v, w, e in zip(x[far], ours[far], want[order], mine, strict=True)
                    if e > TOLERANCE
                )
            )
            seen |= judge_tails(activation, fw, order, x[far], expected[far], want[order], resolution, quirks)
    stale = [q.why for q in quirks if q not in seen]
    assert not stale, f"{name}@{fw}: these recorded quirks no longer occur, remove them: {stale}"


def assert_float32(activation: Activation, x: Array, theirs: list[Array]) -> None:
    """The framework's f, f′, f″ are ours to float32 precision (`FLOAT32_RTOL`, `FLOAT32_ATOL`)."""
    for order, expected in enumerate(theirs):
        ours = activation(x, order)
        close = np.isclose(ours, expected, rtol=FLOAT32_RTOL, atol=FLOAT32_ATOL)
        assert close.all(), f"{activation.spec} order {order} (float32): " + ", ".join(
            f"x={x[i]!r} ours {ours[i]!r} theirs {expected[i]!r}" for i in np.flatnonzero(~close)[:4]
        )


def test_keras_tanh_computes_in_float32() -> None:
    """The recorded quirk itself: float64 in, float32 out (so `FLOAT32` compares it in float32)."""
    keras = framework("keras")
    import jax.numpy as jnp

    y = keras.activations.tanh(jnp.asarray([0.5, 10.0], dtype=jnp.float64))
    assert str(y.dtype) == "float32", FLOAT32["tanh", "keras"]
    assert float(y[1]) == 1.0 != float(np.tanh(10.0))  # tanh 10 = 1 − 8.2e-9 rounds to 1 in float32


def test_every_framework_function_is_a_variant() -> None:
    assert set(FUNCTIONS) == set(VARIANTS)


# --- the variants themselves, no framework needed ----------------------------------------------


def test_a_variant_has_the_frameworks_defaults_and_label() -> None:
    activation = CATALOGUE.parse("leaky_relu@keras:negative_slope=0.1")
    assert activation.label == "leaky_relu@keras:negative_slope=0.1"
    assert float(activation(-2.0)) == -0.2 and float(activation(0.0, 1)) == 1.0
    assert CATALOGUE.parse("leaky_relu@keras").params == {"negative_slope": 0.2}
    assert CATALOGUE.parse("gelu@jax").params == {"approximate": "tanh"}
    assert CATALOGUE.parse("hard_shrink@keras:threshold=1").params == {"threshold": 1.0}


def test_a_variant_with_its_own_formula() -> None:
    keras2 = CATALOGUE.parse("hard_sigmoid@keras2")
    assert [float(keras2(x)) for x in (-3.0, 0.5, 3.0)] == [0.0, 0.6, 1.0]
    torch_softplus = CATALOGUE.parse("softplus@torch:threshold=5")
    assert float(torch_softplus(5.5)) == 5.5 and float(torch_softplus(5.0)) > 5.0


def test_tensorflows_float32_constants_and_break_values() -> None:
    """What TensorFlow 2.21 gives (measured with GradientTape where it is installed), without it."""
    leaky = CATALOGUE.parse("leaky_relu@tf")
    assert leaky.params == {"alpha": 0.2}
    assert float(leaky(-1.0)) == -0.20000000298023224 and float(leaky(0.0, 1)) == 0.20000000298023224
    gelu = CATALOGUE.parse("gelu@tf")
    assert float(gelu(0.0, 2)) == pytest.approx(0.7978845471, abs=1e-10)  # 2φ(0) = 0.7978845608…
    assert float(gelu(-10.0)) == pytest.approx(-7.61986619e-23, rel=1e-8)  # x·Φ(x) is −7.61985302e-23
    selu = CATALOGUE.parse("selu@tf")
    assert [float(selu(0.0, k)) for k in (1, 2)] == [1.0507009873554805, 0.0]
    assert float(CATALOGUE.parse("elu@tf")(0.0, 2)) == 0.0
    silu = CATALOGUE.parse("silu@tf:beta=2")
    assert float(silu(1.0)) == pytest.approx(1 / (1 + math.exp(-2.0)), rel=1e-15)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("squareplus@torch", "squareplus has no torch variant (PyTorch 2.13); its variants: squareplus@jax"),
        (
            "bent_identity@jax",
            "bent_identity has no jax variant (JAX 0.10); actplot describes no framework's",
        ),
        ("mish@tf", "mish has no tf variant (TensorFlow 2.21); its variants: mish@torch, mish@jax"),
        ("gelu@pytorch", "unknown framework 'pytorch'"),
        ("hard_shrink@keras:lambd=1", "valid parameters: threshold"),
        ("hard_tanh@jax:min_val=-2", "no parameter 'min_val'"),
    ],
)
def test_refused_variants_say_what_exists(spec: str, message: str) -> None:
    with pytest.raises(SpecError, match=re.escape(message)):
        actplot.get(spec)


def test_a_variant_works_in_the_cli() -> None:
    from typer.testing import CliRunner

    from actplot.cli import app

    result = CliRunner().invoke(app, ["eval", "leaky_relu@jax", "-x", "0", "--derivs", "1"])
    assert result.exit_code == 0, result.output
    assert "leaky_relu@jax" in result.output


def test_a_softmax_variant_has_the_vector_form() -> None:
    from typer.testing import CliRunner

    from actplot.cli import app

    result = CliRunner().invoke(app, ["eval", "softmax@torch", "log_softmax@jax", "--vector", "1,2,3"])
    assert result.exit_code == 0, result.output
    assert "0.6652409558" in result.output and "-0.4076059644" in result.output
    assert CATALOGUE.parse("softplus@torch").entry.vector is None


def test_list_shows_what_a_framework_has() -> None:
    from typer.testing import CliRunner

    from actplot.cli import app

    result = CliRunner().invoke(app, ["list", "--framework", "jax", "--format", "json"])
    assert result.exit_code == 0, result.output
    names = [item["name"] for item in json.loads(result.output)]
    assert "gelu@jax" in names and "leaky_relu@jax" in names
    assert all(name.endswith("@jax") for name in names)
    assert "hard_shrink@jax" not in names  # JAX has no hard_shrink
    one = CliRunner().invoke(app, ["list", "--framework", "keras2"])  # a one-row table
    assert one.exit_code == 0 and "hard_sigmoid@keras2" in one.output
    refused = CliRunner().invoke(app, ["list", "--framework", "mxnet"])
    assert refused.exit_code == 2 and "unknown framework 'mxnet'" in refused.output


def test_info_shows_a_table_of_variants() -> None:
    from typer.testing import CliRunner

    from actplot.cli import app

    result = CliRunner().invoke(app, ["info", "leaky_relu"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    shown = " ".join(result.output.split())
    assert "Variants" in shown
    assert "leaky_relu@jax jax.nn.leaky_relu negative_slope=0.01 f′(0) = 1, f″(0) = 0 f′ 0.99 at 0" in shown
    assert "leaky_relu@torch torch.nn.functional.leaky_relu negative_slope=0.01 f′(0) = 0.01" in shown
