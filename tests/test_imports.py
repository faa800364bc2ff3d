"""The core (catalogue, spec parsing, evaluation) never imports the plotting or command-line libraries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("matplotlib", "typer", "rich")

SCRIPT = """
import sys
from pathlib import Path
import {module}
import actplot
actplot.names()
actplot.get("softmax:others=1/2").breaks
actplot.evaluate("gelu:approximate=tanh", [0.0, 1.0], order=2)
print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in {heavy!r})))
"""


@pytest.mark.parametrize("module", ["actplot", "actplot.catalogue", "actplot.api"])
def test_core_import_pulls_in_no_plotting_or_cli_library(module: str) -> None:
    code = SCRIPT.format(module=module, heavy=set(HEAVY))
    command = [sys.executable, "-c", code]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [], f"import {module} also imported: {done.stdout.strip()}"


def test_the_command_line_imports_no_documentation_tool(tmp_path: Path) -> None:
    """A figure drawn by the CLI imports nothing of Sphinx, MkDocs or actplot's plugins for them."""
    code = (
        "import sys\n"
        "from actplot.cli import main\n"
        f"main(['relu', '--points', '20', '-o', {str(tmp_path / 'a.svg')!r}])\n"
        "docs = ('sphinx', 'docutils', 'mkdocs', 'actplot.sphinxext', 'actplot.mkdocs')\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith((*docs, 'actplot.docfigures')))))\n"
    )
    command = [sys.executable, "-c", code]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "a.svg").exists()
    assert done.stdout.split() == []
