"""Speed of actplot against what users would otherwise run, each target beside its floor.

    python benchmarks/run.py            # every row, about twelve minutes on two cores
    python benchmarks/run.py --quick    # fewer repeats and an estimated gallery row
    python benchmarks/run.py --only startup,figure --markdown

Each row times two things side by side in one session, alternating them (a, b, then
b, a, …) so that a noisy machine slows both alike, and reports the median of the paired
ratios a/b: ratios, not absolute times, are what carries from one machine to another.
The medians in milliseconds are shown for orientation only.  The memory rows run each
command once and compare its peak resident memory with a fixed goal.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

import actplot

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import handwritten_numpy  # noqa: E402

FLOOR_IMPORTS = "import numpy, typer, rich.console, rich.table"
EVAL_POINTS = 10**7
EVAL_RANGE = (-8.0, 8.0)
#: Three output arrays of float64: the unit of the memory goal.
OUTPUTS = 3


@dataclass(frozen=True)
class Row:
    """One comparison: `what` against `against`, the ratio of their times (or sizes) and the goal."""

    target: str
    what: str
    against: str
    ratio: float
    goal: float
    a_ms: float
    b_ms: float
    note: str = ""

    @property
    def met(self) -> bool:
        return self.ratio <= self.goal


def paired(a: Callable[[], float], b: Callable[[], float], repeats: int) -> tuple[float, float, float]:
    """Median paired ratio a/b and the medians of a and b (seconds), alternating which goes first.

    Each callable runs once and returns the seconds it took; one unmeasured run of each warms
    caches (bytecode, fonts, the page cache) first.
    """
    a()
    b()
    times_a, times_b = [], []
    for i in range(repeats):
        first, second = (a, b) if i % 2 == 0 else (b, a)
        t1, t2 = first(), second()
        ta, tb = (t1, t2) if i % 2 == 0 else (t2, t1)
        times_a.append(ta)
        times_b.append(tb)
    ratio = statistics.median(x / y for x, y in zip(times_a, times_b, strict=True))
    return ratio, statistics.median(times_a), statistics.median(times_b)


def timed(function: Callable[[], object]) -> Callable[[], float]:
    """A callable that runs `function` and returns how many seconds it took."""

    def run() -> float:
        start = time.perf_counter()
        function()
        return time.perf_counter() - start

    return run


def command(argv: Sequence[str], env: dict[str, str] | None = None) -> Callable[[], float]:
    """A callable that runs `argv` (output discarded, failure fatal) and returns its seconds."""
    full_env = {**os.environ, **(env or {})}

    def run() -> None:
        done = subprocess.run(argv, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if done.returncode:
            raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.decode()}")

    return timed(run)


def actplot_argv() -> list[str]:
    """How to run the installed ``actplot`` script with this interpreter (as a user's shell would)."""
    folder = Path(sys.executable).parent
    script = folder / "actplot"
    if script.is_file():
        return [sys.executable, str(script)]
    if (folder / "actplot.exe").is_file():
        return [str(folder / "actplot.exe")]
    return [sys.executable, "-m", "actplot"]


#: What bash asks on ``actplot sigm⇥`` (click's protocol, which ``actplot completion bash`` speaks).
COMPLETION = {"_ACTPLOT_COMPLETE": "bash_complete", "COMP_WORDS": "actplot sigm", "COMP_CWORD": "1"}


def startup_rows(repeats: int) -> list[Row]:
    """Target 1: commands that draw nothing, against importing the libraries they need."""
    actplot_cmd = actplot_argv()
    floor = command([sys.executable, "-c", FLOOR_IMPORTS])
    done = subprocess.run(
        actplot_cmd, env={**os.environ, **COMPLETION}, capture_output=True, text=True, check=True
    )
    if "plain,sigmoid" not in done.stdout.split():  # type,value per line
        raise SystemExit(f"completion request returned {done.stdout!r}, not sigmoid: the protocol changed?")
    cases = {
        "actplot --help": command([*actplot_cmd, "--help"]),
        "actplot list": command([*actplot_cmd, "list"]),
        "actplot eval sigmoid --x 0": command([*actplot_cmd, "eval", "sigmoid", "--x", "0"]),
        "completion: actplot sigm⇥": command(actplot_cmd, COMPLETION),
    }
    rows = []
    for what, run in cases.items():
        ratio, a, b = paired(run, floor, repeats)
        rows.append(Row("1 startup", what, "import floor", ratio, 1.2, a * 1e3, b * 1e3))
    return rows


def figure_rows(repeats: int, folder: Path) -> list[Row]:
    """Target 2: the three-panel figure, against the hand-written NumPy + pyplot script."""
    rows = []
    for fmt in ("png", "svg"):
        ours = command([*actplot_argv(), "sigmoid", "relu", "--derivs", "2", "-o", str(folder / f"a.{fmt}")])
        script = HERE / "handwritten_figure.py"
        theirs = command([sys.executable, str(script), str(folder / f"h.{fmt}")])
        ratio, a, b = paired(ours, theirs, repeats)
        what = f"actplot sigmoid relu --derivs 2 -o f.{fmt}"
        rows.append(Row("2 figure", what, "handwritten_figure.py", ratio, 1.10, a * 1e3, b * 1e3))
    return rows


def torch_triple(spec: str) -> Callable[[np.ndarray], object] | None:
    """f, f′, f″ by PyTorch CPU autograd for the specs of `handwritten_numpy`; None without torch."""
    try:
        import torch
        import torch.nn.functional as functional
    except ImportError:
        return None
    forward = {
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "softplus": functional.softplus,
        "gelu:approximate=tanh": lambda t: functional.gelu(t, approximate="tanh"),
        "silu": functional.silu,
        "elu": functional.elu,
    }[spec]

    def triple(x: np.ndarray) -> object:
        t = torch.from_numpy(x).requires_grad_()
        y = forward(t)
        (d1,) = torch.autograd.grad(y.sum(), t, create_graph=True)
        (d2,) = torch.autograd.grad(d1.sum(), t)
        return y.detach(), d1.detach(), d2

    return triple


def evaluate_rows(repeats: int) -> list[Row]:
    """Target 3: f, f′, f″ together over 10⁷ points, against hand-written NumPy and PyTorch."""
    x = np.linspace(*EVAL_RANGE, EVAL_POINTS)
    rows = []
    for spec, handwritten in handwritten_numpy.FUNCTIONS.items():
        ours = actplot.evaluate(spec, x, (0, 1, 2))
        if not np.allclose(ours, np.stack(handwritten(x)), rtol=1e-9, atol=1e-12):
            raise SystemExit(f"{spec}: the hand-written formulas disagree with actplot")
        del ours
        run_ours = timed(lambda spec=spec: actplot.evaluate(spec, x, (0, 1, 2)))
        ratio, a, b = paired(run_ours, timed(lambda h=handwritten: h(x)), repeats)
        what = f"evaluate({spec!r}, x, (0, 1, 2))"
        rows.append(Row("3 evaluate", what, "hand-written NumPy", ratio, 1.0, a * 1e3, b * 1e3))
        triple = torch_triple(spec)
        if triple is not None:
            ratio, a, b = paired(run_ours, timed(lambda t=triple: t(x)), repeats)
            rows.append(Row("3 evaluate", what, "PyTorch CPU autograd", ratio, 1.0, a * 1e3, b * 1e3))
    for spec in handwritten_numpy.FUNCTIONS:
        tracemalloc.start()
        actplot.evaluate(spec, x, (0, 1, 2))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        outputs = OUTPUTS * x.nbytes
        note = f"peak {peak / 2**20:.0f} MiB, outputs {outputs / 2**20:.0f} MiB"
        rows.append(
            Row(
                "3 memory",
                f"peak of evaluate({spec!r}, …)",
                "3 output arrays",
                peak / outputs,
                4.0,
                math.nan,
                math.nan,
                note,
            )
        )
    return rows


#: Commands at the largest sizes the README allows, with the most memory each may take (GiB).
MEMORY_GOALS: dict[str, float] = {
    "sigmoid relu --derivs 2 --points 10000000 -o {folder}/a.png": 0.5,
    "sigmoid --derivs 2 --dpi 2400 -o {folder}/b.png": 1.0,
    "eval sigmoid --range 0 1 -n 10000000 -f json": 0.25,
    "eval sigmoid --range 0 1 -n 10000000 -f csv": 0.25,
    "eval --range 0 1 -n 1000000 -f csv -- {deep}": 0.5,
}
#: An expression 90 powers deep (721 characters): every level holds its values while the next is computed.
DEEP = "sin(x)**" * 90 + "x"
#: Refused in one line (exit 2) before anything is computed: a table this long is for a file.
TABLE_COMMAND = "eval sigmoid --range 0 1 -n 10000000"
GIB = 2**30


def peak_memory(argv: Sequence[str]) -> tuple[int, int, str, float]:
    """Run `argv` once (stdout discarded); its exit code, peak resident bytes, stderr and seconds."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        message = errors.read().decode(errors="replace")
    seconds = time.perf_counter() - start
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return child.returncode, usage.ru_maxrss * scale, message, seconds


def memory_rows(folder: Path) -> list[Row]:
    """Target 5: peak memory of the largest figures and tables, against a fixed goal each."""
    rows = []
    for template, goal in MEMORY_GOALS.items():
        words = shlex.split(template.format(folder=shlex.quote(str(folder)), deep=shlex.quote(DEEP)))
        code, peak, message, seconds = peak_memory([*actplot_argv(), *words])
        shown = "actplot " + template.format(folder=".", deep=f'"sin(x)**…" ({len(DEEP)} characters)')
        refused = code == 2 and message.count("\n") == 1
        if code and not refused:
            raise SystemExit(f"{shown} failed ({code}): {message}")
        note = f"peak {peak / GIB:.3f} GiB in {seconds:.0f} s" + (
            " (refused: " + message.strip() + ")" if refused else ""
        )
        rows.append(
            Row("5 memory", shown, f"≤ {goal:g} GiB", peak / (goal * GIB), 1.0, math.nan, math.nan, note)
        )
    code, peak, message, seconds = peak_memory([*actplot_argv(), *TABLE_COMMAND.split()])
    refused = code == 2 and message.count("\n") == 1 and "-f csv" in message
    note = f"exit {code}, peak {peak / GIB:.3f} GiB: {message.strip()}"
    rows.append(
        Row(
            "5 memory",
            f"actplot {TABLE_COMMAND}",
            "refused in one line",
            0.0 if refused else math.inf,
            1.0,
            math.nan,
            math.nan,
            note,
        )
    )
    return rows


def gallery_rows(repeats: int, folder: Path, quick: bool) -> list[Row]:
    """Target 4: ``actplot gallery`` against one ``actplot NAME --derivs 2 -o NAME.svg`` per entry.

    With --quick the per-figure side runs every fifth entry and is scaled to the catalogue.
    """
    names = actplot.names()
    sample = names[::5] if quick else names
    gallery = command([*actplot_argv(), "gallery", str(folder / "gallery")])

    def one_by_one() -> float:
        start = time.perf_counter()
        for name in sample:
            out = str(folder / f"{name}.svg")
            command([*actplot_argv(), name, "--derivs", "2", "-o", out])()
        return (time.perf_counter() - start) * len(names) / len(sample)

    ratio, a, b = paired(gallery, one_by_one, repeats)
    note = f"per-figure side estimated from {len(sample)} of {len(names)}" if quick else ""
    against = f"{len(names)} × actplot NAME -d 2 -o NAME.svg"
    return [Row("4 gallery", "actplot gallery DIR", against, ratio, 0.15, a * 1e3, b * 1e3, note)]


#: The explore benchmark: three activations with kinks and impulses, every order, 1000 points.
EXPLORE_SPECS = ["elu", "leaky_relu", "hard_tanh"]
#: The most a redraw may take for a slider to feel live, in seconds.
LIVE = 0.050


def explore_rows(repeats: int) -> list[Row]:
    """Target 6: a slider moved in `actplot.explore`, from `set_val` to the picture, against 50 ms.

    The figure is on Agg (pyplot's, as a window's would be), drawn once; each move then samples
    elu again, re-plans the panels and blits what moved.  The values keep every curve inside its
    frame, so no move needs a full draw (a legend note that changes does: its time is in the note).
    A move runs on one core, so its processor time is compared with the goal: on a shared machine
    the wall-clock time (in the note) also counts the waits for a core.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    explorer = actplot.explore(EXPLORE_SPECS, derivs=2, points=1000)
    canvas = explorer.figure.canvas
    canvas.draw()
    slider = explorer.sliders["elu:alpha"]
    values = np.tile(np.linspace(0.5, 1.0, 11), repeats)
    moves = [_cpu_and_wall(lambda v=v: slider.set_val(v)) for v in values]
    full = [_cpu_and_wall(canvas.draw) for _ in range(max(3, repeats))]
    plt.close(explorer.figure)
    cpu, wall = (statistics.median(m[i] for m in moves) for i in (0, 1))
    what = f"slider move: {', '.join(EXPLORE_SPECS)} -d 2, 1000 points"
    note = (
        f"{cpu * 1e3:.0f} ms of processor a move ({wall * 1e3:.0f} ms wall clock); "
        f"a full draw {statistics.median(f[0] for f in full) * 1e3:.0f} ms"
    )
    return [Row("6 explore", what, f"≤ {LIVE * 1e3:g} ms", cpu / LIVE, 1.0, math.nan, math.nan, note)]


def _cpu_and_wall(function: Callable[[], object]) -> tuple[float, float]:
    """The processor seconds and wall-clock seconds `function` took."""
    cpu, wall = time.process_time(), time.perf_counter()
    function()
    return time.process_time() - cpu, time.perf_counter() - wall


def machine() -> str:
    """The machine and the versions the numbers were measured with."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            model = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    versions = ", ".join(
        f"{name} {metadata.version(name)}" for name in ("numpy", "matplotlib", "typer", "click", "rich")
    )
    torch = "not installed"
    with contextlib.suppress(metadata.PackageNotFoundError):
        torch = metadata.version("torch")
    return (
        f"{os.cpu_count()} cores ({model}), {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, {versions}, torch {torch}"
    )


def table(rows: Sequence[Row]) -> Table:
    """The rows as a rich table."""
    result = Table(title="actplot benchmarks (ratio = median of paired ratios; lower is faster)")
    for header in ("target", "measured", "against", "ratio", "goal", "", "ms (median)"):
        result.add_column(header, justify="right" if header in ("ratio", "goal") else "left")
    for row in rows:
        times = row.note or f"{row.a_ms:.0f} vs {row.b_ms:.0f}"
        status = "[green]met[/green]" if row.met else "[red]not met[/red]"
        result.add_row(
            row.target, row.what, row.against, f"{row.ratio:.2f}×", f"≤ {row.goal:g}×", status, times
        )
    return result


def markdown(rows: Sequence[Row]) -> str:
    """The rows as a Markdown table, for the README."""
    lines = [
        "| target | measured | against | ratio | goal | | median ms |",
        "|---|---|---|---:|---:|---|---|",
    ]
    for row in rows:
        times = row.note or f"{row.a_ms:.0f} vs {row.b_ms:.0f}"
        status = "met" if row.met else "**not met**"
        lines.append(
            f"| {row.target} | `{row.what}` | {row.against} | {row.ratio:.2f}× | ≤ {row.goal:g}× | {status} "
            f"| {times} |"
        )
    return "\n".join(lines)


SECTIONS = ("startup", "figure", "evaluate", "gallery", "memory", "explore")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats; the gallery row is estimated")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated subset of {SECTIONS}")
    parser.add_argument("--repeats", type=int, help="paired runs per row (default 11, or 3 with --quick)")
    parser.add_argument("--markdown", action="store_true", help="also print the table as Markdown")
    args = parser.parse_args(argv)
    chosen = args.only.split(",")
    unknown = set(chosen) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections {sorted(unknown)}; use {', '.join(SECTIONS)}")
    repeats = args.repeats or (3 if args.quick else 11)
    console = Console()
    if not console.is_terminal:
        console = Console(width=150)
    console.print(machine())
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="actplot-bench-") as temporary:
        folder = Path(temporary)
        # Every command starts from cached bytecode, as after `pip install` (which compiles it):
        # a PYTHONDONTWRITEBYTECODE environment would otherwise recompile actplot on each run only.
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = str(folder / "bytecode")
        steps: dict[str, Callable[[], list[Row]]] = {
            "startup": lambda: startup_rows(max(repeats, 5) * 2),
            "figure": lambda: figure_rows(repeats, folder),
            "evaluate": lambda: evaluate_rows(repeats),
            "gallery": lambda: gallery_rows(1 if args.quick else max(1, repeats // 4), folder, args.quick),
            "memory": lambda: memory_rows(folder),
            "explore": lambda: explore_rows(repeats),
        }
        for section in SECTIONS:
            if section in chosen:
                with console.status(f"measuring {section} …"):
                    rows += steps[section]()
    console.print(table(rows))
    console.print(f'import floor: python -c "{FLOOR_IMPORTS}"', highlight=False)
    if args.markdown:
        console.print(markdown(rows), markup=False, highlight=False, soft_wrap=True)
    return 0 if all(row.met for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
