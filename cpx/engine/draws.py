"""Uniform draws read ahead from a random stream: the same numbers, fewer calls.

A scalar ``Generator.random()`` costs a call into numpy for each number; surveillance
alone draws about three hundred a run, one at a time. :class:`UniformDraws` asks its
stream for a batch with ``stream.random(n)`` and hands the numbers out one by one. numpy
fills a batch with the same doubles, in the same order, as ``n`` scalar calls would
return (both read the bit generator's next double), so whoever draws from it gets
exactly the numbers the scalar calls gave, in the same order: the run, its journal and
its state hash do not change. The stream only runs further ahead of what was used, and
nobody reads a stream's state.

That holds only while nothing else draws from the same stream: wrap a stream that is
drawn from with ``random()`` alone, and draw from it only through its wrapper.
"""

from __future__ import annotations

from typing import cast

import numpy as np

BATCH = 64
"""Numbers read ahead at a time (surveillance draws a few hundred in a five-day run)."""


class UniformDraws:
    """Floats in [0, 1) from ``stream``, as ``stream.random()`` would give them."""

    __slots__ = ("_stream", "_ahead", "_batch")

    def __init__(self, stream: np.random.Generator, batch: int = BATCH) -> None:
        self._stream = stream
        self._batch = batch
        self._ahead: list[float] = []
        """The numbers read ahead, the next one last (a list pops from its end)."""

    def random(self) -> float:
        """The stream's next uniform number in [0, 1)."""
        ahead = self._ahead
        if not ahead:
            ahead.extend(reversed(self._stream.random(self._batch).tolist()))
        return ahead.pop()

    def settle(self) -> None:
        """Give the numbers read ahead and not used back to the stream: it then stands
        where the scalar calls leave it (PCG64 steps back one output per number)."""
        if self._ahead:
            pcg64(self._stream).advance(-len(self._ahead))
            self._ahead.clear()


def pcg64(stream: np.random.Generator) -> np.random.PCG64:
    """The stream's bit generator: PCG64, which can step back (every stream of
    :class:`cpx.engine.rng.Streams` is one; numpy's stub says only ``BitGenerator``)."""
    return cast(np.random.PCG64, stream.bit_generator)
