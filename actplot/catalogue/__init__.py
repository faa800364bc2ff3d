"""The catalogue: every activation actplot knows, one `Entry` each.

Families live in their own modules, each exposing ``ENTRIES``; adding an
activation means adding one entry there.  Nothing else keeps a list of names.
"""

from __future__ import annotations

from actplot.activation import Registry
from actplot.catalogue import classic, hard, rectifiers, smooth, softmax

CATALOGUE = Registry()
for _family in (classic, rectifiers, smooth, hard, softmax):
    for _entry in _family.ENTRIES:
        CATALOGUE.add(_entry)

__all__ = ["CATALOGUE"]
