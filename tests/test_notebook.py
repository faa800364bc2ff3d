"""The tour notebook runs in a real Jupyter kernel, and its figures display inline."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

TOUR = Path(__file__).parent.parent / "examples" / "tour.ipynb"


def test_the_tour_is_stored_without_outputs() -> None:
    nbformat = pytest.importorskip("nbformat")
    notebook = nbformat.read(TOUR, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def test_the_tour_runs_and_every_figure_shows_inline() -> None:
    """In a real kernel (nbclient and nbformat are imported here: collecting the suite needs neither)."""
    nbformat = pytest.importorskip("nbformat")
    from nbclient import NotebookClient

    notebook = nbformat.read(TOUR, as_version=4)
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # the kernel's own inline backend
    NotebookClient(notebook, kernel_name="python3", timeout=120).execute(env=env)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    outputs = [output for cell in code for output in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [["image/png" in o.get("data", {}) for o in cell.outputs] for cell in code]
    drawing = [any(call in cell.source for call in ("plot(", "show(", "plt.subplots")) for cell in code]
    assert [any(shown) for shown in images] == drawing  # each drawing cell shows its figure, once
    assert all(sum(shown) == 1 for shown, draws in zip(images, drawing, strict=True) if draws)
    printed = "".join(o.text for o in outputs if o.output_type == "stream" and o.name == "stdout")
    assert "step f″" in printed and "1·δ′" in printed
