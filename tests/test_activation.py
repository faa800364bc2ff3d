"""Names, specs, parameters, the registry and the errors users see (activation.py, api.py, errors.py)."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

import actplot
from actplot import ActplotError, Break, SpecError, UsageError
from actplot.activation import Activation, Entry, Formulas, Interval, Param, Registry, name_key
from actplot.catalogue import CATALOGUE

#: Every entry the catalogue promises, by canonical name (it may hold more).
PROMISED_NAMES = [
    *("identity", "step", "sigmoid", "tanh", "softsign", "arctan", "exponential", "gaussian", "sinusoid"),
    *("sinc", "bent_identity", "isru", "sqnl", "relu", "leaky_relu", "prelu", "rrelu", "relu6", "elu"),
    *("selu", "celu", "threshold", "isrlu", "elish", "softplus", "gelu", "silu", "mish", "squareplus"),
    *("log_sigmoid", "tanh_shrink", "hard_sigmoid", "hard_silu", "hard_tanh", "hard_shrink", "soft_shrink"),
    *("sparse_plus", "sparse_sigmoid", "softmax", "log_softmax", "softmin"),
]


def test_catalogue_has_every_promised_entry() -> None:
    missing = sorted(set(PROMISED_NAMES) - set(actplot.names()))
    assert not missing, f"missing catalogue entries: {missing}"


def test_names_are_the_catalogue_in_order() -> None:
    assert actplot.names() == list(CATALOGUE)
    assert len(set(actplot.names())) == len(actplot.names())


def test_entry_is_well_formed(entry: Entry) -> None:
    assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", entry.name), "canonical names are snake_case"
    assert entry.summary and entry.reference
    assert isinstance(entry.formulas, Formulas)
    for written in (entry.formulas.mathtext, entry.formulas.unicode):
        assert len(written) == 3 and all(written), "f, f′ and f″ are each written out"
    for p in entry.params:
        assert p.name.isidentifier() and p.doc
        assert p.check(p.default) == p.default, f"default of {p.name} does not pass its own check"
    assert entry.validate(**entry.defaults) is None


def test_defaults_bind(entry: Entry) -> None:
    activation = entry.bind()
    assert activation.params == entry.defaults
    assert activation.spec == entry.name == activation.label


def test_each_entry_with_parameters_has_a_non_default_case(
    entry: Entry, catalogue_cases: dict[str, list[Activation]]
) -> None:
    """conftest derives one non-default set per entry; it must exist whenever there are parameters."""
    found = catalogue_cases[entry.name]
    assert len(found) == (2 if entry.params else 1), [a.spec for a in found]
    if entry.params:
        assert all(found[1].params[p.name] != p.default for p in entry.params), found[1].spec


# --- names and aliases ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spelling", "name"),
    [
        ("LeakyReLU", "leaky_relu"),
        ("ReLU6", "relu6"),
        ("SiLU", "silu"),
        ("swish", "silu"),
        ("Hardswish", "hard_silu"),
        ("hard_swish", "hard_silu"),
        ("hard-sigmoid", "hard_sigmoid"),
        ("Hardsigmoid", "hard_sigmoid"),
        ("Hardtanh", "hard_tanh"),
        ("Hardshrink", "hard_shrink"),
        ("Softshrink", "soft_shrink"),
        ("Tanhshrink", "tanh_shrink"),
        ("LogSigmoid", "log_sigmoid"),
        ("LogSoftmax", "log_softmax"),
        ("logistic", "sigmoid"),
        ("linear", "identity"),
        ("heaviside", "step"),
        ("binary_step", "step"),
        ("GELU", "gelu"),
        ("ELU", "elu"),
        ("SELU", "selu"),
        ("CELU", "celu"),
        ("PReLU", "prelu"),
        ("RReLU", "rrelu"),
        ("Mish", "mish"),
        ("Softplus", "softplus"),
        ("Softsign", "softsign"),
        ("Softmin", "softmin"),
        ("Threshold", "threshold"),
        ("  relu  ", "relu"),
    ],
)
def test_aliases_and_framework_spellings_resolve(spelling: str, name: str) -> None:
    assert actplot.get(spelling).name == name


def test_every_spelling_resolves_to_its_entry(entry: Entry) -> None:
    for spelling in (entry.name, *entry.aliases):
        for variant in (spelling, spelling.upper(), spelling.replace("_", "-")):
            assert CATALOGUE.resolve(variant) is entry


@pytest.mark.parametrize(
    ("typo", "suggestion"),
    [("relux", "relu"), ("sigmod", "sigmoid"), ("leaky_rellu", "leaky_relu"), ("softpluss", "softplus")],
)
def test_unknown_name_suggests_the_closest(typo: str, suggestion: str) -> None:
    with pytest.raises(SpecError, match=re.escape(repr(typo))) as caught:
        actplot.get(typo)
    assert "did you mean" in str(caught.value) and suggestion in str(caught.value)


def test_unknown_name_without_a_close_one_still_names_the_input() -> None:
    with pytest.raises(SpecError, match="'zzzz'"):
        actplot.get("zzzz")


def test_spec_error_is_the_one_documented_family() -> None:
    assert issubclass(SpecError, UsageError) and issubclass(UsageError, ActplotError)
    assert issubclass(SpecError, ValueError)


# --- parameters -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "params", "x", "expected"),
    [
        ("leaky_relu:negative_slope=0.2", {"negative_slope": 0.2}, -1.0, -0.2),
        ("LeakyReLU:negative_slope=0.2", {"negative_slope": 0.2}, -1.0, -0.2),
        ("elu:alpha=0.5", {"alpha": 0.5}, -1.0, 0.5 * math.expm1(-1.0)),
        ("elu: alpha = 0.5", {"alpha": 0.5}, -1.0, 0.5 * math.expm1(-1.0)),
        ("gelu:approximate=tanh", {"approximate": "tanh"}, 1.0, 0.8411919906082768),
        ("softplus:beta=2", {"beta": 2.0}, 0.0, math.log(2.0) / 2),
        ("hard_sigmoid:slope=0.2", {"slope": 0.2}, 1.0, 0.7),
        ("hard_sigmoid:slope=0.2,offset=0.5", {"slope": 0.2, "offset": 0.5}, 1.0, 0.7),
        ("squareplus:b=1", {"b": 1.0}, 0.0, 0.5),
        ("celu:alpha=2", {"alpha": 2.0}, -1.0, 2.0 * math.expm1(-0.5)),
        ("softmax:others=1/2", {"others": (1.0, 2.0)}, 0.0, 1 / (1 + math.e + math.e**2)),
        ("elu:", {"alpha": 1.0}, -1.0, math.expm1(-1.0)),
    ],
)
def test_spec_with_parameters(spec: str, params: dict[str, object], x: float, expected: float) -> None:
    activation = actplot.get(spec)
    assert {k: activation.params[k] for k in params} == params
    assert float(activation(x)) == pytest.approx(expected, rel=1e-15)


def test_spec_round_trips(activation: Activation) -> None:
    again = actplot.get(activation.spec)
    assert again.entry is activation.entry and again.params == activation.params


def test_spec_keeps_every_digit() -> None:
    activation = actplot.get("leaky_relu:negative_slope=0.123456789")
    assert actplot.get(activation.spec).params == activation.params, activation.spec


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("elu:beta=1", ["elu", "'beta'", "alpha"]),
        ("relu:alpha=1", ["relu", "'alpha'", "none"]),
        ("hard_tanh:lo=1", ["'lo'", "min_val", "max_val"]),
    ],
)
def test_unknown_parameter_lists_the_valid_ones(spec: str, words: list[str]) -> None:
    with pytest.raises(SpecError) as caught:
        actplot.get(spec)
    assert all(word in str(caught.value) for word in words), str(caught.value)


def bad_values(param: Param) -> list[str]:
    """Texts the parameter must refuse."""
    if param.choices:
        return ["foo", param.choices[0] + "x"]
    bad = ["nan", "inf", "-inf", "abc", "1e400"]
    if param.domain == "positive":
        bad += ["0", "-1"]
    if param.domain == "nonnegative":
        bad += ["-1"]
    if isinstance(param.default, tuple):
        bad += ["1/abc", "1/nan", "1//2"]
    return bad


def test_bad_values_say_what_is_accepted(entry: Entry) -> None:
    for param in entry.params:
        for text in bad_values(param):
            with pytest.raises(SpecError) as caught:
                actplot.get(f"{entry.name}:{param.name}={text}")
            message = str(caught.value)
            assert param.name in message and param.accepts in message, message


def test_bad_values_from_python_are_refused(entry: Entry) -> None:
    for param in entry.params:
        for value in (math.nan, math.inf, None, object()):
            with pytest.raises(SpecError, match=param.name):
                entry.bind(**{param.name: value})  # type: ignore[arg-type]


MALFORMED = ["elu:alpha", "elu:alpha=", "elu:=1", "hard_tanh:min_val=2,max_val=1", "rrelu:lower=1,upper=0"]


@pytest.mark.parametrize("spec", MALFORMED)
def test_malformed_or_inconsistent_specs(spec: str) -> None:
    with pytest.raises(SpecError, match=spec.partition(":")[0]):
        actplot.get(spec)


def test_param_parsing_and_accepts() -> None:
    listed = Param("others", (0.0,), "other logits")
    assert listed.parse("1/2") == (1.0, 2.0) and listed.parse("-3") == (-3.0,)
    assert listed.check([1, 2]) == (1.0, 2.0) and listed.check(5) == (5.0,)
    assert "separated by '/'" in listed.accepts
    chosen = Param("approximate", "none", "which form", choices=("none", "tanh"))
    assert chosen.parse("tanh") == "tanh" and chosen.accepts == "none | tanh"
    positive = Param("alpha", 1.0, "scale", domain="positive")
    assert positive.check(2) == 2.0 and positive.accepts == "a number > 0"
    with pytest.raises(SpecError, match=r"alpha=0 is out of range; use a number > 0"):
        positive.parse("0")


# --- the public API -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "shape"),
    [(0.5, ()), ([-1.0, 0.0, 1.0], (3,)), (np.ones((2, 3)), (2, 3)), (np.zeros(0), (0,))],
    ids=["scalar", "1-D", "2-D", "empty"],
)
@pytest.mark.parametrize("order", [0, 1, 2])
def test_evaluate_keeps_the_shape(x: object, shape: tuple[int, ...], order: int) -> None:
    y = actplot.evaluate("gelu", x, order)  # type: ignore[arg-type]
    assert isinstance(y, np.ndarray) and y.dtype == np.float64 and y.shape == shape


def test_evaluate_values_and_orders() -> None:
    np.testing.assert_array_equal(actplot.evaluate("relu", [-1.0, 2.0], order=1), [0.0, 1.0])
    assert actplot.evaluate(actplot.get("tanh"), 0.0, order=1) == 1.0
    assert actplot.evaluate("sigmoid", 0.0) == 0.5


@pytest.mark.parametrize("order", [3, -1, [0, 3]])
def test_evaluate_rejects_other_orders(order: object) -> None:
    with pytest.raises(SpecError, match="0, 1 or 2"):
        actplot.evaluate("relu", 1.0, order)  # type: ignore[arg-type]


@pytest.mark.parametrize("order", [0.5, 1.0, True, "1", "01", None, [0, 1.0]])
def test_evaluate_refuses_an_order_that_is_not_an_int(order: object) -> None:
    with pytest.raises(TypeError, match="0, 1 or 2"):
        actplot.evaluate("relu", 1.0, order)  # type: ignore[arg-type]


def test_get_passes_an_activation_through() -> None:
    activation = actplot.get("elu:alpha=0.5")
    assert actplot.get(activation) is activation


@pytest.mark.parametrize(
    ("spec", "breaks"),
    [
        ("sigmoid", ()),
        ("step", (Break(0.0, 0),)),
        ("threshold", (Break(1.0, 0),)),
        ("hard_shrink", (Break(-0.5, 0), Break(0.5, 0))),
        ("relu", (Break(0.0, 1),)),
        ("hard_tanh", (Break(-1.0, 1), Break(1.0, 1))),
        ("selu", (Break(0.0, 1),)),
        ("hard_silu", (Break(-3.0, 1), Break(3.0, 1))),
        ("elu:alpha=0.5", (Break(0.0, 1),)),
        ("elu", (Break(0.0, 2),)),
        ("celu", (Break(0.0, 2),)),
        ("sparse_plus", (Break(-1.0, 2), Break(1.0, 2))),
        ("softsign", (Break(0.0, 2),)),
        ("sqnl", (Break(-2.0, 2), Break(0.0, 2), Break(2.0, 2))),
        ("elish", (Break(0.0, 2),)),
        ("isrlu", (Break(0.0, 3),)),
        ("leaky_relu:negative_slope=1", ()),
        ("hard_tanh:min_val=-2,max_val=0.5", (Break(-2.0, 1), Break(0.5, 1))),
    ],
)
def test_breaks_are_where_the_definitions_put_them(spec: str, breaks: tuple[Break, ...]) -> None:
    assert actplot.get(spec).breaks == breaks


@pytest.mark.parametrize(
    ("spec", "continuity"), [("step", "C⁻¹"), ("relu", "C⁰"), ("elu", "C¹"), ("isrlu", "C²"), ("tanh", "C∞")]
)
def test_continuity_class(spec: str, continuity: str) -> None:
    assert actplot.get(spec).continuity == continuity


# --- the registry ---------------------------------------------------------------------------------


def dummy(name: str, *aliases: str) -> Entry:
    return Entry(
        name=name,
        aliases=aliases,
        summary="test entry",
        f=lambda x: x,
        df=lambda x: np.ones_like(x),
        d2f=lambda x: np.zeros_like(x),
        output_range=lambda: Interval(-np.inf, np.inf),
        monotonic=lambda: "increasing",
        formulas=Formulas(("x", "1", "0"), ("x", "1", "0")),
        reference="none",
    )


def test_registry_resolves_any_spelling() -> None:
    registry = Registry()
    entry = registry.add(dummy("my_unit", "MyU"))
    assert list(registry) == ["my_unit"] and len(registry) == 1 and registry["my_unit"] is entry
    assert registry.spellings() == ["my_unit", "MyU"]
    for spelling in ("my_unit", "MY-UNIT", "myunit", "myu", "My U"):
        assert registry.resolve(spelling) is entry
        assert registry.has(spelling)
    assert not any(map(registry.has, ("my_unit:", "my_unit(x)", "myunits", "")))
    assert registry.parse("my-unit").entry is entry
    assert name_key("Leaky-ReLU") == name_key("leaky_relu") == "leakyrelu"


def test_registry_refuses_a_taken_spelling() -> None:
    registry = Registry()
    registry.add(dummy("my_unit"))
    with pytest.raises(ValueError, match="my_unit"):
        registry.add(dummy("other", "My-Unit"))
