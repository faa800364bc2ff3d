"""actplot: draw and inspect neural-network activation functions and their exact derivatives.

>>> import actplot
>>> actplot.evaluate("relu", [-1.0, 2.0], order=1)
array([0., 1.])
"""

from __future__ import annotations

from typing import Any

from actplot.activation import Activation, Break, Interval, Param
from actplot.api import evaluate, get, names
from actplot.catalogue.softmax import log_softmax, softmax, softmin
from actplot.errors import ActplotError, OutputError, SpecError, UsageError

__all__ = [
    "Activation",
    "ActplotError",
    "Break",
    "Interval",
    "OutputError",
    "Param",
    "SpecError",
    "UsageError",
    "evaluate",
    "get",
    "log_softmax",
    "names",
    "plot",
    "softmax",
    "softmin",
]


def __getattr__(name: str) -> Any:
    # `plot` needs matplotlib: import it only when it is asked for.
    if name == "plot":
        from actplot.figure import plot

        return plot
    raise AttributeError(f"module 'actplot' has no attribute {name!r}")
