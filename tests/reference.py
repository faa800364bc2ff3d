"""Independent high-precision references for every catalogue entry.

Each reference is the textbook (or framework) definition of f written with mpmath, keyed by the
entry's canonical name and taking an mpmath x and the entry's parameters as keywords.  Nothing here
imports actplot: the derivatives come from `mpmath.diffs` (finite differences at a working precision
of several hundred bits with a step of about 2^-113), never from a hand-derived formula, so a wrong
closed form in the catalogue cannot be copied into its own check.

A new catalogue entry needs one function here; `test_every_entry_has_a_reference` fails until it exists.
A framework variant with its own formula has one too, keyed ``NAME@FRAMEWORK`` (``softplus@torch``).
Write it so that it cannot cancel to exactly zero (erfc rather than 1 + erf, expm1, …): moderate
cancellation is caught by re-evaluating at twice the digits, total cancellation is not.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable

from mpmath import mp, mpf

#: Decimal digits of the references (the team standard asks for at least 30).
DPS = 30

Reference = Callable[..., mpf]
REFERENCES: dict[str, Reference] = {}


def reference(name: str) -> Callable[[Reference], Reference]:
    """Register `function` as the reference of the catalogue entry `name`."""

    def register(function: Reference) -> Reference:
        REFERENCES[name] = function
        return function

    return register


def derivatives(name: str, x: float, params: dict[str, object], n: int = 3, digits: int = DPS) -> list[mpf]:
    """f(x), f′(x), …, f⁽ⁿ⁾(x) of the reference `name` at the float `x`, verified.

    The values are computed at `digits` digits and again at twice as many, doubling until two runs agree
    (to 1e-25 relative, or 1e-70 of the largest of them): a textbook formula that cancels, like
    1 + erf(x) for x ≪ 0, thus gets the digits it needs.  The precision also grows with |x| so that
    x ± h stays distinct from x for any finite float.

    Raises:
        ArithmeticError: no agreement up to 16·`digits` digits.
    """
    function = REFERENCES[name]
    extra = 2 * max(0, math.ceil(math.log10(abs(x)))) if x else 0
    previous: list[mpf] = []
    for dps in (digits, 2 * digits, 4 * digits, 8 * digits, 16 * digits):
        with mp.workdps(dps + extra):
            current = [+d for d in mp.diffs(lambda t: function(t, **params), mpf(x), n)]
            if previous and _agree(previous, current):
                return current
        previous = current
    raise ArithmeticError(f"reference {name}{params} at x={x!r} did not converge up to {dps} digits")


def _agree(coarse: list[mpf], fine: list[mpf]) -> bool:
    scale = max(abs(v) for v in fine)
    return all(abs(a - b) <= abs(b) / 10**25 + scale / 10**70 for a, b in zip(coarse, fine, strict=True))


def _float32(value: object) -> float:
    """`value` rounded to float32 (to nearest), as a float."""
    return float(struct.unpack("f", struct.pack("f", float(value)))[0])  # type: ignore[arg-type]


def _sigmoid(x: mpf) -> mpf:
    return 1 / (1 + mp.exp(-x))


def _softplus(x: mpf) -> mpf:
    """log(1 + eˣ), with log1p: 1 + eˣ rounds to exactly 1 for x ≪ 0 at any fixed precision."""
    return mp.log1p(mp.exp(x))


def _clip(x: mpf, lo: mpf, hi: mpf) -> mpf:
    return min(max(x, lo), hi)


def _slope_then(x: mpf, slope: object) -> mpf:
    """x for x > 0, slope·x otherwise (the leaky family)."""
    return x if x > 0 else mpf(slope) * x


def _elu(x: mpf, alpha: object) -> mpf:
    return x if x > 0 else mpf(alpha) * mp.expm1(x)


# --- classic --------------------------------------------------------------------------------------


@reference("identity")
def identity(x: mpf) -> mpf:
    return x


@reference("step")
def step(x: mpf) -> mpf:
    return mpf(1) if x > 0 else mpf(0)


@reference("sigmoid")
def sigmoid(x: mpf) -> mpf:
    return _sigmoid(x)


@reference("tanh")
def tanh(x: mpf) -> mpf:
    return mp.tanh(x)


@reference("softsign")
def softsign(x: mpf) -> mpf:
    return x / (1 + abs(x))


@reference("arctan")
def arctan(x: mpf) -> mpf:
    return mp.atan(x)


@reference("exponential")
def exponential(x: mpf) -> mpf:
    return mp.exp(x)


@reference("gaussian")
def gaussian(x: mpf) -> mpf:
    return mp.exp(-(x**2))


@reference("sinusoid")
def sinusoid(x: mpf) -> mpf:
    return mp.sin(x)


@reference("sinc")
def sinc(x: mpf) -> mpf:
    """The unnormalised sinc of the activation tables: sin(x)/x, 1 at 0."""
    return mp.sin(x) / x if x != 0 else mpf(1)


@reference("bent_identity")
def bent_identity(x: mpf) -> mpf:
    return (mp.sqrt(x**2 + 1) - 1) / 2 + x


@reference("isru")
def isru(x: mpf, alpha: object = 1.0) -> mpf:
    return x / mp.sqrt(1 + mpf(alpha) * x**2)


@reference("sqnl")
def sqnl(x: mpf) -> mpf:
    """Square nonlinearity (Wuraola & Patel 2018)."""
    if x > 2:
        return mpf(1)
    if x >= 0:
        return x - x**2 / 4
    if x >= -2:
        return x + x**2 / 4
    return mpf(-1)


# --- rectifiers -----------------------------------------------------------------------------------


@reference("relu")
def relu(x: mpf) -> mpf:
    return max(x, mpf(0))


@reference("leaky_relu")
def leaky_relu(x: mpf, negative_slope: object = 0.01) -> mpf:
    return _slope_then(x, negative_slope)


@reference("prelu")
def prelu(x: mpf, weight: object = 0.25) -> mpf:
    return _slope_then(x, weight)


@reference("rrelu")
def rrelu(x: mpf, lower: object = 1 / 8, upper: object = 1 / 3) -> mpf:
    """Evaluation mode: the slope is the mean of the sampling interval."""
    return _slope_then(x, (mpf(lower) + mpf(upper)) / 2)


@reference("leaky_relu@tf")
def tf_leaky_relu(x: mpf, negative_slope: object = 0.2) -> mpf:
    """TensorFlow's leaky_relu: its alpha is a float32 attribute of the op, so the slope is float32(alpha)."""
    return _slope_then(x, mpf(_float32(negative_slope)))


@reference("relu6")
def relu6(x: mpf) -> mpf:
    return _clip(x, mpf(0), mpf(6))


@reference("elu")
def elu(x: mpf, alpha: object = 1.0) -> mpf:
    return _elu(x, alpha)


@reference("selu")
def selu(x: mpf) -> mpf:
    """Klambauer et al. 2017, constants to 32 digits."""
    scale = mpf("1.0507009873554804934193349852946")
    alpha = mpf("1.6732632423543772848170429916717")
    return scale * _elu(x, alpha)


@reference("celu")
def celu(x: mpf, alpha: object = 1.0) -> mpf:
    a = mpf(alpha)
    return max(mpf(0), x) + min(mpf(0), a * mp.expm1(x / a))


@reference("threshold")
def threshold(x: mpf, threshold: object = 1.0, value: object = 0.0) -> mpf:
    return x if x > threshold else mpf(value)


@reference("isrlu")
def isrlu(x: mpf, alpha: object = 1.0) -> mpf:
    return x if x >= 0 else x / mp.sqrt(1 + mpf(alpha) * x**2)


@reference("elish")
def elish(x: mpf) -> mpf:
    return x * _sigmoid(x) if x >= 0 else mp.expm1(x) * _sigmoid(x)


# --- smooth ---------------------------------------------------------------------------------------


@reference("softplus")
def softplus(x: mpf, beta: object = 1.0) -> mpf:
    b = mpf(beta)
    return _softplus(b * x) / b


@reference("softplus@torch")
def torch_softplus(x: mpf, beta: object = 1.0, threshold: object = 20.0) -> mpf:
    """PyTorch's softplus: x itself once βx > threshold (the torch.nn.functional.softplus docs)."""
    return x if mpf(beta) * x > mpf(threshold) else softplus(x, beta)


@reference("gelu")
def gelu(x: mpf, approximate: str = "none") -> mpf:
    """x·Φ(x), or x(1 + tanh u)/2 = x·σ(2u) with u = √(2/π)(x + 0.044715x³).

    Written with erfc and σ: 1 + erf(x) and 1 + tanh(u) cancel to exactly 0 for x ≪ 0 at any
    fixed precision, which the doubling in `derivatives` cannot notice.
    """
    if approximate == "tanh":
        inner = mp.sqrt(2 / mp.pi) * (x + mpf("0.044715") * x**3)
        return x * _sigmoid(2 * inner)
    return x / 2 * mp.erfc(-x / mp.sqrt(2))


#: TensorFlow 2.21's tf.nn.gelu casts 1/√2 and 0.044715 to the input's type via float32
#: (math_ops.cast of a Python float); these are those float32 values, exactly.
_TF_RSQRT2 = mpf(0.7071067690849304)
_TF_GELU_A = mpf(0.044714998453855515)


@reference("gelu@tf")
def tf_gelu(x: mpf, approximate: str = "none") -> mpf:
    """TensorFlow's gelu: x·erfc(−x·k)/2, or x·σ(2√(2/π)(x + a·x³)), k and a as float32 rounds them."""
    if approximate == "tanh":
        return x * _sigmoid(2 * mp.sqrt(2 / mp.pi) * (x + _TF_GELU_A * x**3))
    return x / 2 * mp.erfc(-x * _TF_RSQRT2)


@reference("silu")
def silu(x: mpf) -> mpf:
    return x * _sigmoid(x)


@reference("silu@tf")
def tf_silu(x: mpf, beta: object = 1.0) -> mpf:
    """TensorFlow's silu (swish): x·σ(βx) (the tf.nn.silu docs)."""
    return x * _sigmoid(mpf(beta) * x)


@reference("mish")
def mish(x: mpf) -> mpf:
    return x * mp.tanh(_softplus(x))


@reference("squareplus")
def squareplus(x: mpf, b: object = 4.0) -> mpf:
    return (x + mp.sqrt(x**2 + mpf(b))) / 2


@reference("log_sigmoid")
def log_sigmoid(x: mpf) -> mpf:
    return -_softplus(-x)


@reference("tanh_shrink")
def tanh_shrink(x: mpf) -> mpf:
    return x - mp.tanh(x)


# --- hard -----------------------------------------------------------------------------------------


@reference("hard_sigmoid")
def hard_sigmoid(x: mpf, slope: object = 1 / 6, offset: object = 0.5) -> mpf:
    return _clip(mpf(slope) * x + mpf(offset), mpf(0), mpf(1))


@reference("hard_silu")
def hard_silu(x: mpf) -> mpf:
    """PyTorch's hardswish: x·relu6(x + 3)/6."""
    return x * _clip(x + 3, mpf(0), mpf(6)) / 6


@reference("hard_tanh")
def hard_tanh(x: mpf, min_val: object = -1.0, max_val: object = 1.0) -> mpf:
    return _clip(x, mpf(min_val), mpf(max_val))


@reference("hard_shrink")
def hard_shrink(x: mpf, lambd: object = 0.5) -> mpf:
    return x if abs(x) > lambd else mpf(0)


@reference("soft_shrink")
def soft_shrink(x: mpf, lambd: object = 0.5) -> mpf:
    return mp.sign(x) * max(abs(x) - mpf(lambd), mpf(0))


@reference("sparse_plus")
def sparse_plus(x: mpf) -> mpf:
    """JAX: 0 for x ≤ −1, (x + 1)²/4 for |x| < 1, x for x ≥ 1."""
    if x <= -1:
        return mpf(0)
    return (x + 1) ** 2 / 4 if x < 1 else x


@reference("sparse_sigmoid")
def sparse_sigmoid(x: mpf) -> mpf:
    """JAX: clip((x + 1)/2, 0, 1), the derivative of sparse_plus."""
    return _clip((x + 1) / 2, mpf(0), mpf(1))


# --- softmax family (first component against fixed other logits) ---------------------------------


def _partition(x: mpf, others: tuple[float, ...]) -> mpf:
    return mp.exp(x) + sum(mp.exp(mpf(o)) for o in others)


@reference("softmax")
def softmax(x: mpf, others: tuple[float, ...] = (0.0,)) -> mpf:
    return mp.exp(x) / _partition(x, others)


@reference("log_softmax")
def log_softmax(x: mpf, others: tuple[float, ...] = (0.0,)) -> mpf:
    return x - mp.log(_partition(x, others))


@reference("softmin")
def softmin(x: mpf, others: tuple[float, ...] = (0.0,)) -> mpf:
    return mp.exp(-x) / _partition(-x, tuple(-o for o in others))
