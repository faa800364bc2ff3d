"""Smooth rectifiers and their relatives: softplus, GELU, SiLU, Mish, squareplus, log-sigmoid, tanh-shrink."""

from __future__ import annotations

import math

import numpy as np

from actplot.activation import REAL_LINE, Array, Break, Entry, Formulas, Interval, Param, Variant, always
from actplot.catalogue import _stable

_CAP = _stable.TAIL_CAP

#: The constants of the tanh approximation of GELU: u(x) = √(2/π)·(x + 0.044715·x³).
_GELU_C = math.sqrt(2.0 / math.pi)
_GELU_A = 0.044715

#: Minima of the non-monotonic entries, f(x*) where f′(x*) = 0 (mpmath, 40 digits), each declared
#: 8 ulps lower: f's own rounding dips up to 4 ulps below the exact minimum, and the bound must hold
#: for every computed value while staying tight (to 2e−16).
_MARGIN_ULPS = 8


def _lower_bound(minimum: float) -> float:
    """The exact minimum `minimum` (correctly rounded) minus a few ulps."""
    return minimum - _MARGIN_ULPS * math.ulp(minimum)


_GELU_MIN = _lower_bound(-0.16997120747990366)  # at x* ≈ −0.751792
_GELU_TANH_MIN = _lower_bound(-0.17004075057125406)  # at x* ≈ −0.752461
_SILU_MIN = _lower_bound(-0.2784645427610738)  # −W(1/e), at x* = −1 − W(1/e)
_MISH_MIN = _lower_bound(-0.30884341301725043)  # at x* ≈ −1.192431

#: x − tanh x = (x cosh x − sinh x)/cosh x, and x cosh x − sinh x = Σₙ 2n·x^{2n+1}/(2n+1)!
#: has only positive terms: ten of them reach 1e−20 on |x| < 1, where x − tanh x cancels.
_TANH_SHRINK_SERIES_BELOW = 1.0
_TANH_SHRINK_SERIES = tuple(2 * n / math.factorial(2 * n + 1) for n in range(1, 11))


# softplus ---------------------------------------------------------------------------------------


def _beta_x(x: Array, beta: float) -> Array:
    """βx with x capped at ±800/β first: σ(βx) has saturated there and βx cannot overflow."""
    cap = _CAP / beta
    return beta * np.clip(x, -cap, cap)


def _softplus_pieces(x: Array, beta: float) -> tuple[Array, _stable.SigmoidPieces]:
    """βx (capped, `_beta_x`) and its `sigmoid_pieces`, which f, f′ and f″ all read."""
    bx = _beta_x(x, beta)
    return bx, _stable.sigmoid_pieces(bx)


def _softplus(x: Array, beta: float, pieces: tuple[Array, _stable.SigmoidPieces] | None = None) -> Array:
    """f(x) = log(1 + e^{βx})/β = max(x, 0) + log1p(e^{−β|x|})/β, exact everywhere (no linear switch)."""
    _, (_, z, _) = pieces or _softplus_pieces(x, beta)
    return np.maximum(x, 0.0) + np.log1p(z) / beta


def _softplus_d1(x: Array, beta: float, pieces: tuple[Array, _stable.SigmoidPieces] | None = None) -> Array:
    """f′(x) = σ(βx)."""
    bx, sigmoid = pieces or _softplus_pieces(x, beta)
    return _stable.sigmoid(bx, sigmoid)


def _softplus_d2(x: Array, beta: float, pieces: tuple[Array, _stable.SigmoidPieces] | None = None) -> Array:
    """f″(x) = β·σ′(βx) = β·σ(βx)(1 − σ(βx))."""
    bx, sigmoid = pieces or _softplus_pieces(x, beta)
    return beta * _stable.sigmoid_d1(bx, sigmoid)


def _softplus_jet(x: Array, beta: float) -> tuple[Array, Array, Array]:
    """f, f′, f″ from one `_softplus_pieces`."""
    pieces = _softplus_pieces(x, beta)
    return _softplus(x, beta, pieces), _softplus_d1(x, beta, pieces), _softplus_d2(x, beta, pieces)


def _torch_softplus(x: Array, beta: float, threshold: float) -> Array:
    """PyTorch's softplus: f(x) = x where βx > threshold, else log(1 + e^{βx})/β."""
    return np.where(beta * x > threshold, x, _softplus(x, beta))


def _torch_softplus_d1(x: Array, beta: float, threshold: float) -> Array:
    """f′(x) = 1 where βx > threshold, else σ(βx)."""
    return np.where(beta * x > threshold, 1.0, _softplus_d1(x, beta))


def _torch_softplus_d2(x: Array, beta: float, threshold: float) -> Array:
    """f″(x) = 0 where βx > threshold, else β·σ(βx)(1 − σ(βx))."""
    return np.where(beta * x > threshold, 0.0, _softplus_d2(x, beta))


#: The formula of softplus@torch: the line x past the threshold, so f jumps by e^{−threshold}/β or so.
_TORCH_SOFTPLUS = Entry(
    name="softplus",
    summary="log(1 + e^{βx})/β, switching to x once βx > threshold.",
    params=(
        Param("beta", 1.0, "sharpness; β → ∞ gives relu", domain="positive"),
        Param("threshold", 20.0, "above βx = threshold the value is x itself", domain="nonnegative"),
    ),
    f=_torch_softplus,
    df=_torch_softplus_d1,
    d2f=_torch_softplus_d2,
    breaks=lambda beta, threshold: (Break(threshold / beta, 0),),
    output_range=always(Interval(0.0, np.inf)),
    monotonic=always("no"),
    formulas=Formulas(
        mathtext=(
            r"$x$ if $\beta x>t$ else $\dfrac{1}{\beta}\log\left(1+e^{\beta x}\right)$",
            r"$1$ if $\beta x>t$ else $\sigma(\beta x)$",
            r"$0$ if $\beta x>t$ else $\beta\,\sigma(\beta x)(1-\sigma(\beta x))$",
        ),
        unicode=(
            "x if βx > t else log(1 + e^{βx})/β",
            "1 if βx > t else σ(βx)",
            "0 if βx > t else β·σ(βx)(1 − σ(βx))",
        ),
        symbols={"β": "beta", "t": "threshold"},
    ),
    notes="PyTorch returns x itself once βx > threshold, for speed: f drops by log1p(e^{−t})/β ≈ "
    "e^{−t}/β there (2e-9 at the default t = 20), and f′ by about the same; its double backward "
    "takes f″ = 0 at βx = t itself.",
    reference="torch.nn.Softplus (PyTorch 2.13)",
)


def _squareplus_autodiff(b: float) -> dict[tuple[float, int], float]:
    """JAX 0.10's autodiff of (x + √(x² + b))/2 at 0 when b = 0: the slope of √(x²) there is NaN."""
    return {(0.0, 1): np.nan, (0.0, 2): np.nan} if b == 0 else {}


# gelu -------------------------------------------------------------------------------------------

#: What f, f′ and f″ of GELU are built from, at x capped to ±800 (`_gelu_pieces`).
_GeluPieces = tuple[Array, Array, Array, Array, Array, Array]


def _gelu_u(x: Array, a: float = _GELU_A) -> tuple[Array, Array, Array]:
    """g = 2u, g′ and g″ for the tanh form, u(x) = √(2/π)(x + a·x³), a = 0.044715; 1 + tanh u = 2σ(2u)."""
    g = 2.0 * _GELU_C * (x + a * _stable.cube(x))
    dg = 2.0 * _GELU_C * (1.0 + 3.0 * a * x * x)
    d2g = 12.0 * _GELU_C * a * x
    return g, dg, d2g


def _gelu_pieces(x: Array, approximate: str, orders: tuple[int, ...], a: float = _GELU_A) -> _GeluPieces:
    """x capped to ±800, then the gate and its slopes, as far as `orders` need them (the rest are empty).

    The exact form gives (x, Φ(x), φ(x), –, –, –), the tanh form (x, σ(g), σ′(g), σ″(g), g′, g″)
    with g = 2u (`_gelu_u`, cubic coefficient `a`).
    """
    x = np.clip(x, -_CAP, _CAP)
    none = np.empty(0)
    if approximate != "tanh":
        cdf = _stable.normal_cdf(x) if {0, 1} & set(orders) else none
        pdf = _stable.normal_pdf(x) if {1, 2} & set(orders) else none
        return x, cdf, pdf, none, none, none
    g, dg, d2g = _gelu_u(x, a)
    sigmoid = _stable.sigmoid_pieces(g)
    s0 = _stable.sigmoid(g, sigmoid) if {0, 1} & set(orders) else none
    s1 = _stable.sigmoid_d1(g, sigmoid) if {1, 2} & set(orders) else none
    s2 = _stable.sigmoid_d2(g, sigmoid) if 2 in orders else none
    return x, s0, s1, s2, dg, d2g


def _gelu(x: Array, approximate: str, pieces: _GeluPieces | None = None) -> Array:
    """f(x) = x·Φ(x); tanh form x·(1 + tanh u)/2 = x·σ(2u), exact in the tail where 1 + tanh u cancels."""
    _, gate, *_ = pieces or _gelu_pieces(x, approximate, (0,))
    return np.maximum(x, -_CAP) * gate


def _gelu_d1(x: Array, approximate: str, pieces: _GeluPieces | None = None) -> Array:
    """f′(x) = Φ(x) + x·φ(x); tanh form σ(2u) + x·2u′·σ′(2u)."""
    x, gate, slope, _, dg, _ = pieces or _gelu_pieces(x, approximate, (1,))
    if approximate == "tanh":
        return gate + x * dg * slope
    return gate + x * slope


def _gelu_d2(x: Array, approximate: str, pieces: _GeluPieces | None = None) -> Array:
    """f″(x) = φ(x)·(2 − x²); tanh form (2·2u′ + x·2u″)·σ′(2u) + x·(2u′)²·σ″(2u)."""
    x, _, slope, curvature, dg, d2g = pieces or _gelu_pieces(x, approximate, (2,))
    if approximate == "tanh":
        return (2.0 * dg + x * d2g) * slope + x * dg * dg * curvature
    return slope * (2.0 - x * x)


def _gelu_jet(x: Array, approximate: str) -> tuple[Array, Array, Array]:
    """f, f′, f″ from one `_gelu_pieces`."""
    pieces = _gelu_pieces(x, approximate, (0, 1, 2))
    return _gelu(x, approximate, pieces), _gelu_d1(x, approximate, pieces), _gelu_d2(x, approximate, pieces)


#: TensorFlow 2.21's tf.nn.gelu casts its Python constants to the input's type through float32:
#: the exact form is x·erfc(−x·k)/2 with k = 1/√2 rounded to float32, i.e. x·Φ(sx), s = √2·k, and the
#: tanh form has 0.044715 rounded to float32 (both in float64 too).
_TF_GELU_S = math.sqrt(2.0) * float(np.float32(1.0 / math.sqrt(2.0)))
_TF_GELU_A = float(np.float32(_GELU_A))


def _tf_gelu(x: Array, approximate: str) -> Array:
    """f(x) = x·Φ(sx) = gelu(sx)/s; tanh form x·σ(2u) with the float32 coefficient."""
    if approximate == "tanh":
        return _gelu(x, approximate, _gelu_pieces(x, approximate, (0,), _TF_GELU_A))
    return _gelu(_TF_GELU_S * x, approximate) / _TF_GELU_S


def _tf_gelu_d1(x: Array, approximate: str) -> Array:
    """f′(x) = gelu′(sx); tanh form as gelu's with the float32 coefficient."""
    if approximate == "tanh":
        return _gelu_d1(x, approximate, _gelu_pieces(x, approximate, (1,), _TF_GELU_A))
    return _gelu_d1(_TF_GELU_S * x, approximate)


def _tf_gelu_d2(x: Array, approximate: str) -> Array:
    """f″(x) = s·gelu″(sx); tanh form as gelu's with the float32 coefficient."""
    if approximate == "tanh":
        return _gelu_d2(x, approximate, _gelu_pieces(x, approximate, (2,), _TF_GELU_A))
    return _TF_GELU_S * _gelu_d2(_TF_GELU_S * x, approximate)


#: The formula of gelu@tf: GELU with TensorFlow 2.21's float32-rounded constants.
_TF_GELU = Entry(
    name="gelu",
    summary="x·Φ(sx), s = √2·float32(1/√2); tanh form with float32(0.044715).",
    params=(
        Param(
            "approximate",
            "none",
            "'none' for the erfc form (approximate=False), 'tanh' for the approximation (True)",
            choices=("none", "tanh"),
        ),
    ),
    f=_tf_gelu,
    df=_tf_gelu_d1,
    d2f=_tf_gelu_d2,
    output_range=lambda approximate: Interval(
        _lower_bound(-0.1700407507096038) if approximate == "tanh" else _lower_bound(-0.16997121038883702),
        np.inf,
        lo_closed=True,
    ),
    monotonic=always("no"),
    formulas=Formulas(
        mathtext=(r"$x\,\Phi(sx)$", r"$\Phi(sx)+sx\,\varphi(sx)$", r"$s\,\varphi(sx)\,(2-s^2x^2)$"),
        unicode=("x·Φ(sx)", "Φ(sx) + sx·φ(sx)", "s·φ(sx)(2 − s²x²)"),
    ),
    notes="TensorFlow 2.21 computes x·erfc(−x·k)/2 with k = 1/√2 rounded to float32 (0.70710677), "
    "also in float64, so s = √2·k = 1 − 1.7e-8: f differs from x·Φ(x) by 1.7e-8 relative near 0 "
    "(f″(0) = 0.797884547, not 0.797884561) and by 1.7e-6 at x = −10. The tanh form uses 0.044715 "
    "rounded to float32.",
    reference="tf.nn.gelu (TensorFlow 2.21)",
)


def _tf_silu(x: Array, beta: float) -> Array:
    """f(x) = x·σ(βx) = silu(βx)/β."""
    return _stable.silu(beta * x) / beta


def _tf_silu_d1(x: Array, beta: float) -> Array:
    """f′(x) = silu′(βx) = σ(βx) + βx·σ′(βx)."""
    return _stable.silu_d1(beta * x)


def _tf_silu_d2(x: Array, beta: float) -> Array:
    """f″(x) = β·silu″(βx) = β(2σ′(βx) + βx·σ″(βx))."""
    return beta * _stable.silu_d2(beta * x)


#: The formula of silu@tf: swish with its β, x·σ(βx).
_TF_SILU = Entry(
    name="silu",
    summary="x·σ(βx): swish with its β.",
    params=(Param("beta", 1.0, "sharpness; β → ∞ gives relu", domain="positive"),),
    f=_tf_silu,
    df=_tf_silu_d1,
    d2f=_tf_silu_d2,
    output_range=lambda beta: Interval(_SILU_MIN / beta, np.inf, lo_closed=True),
    monotonic=always("no"),
    formulas=Formulas(
        mathtext=(
            r"$x\,\sigma(\beta x)$",
            r"$\sigma(\beta x)+\beta x\,\sigma'(\beta x)$",
            r"$\beta\left(2\sigma'(\beta x)+\beta x\,\sigma''(\beta x)\right)$",
        ),
        unicode=("x·σ(βx)", "σ(βx) + βx·σ′(βx)", "β(2σ′(βx) + βx·σ″(βx))"),
        symbols={"β": "beta"},
    ),
    notes="Swish as published (Ramachandran et al., 2017), with β; β = 1 is SiLU. TensorFlow 2.21 "
    "also accepts β ≤ 0, which actplot does not (β → 0 gives x/2).",
    reference="tf.nn.silu (TensorFlow 2.21)",
)


# mish -------------------------------------------------------------------------------------------


def _mish_gate(x: Array) -> tuple[Array, Array, Array, Array]:
    """x capped to ±800, then t = tanh(softplus(x)), t′ and t″ as rational functions of e = e^{−|x|}.

    With w = eˣ: t = (w² + 2w)/(w² + 2w + 2), t′ = sech²(softplus x)·σ(x) = 4w(1 + w)/q² and
    t″ = 4w(2 + 2w − 3w² − 2w³)/q³, q = w² + 2w + 2.  For x ≥ 0 the same in v = e^{−x}:
    t = (1 + 2v)/p, t′ = 4v²(1 + v)/p², t″ = 4v²(2v³ + 2v² − 3v − 2)/p³, p = 1 + 2v + 2v².
    Nothing overflows, and 1 − t and t′ keep their relative precision for large x.
    """
    x = np.clip(x, -_CAP, _CAP)
    e = np.exp(-np.abs(x))
    q = e * e + 2.0 * e + 2.0
    p = 1.0 + 2.0 * e + 2.0 * e * e
    positive = x >= 0
    t = np.where(positive, (1.0 + 2.0 * e) / p, e * (e + 2.0) / q)
    dt = np.where(positive, 4.0 * e * e * (1.0 + e) / (p * p), 4.0 * e * (1.0 + e) / (q * q))
    d2t = np.where(
        positive,
        4.0 * e * e * (((2.0 * e + 2.0) * e - 3.0) * e - 2.0) / _stable.cube(p),
        4.0 * e * (2.0 + e * (2.0 - e * (3.0 + 2.0 * e))) / _stable.cube(q),
    )
    return x, t, dt, d2t


def _mish(x: Array, gate: tuple[Array, Array, Array, Array] | None = None) -> Array:
    """f(x) = x·tanh(softplus(x))."""
    _, t, _, _ = gate or _mish_gate(x)
    return np.maximum(x, -_CAP) * t


def _mish_d1(x: Array, gate: tuple[Array, Array, Array, Array] | None = None) -> Array:
    """f′(x) = t + x·t′, with t = tanh(softplus x), t′ = sech²(softplus x)·σ(x)."""
    x, t, dt, _ = gate or _mish_gate(x)
    return t + x * dt


def _mish_d2(x: Array, gate: tuple[Array, Array, Array, Array] | None = None) -> Array:
    """f″(x) = 2t′ + x·t″, with t″ = sech²(softplus x)·σ(x)·(1 − σ(x) − 2σ(x)·t)."""
    x, _, dt, d2t = gate or _mish_gate(x)
    return 2.0 * dt + x * d2t


def _mish_jet(x: Array) -> tuple[Array, Array, Array]:
    """f, f′, f″ from one `_mish_gate`."""
    gate = _mish_gate(x)
    return _mish(x, gate), _mish_d1(x, gate), _mish_d2(x, gate)


# squareplus -------------------------------------------------------------------------------------


def _squareplus_parts(x: Array, b: float) -> tuple[Array, Array]:
    """h = √(x² + b) as hypot (no x² to overflow) and m = (h + |x|)/2 (no h + |x| to overflow).

    Then h − |x| = b/(2m) without cancellation.
    """
    h = np.hypot(x, math.sqrt(b))
    return h, 0.5 * h + 0.5 * np.abs(x)


def _nonzero(a: Array) -> Array:
    """a with 0 replaced by 1: h and m vanish only at x = 0 when b = 0, where the numerator is 0 too."""
    return np.where(a == 0, 1.0, a)


def _squareplus(x: Array, b: float) -> Array:
    """f(x) = (x + √(x² + b))/2 = m for x ≥ 0, and b/(2(√(x² + b) − x)) = b/(4m) for x < 0."""
    _, m = _squareplus_parts(x, b)
    return np.where(x >= 0, m, 0.25 * b / _nonzero(m))


def _squareplus_d1(x: Array, b: float) -> Array:
    """f′(x) = (1 + x/√(x² + b))/2: 1 − r for x > 0, r for x ≤ 0, with r = (1 − |x|/h)/2 = b/(4mh).

    For b = 0 (relu) we take f′(0) = 0, as PyTorch's relu.
    """
    h, m = _squareplus_parts(x, b)
    r = 0.25 * b / _nonzero(m) / _nonzero(h)
    return np.where(x > 0, 1.0 - r, r)


def _squareplus_d2(x: Array, b: float) -> Array:
    """f″(x) = b/(2(x² + b)^{3/2}) (0 for b = 0, plus relu's δ at 0)."""
    h, _ = _squareplus_parts(x, b)
    h = _nonzero(h)
    return 0.5 * b / h / h / h


# log_sigmoid ------------------------------------------------------------------------------------


def _log_sigmoid_d1(x: Array) -> Array:
    """f′(x) = σ(−x) = 1 − σ(x)."""
    return _stable.sigmoid(-x)


def _log_sigmoid_d2(x: Array) -> Array:
    """f″(x) = −σ′(x) = −σ(x)(1 − σ(x))."""
    return -_stable.sigmoid_d1(x)


# tanh_shrink ------------------------------------------------------------------------------------


def _tanh_shrink(x: Array) -> Array:
    """f(x) = x − tanh x; for |x| < 1 (x cosh x − sinh x)/cosh x from its series, ≈ x³/3 near 0."""
    small = np.clip(x, -_TANH_SHRINK_SERIES_BELOW, _TANH_SHRINK_SERIES_BELOW)
    square = small * small
    near_zero = small * square * _stable.horner(square, _TANH_SHRINK_SERIES) / np.cosh(small)
    return np.where(np.abs(x) < _TANH_SHRINK_SERIES_BELOW, near_zero, x - np.tanh(x))


def _tanh_shrink_d1(x: Array) -> Array:
    """f′(x) = 1 − sech² x = tanh² x."""
    return np.tanh(x) ** 2


def _tanh_shrink_d2(x: Array) -> Array:
    """f″(x) = 2 tanh x · sech² x = −tanh″(x)."""
    return -_stable.tanh_d2(x)


ENTRIES = (
    Entry(
        name="softplus",
        summary="log(1 + e^{βx})/β: a smooth ReLU, C∞, with the logistic sigmoid as derivative.",
        params=(Param("beta", 1.0, "sharpness; β → ∞ gives relu", domain="positive"),),
        f=_softplus,
        df=_softplus_d1,
        d2f=_softplus_d2,
        jet=_softplus_jet,
        output_range=always(Interval(0.0, np.inf)),
        monotonic=always("increasing"),
        formulas=Formulas(
            mathtext=(
                r"$\dfrac{1}{\beta}\log\left(1+e^{\beta x}\right)$",
                r"$\sigma(\beta x)$",
                r"$\beta\,\sigma(\beta x)\,(1-\sigma(\beta x))$",
            ),
            unicode=("log(1 + e^{βx})/β", "σ(βx)", "β·σ(βx)(1 − σ(βx))"),
            symbols={"β": "beta"},
        ),
        notes="A smooth ReLU: positive everywhere, f′ = σ(βx) never vanishes for x > 0 and f″ is a "
        "bump instead of relu's Dirac delta, so softplus (with tanh) is the activation whose networks "
        "reproduce second derivatives best in the derivative-fidelity study in examples/. "
        "Computed as max(x, 0) + log1p(e^{−β|x|})/β: "
        "softplus(1000) = 1000 and softplus(−1000) = e^{−1000} (0 in float64), never log(∞).",
        reference="Dugas, Bengio, Bélisle, Nadeau & Garcia, Incorporating second-order functional "
        "knowledge for better option pricing (2001)",
        frameworks={
            "PyTorch": "nn.Softplus(beta, threshold)",
            "Keras": "keras.activations.softplus",
            "JAX": "jax.nn.softplus",
        },
        differences="PyTorch switches to the line x once βx > threshold (20 by default), which makes a "
        "jump of log1p(e^{−20})/β ≈ 2.1e−9/β at x = 20/β; actplot keeps the exact log(1 + e^{βx})/β "
        "everywhere (no threshold parameter). Keras, JAX and TensorFlow have no β (β = 1). TensorFlow "
        "2.21's gradient is σ(x), whose own gradient y(1 − y) from the rounded output makes f″ lose "
        "digits beyond x ≈ 20 and 0 from x ≈ 37.",
        variants={
            "torch": Variant(
                "torch.nn.functional.softplus",
                formula=_TORCH_SOFTPLUS,
                at_breaks=lambda beta, threshold: {(threshold / beta, 2): 0.0},
                note="x itself once βx > threshold (20): f jumps by about 2e-9 there",
            ),
            "jax": Variant("jax.nn.softplus", fixed={"beta": 1.0}),
            "keras": Variant("keras.activations.softplus", fixed={"beta": 1.0}),
            "tf": Variant("tf.nn.softplus", fixed={"beta": 1.0}),
        },
    ),
    Entry(
        name="gelu",
        summary="x·Φ(x): the input weighted by the probability that a standard normal is below it.",
        params=(
            Param(
                "approximate",
                "none",
                "'none' for the exact erf form, 'tanh' for the approximation",
                choices=("none", "tanh"),
            ),
        ),
        f=_gelu,
        df=_gelu_d1,
        d2f=_gelu_d2,
        jet=_gelu_jet,
        output_range=lambda approximate: Interval(
            _GELU_TANH_MIN if approximate == "tanh" else _GELU_MIN, np.inf, lo_closed=True
        ),
        monotonic=always("no"),
        formulas=Formulas(
            mathtext=(
                r"$x\,\Phi(x)=\dfrac{x}{2}\left(1+\mathrm{erf}\,\dfrac{x}{\sqrt{2}}\right)$",
                r"$\Phi(x)+x\,\varphi(x)$",
                r"$\varphi(x)\,(2-x^2)$",
            ),
            unicode=("x·Φ(x) = x(1 + erf(x/√2))/2", "Φ(x) + x·φ(x)", "φ(x)(2 − x²)"),
        ),
        notes="The activation of BERT and GPT: like ReLU for large |x| but smooth, with a dip to "
        "−0.16997 at x ≈ −0.7518 (−0.17004 at −0.7525 for tanh), so not monotonic. "
        "Φ is the standard normal distribution and φ its density. approximate=tanh gives "
        "x(1 + tanh u)/2 = x·σ(2u), u = √(2/π)(x + 0.044715x³), with f′ = σ(2u) + 2x·u′·σ′(2u) and "
        "f″ = (4u′ + 2x·u″)σ′(2u) + 4x·u′²σ″(2u); the formulas above are the exact form. The two "
        "differ by at most 4.7e−4 (at |x| ≈ 2.7).",
        reference="Hendrycks & Gimpel, Gaussian error linear units (GELUs) (2016)",
        frameworks={
            "PyTorch": "nn.GELU(approximate='none')",
            "Keras": "keras.activations.gelu(approximate=False)",
            "JAX": "jax.nn.gelu(approximate=True)",
        },
        differences="Defaults differ: PyTorch (approximate='none') and keras.activations.gelu "
        "(approximate=False) use the exact erf form, while jax.nn.gelu and keras.ops.gelu default to the "
        "tanh approximation (approximate=True); this entry follows PyTorch, use gelu:approximate=tanh "
        "for JAX's default. TensorFlow 2.21's tf.nn.gelu (approximate=False) rounds 1/√2 and 0.044715 "
        "to float32, even in float64: 1.7e-8 relative from x·Φ(x) near 0 (see gelu@tf).",
        variants={
            "torch": Variant("torch.nn.functional.gelu"),
            "jax": Variant(
                "jax.nn.gelu", defaults={"approximate": "tanh"}, note="the tanh approximation by default"
            ),
            "keras": Variant("keras.activations.gelu"),
            "tf": Variant(
                "tf.nn.gelu",
                formula=_TF_GELU,
                note="its constants rounded to float32: 1.7e-8 relative from x·Φ(x) near 0",
            ),
        },
    ),
    Entry(
        name="silu",
        aliases=("swish", "sigmoid_linear_unit"),
        summary="x·σ(x): the input gated by its own sigmoid; smooth and slightly non-monotonic.",
        f=_stable.silu,
        df=_stable.silu_d1,
        d2f=_stable.silu_d2,
        jet=_stable.silu_jet,
        output_range=always(Interval(_SILU_MIN, np.inf, lo_closed=True)),
        monotonic=always("no"),
        formulas=Formulas(
            mathtext=(
                r"$x\,\sigma(x)$",
                r"$\sigma(x)\,\left(1+x\,(1-\sigma(x))\right)$",
                r"$\sigma'(x)\,\left(2+x\,(1-2\sigma(x))\right)$",
            ),
            unicode=("x·σ(x)", "σ(x)(1 + x(1 − σ(x)))", "σ′(x)(2 + x(1 − 2σ(x)))"),
        ),
        notes="Smooth ReLU-like self-gating found by automated search (Swish) and earlier as SiLU. It dips "
        "to −W(1/e) ≈ −0.2785 at x ≈ −1.278 (W: Lambert's function), so it is not monotonic; unbounded "
        "above, bounded below. Its f″ is smooth, unlike ReLU's Dirac delta.",
        reference="Hendrycks & Gimpel, GELUs (2016); Elfwing, Uchibe & Doya, Sigmoid-weighted linear "
        "units (2017); Ramachandran, Zoph & Le, Searching for activation functions (2017)",
        frameworks={
            "PyTorch": "nn.SiLU",
            "Keras": "keras.activations.silu (alias swish)",
            "JAX": "jax.nn.silu (alias swish)",
        },
        differences="Swish as published has a β, x·σ(βx); PyTorch, Keras and JAX fix β = 1 (= SiLU), "
        "TensorFlow 2.21's tf.nn.silu takes beta=1.0 (silu@tf:beta=1.5).",
        variants={
            "torch": Variant("torch.nn.functional.silu"),
            "jax": Variant("jax.nn.silu"),
            "keras": Variant("keras.activations.silu"),
            "tf": Variant("tf.nn.silu", formula=_TF_SILU, note="swish with its β (beta=1.0 by default)"),
        },
    ),
    Entry(
        name="mish",
        summary="x·tanh(softplus(x)): a smooth, self-regularised, slightly non-monotonic ReLU.",
        f=_mish,
        df=_mish_d1,
        d2f=_mish_d2,
        jet=_mish_jet,
        output_range=always(Interval(_MISH_MIN, np.inf, lo_closed=True)),
        monotonic=always("no"),
        formulas=Formulas(
            mathtext=(
                r"$x\,\tanh(\varsigma(x))$",
                r"$\tanh\varsigma+x\,\sigma(x)\,\mathrm{sech}^2\varsigma$",
                r"$\sigma\,\mathrm{sech}^2\varsigma\cdot\left(2+x\,(1-\sigma-2\sigma\tanh\varsigma)\right)$",
            ),
            unicode=(
                "x·tanh(ς(x))",
                "tanh ς + x·σ(x)·sech² ς",
                "σ·sech² ς·(2 + x(1 − σ − 2σ·tanh ς))",
            ),
        ),
        notes="Close to SiLU, with a deeper dip (−0.30884 at x ≈ −1.1924); C∞. Computed from "
        "e^{−|x|} as a rational function, so neither e^x nor (1 + e^x)² overflows.",
        reference="Misra, Mish: a self regularized non-monotonic activation function (2019)",
        frameworks={"PyTorch": "nn.Mish", "Keras": "keras.activations.mish", "JAX": "jax.nn.mish"},
        differences="PyTorch 2.13, JAX 0.10 and Keras 3.15 all compute x·tanh(softplus(x)) with no "
        "threshold, as here (to 1e-12 in float64). Their autodiff takes sech² as 1 − tanh², so f″ loses "
        "digits from x ≈ 10 and is 0 from x ≈ 20; PyTorch's f″ is NaN beyond x = 709.78, where eˣ "
        "overflows.",
        variants={
            "torch": Variant("torch.nn.functional.mish"),
            "jax": Variant("jax.nn.mish"),
            "keras": Variant("keras.activations.mish"),
        },
    ),
    Entry(
        name="squareplus",
        summary="(x + √(x² + b))/2: softplus's shape from a square root instead of exp and log.",
        params=(Param("b", 4.0, "curvature near 0; b = 0 gives relu", domain="nonnegative"),),
        f=_squareplus,
        df=_squareplus_d1,
        d2f=_squareplus_d2,
        breaks=lambda b: (Break(0.0, 1),) if b == 0 else (),
        output_range=lambda b: Interval(0.0, np.inf, lo_closed=b == 0),
        monotonic=always("increasing"),
        formulas=Formulas(
            mathtext=(
                r"$\dfrac{x+\sqrt{x^2+b}}{2}$",
                r"$\dfrac{1}{2}\left(1+\dfrac{x}{\sqrt{x^2+b}}\right)$",
                r"$\dfrac{b}{2\,(x^2+b)^{3/2}}$",
            ),
            unicode=("(x + √(x² + b))/2", "(1 + x/√(x² + b))/2", "b/(2(x² + b)^{3/2})"),
            symbols={"b": "b"},
        ),
        notes="Cheap (no exp or log) and as smooth as softplus for b > 0, but its tails are algebraic: "
        "f ≈ b/(4|x|) as x → −∞. f(0) = √b/2; b = 4 (the default) makes f′(0) = 1/2 and "
        "f(0) = 1. Computed as b/(2(√(x² + b) − x)) for x < 0, where x + √(x² + b) cancels. b = 0 is "
        "relu, with its kink at 0 and relu′(0) = 0.",
        reference="Barron, Squareplus: a softplus-like algebraic rectifier (2021)",
        frameworks={"Keras": "keras.activations.squareplus", "JAX": "jax.nn.squareplus"},
        differences="PyTorch has no squareplus; JAX and Keras default to b = 4. With b = 0 JAX 0.10's "
        "autodiff gives NaN for f′(0) and f″(0) (the derivative of √(x²) at 0).",
        variants={
            "jax": Variant(
                "jax.nn.squareplus", at_breaks=_squareplus_autodiff, note="NaN slope at 0 when b = 0"
            ),
            "keras": Variant("keras.activations.squareplus", at_breaks=_squareplus_autodiff),
        },
    ),
    Entry(
        name="log_sigmoid",
        summary="log σ(x) = −softplus(−x): the log-probability of a logistic output.",
        f=_stable.log_sigmoid,
        df=_log_sigmoid_d1,
        d2f=_log_sigmoid_d2,
        output_range=always(Interval(-np.inf, 0.0)),
        monotonic=always("increasing"),
        formulas=Formulas(
            mathtext=(
                r"$\log\sigma(x)=-\log\left(1+e^{-x}\right)$",
                r"$\sigma(-x)=1-\sigma(x)$",
                r"$-\sigma(x)\,(1-\sigma(x))$",
            ),
            unicode=("log σ(x) = −log(1 + e⁻ˣ)", "σ(−x) = 1 − σ(x)", "−σ(x)(1 − σ(x))"),
        ),
        notes="Taking the log of 1/(1 + e^{−x}) gives log(0) = −∞ for x < −745 and loses all digits "
        "well before; as min(x, 0) − log1p(e^{−|x|}) it is exact: log_sigmoid(−1000) = −1000. The "
        "building block of binary cross-entropy. Concave, increasing, never reaching 0.",
        reference="Cox, The regression analysis of binary sequences (1958)",
        frameworks={
            "PyTorch": "nn.LogSigmoid",
            "Keras": "keras.activations.log_sigmoid",
            "JAX": "jax.nn.log_sigmoid",
        },
        differences="TensorFlow 2.21's tf.math.log_sigmoid is −softplus(−x); its f″ comes from "
        "σ(−x)(1 − σ(−x)) on the rounded σ, which loses digits below x ≈ −20 and is 0 from x ≈ −37.",
        variants={"tf": Variant("tf.math.log_sigmoid")},
    ),
    Entry(
        name="tanh_shrink",
        summary="x − tanh x: zero near 0 (≈ x³/3), the line x ∓ 1 far out.",
        f=_tanh_shrink,
        df=_tanh_shrink_d1,
        d2f=_tanh_shrink_d2,
        output_range=always(REAL_LINE),
        monotonic=always("increasing"),
        formulas=Formulas(
            mathtext=(r"$x-\tanh x$", r"$\tanh^2 x$", r"$2\tanh x\,\mathrm{sech}^2 x$"),
            unicode=("x − tanh x", "tanh² x", "2 tanh x · sech² x"),
        ),
        notes="A smooth shrinkage: small inputs are squeezed towards 0 (f ≈ x³/3, f′ = tanh² x ≈ x²), "
        "large ones pass shifted by ∓1. Near 0 the difference x − tanh x cancels, so |x| < 1 uses the "
        "series of x cosh x − sinh x (all terms positive) over cosh x.",
        reference="Collobert, Kavukcuoglu & Farabet, Torch7: a Matlab-like environment for machine "
        "learning (2011)",
        frameworks={"PyTorch": "nn.Tanhshrink", "Keras": "keras.activations.tanh_shrink"},
        differences="JAX has no tanh_shrink.",
    ),
)
