"""Animated families: a frame per value, fixed limits, the value in the title, the same bytes twice."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import numpy as np
import pytest
from cli_output import assert_one_error_line
from matplotlib.figure import Figure
from PIL import Image
from typer.testing import CliRunner

import actplot
from actplot import cli
from actplot.animation import animation_bytes
from actplot.batch import render
from actplot.sweep import families_of

SPEC = "elu:alpha=0.5..2:4"


@pytest.fixture(autouse=True)
def _here(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.chdir(tmp_path)


def _frames(data: bytes) -> list[np.ndarray]:
    image = Image.open(io.BytesIO(data))
    frames = []
    for i in range(image.n_frames):
        image.seek(i)
        frames.append(np.asarray(image.convert("RGB")))
    return frames


def test_a_frame_per_value_each_showing_its_member_on_the_family_axes() -> None:
    members = actplot.family(SPEC)
    family = families_of([(m.label, m.sweep) for m in members if m.sweep])[0]
    drawn: list[Figure] = []

    def draw(title: str) -> Figure:
        drawn.append(actplot.plot(SPEC, derivs=1, points=50, title=title))
        return drawn[-1]

    data = animation_bytes(draw, None, family, ["gif"], 5, dpi=30)["gif"]
    frames = _frames(data)
    assert len(frames) == 4
    with Image.open(io.BytesIO(data)) as image:
        assert image.info["duration"] == 200
    assert all(not np.array_equal(a, b) for a, b in itertools.pairwise(frames))
    (figure,) = drawn  # one figure for every frame: the axes never move
    whole = actplot.plot(SPEC, derivs=1, points=50)
    assert [ax.get_ylim() for ax in figure.axes[:2]] == [ax.get_ylim() for ax in whole.axes[:2]]
    shown = {
        str(line.get_gid()).split("/")[0]
        for ax in figure.axes
        for line in ax.get_lines()
        if line.get_visible() and line.get_gid()
    }
    assert shown == {"elu:alpha=2"}  # left as the last frame drew it
    assert figure.get_suptitle() == "elu: alpha = 2"


def test_one_run_draws_the_frames_once_for_every_animated_output(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[Figure] = []
    draw = actplot.figure.draw

    def counting(*args: object, **kwargs: object) -> Figure:
        drawn.append(draw(*args, **kwargs))  # type: ignore[arg-type]
        return drawn[-1]

    monkeypatch.setattr(actplot.figure, "draw", counting)
    command = ["gelu:approximate=none:tanh", "-o", "a.gif", "-o", "b.apng", "-o", "c.gif", "--dpi", "20"]
    result = CliRunner().invoke(cli.app, [*command, "-n", "50"])
    assert result.exit_code == 0, result.output
    assert len(drawn) == 1
    gif, apng = Path("a.gif").read_bytes(), Path("b.apng").read_bytes()
    assert Path("c.gif").read_bytes() == gif
    assert gif.startswith(b"GIF89a") and apng.startswith(b"\x89PNG")
    with Image.open("b.apng") as image:
        assert (image.format, image.n_frames) == ("PNG", 2)
    assert all(np.array_equal(a, b) for a, b in zip(_frames(gif), _frames(apng), strict=True))


def test_the_command_writes_the_same_animation_twice() -> None:
    for name in ("a.gif", "b.gif"):
        result = CliRunner().invoke(cli.app, [SPEC, "-o", name, "--dpi", "20", "-n", "50", "--fps", "2"])
        assert result.exit_code == 0, result.output
    assert Path("a.gif").read_bytes() == Path("b.gif").read_bytes()
    with Image.open("a.gif") as image:
        assert image.n_frames == 4


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["relu", "-o", "x.gif"], "runs over a sweep"),
        (["elu:alpha=1..2", "softplus:beta=1:2", "-o", "x.gif"], "runs over one sweep"),
        (["elu:alpha=1..2", "-o", "x.png", "--fps", "3"], "--fps is the frame rate of an animation"),
        (["elu:alpha=1..2", "-o", "x.gif", "--fps", "0"], "--fps 0 is out of bounds"),
        (["diff", "relu", "elu", "-o", "x.gif"], "runs over a sweep"),
    ],
)
def test_an_animation_that_cannot_be_is_one_line_and_no_file(args: list[str], fragment: str) -> None:
    result = CliRunner().invoke(cli.app, args)
    assert_one_error_line(result, 2, fragment)
    assert not list(Path().iterdir())


def test_render_writes_an_animation_at_its_fps_beside_a_still() -> None:
    figure = f'activations = ["{SPEC}"]\noutput = ["f.gif", "f.png"]\ndpi = 20\npoints = 50\nfps = 10\n'
    Path("f.toml").write_text(f"[[figure]]\n{figure}")
    assert render(Path("f.toml")) == [Path("f.gif"), Path("f.png")]
    with Image.open("f.gif") as image:
        assert (image.n_frames, image.info["duration"]) == (4, 100)
