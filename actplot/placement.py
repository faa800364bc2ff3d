"""Placing marks and labels along one axis so that none overlaps another (no matplotlib here).

Units are whatever the caller measures in (points for the figure, cells for the terminal).
"""

from __future__ import annotations

from collections.abc import Sequence


def spread(wanted: Sequence[float], pitch: float) -> list[float]:
    """Positions as near as possible to `wanted` (sorted) with neighbours at least `pitch` apart.

    Marks that would crowd are merged into runs of equally spaced positions, each run
    centred where its marks wanted to be: the mean of its wanted positions stays put.
    """
    runs: list[list[float]] = []  # each run: the wanted positions of its marks, in order
    for position in wanted:
        runs.append([position])
        while len(runs) > 1 and _start(runs[-1], pitch) < _start(runs[-2], pitch) + len(runs[-2]) * pitch:
            last = runs.pop()
            runs[-1] += last
    return [_start(run, pitch) + k * pitch for run in runs for k in range(len(run))]


def _start(run: Sequence[float], pitch: float) -> float:
    """Where a run of equally spaced marks starts so that their mean is the mean of `run`."""
    return sum(run) / len(run) - pitch * (len(run) - 1) / 2


def lanes(intervals: Sequence[tuple[float, float]], gap: float) -> list[int]:
    """A lane for each interval (lo, hi), lowest first, so that intervals in one lane are `gap` apart.

    Greedy in the given order: an interval takes the first lane where it overlaps nothing.
    """
    taken: list[list[tuple[float, float]]] = []
    chosen = []
    for lo, hi in intervals:
        lane = next(
            (i for i, held in enumerate(taken) if all(hi + gap <= a or b + gap <= lo for a, b in held)),
            len(taken),
        )
        if lane == len(taken):
            taken.append([])
        taken[lane].append((lo, hi))
        chosen.append(lane)
    return chosen
