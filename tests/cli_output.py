"""What every CLI test checks of a failed run: its exit code and one clear line on stderr."""

from __future__ import annotations

from typer.testing import Result


def assert_one_error_line(result: Result, code: int, *fragments: str) -> None:
    """Exit `code`, no traceback, nothing on stdout, one ``actplot: error:`` line naming the fragments."""
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("actplot: error: ")
    for fragment in fragments:
        assert fragment in lines[0]
