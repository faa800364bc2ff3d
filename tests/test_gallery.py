"""`actplot.gallery`: one figure per catalogue entry and an index, byte-identical when re-run."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

import actplot
from actplot import gallery
from actplot.errors import OutputError, UsageError
from actplot.figure import figure_bytes
from actplot.tables import markdown_row

#: Three entries prove what the whole catalogue would (one figure each, an index, the bytes a
#: fresh draw gives): smooth, kinked with an impulse, and a jump with a δ′.
ENTRIES = ("sigmoid", "relu", "step")
DERIVS = 2


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """`ENTRIES` drawn into a fresh folder, and the files written."""
    first = tmp_path_factory.mktemp("gallery") / "first"
    return first, gallery.write_gallery(first, "svg", DERIVS, entries=ENTRIES)


def test_one_figure_per_entry_and_an_index(runs: tuple[Path, list[Path]]) -> None:
    first, written = runs
    expected = [f"{name}.svg" for name in ENTRIES] + ["index.md"]
    assert [p.name for p in written] == expected
    assert sorted(p.name for p in first.iterdir()) == sorted(expected)


def test_a_figure_is_the_plot_of_the_entry_at_its_defaults(runs: tuple[Path, list[Path]]) -> None:
    """Drawn again here, in another process than the gallery's workers: the same bytes, so a re-run is too."""
    first, _ = runs
    for name in ENTRIES:
        expected = figure_bytes(gallery.entry_figure(name, DERIVS, "light"), "svg")
        assert (first / f"{name}.svg").read_bytes() == expected
    assert (first / "index.md").read_text(encoding="utf-8") == gallery.index_markdown(
        ENTRIES, "svg", DERIVS, "light"
    )


def test_index_is_a_markdown_table_of_every_entry(runs: tuple[Path, list[Path]]) -> None:
    first, _ = runs
    lines = (first / "index.md").read_text(encoding="utf-8").splitlines()
    header = lines.index(markdown_row(["name", "figure", "f(x)", "view", "range", "continuity"]))
    rows = lines[header + 2 :]
    assert len(rows) == len(ENTRIES)
    for row, name in zip(rows, ENTRIES, strict=True):
        activation = actplot.get(name)
        assert row == markdown_row(
            [
                f"`{name}`",
                f"![{name}]({name}.svg)",
                activation.entry.formulas.unicode[0],
                gallery.view_text(activation.view),
                str(activation.output_range),
                activation.continuity,
            ]
        )
        assert (first / f"{name}.svg").is_file()


def test_index_says_how_it_was_made() -> None:
    text = gallery.index_markdown(["relu"], "png", 1, "dark")
    assert "f, f′ at the default parameters on the entry's default view" in text
    assert "| [−5, 5] |" in text
    assert "`actplot gallery DIR --format png --derivs 1 --theme dark`" in text
    assert "![relu](relu.png)" in text


def test_a_figure_is_a_reference_page() -> None:
    relu6 = gallery.entry_figure("relu6", 1, "light", points=50)
    assert relu6.get_suptitle() == "relu6\n$f(x)$ = " + actplot.get("relu6").entry.formulas.mathtext[0]
    assert relu6.axes[0].get_xlim() == (-5.0, 8.0), "the cap at 6 is inside the view"
    elu = gallery.entry_figure("elu", 0, "light", points=50)
    assert elu.get_suptitle().startswith("elu (alpha = 1)\n")
    assert [t.get_text() for t in elu.legends[0].get_texts()] == ["elu:alpha=1"]
    softmax = gallery.entry_figure("softmax", 0, "light", points=50)
    assert "the other logits held fixed at 0" in softmax.get_suptitle()


def test_index_escapes_pipes_in_formulas() -> None:
    text = gallery.index_markdown(["softsign"], "svg", 2, "light")
    assert "x/(1 + \\|x\\|)" in text


#: A gallery of two entries, for the options that do not need more.
TWO = ("relu", "step")


def test_png_and_dark_theme(tmp_path: Path) -> None:
    written = gallery.write_gallery(tmp_path / "g", "png", 2, "dark", entries=TWO)
    assert [p.name for p in written] == ["relu.png", "step.png", "index.md"]
    for name in TWO:
        expected = figure_bytes(gallery.entry_figure(name, 2, "dark"), "png")
        assert (tmp_path / "g" / f"{name}.png").read_bytes() == expected


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    quiet = io.StringIO()
    gallery.write_gallery(
        tmp_path / "quiet", "svg", 0, console=Console(file=quiet, force_terminal=False), entries=["relu"]
    )
    assert quiet.getvalue() == ""
    shown = io.StringIO()
    gallery.write_gallery(
        tmp_path / "shown", "svg", 0, console=Console(file=shown, force_terminal=True), entries=["relu"]
    )
    assert "drawing the gallery" in shown.getvalue()
    assert contents(tmp_path / "quiet") == contents(tmp_path / "shown")


def test_creates_the_folder_when_its_parent_exists(tmp_path: Path) -> None:
    gallery.write_gallery(tmp_path / "new", "svg", 0, entries=["relu"])
    assert (tmp_path / "new" / "index.md").is_file()


def test_a_missing_parent_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"folder .*missing.* does not exist"):
        gallery.write_gallery(tmp_path / "missing" / "gallery")
    assert not (tmp_path / "missing").exists()


def test_a_file_in_the_way_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="it is a file"):
        gallery.write_gallery(tmp_path / "file")


@pytest.mark.parametrize(
    ("fmt", "derivs", "theme", "message"),
    [
        ("pdf", 2, "light", "format 'pdf'"),
        ("svg", 3, "light", "--derivs 3"),
        ("svg", 2, "sepia", "theme 'sepia'"),
    ],
)
def test_bad_options_are_refused_before_any_folder_is_made(
    tmp_path: Path, fmt: str, derivs: int, theme: str, message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        gallery.write_gallery(tmp_path / "g", fmt, derivs, theme)
    assert not (tmp_path / "g").exists()


@pytest.mark.parametrize(
    ("name", "spec"),
    [
        ("elu", "elu:alpha=0.25..2"),
        ("gelu", "gelu:approximate=none:tanh"),
        ("leaky_relu", "leaky_relu:negative_slope=-1..1"),
        ("hard_tanh", "hard_tanh:min_val=-2..0"),
        ("relu", None),
        ("softmax", None),
    ],
)
def test_a_parametrised_entry_sweeps_its_first_parameter_around_the_default(
    name: str, spec: str | None
) -> None:
    assert gallery.family_spec(actplot.get(name)) == spec


def test_a_parametrised_entry_gets_its_family_beside_it(tmp_path: Path) -> None:
    written = gallery.write_gallery(tmp_path, "svg", 0, entries=("relu", "elu"))
    assert [p.name for p in written] == ["relu.svg", "elu.svg", "elu-family.svg", "index.md"]
    expected = figure_bytes(gallery.family_figure("elu:alpha=0.25..2", 0, "light"), "svg")
    assert (tmp_path / "elu-family.svg").read_bytes() == expected
    index = (tmp_path / "index.md").read_text(encoding="utf-8")
    assert "| ![elu](elu.svg) ![elu:alpha=0.25..2](elu-family.svg) |" in index
    assert "| ![relu](relu.svg) |" in index
