"""Every ``NAME@FRAMEWORK`` variant against the framework itself: f, f′, f″ by its own autodiff.

PyTorch: ``autograd.grad`` twice (``create_graph``); JAX: ``vmap(grad(grad))`` with x64; Keras 3 on
the JAX backend, differentiated by JAX; TensorFlow (``tf``, ``keras2``): ``GradientTape`` twice,
where TensorFlow is installed.  All in float64 on one vectorised grid: an even grid, every break
and its neighbours 10⁻⁷ away, and large |x|.  A framework that is not installed skips its tests;
``ACTPLOT_REQUIRE_FRAMEWORKS=1`` makes such a skip fail the run (see conftest.py).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

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


def _gelu(p: dict[str, Any]) -> dict[str, Any]:
    return {"approximate": p["approximate"] == "tanh"}


#: (entry, framework) → how the framework's function is called with the variant's parameters.
FUNCTIONS: dict[tuple[str, str], Maker] = {
    ("relu", "torch"): _torch("relu"),
    ("relu", "jax"): _jax("relu"),
    ("relu", "keras"): _keras("relu"),
    ("relu6", "torch"): _torch("relu6"),
    ("relu6", "jax"): _jax("relu6"),
    ("relu6", "keras"): _keras("relu6"),
    ("leaky_relu", "torch"): _torch("leaky_relu"),
    ("leaky_relu", "jax"): _jax("leaky_relu"),
    ("leaky_relu", "keras"): _keras("leaky_relu"),
    ("elu", "torch"): _torch("elu"),
    ("elu", "jax"): _jax("elu"),
    ("elu", "keras"): _keras("elu"),
    ("selu", "torch"): _torch("selu"),
    ("selu", "jax"): _jax("selu"),
    ("selu", "keras"): _keras("selu"),
    ("celu", "torch"): _torch("celu"),
    ("celu", "jax"): _jax("celu"),
    ("celu", "keras"): _keras("celu"),
    ("gelu", "torch"): _torch("gelu"),
    ("gelu", "jax"): lambda jax, p: lambda x: jax.nn.gelu(x, **_gelu(p)),
    ("gelu", "keras"): lambda keras, p: lambda x: keras.activations.gelu(x, **_gelu(p)),
    ("softplus", "torch"): _torch("softplus"),
    ("softplus", "jax"): _jax("softplus"),
    ("softplus", "keras"): _keras("softplus"),
    ("softsign", "torch"): _torch("softsign"),
    ("softsign", "jax"): _jax("soft_sign"),
    ("softsign", "keras"): _keras("softsign"),
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


def points(activation: Activation) -> Array:
    """An even grid on [−8, 8], every break and its neighbours 10⁻⁷ away, and large |x| (`SIZE` of them)."""
    breaks = np.array([b.x for b in activation.breaks])
    near = np.concatenate([breaks, breaks - 1e-7, breaks + 1e-7])
    x = np.unique(np.concatenate([np.linspace(-8.0, 8.0, 321), near, [-1e3, -60.0, 60.0, 1e3]]))
    return np.concatenate([x, np.zeros(SIZE - x.size)])


#: (entry, framework, order) → (what the framework gives where we give the exact value, why).
QUIRKS: dict[tuple[str, str, int], tuple[Callable[[Array], Array], str]] = {
    ("hard_sigmoid", "torch", 1): (
        lambda ours: np.where(ours == 1 / 6, float(np.float32(1 / 6)), ours),
        "PyTorch 2.13's hardsigmoid backward uses 1/6 rounded to float32 (0.1666666716…) even in float64",
    ),
}


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
    d2 = outer.gradient(d1, t)
    return [y.numpy(), d1.numpy(), np.zeros_like(x) if d2 is None else d2.numpy()]


@pytest.mark.parametrize(("name", "fw"), VARIANTS, ids=[f"{n}@{f}" for n, f in VARIANTS])
def test_variant_is_the_frameworks_function(name: str, fw: str) -> None:
    assert (name, fw) in FUNCTIONS, f"{name}@{fw} has no framework function here: add it to FUNCTIONS"
    module = framework(fw)
    for activation in cases(CATALOGUE.parse(f"{name}@{fw}")):
        x = points(activation)
        params = {k: v for k, v in activation.params.items()}
        theirs = autodiff(fw, module, FUNCTIONS[name, fw](module, params), x)
        for order, expected in enumerate(theirs):
            ours = activation(x, order)
            if (name, fw, order) in QUIRKS:
                ours = QUIRKS[name, fw, order][0](ours)
            close = np.isclose(ours, expected, rtol=1e-9, atol=1e-12, equal_nan=True)
            bad = np.flatnonzero(~close)
            assert not bad.size, f"{activation.spec} order {order}: " + ", ".join(
                f"x={x[i]!r} ours {ours[i]!r} theirs {expected[i]!r}" for i in bad[:4]
            )


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


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("sigmoid@torch", "sigmoid has no torch variant"),
        ("gelu@tf", "its variants: gelu@torch, gelu@jax, gelu@keras"),
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
