"""Pausing Python's cycle collector while building large acyclic structures.

Validating a big bank builds hundreds of thousands of YAML nodes, and a big quiz's item
analysis as many row tuples and lists, none of them in a reference cycle: each collection their
allocations trigger walks them all and frees nothing. Memory is still freed by reference
counting; the collector runs again afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The cycle collector off for the duration (left as it was found afterwards)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
