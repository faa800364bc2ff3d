"""`actplot.batch`: ``render FILE.toml`` checks the whole file first, then writes every figure."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from matplotlib.image import imread

from actplot import batch
from actplot.errors import ActplotError, OutputError, UsageError
from actplot.figure import figure_bytes
from actplot.plotting import plot

GOOD = """
[[figure]]
activations = ["sigmoid", "relu"]
output = "figures/first.svg"
"""


@pytest.fixture(autouse=True)
def _elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from a folder other than the TOML file's, so relative paths must follow the file."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)


def toml_file(tmp_path: Path, text: str) -> Path:
    """`text` as docs/figures.toml, with an empty docs/figures/ beside it."""
    folder = tmp_path / "docs"
    (folder / "figures").mkdir(parents=True, exist_ok=True)
    path = folder / "figures.toml"
    path.write_text(text, encoding="utf-8")
    return path


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_renders_every_figure_relative_to_the_toml_file(tmp_path: Path) -> None:
    path = toml_file(
        tmp_path,
        GOOD
        + """
[[figure]]
title = "Two formats"
activations = ["elu:alpha=0.5"]
derivs = 1
output = ["figures/second.png", "figures/second.pdf"]
""",
    )
    written = batch.render(path)
    folder = path.parent / "figures"
    assert written == [folder / "first.svg", folder / "second.png", folder / "second.pdf"]
    assert (folder / "first.svg").read_bytes().startswith(b"<?xml")
    assert (folder / "second.png").read_bytes().startswith(b"\x89PNG")
    assert (folder / "second.pdf").read_bytes().startswith(b"%PDF")
    assert not list(Path.cwd().iterdir())


def test_rendering_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    path = toml_file(tmp_path, GOOD.replace('"figures/first.svg"', '["figures/a.svg", "figures/a.png"]'))
    batch.render(path)
    first = files_under(path.parent / "figures")
    batch.render(path)
    assert files_under(path.parent / "figures") == first


def test_a_figure_has_the_bytes_of_the_same_plot_from_python(tmp_path: Path) -> None:
    path = toml_file(
        tmp_path,
        """
[[figure]]
activations = ["tanh", "hard_tanh"]
derivs = 2
range = [-3, 3]
points = 301
layout = "overlay"
theme = "dark"
size = "7x4"
title = "Hard and soft"
output = "figures/f.svg"
""",
    )
    batch.render(path)
    expected = plot(
        ["tanh", "hard_tanh"], 2, (-3.0, 3.0), 301, "overlay", "dark", size=(7.0, 4.0), title="Hard and soft"
    )
    assert (path.parent / "figures" / "f.svg").read_bytes() == figure_bytes(expected, "svg")


def test_load_maps_keys_to_plot_options(tmp_path: Path) -> None:
    path = toml_file(
        tmp_path,
        GOOD
        + """
derivs = 2
range = [-2, 2.5]
points = 50
layout = "grid"
theme = "dark"
size = [8, 3]
dpi = 72
title = "T"
style = "ggplot"
transparent = true
font_scale = 1.25
legend = "inside"
""",
    )
    (job,) = batch.load(path)
    assert job.options == {
        "derivs": 2,
        "xrange": (-2.0, 2.5),
        "points": 50,
        "layout": "grid",
        "theme": "dark",
        "size": (8.0, 3.0),
        "title": "T",
        "style": "ggplot",
        "transparent": True,
        "font_scale": 1.25,
        "legend": "inside",
    }
    assert job.dpi == 72
    assert [a.spec for a in job.activations] == ["sigmoid", "relu"]
    assert job.outputs == ((path.parent / "figures" / "first.svg", "svg"),)


@pytest.mark.parametrize("size", ['"8x3"', '"8X3"', "[8, 3]", "[8.0, 3.0]"])
def test_size_forms(tmp_path: Path, size: str) -> None:
    (job,) = batch.load(toml_file(tmp_path, f"{GOOD}size = {size}\n"))
    assert job.options["size"] == (8.0, 3.0)


def test_a_single_activation_may_be_a_string(tmp_path: Path) -> None:
    (job,) = batch.load(toml_file(tmp_path, GOOD.replace('["sigmoid", "relu"]', '"sigmoid"')))
    assert [a.spec for a in job.activations] == ["sigmoid"]


def test_dpi_sets_the_png_pixels(tmp_path: Path) -> None:
    path = toml_file(tmp_path, GOOD.replace("first.svg", "small.png") + "size = [4, 2]\ndpi = 50\n")
    batch.render(path)
    assert imread(path.parent / "figures" / "small.png").shape[:2] == (100, 200)


def test_a_style_file_is_found_beside_the_toml_file(tmp_path: Path) -> None:
    path = toml_file(tmp_path, GOOD + 'style = "thin.mplstyle"\n')
    (path.parent / "thin.mplstyle").write_text("lines.linewidth: 0.5\n", encoding="utf-8")
    (job,) = batch.load(path)
    assert job.options["style"] == str(path.parent / "thin.mplstyle")
    batch.render(path)


#: A valid figure body, followed by each bad key below.
BODY = 'activations = ["relu"]\noutput = "figures/b.svg"\n'

BAD_FIGURES = [
    (BODY + 'colour = "red"\n', "unknown key 'colour'"),
    (
        'activation = ["relu"]\noutput = "figures/b.svg"\n',
        r"unknown key 'activation' \(did you mean 'activations'\?\)",
    ),
    ('output = "figures/b.svg"\n', "missing key 'activations'"),
    ('activations = ["relu"]\n', "missing key 'output'"),
    ('activations = ["rleu"]\noutput = "figures/b.svg"\n', "key 'activations': unknown activation 'rleu'"),
    ('activations = ["elu:alpha=-1"]\noutput = "figures/b.svg"\n', "key 'activations': alpha=-1 is out of"),
    ('activations = []\noutput = "figures/b.svg"\n', "key 'activations': the list is empty"),
    ('activations = [1]\noutput = "figures/b.svg"\n', "key 'activations': expected a list of names"),
    ('activations = ["relu"]\noutput = []\n', "key 'output': the list is empty"),
    ('activations = ["relu"]\noutput = 3\n', "key 'output': expected a file name"),
    ('activations = ["relu"]\noutput = "figures/b.jpg"\n', "key 'output': cannot tell the format"),
    ('activations = ["relu"]\noutput = "figures/b"\n', "key 'output': cannot tell the format"),
    ('activations = ["relu"]\noutput = "figures/first.svg"\n', "'output': .* is also written by figure 1"),
    (BODY + "derivs = 3\n", "key 'derivs': expected a whole number"),
    (BODY + "derivs = true\n", "key 'derivs'"),
    (BODY + 'derivs = "2"\n', "key 'derivs'"),
    (BODY + "range = [5, -5]\n", "key 'range': .*reversed"),
    (BODY + "range = [0]\n", r"key 'range': expected \[a, b\]"),
    (BODY + "range = [0, inf]\n", "key 'range': .*finite"),
    (BODY + "range = [-1e308, 1e308]\n", "key 'range': .*too wide"),
    (BODY + "points = 1\n", "key 'points': points 1 is out of"),
    (BODY + "points = 2.5\n", "key 'points': expected a whole"),
    (BODY + 'layout = "stack"\n', "key 'layout': expected one of"),
    (BODY + 'theme = "drak"\n', "key 'theme': expected one of"),
    (BODY + "size = [0.1, 3]\n", "key 'size': expected"),
    (BODY + 'size = "3x"\n', "key 'size': expected"),
    (BODY + "dpi = 0\n", "key 'dpi': expected a whole number"),
    (BODY + "title = 1\n", "key 'title': expected a string"),
    (BODY + 'style = "nostyle"\n', "key 'style': unknown matplotlib"),
]


@pytest.mark.parametrize(("figure", "message"), BAD_FIGURES)
def test_a_bad_second_figure_names_it_and_the_key_and_nothing_is_written(
    tmp_path: Path, figure: str, message: str
) -> None:
    path = toml_file(tmp_path, GOOD + "\n[[figure]]\n" + figure)
    before = files_under(tmp_path)
    with pytest.raises(UsageError, match=message) as caught:
        batch.render(path)
    assert str(caught.value).startswith(f"{path}: figure 2")
    assert "\n" not in str(caught.value)
    assert files_under(tmp_path) == before


def test_the_error_names_a_figure_by_title_else_first_output(tmp_path: Path) -> None:
    titled = toml_file(
        tmp_path, '[[figure]]\ntitle = "Kinks"\nactivations = ["relu"]\noutput = "a.svg"\nderivs = 9\n'
    )
    with pytest.raises(UsageError, match=r"figure 1 \('Kinks'\): key 'derivs'"):
        batch.load(titled)
    untitled = toml_file(
        tmp_path, '[[figure]]\nactivations = ["relu"]\noutput = ["figures/a.svg", "b.png"]\nderivs = 9\n'
    )
    with pytest.raises(UsageError, match=r"figure 1 \(figures/a.svg\): key 'derivs'"):
        batch.load(untitled)


def test_a_missing_output_folder_is_an_output_error_naming_the_figure(tmp_path: Path) -> None:
    path = toml_file(tmp_path, GOOD + '\n[[figure]]\nactivations = ["relu"]\noutput = "nowhere/b.svg"\n')
    before = files_under(tmp_path)
    with pytest.raises(OutputError, match=r"figure 2 \(nowhere/b.svg\): key 'output': .*does not exist"):
        batch.render(path)
    assert files_under(tmp_path) == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[figure]]\nactivations = ["relu"\noutput = "a.svg"\n',
            r"malformed TOML: .*\(at line 3, column 1\)",
        ),
        ("[[figure]\n", r"malformed TOML: .*line 1"),
        (
            '[figure]\nactivations = ["relu"]\noutput = "a.svg"\n',
            r"\[figure\] is one table; write \[\[figure\]\]",
        ),
        ("", "no figures"),
        ("figure = 1\n", "no figures"),
        ("figure = [1]\n", "figure 1: expected a table"),
        (
            'figures = []\n[[figure]]\nactivations = ["relu"]\noutput = "a.svg"\n',
            "unknown top-level key 'figures'",
        ),
    ],
)
def test_file_level_mistakes(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message) as caught:
        batch.render(toml_file(tmp_path, text))
    assert "\n" not in str(caught.value)


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"cannot read .*missing\.toml"):
        batch.render(tmp_path / "missing.toml")


def test_a_file_that_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "figures.toml"
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(UsageError, match="not UTF-8"):
        batch.render(path)


@pytest.mark.parametrize("key", list(batch.CHECKS))
@pytest.mark.parametrize("value", ["{a = 1}", "[[1, 2], 3]", "1979-05-27", "nan", "-inf", '"x"', "-1", "[]"])
def test_any_value_of_any_key_is_accepted_or_refused_with_an_actplot_error(
    tmp_path: Path, key: str, value: str
) -> None:
    """Whatever the TOML holds, nothing but an ActplotError comes out: no traceback for users."""
    table = {"activations": '["relu"]', "output": '"a.svg"', key: value}
    path = toml_file(tmp_path, "[[figure]]\n" + "".join(f"{k} = {v}\n" for k, v in table.items()))
    try:
        batch.load(path)
    except ActplotError as error:
        assert str(error).startswith(f"{path}: figure 1")


def test_outputs_may_be_absolute_inside_the_toml_folder(tmp_path: Path) -> None:
    target = tmp_path / "docs" / "figures" / "abs.svg"
    (job,) = batch.load(toml_file(tmp_path, GOOD.replace("figures/first.svg", str(target))))
    assert job.outputs == ((target, "svg"),)
    assert os.path.isabs(job.outputs[0][0])


@pytest.mark.parametrize(
    "where", ["{tmp}/abs.svg", "../abs.svg", "figures/../../abs.svg", "~/abs.svg", "out/a.svg"]
)
def test_outputs_outside_the_toml_folder_need_allow_outside(tmp_path: Path, where: str) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "out").symlink_to(tmp_path)  # a folder inside that leads outside
    path = toml_file(tmp_path, GOOD.replace("figures/first.svg", where.format(tmp=tmp_path)))
    before = files_under(tmp_path)
    with pytest.raises(UsageError, match=r"key 'output': .* is outside .*--allow-outside"):
        batch.render(path)
    assert files_under(tmp_path) == before
    if not where.startswith("~"):
        batch.render(path, allow_outside=True)
        assert (tmp_path / "abs.svg").exists() or (tmp_path / "a.svg").exists()


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_the_examples_file_is_valid() -> None:
    jobs = batch.load(EXAMPLES / "figures.toml")
    outputs = [path for job in jobs for path, _ in job.outputs]
    assert outputs
    assert all(path.parent == EXAMPLES / "figures" for path in outputs)


def test_ylim_is_a_key_with_the_command_line_check(tmp_path: Path) -> None:
    (job,) = batch.load(toml_file(tmp_path, GOOD + "ylim = [-1, 2]\n"))
    assert job.options["ylim"] == (-1.0, 2.0)
    with pytest.raises(UsageError, match=r"figure 1 .*key 'ylim': y-limits 2 1 must be finite with A < B"):
        batch.load(toml_file(tmp_path, GOOD + "ylim = [2, 1]\n"))


def test_render_help_names_every_key() -> None:
    from typer.testing import CliRunner

    from actplot import cli

    result = CliRunner().invoke(cli.app, ["render", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert all(key in result.output for key in batch.CHECKS)
