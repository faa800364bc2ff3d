"""Mean-field signal propagation against the literature's closed forms and an independent mpmath computation.

Poole et al. 2016 and Schoenholz et al. 2017 for the maps, fixed points and depth scales;
Klambauer et al. 2017 for SELU's constants; ``torch.nn.init.calculate_gain`` for the gains.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import mpmath
import numpy as np
import pytest
from cli_output import assert_one_error_line
from typer.testing import CliRunner, Result

import actplot
from actplot import cli
from actplot.errors import UsageError
from actplot.gaussian import Integrand, moments, pair_moment
from actplot.network import simulate
from actplot.propagation import correlation_map, edge_of_chaos, over_depth, propagate
from actplot.propagation_figure import draw_propagation

REL = 1e-9
SQRT2 = math.sqrt(2.0)
#: SELU's constants as Klambauer et al. 2017 publish them.
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def run(*args: str) -> Result:
    return CliRunner().invoke(cli.app, list(args))


# ---------------------------------------------------------------------------------------------------
# Gaussian expectations


@pytest.mark.parametrize("q", [1e-6, 0.3, 1.0, 7.0, 100.0])
def test_expectations_match_closed_forms(q: float) -> None:
    relu = moments(Integrand(actplot.get("relu")), q)
    assert relu.mean[0] == pytest.approx(math.sqrt(q / (2 * math.pi)), rel=1e-13)
    assert relu.square[0] == pytest.approx(q / 2, rel=1e-13)
    assert relu.slope[0] == pytest.approx(0.5, rel=1e-13)
    # E[e^{√q z}] = e^{q/2}, E[(e^x)²] = e^{2q}: exact while 12 standard deviations hold the integrand.
    exponential = moments(Integrand(actplot.get("exponential")), min(q, 2.0))
    assert exponential.mean[0] == pytest.approx(math.exp(min(q, 2.0) / 2), rel=1e-12)
    assert exponential.square[0] == pytest.approx(math.exp(2 * min(q, 2.0)), rel=1e-12)


def test_expectations_match_mpmath_for_a_smooth_activation() -> None:
    mpmath.mp.dps = 30
    for q in (0.05, 1.0, 20.0):
        at = moments(Integrand(actplot.get("tanh")), q)
        s = mpmath.sqrt(q)
        line = [-mpmath.inf, 0, mpmath.inf]
        square = mpmath.quad(lambda z, s=s: mpmath.tanh(s * z) ** 2 * mpmath.npdf(z), line)
        slope = mpmath.quad(lambda z, s=s: mpmath.sech(s * z) ** 4 * mpmath.npdf(z), line)
        assert at.square[0] == pytest.approx(float(square), rel=1e-12)
        assert at.slope[0] == pytest.approx(float(slope), rel=1e-12)


@pytest.mark.parametrize("spec", ["relu6", "hard_tanh", "selu", "soft_shrink", "elu:alpha=0.5", "tanh"])
def test_dirac_terms_of_f2_give_the_derivative_of_the_length_map(spec: str) -> None:
    """d E[f(√q z)²]/dq = E[f′² + f f″], the δ terms of f″ at kinks included, equals a central difference."""
    integrand = Integrand(actplot.get(spec))
    for q in (0.4, 2.0, 9.0):
        h = 1e-4 * q
        difference = (moments(integrand, q + h).square[0] - moments(integrand, q - h).square[0]) / (2 * h)
        assert moments(integrand, q).growth[0] == pytest.approx(difference, rel=1e-7)


def test_a_jump_gives_exact_dirac_terms_in_the_correlation_map() -> None:
    """step: E[H(u₁)H(u₂)] = 1/4 + asin(c)/2π and E[δ(u₁)δ(u₂)] = 1/(2πq√(1 − c²))."""
    integrand = Integrand(actplot.get("step"))
    for q, c in [(0.5, -0.7), (2.0, 0.3), (1.0, 1 - 1e-6)]:
        orthant = 0.25 + math.asin(c) / (2 * math.pi)
        assert pair_moment(integrand, q, c, 0) == pytest.approx(orthant, rel=1e-12)
        density = 1 / (2 * math.pi * q * math.sqrt(1 - c * c))
        assert pair_moment(integrand, q, c, 1) == pytest.approx(density, rel=1e-12)


def test_the_correlation_map_of_relu_is_the_arc_cosine_kernel() -> None:
    integrand = Integrand(actplot.get("relu"))
    for c in (-0.9, 0.0, 0.5, 0.99):
        kernel = (math.sqrt(1 - c * c) + (math.pi - math.acos(c)) * c) / math.pi
        assert correlation_map(integrand, c, 1.0, SQRT2, 0.0) == pytest.approx(kernel, rel=1e-12)


# ---------------------------------------------------------------------------------------------------
# Checks against the literature


def test_relu_gain_chi1_and_edge_of_chaos() -> None:
    assert propagate("relu").gain == pytest.approx(SQRT2, rel=REL)
    for sigma_w in (0.5, 1.0, SQRT2, 2.0, 3.0):
        for sigma_b in (0.0, 0.3):
            assert propagate("relu", sigma_w, sigma_b).chi_1 == pytest.approx(sigma_w**2 / 2, rel=REL)
    critical = propagate("relu", SQRT2, 0.0)
    assert critical.phase == "critical"
    assert critical.critical_sigma_w == pytest.approx(SQRT2, rel=REL)
    assert np.isnan(edge_of_chaos("relu", [0.1, 1.0])).all()  # the edge is the single point (√2, 0)


@pytest.mark.parametrize("slope", [0.01, 0.2, 0.5])
def test_leaky_relu_gain_is_pytorchs(slope: float) -> None:
    result = propagate(f"leaky_relu:negative_slope={slope}")
    assert result.gain == pytest.approx(math.sqrt(2 / (1 + slope**2)), rel=REL)
    assert result.torch_gain == pytest.approx(result.gain, rel=REL)
    assert result.torch_note.startswith("same as PyTorch")


def test_tanh_without_bias_is_critical_at_sigma_w_1() -> None:
    for sigma_w in (0.5, 0.9, 1.0):
        result = propagate("tanh", sigma_w, 0.0)
        assert result.q_star == 0.0
        assert result.chi_1 == pytest.approx(sigma_w**2, rel=REL)
    assert propagate("tanh", 1.0, 0.0).phase == "critical"
    assert edge_of_chaos("tanh", [0.0])[0] == pytest.approx(1.0, rel=REL)


def _tanh_edge_mpmath(sigma_b: float, near: float) -> float:
    """Critical σ_w with mpmath: q = E[tanh²]/E[sech⁴] + σ_b², then σ_w = 1/√E[sech⁴], at 20 digits.

    The secant search starts 10 % either side of `near`; mpmath's own root is what is returned.
    """
    mpmath.mp.dps = 20

    def mean(g, q):  # type: ignore[no-untyped-def]
        s = mpmath.sqrt(q)
        return mpmath.quad(lambda z: g(s * z) * mpmath.npdf(z), [-14, 0, 14], method="gauss-legendre")

    def gap(q):  # type: ignore[no-untyped-def]
        ratio = mean(lambda x: mpmath.tanh(x) ** 2, q) / mean(lambda x: mpmath.sech(x) ** 4, q)
        return q - ratio - sigma_b**2

    q = mpmath.findroot(gap, (mpmath.mpf(0.9 * near), mpmath.mpf(1.1 * near)), solver="secant")
    return float(1 / mpmath.sqrt(mean(lambda x: mpmath.sech(x) ** 4, q)))


@pytest.mark.parametrize("sigma_b", [0.1, 0.5, 1.0])
def test_tanh_edge_of_chaos_rises_with_the_bias_as_mpmath_says(sigma_b: float) -> None:
    critical = edge_of_chaos("tanh", [sigma_b])[0]
    assert critical > 1.0
    on_edge = propagate("tanh", float(critical), sigma_b)
    assert on_edge.phase == "critical"
    assert critical == pytest.approx(_tanh_edge_mpmath(sigma_b, on_edge.q_star), rel=REL)


def test_selu_constants_give_the_self_normalising_fixed_point() -> None:
    at = moments(Integrand(actplot.get("selu")), 1.0)
    assert abs(at.mean[0]) < 1e-14
    assert at.square[0] == pytest.approx(1.0, rel=1e-13)
    result = propagate("selu", 1.0, 0.0)
    assert result.q_star == 1.0
    assert result.q_stable
    assert result.gain == pytest.approx(1.0, rel=1e-13)


def test_selu_constants_rederived_from_the_two_equations() -> None:
    """E[selu(z)] = 0 fixes α and E[selu(z)²] = 1 then fixes λ, with elu(α=1) = relu + the negative part."""
    relu = moments(Integrand(actplot.get("relu")), 1.0)
    elu = moments(Integrand(actplot.get("elu:alpha=1")), 1.0)
    negative_mean = elu.mean[0] - relu.mean[0]  # E[(eᶻ − 1)·1(z < 0)]
    negative_square = elu.square[0] - relu.square[0]  # E[(eᶻ − 1)²·1(z < 0)]
    alpha = -relu.mean[0] / negative_mean
    scale = 1 / math.sqrt(relu.square[0] + alpha**2 * negative_square)
    assert alpha == pytest.approx(SELU_ALPHA, rel=1e-12)
    assert scale == pytest.approx(SELU_SCALE, rel=1e-12)


@pytest.mark.parametrize("sigma_w", [0.8, 1.0, 1.25])
def test_identity_without_bias_scales_q_by_sigma_w_squared(sigma_w: float) -> None:
    q0 = np.array([0.5, 2.0])
    depth = over_depth("identity", sigma_w, 0.0, 12, q0)
    expected = q0[:, None] * sigma_w ** (2 * np.arange(13))
    np.testing.assert_allclose(depth.q, expected, rtol=1e-12)
    assert propagate("identity", sigma_w, 0.0).chi_1 == pytest.approx(sigma_w**2, rel=REL)
    np.testing.assert_allclose(depth.gradient, sigma_w ** (2 * np.arange(12, -1, -1)), rtol=1e-12)


def test_chaotic_correlation_fixed_point_of_step() -> None:
    """step, σ_w = 1, σ_b = 0: c* solves c = 1/2 + asin(c)/π, where χ_c = 1/(π√(1 − c*²))."""
    result = propagate("step", 1.0, 0.0)
    assert result.phase == "chaotic"
    assert result.chi_1 == math.inf
    c = result.c_star
    assert 0.5 + math.asin(c) / math.pi == pytest.approx(c, rel=1e-12)
    assert result.chi_c == pytest.approx(1 / (math.pi * math.sqrt(1 - c * c)), rel=REL)
    assert result.xi_c == pytest.approx(-1 / math.log(result.chi_c), rel=REL)


def test_odd_activation_without_bias_decorrelates_to_zero_when_chaotic() -> None:
    result = propagate("tanh", 2.0, 0.0)
    assert result.phase == "chaotic"
    assert abs(result.c_star) < 1e-12
    assert 0 < result.chi_c < 1


@pytest.mark.parametrize("spec", ["tanh", "selu", "elu", "silu", "sigmoid", "erf_like=x/sqrt(1+x**2)"])
def test_every_point_on_the_edge_is_critical(spec: str) -> None:
    biases = np.array([0.0, 0.5, 2.0])
    for sigma_b, sigma_w in zip(biases, edge_of_chaos(spec, biases), strict=True):
        if np.isfinite(sigma_w):
            assert propagate(spec, float(sigma_w), float(sigma_b)).phase == "critical"


def test_pytorch_gains_and_why_they_differ() -> None:
    tanh = propagate("tanh")
    assert tanh.torch_gain == pytest.approx(5 / 3)
    assert "chaotic" in tanh.torch_note
    assert propagate("tanh", 5 / 3, 0.0).phase == "chaotic"  # what the note says
    assert propagate("selu").torch_gain == 0.75
    assert propagate("sigmoid").torch_gain == 1.0
    assert propagate("gelu").torch_gain is None
    assert propagate("gelu").torch_note == ""


def test_without_bias_the_ordered_phase_keeps_correlations() -> None:
    """q* = 0: signals shrink to where f is linear (tanh) or scale-free (relu); the c-map's slope is 1."""
    for spec in ("tanh", "relu"):
        result = propagate(spec, 0.8, 0.0)
        assert result.phase == "ordered"
        assert result.chi_c == pytest.approx(1.0, rel=1e-12)
        assert result.xi_c == math.inf


def test_depth_scales_follow_the_slopes() -> None:
    result = propagate("sigmoid", 1.0, 0.5)
    assert result.phase == "ordered"
    assert result.xi_q == pytest.approx(-1 / math.log(result.q_slope), rel=REL)
    assert result.xi_c == pytest.approx(-1 / math.log(result.chi_1), rel=REL)
    assert propagate("tanh", 1.0, 0.0).xi_c == math.inf


def test_gradients_over_depth_are_the_product_of_chi() -> None:
    depth = over_depth("relu", 1.0, 0.0, 5)
    np.testing.assert_allclose(depth.gradient, 0.5 ** np.arange(5, -1, -1), rtol=1e-12)


@pytest.mark.parametrize(("sigma_w", "sigma_b"), [(0.0, 0.0), (-1.0, 0.0), (math.nan, 0.0), (1.0, -0.1)])
def test_bad_sigmas_are_refused(sigma_w: float, sigma_b: float) -> None:
    with pytest.raises(UsageError, match="sigma"):
        propagate("relu", sigma_w, sigma_b)


def test_top_level_names_are_the_propagation_functions() -> None:
    assert actplot.propagate is propagate
    assert actplot.edge_of_chaos is edge_of_chaos


# ---------------------------------------------------------------------------------------------------
# Command line


def test_cli_table_names_every_activation() -> None:
    result = run("propagate", "tanh", "relu", "selu", "--sigma-w", "1.5")
    assert result.exit_code == 0, result.output
    for fragment in ("tanh", "relu", "selu", "chaotic", "σ_w = 1.5", "calculate_gain gives 0.75"):
        assert fragment in result.stdout


def test_cli_json_has_every_number() -> None:
    result = run("propagate", "relu", "gelu:approximate=tanh", "--sigma-w", "2", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [row["spec"] for row in rows] == ["relu", "gelu:approximate=tanh"]
    assert rows[0]["q_star"] == "inf"
    assert rows[0]["chi_1"] == pytest.approx(2.0)
    assert rows[0]["critical_sigma_w"] == pytest.approx(SQRT2)
    assert rows[1]["torch_gain"] is None


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--sigma-w", "0"), "--sigma-w 0"),
        (("--sigma-w", "nan"), "--sigma-w nan"),
        (("--sigma-b", "-1"), "--sigma-b -1"),
        (("--depth", "0"), "--depth 0"),
        (("--simulate",), "-o FILE"),
        (("-o", "deep.txt"), "deep.txt"),
        (("--width", "1"), "--width 1"),
    ],
)
def test_cli_bad_values_are_one_line_errors(args: tuple[str, ...], fragment: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli.app, ["propagate", "relu", *args])
    assert_one_error_line(result, 2, fragment)
    assert not (tmp_path / "deep.txt").exists()


def test_cli_unknown_activation_is_one_line_error() -> None:
    assert_one_error_line(run("propagate", "rleu"), 2, "rleu")


def test_table_path_imports_no_matplotlib() -> None:
    code = (
        "import sys; from actplot import cli; cli.main(['propagate', 'relu']); "
        "print('matplotlib' in sys.modules)"
    )
    command = [sys.executable, "-c", code]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("False")


# ---------------------------------------------------------------------------------------------------
# A real random network against the predictions

#: (activation, σ_b): the ordered point is 0.8 × the critical σ_w, always with σ_b = 0.5.
SIMULATED = [("tanh", 0.5), ("relu", 0.0), ("gelu", 0.5)]


def test_a_random_network_follows_the_predictions() -> None:
    """Width 2000, depth 30, one seeded network per point: q_l and gradient norms as predicted.

    The median over layers of the relative error is checked.  Finite-width fluctuations of q_l
    (≈ √(2/N) a layer) do not add up where q* attracts quickly (tanh, the ordered points), so
    5 % holds there; at relu's critical point every q is a fixed point, and gelu's critical q*
    attracts over ξ_q ≈ 70 layers, so they add up like a random walk (Hanin 2018, "Which neural
    net architectures give rise to exploding and vanishing gradients?") and 10 % is allowed.
    """
    cases, bounds = [], []
    for spec, sigma_b in SIMULATED:
        critical = float(edge_of_chaos(spec, [sigma_b])[0])
        cases += [(actplot.get(spec), critical, sigma_b), (actplot.get(spec), 0.8 * critical, 0.5)]
        bounds += [0.05 if spec == "tanh" else 0.10, 0.05]
    measured = simulate(cases, depth=30, width=2000)
    for (activation, sigma_w, sigma_b), network, bound in zip(cases, measured, bounds, strict=True):
        predicted = over_depth(activation, sigma_w, sigma_b, 30)
        q_error = np.median(np.abs(network.q / predicted.q[0] - 1))
        gradient_error = np.median(np.abs(network.gradient / predicted.gradient - 1))
        assert q_error < bound, (activation.label, sigma_w, sigma_b, q_error)
        assert gradient_error < 0.12, (activation.label, sigma_w, sigma_b, gradient_error)


def test_the_simulation_is_reproducible_and_checks_its_width() -> None:
    cases = [(actplot.get("tanh"), 1.2, 0.1)]
    first, again = simulate(cases, 3, 50), simulate(cases, 3, 50)
    np.testing.assert_array_equal(first[0].q, again[0].q)
    with pytest.raises(UsageError, match="--width 1"):
        simulate(cases, 3, 1)


# ---------------------------------------------------------------------------------------------------
# The figure


def test_figure_is_written_reproducibly_and_draws_every_panel(tmp_path: Path) -> None:
    args = ["propagate", "tanh", "relu", "--depth", "6", "--simulate", "--width", "64"]
    first = CliRunner().invoke(cli.app, [*args, "-o", str(tmp_path / "a.png")])
    assert first.exit_code == 0, first.output
    again = CliRunner().invoke(cli.app, [*args, "-o", str(tmp_path / "b.png")])
    assert again.exit_code == 0, again.output
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()
    assert "tanh" in first.stdout  # the table is printed too


def test_figure_artists_carry_the_predictions() -> None:
    figure = draw_propagation([actplot.get("relu")], SQRT2, 0.0, 4, "dark", width=32)
    phase, lengths, gradients, correlations = figure.axes
    edge = next(line for line in phase.get_lines() if line.get_gid() == "relu/edge")
    assert edge.get_ydata()[0] == pytest.approx(SQRT2)  # relu's edge: (0, √2), and none at σ_b ≥ 0.1
    assert np.isnan(edge.get_ydata()[edge.get_xdata() >= 0.1]).all()
    np.testing.assert_allclose(lengths.get_lines()[0].get_ydata(), 1.0, rtol=1e-12)  # critical: q_l = q₀
    assert len(lengths.get_lines()) == 4  # three starting q₀ and the simulated network
    assert gradients.get_yscale() == "log"
    relu_map = next(line for line in correlations.get_lines() if line.get_gid() == "relu/cmap")
    c = relu_map.get_xdata()
    kernel = (np.sqrt(1 - c * c) + (np.pi - np.arccos(c)) * c) / np.pi
    np.testing.assert_allclose(relu_map.get_ydata(), kernel, rtol=1e-10)


def test_info_has_a_deep_networks_section() -> None:
    tanh = run("info", "tanh")
    assert tanh.exit_code == 0, tanh.output
    section = tanh.stdout[tanh.stdout.index("Deep networks") :]
    for fragment in ("1.59254 = 1/√E[f(z)²]", "calculate_gain gives 1.66667", "σ_w = 1, σ_b = 0", "q* = 0"):
        assert fragment in " ".join(section.split())
    relu = " ".join(run("info", "relu").stdout.split())
    assert "σ_w = 1.41421, σ_b = 0" in relu
    assert "none at σ_b = 0" in run("info", "gelu").stdout


def test_an_activation_that_is_zero_everywhere_is_drawn_not_a_traceback(tmp_path: Path) -> None:
    """f = 0: the next layer's variance is 0 and every input gives the same output (c = 1)."""
    result = CliRunner().invoke(cli.app, ["propagate", "relu(x)-max(x,0)", "-o", str(tmp_path / "zero.png")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "zero.png").read_bytes().startswith(b"\x89PNG")
