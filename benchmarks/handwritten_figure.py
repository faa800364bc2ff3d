"""The figure of `actplot sigmoid relu --derivs 2 -o FILE`, written by hand the usual way.

NumPy formulas and pyplot (on the Agg backend, as on a machine without a display), with
actplot's size, resolution and layout so that both draw the same pixels' worth:

    python benchmarks/handwritten_figure.py figure.png
"""

import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

x = np.linspace(-5.0, 5.0, 1000)
s = 1.0 / (1.0 + np.exp(-x))
curves = {
    "sigmoid": (s, s * (1.0 - s), s * (1.0 - s) * (1.0 - 2.0 * s)),
    "relu": (np.maximum(x, 0.0), (x > 0).astype(float), np.zeros_like(x)),
}
fig, axes = plt.subplots(1, 3, figsize=(11.5, 4.0), layout="constrained", sharex=True)
for order, (ax, title) in enumerate(zip(axes, ("$f(x)$", "$f'(x)$", "$f''(x)$"), strict=True)):
    for name, ys in curves.items():
        ax.plot(x, ys[order], label=name)
    ax.axhline(0.0, color="grey", linewidth=0.8)
    ax.axvline(0.0, color="grey", linewidth=0.8)
    ax.set_title(title)
    ax.set_xlabel("$x$")
    ax.grid(True)
fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=2, frameon=False)
fig.savefig(sys.argv[1], dpi=150)
