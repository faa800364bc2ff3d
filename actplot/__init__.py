"""actplot: draw and inspect neural-network activation functions and their exact derivatives.

>>> import actplot
>>> actplot.evaluate("relu", [-1.0, 2.0], order=1)
array([0., 1.])
"""

from __future__ import annotations

import importlib

from actplot.activation import Activation, Break, Interval, Param
from actplot.api import evaluate, family, get, names, sample
from actplot.catalogue.softmax import log_softmax, softmax, softmin
from actplot.errors import ActplotError, OutputError, SpecError, UsageError

#: Loaded on first use: drawing needs matplotlib, the sampled data and the theory need more NumPy work.
_LAZY = {
    "plot": "actplot.plotting",
    "show": "actplot.plotting",
    "explore": "actplot.explorer",
    "propagate": "actplot.propagation",
    "edge_of_chaos": "actplot.propagation",
    "Sampled": "actplot.sampling",
    "Curve": "actplot.sampling",
    "Segment": "actplot.sampling",
    "Jump": "actplot.sampling",
    "Impulse": "actplot.sampling",
}

__all__ = [
    "Activation",
    "ActplotError",
    "Break",
    "Curve",
    "Impulse",
    "Interval",
    "Jump",
    "OutputError",
    "Param",
    "Sampled",
    "Segment",
    "SpecError",
    "UsageError",
    "edge_of_chaos",
    "evaluate",
    "explore",
    "family",
    "get",
    "log_softmax",
    "names",
    "plot",
    "propagate",
    "sample",
    "show",
    "softmax",
    "softmin",
]


def __getattr__(name: str) -> object:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'actplot' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
