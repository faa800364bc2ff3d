"""The MkDocs plugin, built for real: ``examples/docs/mkdocs``, copied so its cache stays in tmp_path."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("mkdocs")

from actplot import figure
from actplot.cli import app

PROJECT = Path(__file__).parents[1] / "examples" / "docs" / "mkdocs"
#: The first block of index.md without --alt and --caption (mkdocs.yml sets 400 points).
CLI_OPTIONS = ["sigmoid", "relu", "--derivs", "2", "--range", "-5", "5", "--layout", "panels"]
CLI_OPTIONS += ["--points", "400"]


def build_site(project: Path) -> Path:
    """The site built from `project` (MkDocs is imported here: collecting the suite needs none of it)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = project / "site"
    build(load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site)))
    return site


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("mkdocs") / "project"
    shutil.copytree(PROJECT, copy, ignore=shutil.ignore_patterns(".cache", "site"))
    build_site(copy)
    return copy


def images(page: Path) -> list[str]:
    return re.findall(r'(?:src|srcset)="((?:\.\./)*assets/actplot/actplot-[0-9a-f]+\.svg)"', page.read_text())


def test_the_page_shows_svgs_byte_identical_to_the_cli(project: Path, tmp_path: Path) -> None:
    dark, light, elu = images(project / "site" / "index.html")
    for theme, shown in (("light", light), ("dark", dark)):
        target = tmp_path / f"{theme}.svg"
        result = CliRunner().invoke(app, [*CLI_OPTIONS, "--theme", theme, "-o", str(target)])
        assert result.exit_code == 0, result.output
        assert (project / "site" / shown).read_bytes() == target.read_bytes()
    assert (project / "site" / elu).is_file()
    text = (project / "site" / "index.html").read_text()
    assert 'alt="sigmoid and relu with their first and second derivatives"' in text
    assert "<figcaption>Kinks become Dirac impulses.</figcaption>" in text


def test_pages_in_folders_share_the_files(project: Path) -> None:
    front, other = images(project / "site" / "index.html"), images(project / "site" / "relu" / "index.html")
    assert other == ["../" + uri for uri in front[:2]]
    assert sorted(p.name for p in (project / "site" / "assets" / "actplot").iterdir()) == sorted(
        Path(uri).name for uri in set(front)
    )


def test_a_second_build_draws_nothing(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = {p.name: p.stat().st_mtime_ns for p in (project / ".cache" / "actplot").iterdir()}
    calls = []
    monkeypatch.setattr(figure, "draw", lambda *args, **kwargs: calls.append(args))
    site = build_site(project)  # the site folder is cleaned: its figures come from the cache
    assert calls == []
    assert {p.name: p.stat().st_mtime_ns for p in (project / ".cache" / "actplot").iterdir()} == before
    assert len(images(site / "index.html")) == 3


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("relu --derivs 3", "--derivs: expected a whole number from 0 to 2, got 3"),
        ("relu --colour red", "no such option: --colour"),
        ("relu --range -5", "option --range requires 2 arguments"),
        ("relux", "unknown activation 'relux'"),
        ("relu --title 'open", "cannot read the arguments: No closing quotation"),
    ],
)
def test_a_bad_block_fails_the_build_naming_file_and_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, block: str, message: str
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Bad\nplugins:\n  - actplot\n")
    (tmp_path / "docs" / "index.md").write_text(f"# Bad\n\nText.\n\n```actplot\n{block}\n```\n")
    from mkdocs.exceptions import Abort

    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_site(tmp_path)
    assert f"index.md:6: actplot: error: {message}" in caplog.text
    assert not list(tmp_path.rglob("actplot-*"))
