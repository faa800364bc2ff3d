"""The Sphinx extension, built for real: ``examples/docs/sphinx`` with the HTML and LaTeX builders.

One HTML build is shared by the module; each test that needs another build makes its own.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actplot import figure
from actplot.cli import app

PROJECT = Path(__file__).parents[1] / "examples" / "docs" / "sphinx"
#: The first figure of index.rst, as ``actplot plot`` options (conf.py sets 400 points).
CLI_OPTIONS = [
    "sigmoid",
    "relu",
    "--derivs",
    "2",
    "--range",
    "-5",
    "5",
    "--layout",
    "panels",
    "--points",
    "400",
]


def build(source: Path, out: Path, *extra: str) -> int:
    """sphinx-build's exit code (Sphinx is imported here: collecting the suite needs none of it)."""
    sphinx_build = pytest.importorskip("sphinx.cmd.build")
    return sphinx_build.build_main(
        ["-q", "-b", extra[0] if extra else "html", *extra[1:], str(source), str(out)]
    )


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html")
    assert build(PROJECT, out) == 0
    return out


def images(page: Path) -> list[str]:
    """The figure files a page shows, in order: each ``src`` and ``srcset`` of the actplot figures."""
    text = page.read_text()
    return re.findall(r'(?:src|srcset)="(_images/actplot-[0-9a-f]+\.svg)"', text)


def drawn_by_cli(tmp_path: Path, *options: str) -> bytes:
    target = tmp_path / "cli.svg"
    result = CliRunner().invoke(app, [*CLI_OPTIONS, *options, "-o", str(target)])
    assert result.exit_code == 0, result.output
    return target.read_bytes()


def test_the_page_shows_svgs_byte_identical_to_the_cli(html: Path, tmp_path: Path) -> None:
    dark, light = images(html / "index.html")[:2]
    assert (html / light).read_bytes() == drawn_by_cli(tmp_path, "--theme", "light")
    assert (html / dark).read_bytes() == drawn_by_cli(tmp_path, "--theme", "dark")


def test_auto_theme_is_a_picture_with_a_dark_source(html: Path) -> None:
    text = (html / "index.html").read_text()
    picture = re.search(r"<picture>.*?</picture>", text)
    assert picture is not None
    assert 'media="(prefers-color-scheme: dark)"' in picture.group()
    assert 'alt="sigmoid and relu with their first and second derivatives"' in picture.group()
    assert "<figcaption><p>Kinks become Dirac impulses.</p></figcaption>" in text


def test_identical_figures_share_one_file(html: Path) -> None:
    shown = images(html / "index.html") + images(html / "relu.html")
    assert len(shown) == 7  # two pictures (light, dark) on the front page and one elsewhere; one image
    assert len(set(shown)) == 3
    assert sorted(p.name for p in (html / "_images").glob("actplot-*")) == sorted(
        {Path(s).name for s in shown}
    )


def test_a_second_build_draws_nothing(html: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "html"
    shutil.copytree(html, out)
    before = {p.name: p.stat().st_mtime_ns for p in (out / "_images").iterdir()}
    calls = []
    monkeypatch.setattr(figure, "draw", lambda *args, **kwargs: calls.append(args))
    assert build(PROJECT, out, "html", "-E") == 0  # every page read and written again
    assert calls == []
    assert {p.name: p.stat().st_mtime_ns for p in (out / "_images").iterdir()} == before


def test_a_parallel_build_gives_the_same_output(html: Path, tmp_path: Path) -> None:
    out = tmp_path / "html"
    assert build(PROJECT, out, "html", "-j", "2") == 0
    for page in ("index.html", "relu.html"):
        assert images(out / page) == images(html / page)
    for name in {Path(s).name for s in images(out / "index.html")}:
        assert (out / "_images" / name).read_bytes() == (html / "_images" / name).read_bytes()


def test_info_is_a_table_with_math_formulas_and_the_facts(html: Path) -> None:
    text = (html / "relu.html").read_text()
    table = re.search(r'<table class="actplot-info.*?</table>', text, re.S)
    assert table is not None
    assert "relu — max(x, 0)" in table.group()
    assert r'<span class="math notranslate nohighlight">\(\max(x,0)\)</span>' in table.group()
    assert "<strong>range</strong></p></td>\n<td><p><strong>[0, ∞)</strong>" in table.group()
    assert "<strong>where</strong>" in text  # elu:alpha=0.5 says what α stands for
    assert "α = 0.5 (alpha)" in text


def test_latex_gets_pdf_figures(tmp_path: Path) -> None:
    assert build(PROJECT, tmp_path, "latex") == 0
    (tex,) = tmp_path.glob("*.tex")
    names = re.findall(
        r"\\sphinxincludegraphics\[width=\\linewidth\]\{(actplot-[0-9a-f]+\.pdf)\}", tex.read_text()
    )
    assert len(names) == 4 and len(set(names)) == 2  # the light one of each auto figure, and the ELU
    for name in names:
        assert (tmp_path / name).read_bytes().startswith(b"%PDF")
    assert r"\caption{Kinks become Dirac impulses.}" in tex.read_text()


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (":derivs: 3", ":derivs: expected a whole number from 0 to 2, got 3"),
        (":range: 5 -5", ":range: range 5 -5 is empty or reversed; give A B with A < B"),
        (":theme: sepia", ":theme: expected one of 'light', 'dark', got 'sepia'"),
        (":points: many", ":points: expected a whole number, got 'many'"),
    ],
)
def test_a_bad_option_fails_the_build_naming_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, message: str
) -> None:
    source = tmp_path / "src"
    source.mkdir()
    shutil.copy(PROJECT / "conf.py", source)
    (source / "index.rst").write_text(f"Title\n=====\n\n.. actplot:: relu\n   {option}\n")
    assert build(source, tmp_path / "out") == 1
    line = f"{source / 'index.rst'}:4: ERROR: actplot: error: {message}"
    assert line in capsys.readouterr().err
    assert not list((tmp_path / "out").rglob("actplot-*"))  # no figure, not even a temporary file


def test_an_unknown_activation_in_info_fails_the_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "src"
    source.mkdir()
    shutil.copy(PROJECT / "conf.py", source)
    (source / "index.rst").write_text("Title\n=====\n\nText.\n\n.. actplot-info:: relux\n")
    assert build(source, tmp_path / "out") == 1
    assert (
        f"{source / 'index.rst'}:6: ERROR: actplot: error: unknown activation 'relux'"
        in capsys.readouterr().err
    )


def test_png_where_conf_py_asks_for_it(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text('extensions = ["actplot.sphinxext"]\nactplot_formats = {"html": "png"}\n')
    (source / "index.rst").write_text("Title\n=====\n\n.. actplot:: tanh\n   :points: 50\n   :dpi: 40\n")
    assert build(source, tmp_path / "out") == 0
    (shown,) = re.findall(
        r'src="(_images/actplot-[0-9a-f]+\.png)"', (tmp_path / "out" / "index.html").read_text()
    )
    result = CliRunner().invoke(
        app, ["tanh", "--points", "50", "--dpi", "40", "-o", str(tmp_path / "cli.png")]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / shown).read_bytes() == (tmp_path / "cli.png").read_bytes()
