"""Which activation lets a network's own derivatives be trusted? A published study, reproduced.

The original: 活性化関数再考〜微分可能性〜 ("Activation functions revisited: differentiability"),
a Qiita article of 2019-03-21, which concludes that tanh or softplus should be used when a network's
second derivatives matter.

A fully connected network x → 8 hidden layers of 20 units → y is fitted to the Gaussian
y = e^{−x²} on 1000 random points of [−2, 2] (full-batch L-BFGS-B on the mean squared error of y
alone, from Glorot-normal weights and zero biases: the same data and the same initial weights for
every activation), then its exact first and second derivatives in x are compared with the truth on
100 evenly spaced points of [−2, 2]:

    y   = e^{−x²}
    y′  = −2x e^{−x²}
    y″  = (4x² − 2) e^{−x²}

The original writes y″ = (4x² − x) e^{−x²}; that is a typo: d/dx of −2x e^{−x²} is
−2e^{−x²} + 4x² e^{−x²}.  The original trained with full-batch BFGS (Adam for sigmoid, where its
BFGS failed); L-BFGS-B is used here for every activation.

Everything is numpy, float64 and vectorised over the batch, and every derivative comes from the
catalogue's closed-form f, f′, f″ (`actplot.get(spec)(z, order)`): no finite differences, no
autodiff framework.

- The loss gradient (training) is backpropagation: δ = ∂L/∂z = f′(z) ⊙ (W_next^T δ_next).
- The x-derivatives of the output are forward mode, carrying (h, h_x, h_xx) through each layer:
  z = W h + b, z_x = W h_x, z_xx = W h_xx; a = f(z), a_x = f′(z) z_x, a_xx = f″(z) z_x² + f′(z) z_xx.
  A ReLU network's y″ is therefore exactly 0 wherever no unit sits on its kink.

Run (SciPy is the optional extra ``actplot[study]``)::

    python examples/derivative_fidelity.py
    python examples/derivative_fidelity.py --activations tanh gelu mish --figure fit.png --json mse.json
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
from matplotlib.figure import Figure
from rich import box
from rich.console import Console
from rich.table import Table

import actplot
from actplot.activation import Activation, Array
from actplot.figure import figure_bytes, styled
from actplot.files import check_writable, figure_format, write_atomic
from actplot.theme import get_theme

#: The original study's published test MSE of y, y′, y″ (its summary table).
PUBLISHED_MSE: dict[str, tuple[float, float, float]] = {
    "relu": (1.4e-3, 5.2e-2, 9.6e-1),
    "tanh": (7.5e-4, 4.8e-3, 3.0e-2),
    "sigmoid": (1.2e-3, 1.0e-2, 6.6e-2),
    "softplus": (4.7e-4, 3.5e-3, 2.0e-2),
    "selu": (7.7e-4, 3.1e-2, 1.9e0),
    "elu": (1.2e-3, 1.3e-2, 4.7e-1),
}
DEFAULT_LAYERS = 8
DEFAULT_WIDTH = 20
DEFAULT_ITERATIONS = 2000
DEFAULT_SEED = 0
TRAIN_POINTS = 1000
TEST_POINTS = 100
INTERVAL = (-2.0, 2.0)
#: Keys of the derivative orders in results and JSON, and how the table and figure name them.
ORDER_KEYS = ("y", "y_x", "y_xx")
ORDER_LABELS = ("y", "y′", "y″")
ORDER_TITLES = ("$y$", "$y'$", "$y''$")


class Jet(NamedTuple):
    """A function and its first two derivatives in x, at the same points."""

    y: Array
    y_x: Array
    y_xx: Array


Layer = tuple[Array, Array]


def target(x: Array) -> Jet:
    """The Gaussian and its exact derivatives: e^{−x²}, −2x e^{−x²}, (4x² − 2) e^{−x²}."""
    g = np.exp(-(x**2))
    return Jet(g, -2.0 * x * g, (4.0 * x**2 - 2.0) * g)


def layer_sizes(layers: int, width: int) -> tuple[int, ...]:
    """Units per layer, input and output included: (1, width, …, width, 1)."""
    return (1, *([width] * layers), 1)


def parameter_count(sizes: Sequence[int]) -> int:
    """Number of weights and biases of a network with these layer sizes."""
    return sum(n_out * n_in + n_out for n_in, n_out in itertools.pairwise(sizes))


def unpack(theta: Array, sizes: Sequence[int]) -> list[Layer]:
    """Split the flat parameter vector into (W, b) per layer; W has shape (out, in). Views, not copies."""
    layers: list[Layer] = []
    start = 0
    for n_in, n_out in itertools.pairwise(sizes):
        weights = theta[start : start + n_out * n_in].reshape(n_out, n_in)
        start += n_out * n_in
        layers.append((weights, theta[start : start + n_out]))
        start += n_out
    return layers


def initial_parameters(sizes: Sequence[int], rng: np.random.Generator) -> Array:
    """Glorot-normal weights (std √(2/(fan_in + fan_out))) and zero biases, as one flat vector."""
    theta = np.zeros(parameter_count(sizes))
    for weights, _ in unpack(theta, sizes):
        n_out, n_in = weights.shape
        weights[...] = rng.normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size=weights.shape)
    return theta


def network_jet(theta: Array, sizes: Sequence[int], activation: Activation, x: Array) -> Jet:
    """The network's output and its exact first and second x-derivatives, by forward mode.

    Each hidden layer maps (h, h_x, h_xx) to z = W h + b, z_x = W h_x, z_xx = W h_xx and then
    a = f(z), a_x = f′(z) z_x, a_xx = f″(z) z_x² + f′(z) z_xx; the output layer is linear.
    Rows are points of the batch, so W acts from the right as Wᵀ.
    """
    layers = unpack(theta, sizes)
    h, h_x, h_xx = x[:, None], np.ones((x.size, 1)), np.zeros((x.size, 1))
    for weights, bias in layers[:-1]:
        z, z_x, z_xx = h @ weights.T + bias, h_x @ weights.T, h_xx @ weights.T
        slope = activation(z, 1)
        h, h_x, h_xx = activation(z, 0), slope * z_x, activation(z, 2) * z_x**2 + slope * z_xx
    weights, bias = layers[-1]
    return Jet((h @ weights.T + bias)[:, 0], (h_x @ weights.T)[:, 0], (h_xx @ weights.T)[:, 0])


def loss_and_gradient(
    theta: Array, sizes: Sequence[int], activation: Activation, x: Array, y: Array
) -> tuple[float, Array]:
    """Mean squared error of the network's output against `y`, and its gradient by backpropagation.

    Forward: h₀ = x, z_k = W_k h_{k−1} + b_k, h_k = f(z_k), output z_L.  Backward from
    δ_L = 2(z_L − y)/N: ∂L/∂W_k = δ_k h_{k−1}ᵀ, ∂L/∂b_k = Σ δ_k, δ_{k−1} = f′(z_{k−1}) ⊙ W_kᵀ δ_k.
    """
    layers = unpack(theta, sizes)
    inputs: list[Array] = []
    pre_activations: list[Array] = []
    h = x[:, None]
    for weights, bias in layers[:-1]:
        inputs.append(h)
        pre_activations.append(h @ weights.T + bias)
        h = activation(pre_activations[-1], 0)
    weights, bias = layers[-1]
    inputs.append(h)
    residual = (h @ weights.T + bias)[:, 0] - y
    gradient = np.zeros_like(theta)
    grads = unpack(gradient, sizes)
    delta = (2.0 / y.size) * residual[:, None]
    for k in range(len(layers) - 1, -1, -1):
        grads[k][0][...] = delta.T @ inputs[k]
        grads[k][1][...] = delta.sum(axis=0)
        if k:
            delta = activation(pre_activations[k - 1], 1) * (delta @ layers[k][0])
    return float(np.mean(residual**2)), gradient


@dataclass(frozen=True)
class Fit:
    """A trained network and how it did.

    Attributes:
        spec: the activation's spec (its name at default parameters).
        theta: the trained parameters.
        train_loss: the final training MSE of y.
        iterations: L-BFGS iterations taken.
        seconds: wall-clock training time.
        mse: test MSE of y, y′, y″, keyed ``y``, ``y_x``, ``y_xx``.
    """

    spec: str
    theta: Array
    train_loss: float
    iterations: int
    seconds: float
    mse: dict[str, float]


def data(seed: int) -> tuple[Array, Array, np.random.Generator]:
    """Training points (1000 uniform in [−2, 2]), test points (100 evenly spaced) and a weight stream."""
    data_stream, weight_stream = np.random.default_rng(seed).spawn(2)
    x_train = np.sort(data_stream.uniform(*INTERVAL, size=TRAIN_POINTS))
    return x_train, np.linspace(*INTERVAL, TEST_POINTS), weight_stream


def grid_mse(theta: Array, sizes: Sequence[int], activation: Activation, x_test: Array) -> dict[str, float]:
    """MSE of the network's y, y′, y″ against the truth on `x_test`."""
    predicted, truth = network_jet(theta, sizes, activation, x_test), target(x_test)
    return {key: float(np.mean((p - t) ** 2)) for key, p, t in zip(ORDER_KEYS, predicted, truth, strict=True)}


def fit(
    activation: Activation,
    sizes: Sequence[int],
    iterations: int,
    seed: int = DEFAULT_SEED,
) -> Fit:
    """Train a network with this activation by full-batch L-BFGS-B and measure it on the test grid.

    The same seed gives every activation the same training points and the same initial weights.
    """
    from scipy.optimize import minimize

    x_train, x_test, weight_stream = data(seed)
    theta0 = initial_parameters(sizes, weight_stream)
    start = time.perf_counter()
    result = minimize(
        loss_and_gradient,
        theta0,
        args=(sizes, activation, x_train, target(x_train).y),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": iterations, "maxfun": 2 * iterations, "ftol": 0.0, "gtol": 0.0},
    )
    seconds = time.perf_counter() - start
    theta = np.asarray(result.x, dtype=np.float64)
    return Fit(
        activation.spec,
        theta,
        float(result.fun),
        int(result.nit),
        seconds,
        grid_mse(theta, sizes, activation, x_test),
    )


def scientific(value: float) -> str:
    """Two significant digits the way the original study writes them: 1.4e-3, 1.9e+0."""
    mantissa, exponent = f"{value:.1e}".split("e")
    return f"{mantissa}e{int(exponent):+d}"


def table(fits: Sequence[Fit], iterations: int) -> Table:
    """Test MSE of y, y′, y″ per activation, each beside the original's number (— where it has none).

    The caption gives the iteration budget, the total time and any fit that stopped before the budget.
    """
    caption = (
        f"full-batch L-BFGS-B, {iterations} iterations each; {sum(f.seconds for f in fits):.0f} s in all"
    )
    early = [f"{f.spec} after {f.iterations}" for f in fits if f.iterations < iterations]
    if early:
        caption += f"\nstopped early: {', '.join(early)}"
    result = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        title="Test MSE on 100 points of [−2, 2], the original study's numbers (orig.) dimmed",
        caption=caption,
    )
    result.add_column("activation", overflow="fold")
    for label in ORDER_LABELS:
        result.add_column(label, justify="right")
        result.add_column("orig.", justify="right", style="dim")
    result.add_column("train MSE", justify="right")
    for fitted in fits:
        published = PUBLISHED_MSE.get(fitted.spec)
        cells = [fitted.spec]
        for i, key in enumerate(ORDER_KEYS):
            cells += [scientific(fitted.mse[key]), scientific(published[i]) if published else "—"]
        result.add_row(*cells, scientific(fitted.train_loss))
    return result


def figure(
    fits: Sequence[Fit], activations: Sequence[Activation], sizes: Sequence[int], theme: str = "light"
) -> Figure:
    """Three panels, y, y′, y″ on [−2, 2]: the truth dashed, each activation's network solid.

    The y-limits follow the truth (with a margin), so a wild network leaves the frame rather than
    flattening everyone else's curve, and networks with smaller y″ error are drawn on top.
    """
    colours = get_theme(theme)
    x = np.linspace(*INTERVAL, 801)
    truth = target(x)
    jets = [network_jet(f.theta, sizes, a, x) for f, a in zip(fits, activations, strict=True)]
    worst_first = sorted(range(len(fits)), key=lambda i: -fits[i].mse["y_xx"])
    zorders = {i: 3 + rank / len(fits) for rank, i in enumerate(worst_first)}
    with styled(colours, None):
        result = Figure(figsize=(11.5, 4.2), layout="constrained")
        result.set_facecolor(colours.background)
        axes = result.subplots(1, 3, sharex=True)
        for order, ax in enumerate(axes):
            ax.grid(True, linewidth=0.6)
            ax.set_axisbelow(True)
            ax.axhline(0.0, color=colours.axis, linewidth=0.8, zorder=1)
            for i, (fitted, jet) in enumerate(zip(fits, jets, strict=True)):
                ax.plot(x, jet[order], color=colours.colour(i), label=fitted.spec, lw=2.2, zorder=zorders[i])
            ax.plot(x, truth[order], "--", color=colours.foreground, label="truth", linewidth=1.3, zorder=4)
            lo, hi = float(truth[order].min()), float(truth[order].max())
            margin = 0.25 * (hi - lo)
            ax.set_ylim(lo - margin, hi + margin)
            ax.set_xlim(*INTERVAL)
            ax.set_title(ORDER_TITLES[order])
            ax.set_xlabel("$x$")
        handles, labels = axes[0].get_legend_handles_labels()
        result.legend(handles, labels, loc="outside lower center", ncols=min(len(labels), 7), frameon=False)
        result.suptitle(r"Fitting $e^{-x^2}$: the network's exact derivatives in $x$")
    return result


def parser() -> argparse.ArgumentParser:
    """The command line: the original study's setting as defaults."""
    result = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    studied = " ".join(PUBLISHED_MSE)
    result.add_argument(
        "--activations", nargs="+", metavar="SPEC", default=list(PUBLISHED_MSE), help=f"default: {studied}"
    )
    result.add_argument(
        "--layers", type=int, default=DEFAULT_LAYERS, help="hidden layers (default: %(default)s)"
    )
    result.add_argument(
        "--width", type=int, default=DEFAULT_WIDTH, help="units per layer (default: %(default)s)"
    )
    result.add_argument(
        "--iterations", type=int, default=DEFAULT_ITERATIONS, help="L-BFGS iterations (default: %(default)s)"
    )
    result.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help="data and initial weights (default: %(default)s)"
    )
    result.add_argument("--json", type=Path, metavar="FILE", help="write the test MSE as JSON")
    result.add_argument("--figure", type=Path, metavar="FILE", help="write the figure (.png, .svg or .pdf)")
    result.add_argument("--theme", default="light", choices=("light", "dark"), help="figure colours")
    return result


def main(argv: Sequence[str] | None = None, console: Console | None = None) -> int:
    """Run the study: train one network per activation, print the table, write the files asked for.

    Returns the exit code: 0, 2 for a bad option or spec (via argparse), 1 when a file cannot be written.
    """
    console = console or Console()
    options = parser().parse_args(argv)
    if min(options.layers, options.width, options.iterations) < 1:
        parser().error("--layers, --width and --iterations must be at least 1")
    try:
        activations = [actplot.get(spec) for spec in options.activations]
        fmt = figure_format(options.figure) if options.figure is not None else None
    except actplot.UsageError as error:
        parser().error(str(error))
    try:
        for path in (options.json, options.figure):
            if path is not None:
                check_writable(path)
        sizes = layer_sizes(options.layers, options.width)
        fits = []
        for activation in activations:
            with console.status(f"training {activation.spec} …"):
                fits.append(fit(activation, sizes, options.iterations, options.seed))
        console.print(table(fits, options.iterations))
        if options.json is not None:
            text = json.dumps({f.spec: f.mse for f in fits}, indent=2) + "\n"
            write_atomic(options.json, text.encode())
        if options.figure is not None and fmt is not None:
            drawn = figure(fits, activations, sizes, options.theme)
            write_atomic(options.figure, figure_bytes(drawn, fmt))
    except actplot.OutputError as error:
        console.print(f"[red]error:[/red] {error}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
