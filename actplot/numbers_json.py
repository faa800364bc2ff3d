"""Numbers as plain JSON data: what every ``--format json`` and ``to_dict`` writes."""

from __future__ import annotations

import math


def number_json(value: float) -> float | str:
    """A float for JSON: itself if finite (−0.0 as 0.0), else the string ``"inf"``, ``"-inf"``, ``"nan"``."""
    value = float(value)
    return value + 0.0 if math.isfinite(value) else repr(value)
