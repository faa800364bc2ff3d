"""The one exception family of actplot.

Library code raises these; only the command line turns them into exit codes
(`UsageError` → 2, any other `ActplotError` → 1).
"""

from __future__ import annotations

from pathlib import Path


class ActplotError(Exception):
    """Base class of every error actplot raises on purpose."""


class UsageError(ActplotError, ValueError):
    """The caller asked for something invalid (a bad value, name or option)."""


class SpecError(UsageError):
    """An activation spec names no catalogue entry or has a bad parameter."""


class OutputError(ActplotError, OSError):
    """A result could not be written (missing folder, no permission, no display)."""


def raised_in(error: BaseException, package: str) -> bool:
    """Whether the innermost frame of `error`'s traceback is in `package` (``"matplotlib"``, say).

    Lets the command line tell what a library refused (an input or the environment, one line)
    from a bug of actplot's own (a traceback).
    """
    trace = error.__traceback__
    while trace is not None and trace.tb_next is not None:
        trace = trace.tb_next
    return trace is not None and package in Path(trace.tb_frame.f_code.co_filename).parts
