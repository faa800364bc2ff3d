"""A decimated figure draws the picture of the undecimated one, pixel for pixel, at 150 and 300 dpi.

The pictures are compared as rendered RGBA arrays (Agg), with matplotlib's path simplification
off so that each line is drawn through exactly the vertices it is given: left on, it moves lines
by up to 1/9 pixel on its own, differently for 10⁵ vertices than for 10⁴, on both sides alike.
"""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

import actplot
from actplot.figure import draw
from actplot.options import FigureOptions
from actplot.sampling import figure_resolution, sample

matplotlib.use("Agg")

#: Jumps in f (step, hard_shrink), in f′ (relu, hard_tanh), in f″ (elu), with their markers and impulses.
SPECS = ["step", "relu", "hard_tanh", "hard_shrink", "elu"]
X_RANGE = (-3.0, 3.0)
#: Several grid points per pixel column of `figure_resolution`, so that decimation drops most of them.
POINTS = 30_000
#: Antialiased coverage of a pixel is rounded to 1/255: many short pieces of a line and a few long
#: ones through the same points round a few edge pixels some steps apart (three in 4-inch-high
#: panels; four in three pixels of the f panel when it spans its neighbours' impulse bands).
ROUNDING = 4


def pixels(figure: Figure, dpi: int) -> np.ndarray:
    figure.set_dpi(dpi)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).astype(np.int16)


#: Lines take matplotlib's path simplification setting when they are made: off for both figures.
EXACT_PATHS = {"path.simplify": False}


@pytest.fixture(scope="module")
def decimated_and_whole() -> tuple[Figure, Figure]:
    """The figure `plot` draws (decimated, to a resolution that holds at any dpi) and the undecimated one."""
    with matplotlib.rc_context(EXACT_PATHS):
        whole = draw(sample([actplot.get(s) for s in SPECS], [0, 1, 2], X_RANGE, POINTS), FigureOptions())
        decimated = actplot.plot(SPECS, derivs=2, xrange=X_RANGE, points=POINTS)
    kept = sum(len(line.get_xdata()) for ax in decimated.axes for line in ax.get_lines())
    drawn = sum(len(line.get_xdata()) for ax in whole.axes for line in ax.get_lines())
    assert kept < drawn / 2  # decimation did happen
    return decimated, whole


@pytest.mark.parametrize("dpi", [150, 300])
def test_the_decimated_figure_is_the_same_picture(
    decimated_and_whole: tuple[Figure, Figure], dpi: int
) -> None:
    decimated, whole = decimated_and_whole
    with matplotlib.rc_context(EXACT_PATHS):
        difference = np.abs(pixels(decimated, dpi) - pixels(whole, dpi))
    assert difference.max() <= ROUNDING


def test_figure_resolution_covers_every_pixel_of_the_figure() -> None:
    assert figure_resolution(4.0, 300) == 2400  # 4 inches at 300 dpi
    assert figure_resolution(4.0, 150) == figure_resolution(4.0, None) == 2400  # vector files: 600 dpi
    assert figure_resolution(None, 2400) >= 11.5 * 2400  # the widest default figure
