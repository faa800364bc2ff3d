"""The derivative-fidelity study in examples/: network derivatives, backpropagation, command line.

The example is not a package, so it is imported by path.  Everything but the training test runs on a
tiny network in well under a second.
"""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from rich.console import Console

import actplot

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "derivative_fidelity.py"
SMOOTH = ["tanh", "softplus", "elu"]
TINY = (2, 5)


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("derivative_fidelity", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


study = _load()


def _parameters(sizes: tuple[int, ...], seed: int = 1) -> np.ndarray:
    """Glorot weights, scaled up so every layer is well into its nonlinearity, and nonzero biases."""
    rng = np.random.default_rng(seed)
    theta = 1.5 * study.initial_parameters(sizes, rng)
    for _, bias in study.unpack(theta, sizes):
        bias[...] = rng.normal(0.0, 0.5, size=bias.shape)
    return theta


def test_true_second_derivative_is_4x2_minus_2_not_the_originals_typo() -> None:
    x = np.linspace(-2.0, 2.0, 41)
    truth = study.target(x)
    np.testing.assert_allclose(truth.y, np.exp(-(x**2)), rtol=1e-15)
    np.testing.assert_allclose(truth.y_x, -2 * x * np.exp(-(x**2)), rtol=1e-15)
    np.testing.assert_allclose(truth.y_xx, (4 * x**2 - 2) * np.exp(-(x**2)), rtol=1e-15, atol=1e-300)
    h = 1e-4
    second_difference = (study.target(x + h).y - 2 * truth.y + study.target(x - h).y) / h**2
    np.testing.assert_allclose(second_difference, truth.y_xx, atol=1e-6)
    assert not np.allclose(truth.y_xx, (4 * x**2 - x) * np.exp(-(x**2)))


def test_relu_y_xx_error_is_the_mean_of_the_true_y_xx_squared() -> None:
    """A network with y″ = 0 scores mean(y″²) on the test grid: ≈ 0.93 (the original published 0.96)."""
    _, x_test, _ = study.data(0)
    assert x_test.size == 100 and x_test[0] == -2.0 and x_test[-1] == 2.0
    assert np.mean(study.target(x_test).y_xx ** 2) == pytest.approx(0.926, abs=1e-3)


def test_parameters_unpack_into_views_of_the_flat_vector() -> None:
    sizes = study.layer_sizes(3, 4)
    assert sizes == (1, 4, 4, 4, 1)
    theta = np.arange(study.parameter_count(sizes), dtype=np.float64)
    layers = study.unpack(theta, sizes)
    assert [w.shape for w, _ in layers] == [(4, 1), (4, 4), (4, 4), (1, 4)]
    assert sum(w.size + b.size for w, b in layers) == theta.size == 4 + 4 + 20 + 20 + 5
    layers[1][0][0, 0] = -1.0
    assert theta[8] == -1.0


@pytest.mark.parametrize("spec", SMOOTH)
def test_exact_x_derivatives_equal_finite_differences_of_the_network(spec: str) -> None:
    activation = actplot.get(spec)
    sizes = study.layer_sizes(*TINY)
    theta = _parameters(sizes)
    x = np.random.default_rng(2).uniform(-2.0, 2.0, 25)
    jet = study.network_jet(theta, sizes, activation, x)

    def output(at: np.ndarray) -> np.ndarray:
        return study.network_jet(theta, sizes, activation, at).y

    h1, h2 = 1e-5, 1e-4
    first = (output(x + h1) - output(x - h1)) / (2 * h1)
    second = (output(x + h2) - 2 * output(x) + output(x - h2)) / h2**2
    np.testing.assert_allclose(jet.y_x, first, rtol=1e-7, atol=1e-7 * np.abs(jet.y_x).max())
    np.testing.assert_allclose(jet.y_xx, second, rtol=1e-5, atol=1e-5 * np.abs(jet.y_xx).max())
    assert np.abs(jet.y_xx).max() > 0.1  # the test has teeth: the curvature is not tiny


@pytest.mark.parametrize("spec", [*SMOOTH, "relu"])
def test_backpropagation_equals_finite_differences_of_the_loss(spec: str) -> None:
    activation = actplot.get(spec)
    sizes = study.layer_sizes(*TINY)
    theta = _parameters(sizes)
    x = np.random.default_rng(3).uniform(-2.0, 2.0, 40)
    y = study.target(x).y
    loss, gradient = study.loss_and_gradient(theta, sizes, activation, x, y)
    assert loss == pytest.approx(np.mean((study.network_jet(theta, sizes, activation, x).y - y) ** 2))
    h = 1e-6
    for i in np.linspace(0, theta.size - 1, 12).astype(int):  # weights and biases of every layer
        step = np.zeros_like(theta)
        step[i] = h
        up = study.loss_and_gradient(theta + step, sizes, activation, x, y)[0]
        down = study.loss_and_gradient(theta - step, sizes, activation, x, y)[0]
        assert gradient[i] == pytest.approx((up - down) / (2 * h), rel=1e-6, abs=1e-9)


def test_relu_network_has_exactly_zero_second_derivative_away_from_kinks() -> None:
    sizes = study.layer_sizes(8, 20)
    theta = _parameters(sizes)
    x = np.linspace(-2.0, 2.0, 101) + 1e-3  # no unit sits exactly on its kink here
    jet = study.network_jet(theta, sizes, actplot.get("relu"), x)
    assert np.all(jet.y_xx == 0.0)
    assert np.unique(np.round(jet.y_x, 12)).size > 3  # y′ is a staircase, not a constant


def test_scientific_numbers_are_written_like_the_originals() -> None:
    written = [study.scientific(v) for v in (1.4e-3, 1.9, 0.96, 4.7e-4)]
    assert written == ["1.4e-3", "1.9e+0", "9.6e-1", "4.7e-4"]


def test_training_is_deterministic_and_lowers_the_loss() -> None:
    pytest.importorskip("scipy")
    sizes = study.layer_sizes(*TINY)
    activation = actplot.get("tanh")
    first = study.fit(activation, sizes, iterations=60, seed=5)
    again = study.fit(activation, sizes, iterations=60, seed=5)
    x_train, _, weights = study.data(5)
    start, _ = study.loss_and_gradient(
        study.initial_parameters(sizes, weights), sizes, activation, x_train, study.target(x_train).y
    )
    assert first.train_loss < start / 10
    np.testing.assert_array_equal(first.theta, again.theta)
    assert set(first.mse) == {"y", "y_x", "y_xx"}


def test_command_line_writes_json_and_figure(tmp_path: Path) -> None:
    pytest.importorskip("scipy")
    json_path, figure_path = tmp_path / "mse.json", tmp_path / "fit.png"
    argv = ["--activations", "tanh", "relu", "--layers", "1", "--width", "4", "--iterations", "5"]
    output = io.StringIO()
    assert (
        study.main(
            [*argv, "--json", str(json_path), "--figure", str(figure_path)], Console(file=output, width=80)
        )
        == 0
    )
    numbers = json.loads(json_path.read_text())
    assert list(numbers) == ["tanh", "relu"]
    assert set(numbers["relu"]) == {"y", "y_x", "y_xx"}
    assert figure_path.read_bytes().startswith(b"\x89PNG")
    assert "9.6e-1" in output.getvalue()  # the original's ReLU y″ beside ours, in 80 columns


def test_figure_draws_truth_dashed_and_one_solid_curve_per_activation() -> None:
    sizes = study.layer_sizes(*TINY)
    activations = [actplot.get("tanh"), actplot.get("relu")]
    errors = [{"y": 0.0, "y_x": 0.0, "y_xx": e} for e in (1e-3, 0.9)]
    fits = [
        study.Fit(a.spec, _parameters(sizes), 0.0, 0, 0.0, e)
        for a, e in zip(activations, errors, strict=True)
    ]
    axes = study.figure(fits, activations, sizes).axes
    assert len(axes) == 3
    for order, ax in enumerate(axes):
        lines = [line for line in ax.get_lines() if line.get_label() in {"tanh", "relu", "truth"}]
        assert [line.get_label() for line in lines] == ["tanh", "relu", "truth"]
        assert [line.get_linestyle() for line in lines] == ["-", "-", "--"]
        assert lines[1].get_zorder() < lines[0].get_zorder() < lines[2].get_zorder()  # best on top
        x = lines[-1].get_xdata()
        np.testing.assert_array_equal(lines[-1].get_ydata(), study.target(np.asarray(x))[order])


def test_unknown_activation_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        study.main(["--activations", "tanhh"])
    assert exit_info.value.code == 2
    assert "tanh" in capsys.readouterr().err
