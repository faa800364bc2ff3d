"""Option text of documentation builds: parsed, checked by render's checks, named by content."""

from __future__ import annotations

from pathlib import Path

import pytest

from actplot import docfigures, figure
from actplot.docfigures import ensure_file, figures, parse_arguments, value_from_text
from actplot.errors import UsageError


def spell(name: str) -> str:
    return "" if name == "activations" else f":{name}:"


def one(folder: Path, **texts: str) -> docfigures.DocFigure:
    (checked,) = figures({"activations": "relu", **texts}, folder, spell)
    return checked


def test_text_becomes_the_values_a_toml_file_holds() -> None:
    assert value_from_text("activations", " sigmoid  elu:alpha=0.5 ") == ["sigmoid", "elu:alpha=0.5"]
    assert value_from_text("derivs", "2") == 2
    assert value_from_text("derivs", "2.0") == "2.0"  # refused by the check, by name
    assert value_from_text("range", "-5 5") == [-5.0, 5.0]
    assert value_from_text("ylim", "low high") == "low high"
    assert value_from_text("size", "6x3") == "6x3"


def test_cli_style_arguments() -> None:
    text = "sigmoid relu -d 2 --range -5 5 --points=300 --title 'Two words' --alt x"
    assert parse_arguments(text, extra=("alt",)) == {
        "activations": "sigmoid relu",
        "derivs": "2",
        "range": "-5 5",
        "points": "300",
        "title": "Two words",
        "alt": "x",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("relu --alt x", "no such option: --alt"),
        ("relu -x 1", "no such option: -x"),
        ("relu --range 1", "option --range requires 2 arguments"),
        ("relu --derivs", "option --derivs requires 1 argument"),
        ('relu --title "open', "No closing quotation"),
    ],
)
def test_bad_arguments_are_refused(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_arguments(text)


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        ({"derivs": "3"}, ":derivs: expected a whole number from 0 to 2, got 3"),
        ({"ylim": "2 1"}, ":ylim: y-limits 2 1 must be finite with A < B"),
        ({"layout": "stack"}, ":layout: expected one of 'panels', 'overlay', 'grid', got 'stack'"),
        ({"activations": "relux"}, "^unknown activation 'relux'"),
        ({"activations": " "}, "no activation given"),
    ],
)
def test_bad_values_are_refused_by_name(tmp_path: Path, texts: dict[str, str], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        figures({"activations": "relu", **texts}, tmp_path, spell)


def test_auto_theme_gives_a_light_and_a_dark_figure(tmp_path: Path) -> None:
    light, dark = figures({"activations": "relu", "theme": "auto"}, tmp_path, spell)
    assert (light.options.theme, dark.options.theme) == ("light", "dark")


def test_names_follow_the_content(tmp_path: Path) -> None:
    base = one(tmp_path, derivs="1")
    assert one(tmp_path, derivs="1").file_name("svg") == base.file_name("svg")
    assert one(tmp_path, derivs="01").file_name("svg") == base.file_name("svg")  # the same value
    assert one(tmp_path, derivs="2").file_name("svg") != base.file_name("svg")
    assert base.file_name("pdf") != base.file_name("svg").replace(".svg", ".pdf")
    style = tmp_path / "my.mplstyle"
    style.write_text("lines.linewidth: 3\n")
    before = one(tmp_path, style="my.mplstyle").file_name("svg")
    style.write_text("lines.linewidth: 4\n")
    assert one(tmp_path, style="my.mplstyle").file_name("svg") != before


def test_a_figure_is_drawn_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checked = one(tmp_path, points="50")
    path = ensure_file(checked, "svg", tmp_path / "images")
    assert path.read_bytes().startswith(b"<?xml")
    monkeypatch.setattr(figure, "draw", lambda *args: pytest.fail("drawn again"))
    assert ensure_file(checked, "svg", tmp_path / "images") == path
    assert [p.name for p in (tmp_path / "images").iterdir()] == [path.name]


def test_the_publication_knobs_are_taken_as_on_the_command_line(tmp_path: Path) -> None:
    texts = parse_arguments("relu step --font-scale 1.5 --legend none --transparent -d 1")
    assert texts == {
        "activations": "relu step",
        "font_scale": "1.5",
        "legend": "none",
        "transparent": "true",
        "derivs": "1",
    }
    (figure,) = figures(texts, tmp_path, spell=lambda name: f"--{name}")
    assert (figure.options.font_scale, figure.options.legend, figure.options.transparent) == (
        1.5,
        "none",
        True,
    )
    (sphinx,) = figures({"activations": "relu", "transparent": "no"}, tmp_path, spell=str)
    assert sphinx.options.transparent is False
    with pytest.raises(UsageError, match="font_scale"):
        figures({"activations": "relu", "font_scale": "big"}, tmp_path, spell=str)
