"""Blocked, threaded evaluation of several orders (blockwise.py) and the jets it uses: one pass's numbers."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import CASES
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

import actplot
from actplot import SpecError
from actplot.activation import Activation, Entry, Formulas, Interval
from actplot.blockwise import BLOCK, evaluate_orders, even_blocks

#: Small blocks, so that a short input is cut into many, the last one short.
SMALL = 64
SPECIAL = [0.0, -0.0, 1e-300, -1e-300, 1e-8, -1e-8, 30.0, -30.0, 710.0, -710.0, 745.0, -745.0, 1e4, -1e4]
SPECIAL += [1e300, -1e300, np.inf, -np.inf, np.nan]


def points(size: int) -> np.ndarray:
    """`size` points: the special values, then breaks-rich small numbers and wide random ones."""
    rng = np.random.default_rng(7)
    mixed = np.concatenate([SPECIAL, np.round(rng.normal(0.0, 4.0, size), 1), rng.normal(0.0, 50.0, size)])
    return mixed[:size]


def one_pass(activation: Activation, x: np.ndarray, orders: tuple[int, ...]) -> np.ndarray:
    return np.stack([activation(x, k) for k in orders])


def assert_same_bits(actual: np.ndarray, expected: np.ndarray, message: str = "") -> None:
    """Equal bit for bit: the sign of zero and NaN included."""
    np.testing.assert_array_equal(actual, expected, strict=True, err_msg=message)
    assert np.array_equal(actual.view(np.uint64), expected.view(np.uint64)), (
        f"{message}: signs of zero differ"
    )


@pytest.mark.parametrize("name", actplot.names())
@pytest.mark.parametrize("orders", [(0, 1, 2), (2, 0), (1,)], ids=["all", "two", "one"])
def test_blocks_give_the_numbers_of_one_pass(name: str, orders: tuple[int, ...]) -> None:
    activation = actplot.get(name)
    x = points(5 * SMALL + 3)
    blocked = evaluate_orders(activation, x, orders, block=SMALL, workers=2)
    assert_same_bits(blocked, one_pass(activation, x, orders))


@pytest.mark.parametrize("name", actplot.names())
def test_default_blocks_on_two_threads_give_the_numbers_of_one_pass(name: str) -> None:
    activation = actplot.get(name)
    x = points(2 * BLOCK + 5)
    blocked = evaluate_orders(activation, x, (0, 1, 2), workers=2)
    assert_same_bits(blocked, one_pass(activation, x, (0, 1, 2)))


JET_CASES = [case for found in CASES.values() for case in found if case.entry.jet is not None]


@pytest.mark.parametrize("case", JET_CASES, ids=[a.spec for a in JET_CASES])
def test_jet_gives_the_numbers_of_f_df_d2f(case: Activation) -> None:
    assert case.entry.jet is not None
    x = points(2000)
    jet = case.entry.jet(x, **case.params)
    for k in range(3):
        assert_same_bits(np.asarray(jet[k], dtype=np.float64), case(x, k), f"order {k}")


def test_jets_exist_where_they_pay() -> None:
    # The benchmark (benchmarks/run.py) shows these faster with a jet; see benchmarks/README.md.
    with_jet = {name for name in actplot.names() if actplot.get(name).entry.jet is not None}
    assert {"sigmoid", "tanh", "softplus", "gelu", "silu", "elu", "mish"} <= with_jet


@pytest.mark.parametrize(
    "x",
    [np.float64(0.5), np.array(-2.0), points(7 * 13).reshape(7, 13), points(12).reshape(3, 4)[:, ::2]],
    ids=["scalar", "0-d", "2-D", "strided"],
)
def test_shape_is_orders_then_the_shape_of_x(x: np.ndarray) -> None:
    activation = actplot.get("elu:alpha=0.5")
    blocked = evaluate_orders(activation, x, (0, 1, 2), block=5, workers=2)
    assert blocked.shape == (3, *np.shape(x))
    assert blocked.dtype == np.float64
    assert_same_bits(blocked, one_pass(activation, np.asarray(x, dtype=np.float64), (0, 1, 2)))


@pytest.mark.parametrize("shape", [(0,), (0, 5), (4, 0)])
def test_empty_input_gives_empty_output(shape: tuple[int, ...]) -> None:
    blocked = evaluate_orders(actplot.get("sigmoid"), np.empty(shape), (0, 1, 2))
    assert blocked.shape == (3, *shape)


def test_lists_and_ints_are_accepted() -> None:
    blocked = evaluate_orders(actplot.get("relu"), [-1, 0, 2], [1, 0])
    np.testing.assert_array_equal(blocked, [[0.0, 0.0, 1.0], [0.0, 0.0, 2.0]], strict=True)


def test_a_bad_order_is_refused_before_anything_is_computed() -> None:
    with pytest.raises(SpecError, match="derivative order 3"):
        evaluate_orders(actplot.get("relu"), [1.0], (0, 3))


def test_public_evaluate_takes_a_sequence_of_orders() -> None:
    x = np.linspace(-3.0, 3.0, 11).reshape(1, 11)
    stacked = actplot.evaluate("silu", x, (0, 1, 2))
    assert stacked.shape == (3, 1, 11)
    for k in range(3):
        assert_same_bits(stacked[k], actplot.evaluate("silu", x, k))


def test_public_evaluate_with_one_order_is_unchanged() -> None:
    assert actplot.evaluate("relu", [-1.0, 2.0], order=1).tolist() == [0.0, 1.0]
    assert actplot.evaluate("relu", 2.0, 0).shape == ()


def _log(x: np.ndarray) -> np.ndarray:
    return np.log(x)


LOG = Entry(
    name="log",
    summary="log x, which warns for x < 0.",
    f=_log,
    df=_log,
    d2f=_log,
    output_range=lambda: Interval(-np.inf, np.inf),
    monotonic=lambda: "increasing",
    formulas=Formulas(("log x",) * 3, ("log x",) * 3),
    reference="test",
)


def test_the_callers_error_settings_hold_in_the_worker_threads() -> None:
    x = np.full(4 * SMALL, -1.0)
    with np.errstate(invalid="raise"), pytest.raises(FloatingPointError):
        evaluate_orders(LOG.bind(), x, (0,), block=SMALL, workers=2)
    with np.errstate(invalid="ignore"):
        assert np.isnan(evaluate_orders(LOG.bind(), x, (0,), block=SMALL, workers=2)).all()


@settings(deadline=None)
@given(
    a=st.floats(-1e6, 1e6),
    width=st.floats(1e-300, 1e6),
    points=st.integers(2, 60),
    block=st.integers(1, 9),
)
@example(a=0.0, width=5e-324, points=7, block=3)  # the step underflows to 0: NumPy's other formula
def test_even_blocks_are_linspace_in_pieces(a: float, width: float, points: int, block: int) -> None:
    b = a + width
    assume(a < b)
    pieces = list(even_blocks(a, b, points, block))
    assert_same_bits(np.concatenate(pieces), np.linspace(a, b, points))
    assert all(len(p) >= min(2, points) for p in pieces[-1:])  # b never comes alone
    assert max(len(p) for p in pieces) <= block + 1
