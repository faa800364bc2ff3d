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
    "edge_of_chaos",
    "evaluate",
    "get",
    "log_softmax",
    "names",
    "plot",
    "propagate",
    "softmax",
    "softmin",
]


def __getattr__(name: str) -> Any:
    # `plot` needs matplotlib: import it only when it is asked for; the propagation theory on first use.
    if name == "plot":
        from actplot.figure import plot

        return plot
    if name in {"propagate", "edge_of_chaos"}:
        from actplot import propagation

        return getattr(propagation, name)
    raise AttributeError(f"module 'actplot' has no attribute {name!r}")
