"""Writing results: checked paths and atomic replacement, so a failure never leaves half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from actplot.errors import OutputError, UsageError

FIGURE_FORMATS = ("png", "svg", "pdf")


def figure_format(path: Path) -> str:
    """The figure format named by the extension of `path`.

    Raises:
        UsageError: the extension is not png, svg or pdf.
    """
    fmt = path.suffix.lower().removeprefix(".")
    if fmt not in FIGURE_FORMATS:
        shown = f"extension {path.suffix!r}" if path.suffix else "no extension"
        raise UsageError(f"cannot tell the format of {str(path)!r} ({shown}); use .png, .svg or .pdf")
    return fmt


def check_writable(path: Path) -> None:
    """Fail early if `path` cannot be written: its folder must exist and be writable.

    Raises:
        OutputError: missing folder, a folder in the way, or no permission.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"cannot write {str(path)!r}: folder {str(folder)!r} does not exist")
    if path.is_dir():
        raise OutputError(f"cannot write {str(path)!r}: it is a folder")
    if not os.access(folder, os.W_OK):
        raise OutputError(f"cannot write {str(path)!r}: no permission to write in {str(folder)!r}")


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`.

    Raises:
        OutputError: the file could not be written; `path` is left as it was.
    """
    check_writable(path)
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.chmod(temporary, 0o666 & ~_umask())
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as error:
        raise OutputError(f"cannot write {str(path)!r}: {error.strerror or error}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
