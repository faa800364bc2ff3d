"""The one exception family of actplot.

Library code raises these; only the command line turns them into exit codes, reading
each error's `exit_code` as click reads ``ClickException.exit_code`` (`UsageError` → 2,
any other `ActplotError` → 1).
"""

from __future__ import annotations

from pathlib import Path


class ActplotError(Exception):
    """Base class of every error actplot raises on purpose.

    Attributes:
        exit_code: what the command line exits with: 1, something in the environment failed.
    """

    exit_code = 1


class UsageError(ActplotError, ValueError):
    """The caller asked for something invalid (a bad value, name or option); exit code 2."""

    exit_code = 2


class SpecError(UsageError):
    """An activation spec names no catalogue entry, has a bad parameter or a bad expression.

    Attributes:
        text: the expression the error is in, when it points into one (else None).
        column: the 1-based column of the offending character in `text`
            (``len(text) + 1`` when the expression ends too early), or None.
    """

    def __init__(self, message: str, *, text: str | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.text = text
        self.column = column


class OutputError(ActplotError, OSError):
    """A result could not be written (missing folder, no permission, no display); exit code 1."""


def raised_in(error: BaseException, package: str) -> bool:
    """Whether the innermost frame of `error`'s traceback is in `package` (``"matplotlib"``, say).

    Lets the command line tell what a library refused (an input or the environment, one line)
    from a bug of actplot's own (a traceback).
    """
    trace = error.__traceback__
    while trace is not None and trace.tb_next is not None:
        trace = trace.tb_next
    return trace is not None and package in Path(trace.tb_frame.f_code.co_filename).parts
