"""How the derivative orders are written: f, f′, f″ in every spelling an output needs."""

from __future__ import annotations

from typing import NamedTuple


class OrderName(NamedTuple):
    r"""The spellings of one derivative order.

    Attributes:
        symbol: for reading: ``f``, ``f′``, ``f″``.
        prime: ASCII, for CSV headers and table columns: ``""``, ``"'"``, ``"''"``.
        mathtext: a matplotlib title: ``$f\\,'(x)$``.
    """

    symbol: str
    prime: str
    mathtext: str

    @property
    def text(self) -> str:
        """The symbol applied to x, for terminal titles: ``f′(x)``."""
        return f"{self.symbol}(x)"


#: Orders 0, 1 and 2, indexed by order.
ORDER_NAMES = (
    OrderName("f", "", "$f(x)$"),
    OrderName("f′", "'", "$f\\,'(x)$"),
    OrderName("f″", "''", "$f\\,''(x)$"),
)
