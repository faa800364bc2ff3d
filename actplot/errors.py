"""The one exception family of actplot.

Library code raises these; only the command line turns them into exit codes
(`UsageError` → 2, any other `ActplotError` → 1).
"""

from __future__ import annotations


class ActplotError(Exception):
    """Base class of every error actplot raises on purpose."""


class UsageError(ActplotError, ValueError):
    """The caller asked for something invalid (a bad value, name or option)."""


class SpecError(UsageError):
    """An activation spec names no catalogue entry or has a bad parameter."""


class OutputError(ActplotError, OSError):
    """A result could not be written (missing folder, no permission, no display)."""
