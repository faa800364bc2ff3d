"""Writing files: formats from extensions, early checks, atomic replacement that never leaves debris."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from actplot import files
from actplot.errors import ActplotError, OutputError, UsageError
from actplot.files import check_writable, figure_format, write_atomic


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --- figure_format ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.png", "png"),
        ("a.svg", "svg"),
        ("a.pdf", "pdf"),
        ("A.PNG", "png"),
        ("b.Svg", "svg"),
        ("c.PdF", "pdf"),
        ("dir.d/fig.final.png", "png"),
        ("a.GIF", "gif"),
    ],
)
def test_figure_format_from_the_extension_in_any_case(name: str, fmt: str) -> None:
    assert figure_format(Path(name)) == fmt


@pytest.mark.parametrize("name", ["a.webp", "a.jpeg", "a", "a.png.bak", "a.", ".png", "a.eps"])
def test_figure_format_rejects_other_extensions_naming_the_path(name: str) -> None:
    with pytest.raises(UsageError) as caught:
        figure_format(Path(name))
    message = str(caught.value)
    assert repr(name) in message
    assert ".png, .svg, .pdf, .gif or .apng" in message


# --- check_writable ---------------------------------------------------------------------------------


def test_check_writable_accepts_a_new_file_in_an_existing_folder(tmp_path: Path) -> None:
    check_writable(tmp_path / "new.png")
    assert list(tmp_path.iterdir()) == []


def test_check_writable_accepts_a_bare_name_in_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    check_writable(Path("bare.png"))


def test_check_writable_accepts_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "old.png"
    target.write_bytes(b"old")
    check_writable(target)
    assert target.read_bytes() == b"old"


def test_check_writable_names_a_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "fig.png"
    with pytest.raises(OutputError) as caught:
        check_writable(target)
    assert str(target) in str(caught.value)
    assert "does not exist" in str(caught.value)


def test_check_writable_rejects_a_file_in_place_of_the_folder(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("not a folder")
    target = tmp_path / "plain" / "fig.png"
    with pytest.raises(OutputError, match=r"fig\.png"):
        check_writable(target)


def test_check_writable_rejects_a_folder_as_target(tmp_path: Path) -> None:
    target = tmp_path / "fig.png"
    target.mkdir()
    with pytest.raises(OutputError) as caught:
        check_writable(target)
    assert str(target) in str(caught.value)
    assert "folder" in str(caught.value)


def test_check_writable_rejects_a_folder_without_permission(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests may run as root, for whom every folder is writable: pretend the check says no.
    monkeypatch.setattr(files.os, "access", lambda path, mode: False)
    target = tmp_path / "fig.png"
    with pytest.raises(OutputError) as caught:
        check_writable(target)
    assert str(target) in str(caught.value)
    assert "permission" in str(caught.value)


def test_output_error_is_an_os_error_and_usage_error_a_value_error() -> None:
    assert issubclass(OutputError, OSError)
    assert issubclass(OutputError, ActplotError)
    assert issubclass(UsageError, ValueError)
    assert issubclass(UsageError, ActplotError)
    assert not issubclass(OutputError, UsageError)


# --- write_atomic -----------------------------------------------------------------------------------


def test_write_atomic_creates_the_file(tmp_path: Path) -> None:
    target = tmp_path / "fig.png"
    write_atomic(target, b"\x89PNG data")
    assert target.read_bytes() == b"\x89PNG data"
    assert list(tmp_path.iterdir()) == [target]


def test_write_atomic_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "fig.svg"
    target.write_bytes(b"a much longer old content than the new one")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert list(tmp_path.iterdir()) == [target]


def test_write_atomic_gives_the_usual_permissions_not_the_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "fig.pdf"
    write_atomic(target, b"%PDF")
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~current_umask()


def test_write_atomic_writes_empty_data(tmp_path: Path) -> None:
    target = tmp_path / "empty.svg"
    write_atomic(target, b"")
    assert target.read_bytes() == b""


def test_write_atomic_to_a_missing_folder_names_the_path_and_creates_nothing(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "fig.png"
    with pytest.raises(OutputError) as caught:
        write_atomic(target, b"data")
    assert str(target) in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_write_atomic_over_a_folder_leaves_it_alone(tmp_path: Path) -> None:
    target = tmp_path / "fig.png"
    target.mkdir()
    (target / "inside.txt").write_text("keep")
    with pytest.raises(OutputError, match=r"fig\.png"):
        write_atomic(target, b"data")
    assert target.is_dir()
    assert (target / "inside.txt").read_text() == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fig.png"]


@pytest.mark.parametrize("failing", ["replace", "chmod", "fdopen"])
def test_a_failure_mid_write_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "fig.png"
    target.write_bytes(b"original")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, failing, fail)
    with pytest.raises(OutputError) as caught:
        write_atomic(target, b"new data")
    assert str(target) in str(caught.value)
    assert "No space left on device" in str(caught.value)
    assert target.read_bytes() == b"original"
    assert list(tmp_path.iterdir()) == [target]


def test_an_interrupted_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "fig.png"
    target.write_bytes(b"original")

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new data")
    assert target.read_bytes() == b"original"
    assert list(tmp_path.iterdir()) == [target]
