"""f, f′ and f″ together over large arrays: in cache-sized blocks, on every core.

One pass of a formula over 10⁷ points streams each temporary array (80 MB) through
memory; cut into blocks of `BLOCK` elements, the temporaries of a block stay in the
processor's cache and are reused by the next block.  Blocks are independent, and NumPy
releases the GIL inside its loops, so a thread pool evaluates them on every core.
Every function is elementwise, so a block gives exactly the numbers one pass gives.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
from numpy.typing import ArrayLike

from actplot.activation import Activation, Array, check_order
from actplot.machine import available_cores

#: Elements per block (512 KiB of float64).  Measured on 10⁷ points (benchmarks/README.md): with
#: 2¹³ or fewer the threads spend their time handing the GIL over, from 2¹⁸ the blocks leave the cache.
BLOCK = 2**16


def evaluate_orders(
    activation: Activation,
    x: ArrayLike,
    orders: Sequence[int],
    *,
    block: int = BLOCK,
    workers: int | None = None,
) -> Array:
    """f, f′, f″ of `activation` at `x` for each of `orders`, stacked: shape (len(orders), *x.shape).

    Args:
        activation: what to evaluate.
        x: the points (any shape; converted to float64).
        orders: derivative orders, each 0, 1 or 2, in the order wanted.
        block: elements per block.
        workers: threads; every available core if None.

    Raises:
        SpecError: an order other than 0, 1 or 2.
    """
    orders = [check_order(k) for k in orders]
    x = np.asarray(x, dtype=np.float64)
    out = np.empty((len(orders), *x.shape), dtype=np.float64)
    flat_x, flat_out = x.reshape(-1), out.reshape(len(orders), -1)
    starts = range(0, flat_x.size, block)
    workers = min(workers or available_cores(), len(starts))
    errors = np.geterr()

    def fill(start: int) -> None:
        """Evaluate one block into its slice of the output, under the caller's error settings."""
        stop = start + block
        with np.errstate(**errors):
            values = activation.values(flat_x[start:stop], orders)
        for row, value in zip(flat_out, values, strict=True):
            row[start:stop] = value

    if workers <= 1:
        for start in starts:
            fill(start)
    else:
        from concurrent.futures import ThreadPoolExecutor  # here: `list` and `info` start without it

        with ThreadPoolExecutor(workers, thread_name_prefix="actplot") as pool:
            for _ in pool.map(fill, starts):
                pass
    return out


def even_blocks(a: float, b: float, points: int, block: int = BLOCK) -> Iterator[Array]:
    """``np.linspace(a, b, points)`` (points ≥ 2) in consecutive pieces, the same numbers, never all at once.

    x_i = a + i·(b − a)/(points − 1), the last set to b exactly, as NumPy computes it.  Pieces
    hold `block` values, the last one up to `block` + 1 so that it never holds b alone.
    """
    div = points - 1
    delta = b - a
    step = delta / div
    for start in range(0, div, block):
        stop = start + block if start + block < div else points
        x = np.arange(start, stop, dtype=np.float64)
        if step == 0:  # a subnormal step underflows: NumPy scales by delta last
            x /= div
            x *= delta
        else:
            x *= step
        x += a
        if stop == points:
            x[-1] = b
        yield x
