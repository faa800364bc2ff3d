"""Custom expressions: routing, exact derivatives, breaks, and refusal of anything outside the grammar.

References are independent of the forward mode under test: catalogue entries' own closed forms,
hand-written formulas, and an mpmath interpreter of the expression (below) differentiated by
`mpmath.diff` at 30 digits.

Tolerances, and why:

* Expression forms of catalogue entries: 1e-12 relative on [-8, 8].  The forward mode evaluates
  the formula as typed, so its rounding is the formula's: log1p(exp(x)) loses ~e^|x| ulps in f″
  (the chain rule subtracts two terms near 1), 4e-13 at x = 8; wider ranges would test the
  formula's conditioning, not the derivative rules.
* Single rules against mpmath (well-conditioned arguments): 1e-12 relative, plus 1e-25 absolute
  for the reference's own noise (mpmath.diff at 30 digits leaves ~1e-43 on an exactly-zero f″).
* Random expressions against mpmath: 1e-9 relative plus 1e-9 absolute, at points where f, f′, f″
  are at most 1e3 in size and f is finite in float64 (exp(exp(exp(x))) overflows where mpmath does
  not).  Random formulas cancel (x − sin x near 0), which costs digits in any float64 evaluation,
  and at special points they cancel completely: the derivative of 3x/x at x = 1e-239 is
  (3 − fl(3x/x))/x, rounding noise divided by x.  So x is drawn from a few generic points, where
  no formula of six leaves cancels to more than a few digits; a wrong rule is off by O(1).
"""

from __future__ import annotations

import ast
import math
import re
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import reference
from conftest import cases
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from mpmath import mp, mpf
from typer.testing import CliRunner

import actplot
import actplot.cli
from actplot import expression
from actplot.activation import Activation, Break
from actplot.catalogue import CATALOGUE
from actplot.errors import SpecError
from actplot.sampling import sample

GRID = np.linspace(-8.0, 8.0, 161)  # contains 0 and every integer: the breaks' own conventions too
ORDERS = (0, 1, 2)


def assert_close(got: np.ndarray, want: np.ndarray, rtol: float, atol: float = 0.0) -> None:
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol)


# --- an independent reference: the expression evaluated by mpmath ---------------------------------

MP_FUNCTIONS: dict[str, Callable[[mpf], mpf]] = {
    "log": mp.log,
    "log1p": mp.log1p,
    "expm1": mp.expm1,
    "sqrt": mp.sqrt,
    "abs": abs,
    "cos": mp.cos,
    "tan": mp.tan,
    "sinh": mp.sinh,
    "cosh": mp.cosh,
    "erf": mp.erf,
}


def mp_function(text: str) -> Callable[[mpf], mpf]:
    """The expression as a function of an mpmath number (a test-only interpreter of trusted text)."""
    tree = ast.parse(text, mode="eval").body

    def walk(node: ast.AST, x: mpf) -> mpf:
        match node:
            case ast.Constant(value=value):
                return mpf(value)
            case ast.Name(id="x"):
                return x
            case ast.Name(id=name):
                return {"pi": mp.pi, "e": mp.e}[name]
            case ast.UnaryOp(op=ast.USub(), operand=operand):
                return -walk(operand, x)
            case ast.BinOp(left=left, op=op, right=right):
                u, v = walk(left, x), walk(right, x)
                operations = {ast.Add: u + v, ast.Sub: u - v, ast.Mult: u * v}
                if isinstance(op, ast.Div):
                    return u / v
                if isinstance(op, ast.Pow):
                    return u**v
                return operations[type(op)]
            case ast.Call(func=ast.Name(id=name), args=args, keywords=keywords):
                values = [walk(a, x) for a in args]
                if name in ("max", "min"):
                    return max(values) if name == "max" else min(values)
                if name in MP_FUNCTIONS:
                    return MP_FUNCTIONS[name](values[0])
                params = {str(k.arg): ast.literal_eval(k.value) for k in keywords}
                return reference.REFERENCES[CATALOGUE.resolve(name).name](values[0], **params)
        raise AssertionError(f"not in the test grammar: {ast.dump(node)}")

    return lambda x: walk(tree, x)


def mp_derivatives(text: str, x: float) -> list[mpf] | None:
    """f, f′, f″ at x from mpmath (30 digits), or None where they are not real and finite."""
    function = mp_function(text)
    with mp.workdps(reference.DPS):
        try:
            values = [mp.diff(function, mpf(x), k) for k in ORDERS]
        except (ValueError, ZeroDivisionError, OverflowError):
            return None
    if not all(isinstance(v, mpf) and mp.isfinite(v) for v in values):
        return None
    return values


# --- routing: expression or catalogue spec --------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "is_expression"),
    [
        ("x", True),
        ("1-x", True),
        ("x*sigmoid(x)", True),
        ("mymish=x*tanh(softplus(x))", True),
        ("exp(-x**2)", True),
        ("sigmoid", False),
        ("elu:alpha=0.5", False),
        ("softmax:others=1/2", False),
        ("leaky-relu", False),
        ("hard tanh", False),
        ("sigmoyd", False),
    ],
)
def test_routing_rule(spec: str, is_expression: bool) -> None:
    assert expression.is_expression(spec) is is_expression


def test_get_parses_an_expression_and_keeps_catalogue_specs() -> None:
    custom = actplot.get("x*tanh(softplus(x))")
    assert isinstance(custom, Activation)
    assert custom.label == custom.name == "x*tanh(softplus(x))"
    assert actplot.get("elu:alpha=0.5").spec == "elu:alpha=0.5"
    assert actplot.get("leaky-relu").name == "leaky_relu"


def test_a_label_names_the_expression() -> None:
    labelled = actplot.get("mymish=x*tanh(softplus(x))")
    assert labelled.label == "mymish"
    assert labelled.name == labelled.spec == "x*tanh(softplus(x))"
    assert actplot.get(labelled.spec).name == labelled.name  # the spec gives the same function back
    assert labelled.entry.formulas.unicode[0] == "x*tanh(softplus(x))"
    assert_close(labelled(GRID, 2), actplot.evaluate("x*tanh(softplus(x))", GRID, 2), rtol=0)


def test_an_unknown_word_still_gets_the_catalogues_suggestion() -> None:
    with pytest.raises(SpecError, match="did you mean sigmoid"):
        actplot.get("sigmoyd")


def test_an_unknown_function_inside_an_expression_gets_a_suggestion() -> None:
    with pytest.raises(SpecError, match=r"unknown function 'sigmoyd'; did you mean sigmoid.*column 3"):
        actplot.get("2*sigmoyd(x)")


# --- exact derivatives ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("x*sigmoid(x)", "silu"),
        ("log1p(exp(x))", "softplus"),
        ("max(x, 0.1*x)", "leaky_relu:negative_slope=0.1"),
        ("x*tanh(softplus(x))", "mish"),
        ("max(x, 0)", "relu"),
        ("x/(1+abs(x))", "softsign"),
        ("(x+sqrt(x**2+4))/2", "squareplus"),
        ("exp(-x**2)", "gaussian"),
        ("elu(x, alpha=0.5)", "elu:alpha=0.5"),
    ],
)
@pytest.mark.parametrize("order", ORDERS)
def test_expression_forms_of_catalogue_entries_agree(text: str, spec: str, order: int) -> None:
    """Everywhere on the grid, breaks included: max and abs follow the catalogue's conventions there."""
    assert_close(actplot.evaluate(text, GRID, order), actplot.evaluate(spec, GRID, order), rtol=1e-12)


def test_gaussian_second_derivative_is_4x2_minus_2_times_the_gaussian() -> None:
    """d/dx of −2x·e^{−x²} is (4x² − 2)e^{−x²}."""
    want = (4 * GRID**2 - 2) * np.exp(-(GRID**2))
    assert_close(actplot.evaluate("exp(-x**2)", GRID, 2), want, rtol=1e-12, atol=1e-300)


def test_an_argument_is_differentiated_by_the_chain_rule() -> None:
    sigmoid = actplot.get("sigmoid")
    scaled = actplot.get("sigmoid(2*x)")
    for order in ORDERS:
        assert_close(scaled(GRID, order), 2.0**order * sigmoid(2 * GRID, order), rtol=1e-15)


def _call(activation: Activation) -> str:
    """``name(x, key=value, …)`` for an activation with its parameters."""
    keywords = "".join(f", {name}={value!r}" for name, value in activation.params.items())
    return f"{activation.name}(x{keywords})"


def test_every_catalogue_entry_is_a_function_with_its_parameters(activation: Activation) -> None:
    """name(x, params) is the entry itself: same f, f′, f″ bit for bit, same breaks and orders."""
    called = actplot.get(_call(activation))
    x = np.concatenate([GRID, [b.x for b in activation.breaks]])
    for order in ORDERS:
        np.testing.assert_array_equal(called(x, order), activation(x, order))
    assert called.breaks == activation.breaks


VARIANT_CASES = [
    case
    for entry in CATALOGUE.values()
    for framework in entry.variants
    for case in cases(CATALOGUE.variant(entry.name, framework))
]


@pytest.mark.parametrize("variant", VARIANT_CASES, ids=[v.spec for v in VARIANT_CASES])
def test_every_variant_is_a_function_with_its_frameworks_parameters(variant: Activation) -> None:
    """NAME@FRAMEWORK(x, params) is the variant itself, its values at breaks included, bit for bit."""
    called = actplot.get(_call(variant))
    x = np.concatenate([GRID, [b.x for b in variant.breaks], [-1e3, 25.0, 1e3]])
    for order in ORDERS:
        np.testing.assert_array_equal(called(x, order), variant(x, order))


def test_a_variant_inside_an_expression() -> None:
    """softplus@torch is x itself above 20, so the difference is the exact softplus's tail."""
    difference = actplot.get("softplus@torch(x) - softplus(x)")
    assert float(difference(25.0)) == 25.0 - float(actplot.evaluate("softplus", 25.0))
    assert float(difference(-25.0)) == 0.0
    twice = actplot.get("2*Gelu@JAX(x) - x")  # names and frameworks in any case, as in specs
    gelu_jax = CATALOGUE.parse("gelu@jax")
    for order in ORDERS:
        assert_close(twice(GRID, order), 2 * gelu_jax(GRID, order) - [GRID, 1, 0][order], rtol=1e-15)


def test_a_variant_takes_its_frameworks_keywords_and_defaults() -> None:
    assert float(actplot.evaluate("leaky_relu@keras(x)", -1.0)) == -0.2  # Keras 3's default slope
    assert float(actplot.evaluate("leaky_relu@keras(x, negative_slope=0.1)", -1.0)) == -0.1
    assert float(actplot.evaluate("leaky_relu@jax(x)", 0.0, 1)) == 1.0  # JAX's f′(0), not PyTorch's
    assert float(actplot.evaluate("hard_shrink@keras(x, threshold=1)", 0.9)) == 0.0
    with pytest.raises(SpecError, match="hard_shrink@keras has no parameter 'lambd'; valid parameters: thr"):
        actplot.get("hard_shrink@keras(x, lambd=1)")


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ("x @ x", "'@' at column 3 of 'x @ x' is not allowed: an expression has no matrix product", 3),
        ("sigmoid(x)@x", "'@' at column 11", 11),
        ("gelu @ jax(x)", "'@' at column 6", 6),  # a variant is one word
        ("2e@x", "'@' at column 3", 3),
        ("x+gelu@pytorch(x)", "unknown framework 'pytorch' in gelu@pytorch", 3),
        ("x+gelu@pytorch(x)", "its variants: gelu@torch, gelu@jax, gelu@keras", 3),
        ("2*mish@tf(x)", "mish has no tf variant (TensorFlow 2.21); its variants: mish@torch", 3),
        ("1+bent_identity@jax(x)", "no framework's version of it", 3),
        ("x+softplsu@jax(x)", "did you mean softplus", 3),
        ("x*abs@torch(x)", "abs is built into expressions", 3),
        ("x+gelu@jax", "gelu@jax is a function: call it, e.g. gelu@jax(x)", 3),
        ("gelu(x, approximate='a@b')", "a@b at column 22", 22),
        ("relu@jax(x, alpha@torch=1)", "alpha@torch at column 13", 13),
    ],
)
def test_a_wrong_variant_or_matrix_product_is_refused_at_its_column(
    text: str, message: str, column: int
) -> None:
    with pytest.raises(SpecError, match=re.escape(message)) as error:
        actplot.get(text)
    assert (error.value.text, error.value.column) == (text, column)  # the user's text, not a rewritten one
    assert "\n" not in str(error.value)


def test_the_command_line_marks_the_variant_in_the_users_text() -> None:
    result = CliRunner().invoke(actplot.cli.app, ["eval", "2*softplus@pytorch(x)", "-x", "1"])
    assert result.exit_code == 2, result.output
    assert result.output.endswith(": 2*▸softplus@pytorch(x)\n"), result.output
    assert len(result.output.splitlines()) == 1


ARGUMENT = "(0.3*x+0.7)"  # positive on the test points, so log, sqrt … are defined
POINTS = (-1.5, -0.2, 0.4, 1.3, 2.5)  # none where f, f′ or f″ has a root


@pytest.mark.parametrize("name", [*MP_FUNCTIONS, "exp", "sin", "tanh", "arctan"])
def test_every_elementary_function_against_mpmath(name: str) -> None:
    text = f"{name}{ARGUMENT}"
    activation = actplot.get(text)
    for x in POINTS:
        want = mp_derivatives(text, x)
        assert want is not None
        got = [float(activation(x, k)) for k in ORDERS]
        assert_close(np.array(got), np.array([float(w) for w in want]), rtol=1e-12, atol=1e-25)


@pytest.mark.parametrize(
    "text", ["x**3", "x**0.5", "x**-2", "2**x", "x**x", "(x+1)/(x**2+1)", "pi*x-e", "1/(1+exp(-x))"]
)
def test_arithmetic_and_powers_against_mpmath(text: str) -> None:
    activation = actplot.get(text)
    for x in (0.3, 1.7, 2.9):
        want = mp_derivatives(text, x)
        assert want is not None
        got = [float(activation(x, k)) for k in ORDERS]
        assert_close(np.array(got), np.array([float(w) for w in want]), rtol=1e-12, atol=1e-25)


SMOOTH_LEAVES = ["x", "x", "x", "0.5", "2", "3", "pi", "(-1.5)"]
UNARY = ["exp", "tanh", "sin", "cos", "arctan", "log1p", "expm1", "erf", "sinh", "sqrt", "log", "abs"]
UNARY += ["sigmoid", "softplus", "mish", "silu", "elu", "gelu"]


#: Points unrelated to the grammar's constants (0, 0.5, 2, 3, −1.5, π, e).
GENERIC_POINTS = (-2.3719, -1.1083, -0.6127, 0.4391, 1.2577, 2.8461)


def _expressions() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.builds("{}({})".format, st.sampled_from(UNARY), inner),
            st.builds("({}{}{})".format, inner, st.sampled_from("+-*/"), inner),
            st.builds("({})**{}".format, inner, st.sampled_from(["2", "3", "0.5", "-1"])),
            st.builds("({})**({})".format, inner, inner),
            st.builds("{}({}, {})".format, st.sampled_from(["max", "min"]), inner, inner),
            st.builds("-{}".format, inner),
        )

    return st.recursive(st.sampled_from(SMOOTH_LEAVES), extend, max_leaves=6)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(text=_expressions(), x=st.sampled_from(GENERIC_POINTS))
def test_random_expressions_against_mpmath(text: str, x: float) -> None:
    try:
        activation = actplot.get(text)
    except SpecError as error:  # a constant part that is not finite (log(-1.5)), or no x at all
        assert "constant" in str(error) or "does not depend on x" in str(error)
        return
    assume(activation.entry.breaks_known and all(abs(x - b.x) > 1e-3 for b in activation.breaks))
    want = mp_derivatives(text, x)
    assume(want is not None and all(abs(w) <= 1e3 for w in want))
    assert want is not None
    got = np.array([float(activation(x, k)) for k in ORDERS])
    assume(math.isfinite(got[0]))
    assert_close(got, np.array([float(w) for w in want]), rtol=1e-9, atol=1e-9)


def test_nan_propagates_and_extremes_stay_quiet() -> None:
    """No warning anywhere (tests run with warnings as errors); NaN in, NaN out at every order."""
    extremes = np.array([-np.inf, -1e300, -745.0, -1e-300, 0.0, 1e-8, 710.0, 1e300, np.inf, np.nan])
    for text in ("x*sigmoid(x)", "1/x", "log(x)", "sqrt(x)", "x**x", "exp(x)*exp(-x)", "tan(x)"):
        for order in ORDERS:
            values = actplot.evaluate(text, extremes, order)
            assert np.isnan(values[-1]), (text, order)
    assert actplot.evaluate("1/x", 0.0) == np.inf


def test_a_zero_factor_beside_infinity_is_zero() -> None:
    """e^{−x²} at x = 1e200: f″ = g″(u)u′² + g′(u)u″ with g″ = 0 and u′² = ∞ is 0, not NaN."""
    assert actplot.evaluate("exp(-x**2)", 1e200, 2) == 0.0


def test_results_have_the_shape_of_x() -> None:
    x = np.linspace(-1.0, 1.0, 6).reshape(2, 3)
    for text in ("x**2", "0*x+2", "relu(x)"):
        assert actplot.evaluate(text, x, 1).shape == (2, 3)
        assert actplot.evaluate(text, 0.5).shape == ()
    np.testing.assert_array_equal(actplot.evaluate("0*x+2", x), np.full((2, 3), 2.0))


@pytest.mark.parametrize("text", ["1", "pi", "exp(2)*3"])
def test_an_expression_without_x_is_refused(text: str) -> None:
    """A stray number among the names (``actplot eval tanh 1``) is a mistake, not a flat line."""
    with pytest.raises(SpecError, match="does not depend on x"):
        actplot.get(text)


def test_facts_that_are_not_known_are_none_and_the_formula_is_plain_text() -> None:
    custom = actplot.get("x*sigmoid(x)")
    assert custom.output_range is None
    assert custom.monotonic is None
    assert custom.zero_centred is None
    assert all("$" not in text for text in custom.entry.formulas.mathtext)
    assert "forward mode" in custom.entry.notes


# --- breaks ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "breaks"),
    [
        ("relu(x-1)", (Break(1.0, 1),)),
        ("abs(2*x+1)", (Break(-0.5, 1),)),
        ("relu(-x/2+3)", (Break(6.0, 1),)),
        ("step(x)", (Break(0.0, 0),)),
        ("step(x)*x", (Break(0.0, 1),)),  # the jump is multiplied by 0: only the slope jumps
        ("step(x)*x**2", (Break(0.0, 2),)),
        ("relu(x)**3", (Break(0.0, 3),)),  # f, f′, f″ continuous: only f‴ jumps
        ("x/abs(x)", (Break(0.0, 0),)),
        ("x/(1+abs(x))", (Break(0.0, 2),)),
        ("max(x, 0.1*x)", (Break(0.0, 1),)),
        ("min(x, 1)", (Break(1.0, 1),)),
        ("sigmoid(relu(x))", (Break(0.0, 1),)),
        ("elu(x-2)", (Break(2.0, 2),)),
        ("hard_tanh(x/2)", (Break(-2.0, 1), Break(2.0, 1))),
        ("relu(x)+abs(x-3)", (Break(0.0, 1), Break(3.0, 1))),
        ("relu(x)+relu(-x)-abs(x)", ()),  # the kinks cancel: no break at all
        ("log1p(exp(-abs(x))) + max(x, 0)", ()),  # softplus, written with two kinks that cancel
        ("relu(2)*x", ()),
        ("x*sigmoid(x)", ()),
    ],
)
def test_breaks_of_affine_arguments_are_derived_with_their_exact_order(
    text: str, breaks: tuple[Break, ...]
) -> None:
    activation = actplot.get(text)
    assert activation.breaks == breaks
    assert activation.entry.breaks_known


@pytest.mark.parametrize("text", ["relu(x**2-1)", "abs(sin(x))", "max(x**2, 1)", "min(max(x, -1), 1)"])
def test_breaks_of_other_arguments_are_not_derived(text: str) -> None:
    activation = actplot.get(text)
    assert not activation.entry.breaks_known
    assert "not all derived" in activation.entry.notes


@pytest.mark.parametrize(
    ("text", "x0", "expected"),
    [
        ("log1p(exp(-abs(x))) + max(x, 0)", 0.0, (math.log(2.0), 0.5, 0.25)),  # softplus
        ("relu(x)+relu(-x)-abs(x)", 0.0, (0.0, 0.0, 0.0)),
        ("relu(x)**3", 0.0, (0.0, 0.0, 0.0)),
    ],
)
def test_orders_that_do_not_jump_take_their_limit_at_a_break(
    text: str, x0: float, expected: tuple[float, float, float]
) -> None:
    activation = actplot.get(text)
    got = [float(activation(np.array([x0]), k)[0]) for k in ORDERS]
    assert got == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_info_of_cancelling_kinks_says_smooth_and_gives_the_limit() -> None:
    activation = actplot.get("log1p(exp(-abs(x))) + max(x, 0)")
    assert activation.facts.continuity == "C∞"
    assert activation.facts.df0 == pytest.approx(0.5, rel=1e-12)


def test_derived_breaks_drive_the_sampling() -> None:
    """abs(x − 1): a kink at 1, so f′ is split there and f″ carries 2δ."""
    sampled = sample([actplot.get("abs(x-1)")], ORDERS, (-3.0, 3.0), 101)
    f1, f2 = sampled.by_order(1)[0], sampled.by_order(2)[0]
    assert [j.x for j in f1.jumps] == [1.0]
    assert [(i.x, i.weight, i.derivative) for i in f2.impulses] == [(1.0, 2.0, 0)]


# --- refusal --------------------------------------------------------------------------------------

HOSTILE = [
    "__import__('os')",
    "__import__('os').system('touch pwned')",
    "x.__class__",
    "().__class__.__bases__",
    "[x for x in ()]",
    "(x for x in ())",
    "lambda: 1",
    "(lambda: 1)",
    "x[0]",
    "open('f', 'w')",
    "exp(x, y=1)",
    "sqrt(x, y=1)",
    "exec('1')",
    "eval('x')",
    "x if x else 1",
    "x < 1",
    "True*x",
    "'a'*x",
    "x//2",
    "x^2",
    "sigmoid(x)(x)",
    "exp(*x)",
    "sigmoid(x, nope=1)",
    "elu(x, alpha=x)",
    "y*x",
    "x\n+1",
    "x # comment",
    "(" * 10_000 + "x" + ")" * 10_000,
    "-" * 998 + "x",
    "x" + "**x" * 300,
    "x+" * 50_000 + "x",
    "a" * 100_000,
    "9**9**9**9",
    "x**(9**9**9)",
    "9" * 400 + "*x",
    "log(0)*x",
]


#: A guard against hangs (a refusal takes about a millisecond), not a speed test.
HANG_GUARD_SECONDS = 5.0


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: t[:30])
def test_hostile_input_is_refused_without_hanging_or_side_effect(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    start = time.perf_counter()
    with pytest.raises(SpecError) as error:
        actplot.get(text)
    assert time.perf_counter() - start < HANG_GUARD_SECONDS
    assert "\n" not in str(error.value)
    assert len(str(error.value)) < 400
    assert list(tmp_path.iterdir()) == []


FUZZ_ALPHABET = "x()+-*/., =0123456789e'_" + "abcdefghijklmnopqrstuvwyz" + "[]{}:;%^<>!&|~@#$\\\n"


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet=FUZZ_ALPHABET, max_size=80) | _expressions())
def test_any_text_gives_an_activation_or_a_one_line_spec_error(text: str) -> None:
    """Nothing but SpecError escapes, and what parses evaluates without a warning."""
    try:
        activation = actplot.get(text)
    except SpecError as error:
        assert "\n" not in str(error)
        return
    for order in ORDERS:
        activation(np.array([-2.0, 0.0, 1e300, np.nan]), order)


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("2*x.__class__", "'x.__class__' at column 3"),
        ("x+open('f')", "'open' at column 3"),
        ("9**9**9**9", "'9**9**9' at column 4"),
        ("sigmoid(x, nope=1)", "no parameter 'nope'"),
        ("x+(1", "column 3"),
        ("x % 2", "character '%' at column 3"),
    ],
)
def test_the_message_points_at_the_offending_part(text: str, part: str) -> None:
    with pytest.raises(SpecError, match=part.replace("*", r"\*").replace("(", r"\(")):
        actplot.get(text)


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: t[:30])
def test_hostile_input_on_the_command_line_exits_2_with_one_line(text: str, tmp_path: Path) -> None:
    output = tmp_path / "x.png"
    result = CliRunner().invoke(actplot.cli.app, ["--", text, "-o", str(output)])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("actplot: error: ")
    assert len(result.output.splitlines()) == 1, result.output
    assert not output.exists()


def test_an_expression_plots_beside_its_catalogue_entry(tmp_path: Path) -> None:
    output = tmp_path / "f.png"
    result = CliRunner().invoke(
        actplot.cli.app, ["x*tanh(softplus(x))", "mish", "--derivs", "2", "-o", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert output.stat().st_size > 0


def test_limits_are_checked_before_parsing() -> None:
    assert math.isfinite(
        actplot.evaluate("(" * expression.MAX_NESTING + "x" + ")" * expression.MAX_NESTING, 1.0)
    )
    with pytest.raises(SpecError, match="nest deeper"):
        actplot.get("(" * (expression.MAX_NESTING + 1) + "x" + ")" * (expression.MAX_NESTING + 1))
    with pytest.raises(SpecError, match="limit is 1,000"):
        actplot.get("x" + "+x" * expression.MAX_LENGTH)


@pytest.mark.parametrize("shape", [(23,), (5, 5), ()])
def test_an_expression_is_evaluated_in_blocks_with_the_numbers_of_one_pass(
    shape: tuple[int, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    activation = actplot.get("sin(x)**sin(x)**relu(x-0.5)/x + log(abs(x))")
    x = np.linspace(-3.0, 3.0, int(np.prod(shape))).reshape(shape)  # has 0: NaN and ±inf
    one_pass = [activation(x, k) for k in ORDERS]
    monkeypatch.setattr(expression, "EVALUATION_BLOCK", 4)  # 23 points: six blocks, the last short
    for k, whole in zip(ORDERS, one_pass, strict=True):
        blocked = activation(x, k)
        assert blocked.shape == shape
        np.testing.assert_array_equal(blocked, whole)
