"""Shared fixtures: the catalogue, each entry at its defaults and at one derived non-default set.

A test that takes an ``activation`` argument runs once per case (``vector_activation``: once per
case of softmax and friends), a test that takes ``entry`` once per catalogue entry; all are read
from `actplot.catalogue.CATALOGUE`, so a new entry is tested with no test edits.  Case ids are the
activation's spec (``elu``, ``elu:alpha=1.5``).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from actplot.activation import Activation, Entry, Param, ParamValue
from actplot.catalogue import CATALOGUE
from actplot.errors import SpecError

# In CI the property tests draw the same examples every run, so a red build can be reproduced
# and is never a coin toss; locally they keep exploring new ones.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

#: The non-default value of every list parameter (softmax's ``others``).
TUPLE_MOVE = (1.0, -2.0)


def _moves(param: Param) -> list[ParamValue]:
    """Non-default values for one parameter, preferred first: ×1.5 (or +0.5 from 0), then others."""
    default = param.default
    if param.choices:
        return [choice for choice in param.choices if choice != default]
    if isinstance(default, tuple):
        return [TUPLE_MOVE]
    assert isinstance(default, float | int)
    scaled = [default * 1.5, default * 0.5] if default else [0.5, -0.5]
    return [*scaled, default + 0.5, default - 0.5]


def non_default(entry: Entry) -> Activation | None:
    """The entry with every parameter moved off its default, as far as its domain and validate allow.

    Tries moving all parameters together (first preference, then the next …), then one at a time;
    returns the first set that binds, or None if there is no parameter or nothing binds.
    """
    moves = {p.name: _moves(p) for p in entry.params}
    moves = {name: values for name, values in moves.items() if values}
    depth = max((len(values) for values in moves.values()), default=0)
    together = [{n: v[min(i, len(v) - 1)] for n, v in moves.items()} for i in range(depth)]
    alone = [{n: value} for n, values in moves.items() for value in values]
    for values in together + alone:
        try:
            return entry.bind(**values)
        except SpecError:
            continue
    return None


def cases(entry: Entry) -> list[Activation]:
    """The default activation of `entry` and its derived non-default one (if any)."""
    try:
        found = [entry.bind(), non_default(entry)]
    except SpecError:  # defaults that do not bind: test_defaults_bind reports it
        return []
    return [case for case in found if case is not None]


CASES: dict[str, list[Activation]] = {name: cases(entry) for name, entry in CATALOGUE.items()}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise ``activation`` over every case and ``entry`` over every catalogue entry.

    ``vector_activation`` runs over the cases of entries with a vector form (softmax and friends).
    """
    activations = [case for found in CASES.values() for case in found]
    vectors = [case for case in activations if case.entry.vector is not None]
    for name, chosen in (("activation", activations), ("vector_activation", vectors)):
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, chosen, ids=[a.spec for a in chosen])
    if "entry" in metafunc.fixturenames:
        metafunc.parametrize("entry", list(CATALOGUE.values()), ids=list(CATALOGUE))


@pytest.fixture
def catalogue_cases() -> dict[str, list[Activation]]:
    """Canonical name → the cases tested for that entry (defaults first)."""
    return CASES


#: Modules that draw for many seconds, run first so that pytest-xdist's workers finish together
#: (they are scheduled a module at a time, in collection order: see addopts in pyproject.toml).
LONGEST_FIRST = (
    "test_legibility.py",
    "test_propagation.py",
    "test_cli_plot.py",
    "test_figure.py",
    "test_catalogue.py",
    "test_sphinxext.py",
    "test_gallery.py",
    "test_hostile.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put the modules of `LONGEST_FIRST` first, in its order; the others keep theirs."""
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


#: Framework tests skipped because their framework is missing (TensorFlow aside), by node id.
MISSING_FRAMEWORKS: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Note a framework test skipped for a missing framework; TensorFlow is checked where installed."""
    reason = str(report.longrepr)
    if report.skipped and "framework not installed: " in reason and "tensorflow" not in reason:
        MISSING_FRAMEWORKS.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With ACTPLOT_REQUIRE_FRAMEWORKS=1, any such skip fails the run (CI installs the frameworks)."""
    if hasattr(session.config, "workerinput"):  # a pytest-xdist worker: the controller decides
        return
    if os.environ.get("ACTPLOT_REQUIRE_FRAMEWORKS") == "1" and MISSING_FRAMEWORKS:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write("\n")
            reporter.write_line(
                f"ACTPLOT_REQUIRE_FRAMEWORKS=1 but {len(MISSING_FRAMEWORKS)} framework tests were skipped: "
                + ", ".join(MISSING_FRAMEWORKS[:3])
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
