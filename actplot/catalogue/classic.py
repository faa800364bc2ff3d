"""The classic functions of the activation-function tables: identity, step, sigmoid, tanh and more."""

from __future__ import annotations

import math

import numpy as np

from actplot.activation import REAL_LINE, Array, Break, Entry, Formulas, Interval, Param, Variant, always
from actplot.catalogue import _stable

#: e^{−x²} is 0 in float64 beyond |x| ≈ 27.3; capping |x| here keeps x² finite.
_GAUSSIAN_CAP = 40.0

#: min sinc = cos x* where tan x* = x*, x* ≈ 4.4934 (correctly rounded).
_SINC_MIN = -0.21723362821122166

#: Below this |x|, sinc′ and sinc″ come from their Taylor series (the closed forms cancel).
_SINC_SERIES_BELOW = 1.0

#: sinc(x) = Σ (−1)ᵏ x²ᵏ/(2k+1)!, so sinc′(x) = x·P₁(x²) and sinc″(x) = P₂(x²) with these
#: coefficients; nine terms reach 1e−17 on |x| < 1.
_SINC_D1_SERIES = tuple((-1) ** k * 2 * k / math.factorial(2 * k + 1) for k in range(1, 10))
_SINC_D2_SERIES = tuple((-1) ** k * 2 * k * (2 * k - 1) / math.factorial(2 * k + 1) for k in range(1, 10))


def _identity(x: Array) -> Array:
    """f(x) = x."""
    return x.copy()


def _step(x: Array) -> Array:
    """f(x) = 1 if x > 0 else 0 (``x > 0``): we take step(0) = 0."""
    return _stable.keep_nan(x, x > 0)


def _tanh(x: Array) -> Array:
    """f(x) = tanh x."""
    return np.tanh(x)


def _softsign(x: Array) -> Array:
    """f(x) = x/(1 + |x|); ±1 at ±∞."""
    x = _stable.finite(x)
    return x / (1.0 + np.abs(x))


def _softsign_d1(x: Array) -> Array:
    """f′(x) = 1/(1 + |x|)²."""
    return (1.0 / (1.0 + np.abs(x))) ** 2


def _softsign_d2(x: Array) -> Array:
    """f″(x) = −2 sign(x)/(1 + |x|)³; we take f″(0) = 0, as autograd does through sign(0) = 0."""
    return -2.0 * np.sign(x) * _stable.cube(1.0 / (1.0 + np.abs(x)))


def _arctan(x: Array) -> Array:
    """f(x) = arctan x."""
    return np.arctan(x)


def _arctan_d1(x: Array) -> Array:
    """f′(x) = 1/(1 + x²) = (1/hypot(1, x))², with no x² to overflow."""
    return (1.0 / np.hypot(1.0, x)) ** 2


def _arctan_d2(x: Array) -> Array:
    """f″(x) = −2x/(1 + x²)² = −2·(x/h)/h³ with h = hypot(1, x)."""
    x = _stable.finite(x)
    h = np.hypot(1.0, x)
    return -2.0 * (x / h) * _stable.cube(1.0 / h)


def _exponential(x: Array) -> Array:
    """f(x) = f′(x) = f″(x) = eˣ; beyond x ≈ 709.78 it overflows to ∞, silently: that is its value."""
    with np.errstate(over="ignore"):
        return np.exp(x)


def _gaussian(x: Array) -> Array:
    """f(x) = e^{−x²}."""
    x = np.clip(x, -_GAUSSIAN_CAP, _GAUSSIAN_CAP)
    return np.exp(-x * x)


def _gaussian_d1(x: Array) -> Array:
    """f′(x) = −2x e^{−x²}."""
    x = np.clip(x, -_GAUSSIAN_CAP, _GAUSSIAN_CAP)
    return -2.0 * x * np.exp(-x * x)


def _gaussian_d2(x: Array) -> Array:
    """f″(x) = (4x² − 2) e^{−x²}."""
    x = np.clip(x, -_GAUSSIAN_CAP, _GAUSSIAN_CAP)
    return (4.0 * x * x - 2.0) * np.exp(-x * x)


def _finite_or_nan(x: Array) -> Array:
    """x, with ±∞ turned into NaN: sin and cos have no limit there."""
    return np.where(np.isinf(x), np.nan, x)


def _sin(x: Array) -> Array:
    """f(x) = sin x; NaN at ±∞, where it has no limit."""
    return np.sin(_finite_or_nan(x))


def _cos(x: Array) -> Array:
    """f′(x) = cos x; NaN at ±∞."""
    return np.cos(_finite_or_nan(x))


def _minus_sin(x: Array) -> Array:
    """f″(x) = −sin x; NaN at ±∞."""
    return -_sin(x)


def _sinc(x: Array) -> Array:
    """f(x) = sin(x)/x, and f(0) = 1 (its limit); 0 at ±∞."""
    x = _stable.finite(x)
    safe = np.where(x == 0, 1.0, x)
    return np.where(x == 0, 1.0, np.sin(safe) / safe)


def _sinc_d1(x: Array) -> Array:
    """f′(x) = (x cos x − sin x)/x² = (cos x − sinc x)/x; a Taylor series for |x| < 1."""
    x = _stable.finite(x)
    near = np.abs(x) < _SINC_SERIES_BELOW
    small, large = np.where(near, x, 0.0), np.where(near, 1.0, x)
    series = small * _stable.horner(small * small, _SINC_D1_SERIES)
    return np.where(near, series, (np.cos(large) - _sinc(large)) / large)


def _sinc_d2(x: Array) -> Array:
    """f″(x) = −((x² − 2) sin x + 2x cos x)/x³ = −sinc x − 2 sinc′(x)/x; a Taylor series for |x| < 1."""
    x = _stable.finite(x)
    near = np.abs(x) < _SINC_SERIES_BELOW
    small, large = np.where(near, x, 0.0), np.where(near, 1.0, x)
    series = _stable.horner(small * small, _SINC_D2_SERIES)
    return np.where(near, series, -_sinc(large) - 2.0 * _sinc_d1(large) / large)


def _bent_identity(x: Array) -> Array:
    """f(x) = (√(x² + 1) − 1)/2 + x, with √(x² + 1) − 1 = x·x/(√(x² + 1) + 1) (no cancellation).

    Beyond x ≈ 1.2e308 the value itself exceeds the float range and is ∞.
    """
    finite = _stable.finite(x)
    half_rise = finite * (finite / (np.hypot(finite, 1.0) + 1.0)) / 2.0
    with np.errstate(over="ignore"):
        return x + half_rise


def _bent_identity_d1(x: Array) -> Array:
    """f′(x) = x/(2√(x² + 1)) + 1."""
    x = _stable.finite(x)
    return x / np.hypot(x, 1.0) / 2.0 + 1.0


def _bent_identity_d2(x: Array) -> Array:
    """f″(x) = 1/(2(x² + 1)^{3/2})."""
    return _stable.cube(1.0 / np.hypot(x, 1.0)) / 2.0


def _sqnl(x: Array) -> Array:
    """f(x) = x − x|x|/4 for |x| ≤ 2, sign(x) beyond (= that formula at the clipped x)."""
    x = np.clip(x, -2.0, 2.0)
    return x - x * np.abs(x) / 4.0


def _sqnl_d1(x: Array) -> Array:
    """f′(x) = 1 − |x|/2 for |x| ≤ 2, else 0 = max(1 − |x|/2, 0)."""
    return np.maximum(1.0 - np.abs(x) / 2.0, 0.0)


def _sqnl_d2(x: Array) -> Array:
    """f″(x) = −sign(x)/2 for |x| ≤ 2, else 0: we take f″(0) = 0 (odd, as softsign) and f″(±2) = ∓1/2."""
    return np.where(np.abs(x) > 2.0, 0.0, -np.sign(x) / 2.0)


ENTRIES = (
    Entry(
        name="identity",
        aliases=("linear",),
        summary="Passes the input through: the output activation of regression.",
        f=_identity,
        df=_stable.one,
        d2f=_stable.zero,
        output_range=always(REAL_LINE),
        monotonic=always("increasing"),
        formulas=Formulas(
            mathtext=(r"$x$", r"$1$", r"$0$"),
            unicode=("x", "1", "0"),
        ),
        notes="The output activation of regression networks. A network of linear layers with "
        "identity activations is one linear map: depth only helps with a nonlinearity between layers.",
        reference="Widrow & Hoff, Adaptive switching circuits (ADALINE, 1960)",
        frameworks={"PyTorch": "nn.Identity", "Keras": "keras.activations.linear", "JAX": "jax.nn.identity"},
    ),
    Entry(
        name="step",
        aliases=("binary_step", "heaviside"),
        summary="The perceptron's threshold: 1 for x > 0, else 0.",
        f=_step,
        df=_stable.zero,
        d2f=_stable.zero,
        breaks=always((Break(0.0, 0),)),
        output_range=always(Interval(0.0, 1.0, True, True)),
        monotonic=always("non-decreasing"),
        formulas=Formulas(
            mathtext=(r"$H(x)=[x>0]$", r"$\delta(x)$", r"$\delta'(x)$"),
            unicode=("H(x) = [x > 0]", "δ(x)", "δ′(x)"),
        ),
        notes="Written x > 0 (np.array(x > 0) in NumPy), so step(0) = 0. Its derivative is zero "
        "wherever it exists (a Dirac delta at 0), so gradient descent cannot train it: the reason "
        "for smooth activations.",
        reference="Rosenblatt, The perceptron (1958); McCulloch & Pitts (1943)",
        frameworks={"PyTorch": "torch.heaviside(x, values)", "JAX": "jax.numpy.heaviside(x, 0.0)"},
        differences="torch.heaviside, np.heaviside and jnp.heaviside take the value at 0 as an argument "
        "(any number, often 0.5); this entry fixes it at 0, as x > 0 does.",
    ),
    Entry(
        name="sigmoid",
        aliases=("logistic", "expit"),
        summary="Squashes any input into (0, 1); read as a probability.",
        f=_stable.sigmoid,
        df=_stable.sigmoid_d1,
        d2f=_stable.sigmoid_d2,
        jet=_stable.sigmoid_jet,
        output_range=always(Interval(0.0, 1.0)),
        monotonic=always("increasing"),
        formulas=Formulas(
            mathtext=(
                r"$\sigma(x)=\dfrac{1}{1+e^{-x}}$",
                r"$\sigma(x)\,(1-\sigma(x))$",
                r"$\sigma'(x)\,(1-2\sigma(x))$",
            ),
            unicode=("σ(x) = 1/(1 + e⁻ˣ)", "σ(x)(1 − σ(x))", "σ′(x)(1 − 2σ(x))"),
        ),
        notes="Saturates at both ends: σ′ ≤ 1/4 and it vanishes for large |x|, so gradients shrink "
        "layer after layer in deep networks (vanishing gradients: Glorot & Bengio, Understanding the "
        "difficulty of training deep feedforward neural networks, 2010); hence ReLU in hidden layers "
        "and sigmoid at the output of binary classifiers. Not zero-centred. The textbook "
        "1/(1 + np.exp(−x)) overflows (with a warning) for x < −709; computed from e^{−|x|}, nothing "
        "does. In the derivative-fidelity study in examples/ its networks' second derivatives vary "
        "most from run to run of the smooth activations (tanh, softplus, sigmoid).",
        reference="Rumelhart, Hinton & Williams, Learning representations by back-propagating errors (1986)",
        frameworks={"PyTorch": "nn.Sigmoid", "Keras": "keras.activations.sigmoid", "JAX": "jax.nn.sigmoid"},
        differences="PyTorch 2.13, JAX 0.10, Keras 3.15 and TensorFlow 2.21 compute this function (to "
        "1e-12 in float64), but their autodiff takes σ′ = y(1 − y) from the rounded output y: f′ and f″ "
        "lose digits beyond x ≈ 20 and are 0 beyond x ≈ 37 (exactly e^{−x} there, as here). Below "
        "x = −709.78 PyTorch's 1/(1 + e^{−x}) overflows and JAX and TensorFlow flush subnormals: f is 0 "
        "where σ is a subnormal number.",
        variants={
            "torch": Variant("torch.sigmoid"),
            "jax": Variant("jax.nn.sigmoid"),
            "keras": Variant("keras.activations.sigmoid"),
            "tf": Variant("tf.nn.sigmoid"),
        },
    ),
    Entry(
        name="tanh",
        aliases=("hyperbolic_tangent",),
        summary="Squashes any input into (−1, 1); a zero-centred sigmoid, tanh x = 2σ(2x) − 1.",
        f=_tanh,
        df=_stable.tanh_d1,
        d2f=_stable.tanh_d2,
        jet=_stable.tanh_jet,
        output_range=always(Interval(-1.0, 1.0)),
        monotonic=always("increasing"),
        formulas=Formulas(
            mathtext=(
                r"$\tanh x=\dfrac{e^{x}-e^{-x}}{e^{x}+e^{-x}}$",
                r"$1-\tanh^2 x$",
                r"$-2\tanh x\,(1-\tanh^2 x)$",
            ),
            unicode=("tanh x = (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ)", "1 − tanh² x = sech² x", "−2 tanh x · sech² x"),
        ),
        notes="Zero-centred with slope 1 at 0, so it trains faster than sigmoid, but it saturates too: "
        "tanh′ = sech² vanishes for large |x| (vanishing gradients: Glorot & Bengio, 2010). Smooth "
        "everywhere, it is (with softplus) the activation whose network's second derivatives are "
        "most faithful in the derivative-fidelity study in examples/. "
        "f′ is computed as sech² from e^{−|x|}, not as 1 − tanh², which is 0 in float64 beyond |x| ≈ 19.",
        reference="LeCun, Bottou, Orr & Müller, Efficient BackProp (1998)",
        frameworks={"PyTorch": "nn.Tanh", "Keras": "keras.activations.tanh", "JAX": "jax.nn.tanh"},
        differences="PyTorch 2.13, JAX 0.10 and TensorFlow 2.21 compute this function (to 1e-12 in "
        "float64), but their autodiff takes tanh′ = 1 − y² from the rounded output: f′ and f″ are 0 "
        "beyond |x| ≈ 19. Keras "
        "3.15's keras.activations.tanh computes in float32 even for float64 input, on every backend "
        "but TensorFlow (its type promotion maps float64 to float32).",
        variants={
            "torch": Variant("torch.tanh"),
            "jax": Variant("jax.nn.tanh"),
            "keras": Variant("keras.activations.tanh", note="computed in float32 even for float64 input"),
            "tf": Variant("tf.nn.tanh"),
        },
    ),
    Entry(
        name="softsign",
        summary="x/(1 + |x|): a sigmoid shape into (−1, 1) with polynomial, not exponential, tails.",
        f=_softsign,
        df=_softsign_d1,
        d2f=_softsign_d2,
        breaks=always((Break(0.0, 2),)),
        output_range=always(Interval(-1.0, 1.0)),
        monotonic=always("increasing"),
        formulas=Formulas(
            mathtext=(
                r"$\dfrac{x}{1+|x|}$",
                r"$\dfrac{1}{(1+|x|)^2}$",
                r"$\dfrac{-2\,\mathrm{sign}(x)}{(1+|x|)^3}$",
            ),
            unicode=("x/(1 + |x|)", "1/(1 + |x|)²", "−2·sign(x)/(1 + |x|)³"),
        ),
        notes="Saturates like tanh but more slowly (f′ decays as 1/x², not e^{−2|x|}), so gradients "
        "vanish later. It is C¹ but not C² at 0: f″ jumps from +2 to −2 there (we return 0, the mean).",
        reference="Elliott, A better activation function for artificial neural networks (1993); "
        "named softsign by Bergstra, Desjardins, Lamblin & Bengio (2009)",
        frameworks={
            "PyTorch": "nn.Softsign",
            "Keras": "keras.activations.softsign",
            "JAX": "jax.nn.soft_sign",
        },
        differences="f″ jumps from 2 to −2 at 0; PyTorch 2.13 takes f″(0) = 0 as we do, JAX 0.10 "
        "(grad of grad) −2. TensorFlow 2.21 has no f″ at all: no gradient is registered for SoftsignGrad.",
        variants={
            "torch": Variant("torch.nn.functional.softsign"),
            "jax": Variant("jax.nn.soft_sign", at_breaks=always({(0.0, 2): -2.0}), note="f″(0) = −2"),
            "keras": Variant(
                "keras.activations.softsign", at_breaks=always({(0.0, 2): -2.0}), note="f″(0) = −2"
            ),
            "tf": Variant("tf.nn.softsign", note="no f″: TensorFlow 2.21 has no gradient of SoftsignGrad"),
        },
    ),
    Entry(
        name="arctan",
        aliases=("atan", "arc_tangent"),
        summary="arctan x: a sigmoid shape into (−π/2, π/2) with polynomial tails.",
        f=_arctan,
        df=_arctan_d1,
        d2f=_arctan_d2,
        output_range=always(Interval(-math.pi / 2, math.pi / 2)),
        monotonic=always("increasing"),
        formulas=Formulas(
            mathtext=(r"$\arctan x$", r"$\dfrac{1}{1+x^2}$", r"$\dfrac{-2x}{(1+x^2)^2}$"),
            unicode=("arctan x", "1/(1 + x²)", "−2x/(1 + x²)²"),
        ),
        notes="Zero-centred with slope 1 at 0 like tanh, but its gradient decays as 1/x², so it "
        "saturates more slowly. Smooth (C∞).",
        reference="A classic of the activation-function tables; no single origin paper",
        frameworks={"PyTorch": "torch.atan", "Keras": "keras.ops.arctan", "JAX": "jax.numpy.arctan"},
    ),
    Entry(
        name="exponential",
        view=lambda: (-4.0, 2.0),
        aliases=("exp",),
        summary="eˣ: its own first and second derivative.",
        f=_exponential,
        df=_exponential,
        d2f=_exponential,
        output_range=always(Interval(0.0, np.inf)),
        monotonic=always("increasing"),
        formulas=Formulas(
            mathtext=(r"$e^x$", r"$e^x$", r"$e^x$"),
            unicode=("eˣ", "eˣ", "eˣ"),
        ),
        notes="Unbounded and fast-growing: it overflows float64 at x ≈ 709.78 (returned as ∞, its "
        "natural overflow; the others reach ∞ only within a factor of about 10 of the float64 limit, "
        "as selu, bent_identity and leaky_relu with |slope| > 1 do). The same overflow is why "
        "softmax is computed after subtracting the largest logit.",
        reference="Keras's 'exponential' activation; no paper",
        frameworks={"PyTorch": "torch.exp", "Keras": "keras.activations.exponential", "JAX": "jax.numpy.exp"},
    ),
    Entry(
        name="gaussian",
        view=lambda: (-3.0, 3.0),
        aliases=("gauss",),
        summary="e^{−x²}: a bell, the radial-basis-function activation.",
        f=_gaussian,
        df=_gaussian_d1,
        d2f=_gaussian_d2,
        output_range=always(Interval(0.0, 1.0, hi_closed=True)),
        monotonic=always("no"),
        formulas=Formulas(
            mathtext=(r"$e^{-x^2}$", r"$-2x\,e^{-x^2}$", r"$(4x^2-2)\,e^{-x^2}$"),
            unicode=("e^(−x²)", "−2x·e^(−x²)", "(4x² − 2)·e^(−x²)"),
        ),
        notes="Not monotonic: it responds to inputs near 0 only. The derivative-fidelity study in "
        "examples/ fits it, with its derivatives −2x·e^(−x²) and (4x² − 2)·e^(−x²), to compare how "
        "faithfully networks of each activation reproduce derivatives.",
        reference="Broomhead & Lowe, Multivariable functional interpolation and adaptive networks (1988)",
    ),
    Entry(
        name="sinusoid",
        view=lambda: (-2 * math.pi, 2 * math.pi),
        aliases=("sin", "sine"),
        summary="sin x: a periodic activation, as in SIREN.",
        f=_sin,
        df=_cos,
        d2f=_minus_sin,
        output_range=always(Interval(-1.0, 1.0, True, True)),
        monotonic=always("no"),
        formulas=Formulas(
            mathtext=(r"$\sin x$", r"$\cos x$", r"$-\sin x$"),
            unicode=("sin x", "cos x", "−sin x"),
        ),
        notes="Periodic and smooth: every derivative is again a sinusoid, which is why networks of "
        "sines (SIREN) represent signals and solve differential equations well. It has no limit at "
        "±∞, so f, f′ and f″ are NaN there.",
        reference="Sitzmann, Martel, Bergman, Lindell & Wetzstein, Implicit neural representations with "
        "periodic activation functions (2020)",
        frameworks={"PyTorch": "torch.sin", "Keras": "keras.ops.sin", "JAX": "jax.numpy.sin"},
    ),
    Entry(
        name="sinc",
        view=lambda: (-4 * math.pi, 4 * math.pi),
        aliases=("cardinal_sine",),
        summary="sin(x)/x, with the value 1 at 0: a decaying ripple.",
        f=_sinc,
        df=_sinc_d1,
        d2f=_sinc_d2,
        output_range=always(Interval(_SINC_MIN, 1.0, True, True)),
        monotonic=always("no"),
        formulas=Formulas(
            mathtext=(
                r"$\dfrac{\sin x}{x}$ if $x\neq 0$ else $1$",
                r"$\dfrac{x\cos x-\sin x}{x^2}$",
                r"$-\dfrac{(x^2-2)\sin x+2x\cos x}{x^3}$",
            ),
            unicode=("sin(x)/x if x ≠ 0 else 1", "(x cos x − sin x)/x²", "−((x² − 2) sin x + 2x cos x)/x³"),
        ),
        notes="Smooth (C∞) despite the 0/0 at the origin: f(0) = 1, f′(0) = 0, f″(0) = −1/3. Near 0 "
        "the closed forms of f′ and f″ cancel catastrophically, so they come from the Taylor series "
        "there. Its minimum, ≈ −0.2172, is at x ≈ ±4.4934 (tan x = x).",
        reference="A classic of the activation-function tables; no single origin paper",
        frameworks={"PyTorch": "torch.sinc (normalised)", "JAX": "jax.numpy.sinc (normalised)"},
        differences="torch.sinc, np.sinc and jnp.sinc are the normalised sin(πx)/(πx); this entry is the "
        "unnormalised sin(x)/x of the activation tables, i.e. np.sinc(x/π).",
    ),
    Entry(
        name="bent_identity",
        summary="(√(x² + 1) − 1)/2 + x: an identity bent upwards, smooth and unbounded.",
        f=_bent_identity,
        df=_bent_identity_d1,
        d2f=_bent_identity_d2,
        output_range=always(REAL_LINE),
        monotonic=always("increasing"),
        formulas=Formulas(
            mathtext=(
                r"$\dfrac{\sqrt{x^2+1}-1}{2}+x$",
                r"$\dfrac{x}{2\sqrt{x^2+1}}+1$",
                r"$\dfrac{1}{2\,(x^2+1)^{3/2}}$",
            ),
            unicode=("(√(x² + 1) − 1)/2 + x", "x/(2√(x² + 1)) + 1", "1/(2(x² + 1)^(3/2))"),
        ),
        notes="A smooth stand-in for leaky ReLU: slope 1/2 far left, 3/2 far right, never zero, so "
        "no unit dies; f″ > 0 everywhere (convex).",
        reference="A classic of the activation-function tables; no single origin paper",
    ),
    Entry(
        name="isru",
        summary="Inverse square root unit x/√(1 + αx²): a cheap sigmoid shape into (−1/√α, 1/√α).",
        params=(Param("alpha", 1.0, "sets the saturation level ±1/√alpha", domain="positive"),),
        f=_stable.isru,
        df=_stable.isru_d1,
        d2f=_stable.isru_d2,
        output_range=lambda alpha: Interval(-1.0 / math.sqrt(alpha), 1.0 / math.sqrt(alpha)),
        monotonic=always("increasing"),
        formulas=Formulas(
            mathtext=(
                r"$\dfrac{x}{\sqrt{1+\alpha x^2}}$",
                r"$(1+\alpha x^2)^{-3/2}$",
                r"$-3\alpha x\,(1+\alpha x^2)^{-5/2}$",
            ),
            unicode=("x/√(1 + αx²)", "(1 + αx²)^(−3/2)", "−3αx(1 + αx²)^(−5/2)"),
            symbols={"α": "alpha"},
        ),
        notes="Shaped like tanh (slope 1 at 0, saturating) but needs only a square root, no "
        "exponential; its gradient decays as |x|⁻³, so it saturates more slowly than tanh.",
        reference="Carlile, Delamarter, Kinney, Marti & Whitney, Improving deep learning by inverse "
        "square root linear units (ISRLUs) (2017)",
    ),
    Entry(
        name="sqnl",
        aliases=("square_nonlinearity",),
        summary="Square nonlinearity: a piecewise quadratic sigmoid shape, exactly ±1 beyond |x| = 2.",
        f=_sqnl,
        df=_sqnl_d1,
        d2f=_sqnl_d2,
        breaks=always((Break(-2.0, 2), Break(0.0, 2), Break(2.0, 2))),
        output_range=always(Interval(-1.0, 1.0, True, True)),
        monotonic=always("non-decreasing"),
        formulas=Formulas(
            mathtext=(
                r"$x-\dfrac{x\,|x|}{4}$ if $|x|\leq 2$ else $\mathrm{sign}(x)$",
                r"$\max(1-\dfrac{|x|}{2},\,0)$",
                r"$-\dfrac{\mathrm{sign}(x)}{2}$ if $|x|\leq 2$ else $0$",
            ),
            unicode=(
                "x − x|x|/4 if |x| ≤ 2 else sign(x)",
                "max(1 − |x|/2, 0)",
                "−sign(x)/2 if |x| ≤ 2 else 0",
            ),
        ),
        notes="A tanh look-alike built from squares, cheap in hardware. C¹ only: f′ is continuous "
        "but f″ jumps at −2, 0 and 2, and saturation is exact (f′ = 0) beyond |x| = 2. At the "
        "breaks we return f″(0) = 0 (odd, the mean of ±1/2) and the inner value ∓1/2 at ±2.",
        reference="Wuraola & Patel, SQNL: a new computationally efficient activation function (2018)",
    ),
)
