"""Writing results: checked paths and all-or-nothing replacement, so a failure never leaves half a file.

Every file is first written to a temporary file beside its target; only when every file of a
command has been written are they renamed over their targets.  A replaced file keeps its mode
(and group, where the user may set it); a symbolic link is written through, not replaced.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from actplot.errors import OutputError, UsageError


class FigureFormat(NamedTuple):
    """A figure file format, named as its extension.

    Attributes:
        name: the format and extension, as matplotlib's ``savefig(format=...)`` takes it.
        metadata: matplotlib ``savefig`` metadata that would vary from run to run (dates,
            versions), blanked so that the same figure always gives the same bytes.
        in_pages: whether a web page or Markdown file can show it (the gallery's formats).
        animated: whether it animates a sweep, a frame per value (`actplot.animation`), rather than
            drawing its members together.
    """

    name: str
    metadata: Mapping[str, None]
    in_pages: bool
    animated: bool = False


#: Every figure format, in the order messages and help list them: adding one here adds it to
#: ``-o``, ``--format``, TOML ``output`` and (if `in_pages`) the gallery.
FIGURE_FORMATS = {
    f.name: f
    for f in (
        FigureFormat("png", {"Software": None}, in_pages=True),
        FigureFormat("svg", {"Date": None, "Creator": None}, in_pages=True),
        FigureFormat("pdf", {"Creator": None, "Producer": None, "CreationDate": None}, in_pages=False),
        FigureFormat("gif", {}, in_pages=False, animated=True),
        FigureFormat("apng", {}, in_pages=False, animated=True),
    )
}
#: The formats that animate a sweep.
ANIMATED_FORMATS = tuple(name for name, f in FIGURE_FORMATS.items() if f.animated)
#: The formats the gallery can embed in its index.md.
GALLERY_FORMATS = tuple(name for name, f in FIGURE_FORMATS.items() if f.in_pages)


def one_of(words: Iterable[str], prefix: str = "") -> str:
    """``"a, b or c"`` of `words`, each after `prefix`: ``one_of(["png", "svg"], ".")`` is ".png or .svg"."""
    shown = [f"{prefix}{word}" for word in words]
    return " or ".join([", ".join(shown[:-1]), shown[-1]] if len(shown) > 1 else shown)


#: Characters a temporary name adds to its target's name: ``.`` + name + ``.`` + 8 random + ``.tmp``.
_TEMPORARY_EXTRA = 14
#: The longest file name (in bytes) where the file system does not say.
_DEFAULT_NAME_MAX = 255


def figure_format(path: Path) -> str:
    """The figure format named by the extension of `path`.

    Raises:
        UsageError: the extension is not one of `FIGURE_FORMATS`.
    """
    fmt = path.suffix.lower().removeprefix(".")
    if fmt not in FIGURE_FORMATS:
        shown = f"extension {path.suffix!r}" if path.suffix else "no extension"
        raise UsageError(
            f"cannot tell the format of {str(path)!r} ({shown}); use {one_of(FIGURE_FORMATS, '.')}"
        )
    return fmt


def resolved(path: Path) -> Path:
    """The absolute path with ``..`` and every symbolic link resolved: how two names are compared."""
    return Path(os.path.realpath(path))


def check_distinct(paths: Sequence[Path], option: str = "-o") -> None:
    """Refuse two names for one file (``a.png`` and ``./a.png``, or through a linked folder).

    Raises:
        UsageError: two of `paths` resolve to the same file; the message names both.
    """
    seen: dict[Path, Path] = {}
    for path in paths:
        key = Path("-") if str(path) == "-" else resolved(path)
        if key in seen:
            first = seen[key]
            if first == path:
                raise UsageError(f"{option} {path} is given twice; give each output once")
            raise UsageError(f"{option} {first} and {option} {path} name the same file; give each once")
        seen[key] = path


def check_writable(path: Path) -> None:
    """Fail early if `path` cannot be written: its folder must exist and be writable.

    Raises:
        OutputError: missing folder, a folder in the way, a read-only file, no permission,
            or a name the file system refuses (too long, say).
    """
    target = resolved(path)
    folder = target.parent
    try:
        if not folder.is_dir():
            shown = path.parent if str(path.parent) else Path(".")
            raise OutputError(f"cannot write {str(path)!r}: folder {str(shown)!r} does not exist")
        if target.is_dir():
            raise OutputError(f"cannot write {str(path)!r}: it is a folder")
        if not os.access(folder, os.W_OK):
            raise OutputError(f"cannot write {str(path)!r}: no permission to write in {str(folder)!r}")
        if target.exists() and not os.access(target, os.W_OK):
            raise OutputError(f"cannot write {str(path)!r}: the file is read-only")
    except OSError as error:
        if isinstance(error, OutputError):
            raise
        raise OutputError(f"cannot write {str(path)!r}: {error.strerror or error}") from None


def put(path: Path, data: bytes, write: Callable[[Path, bytes], None]) -> None:
    """Write `data` to `path` with `write`, or to standard output if `path` is ``-``."""
    if str(path) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write(path, data)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`.

    Raises:
        OutputError: the file could not be written; `path` is left as it was.
    """
    with all_or_nothing() as staged:
        staged.write(path, data)


@contextmanager
def all_or_nothing() -> Iterator[Staged]:
    """Stage files with `Staged.write`; rename them all over their targets only if the block succeeds.

    On any exception (an interrupt too) every temporary file is removed and no target is touched.

    Raises:
        OutputError: a file could not be written.
    """
    staged = Staged()
    try:
        yield staged
        staged.commit()
    finally:
        staged.discard()


@dataclass
class Staged:
    """Temporary files written beside their targets, waiting to be renamed over them."""

    pending: list[tuple[str, Path]] = field(default_factory=list)

    def write(self, path: Path, data: bytes) -> None:
        """Write `data` to a temporary file beside `path` (its target, for a symbolic link).

        Raises:
            OutputError: the folder is missing or not writable, or the write failed.
        """
        import tempfile  # here: the commands that write no file never need it

        check_writable(path)
        target = resolved(path)
        try:
            handle, temporary = tempfile.mkstemp(
                dir=target.parent, prefix=f".{_short_name(target)}.", suffix=".tmp"
            )
        except OSError as error:
            raise OutputError(f"cannot write {str(path)!r}: {error.strerror or error}") from None
        self.pending.append((temporary, path))
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            _copy_mode(target, temporary)
        except OSError as error:
            raise OutputError(f"cannot write {str(path)!r}: {error.strerror or error}") from None

    def commit(self) -> None:
        """Rename every temporary file over its target.

        Raises:
            OutputError: a rename failed (the files renamed before it stay renamed).
        """
        while self.pending:
            temporary, path = self.pending[0]
            try:
                os.replace(temporary, resolved(path))
            except OSError as error:
                raise OutputError(f"cannot write {str(path)!r}: {error.strerror or error}") from None
            self.pending.pop(0)

    def discard(self) -> None:
        """Remove the temporary files not renamed yet."""
        for temporary, _ in self.pending:
            with suppress(FileNotFoundError):
                os.unlink(temporary)
        self.pending.clear()


def _short_name(target: Path) -> str:
    """The target's name, cut so that the temporary name fits the file system's name limit."""
    try:
        limit = os.pathconf(target.parent, "PC_NAME_MAX")
    except (OSError, ValueError):
        limit = _DEFAULT_NAME_MAX
    room = max(1, limit - _TEMPORARY_EXTRA)
    return os.fsencode(target.name)[:room].decode(errors="ignore") or "x"


def _copy_mode(target: Path, temporary: str) -> None:
    """Give the temporary file the mode (and group) of the file it replaces, else the usual mode."""
    try:
        old = os.stat(target)
    except FileNotFoundError:
        os.chmod(temporary, 0o666 & ~_umask())
        return
    try:
        os.chown(temporary, -1, old.st_gid)
    except OSError as error:  # not a member of that group: keep the user's
        if error.errno not in (errno.EPERM, errno.EACCES):
            raise
    os.chmod(temporary, stat.S_IMODE(old.st_mode))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
