"""The network's hourly draws read ahead a day at a time: the same numbers, fewer calls.

Every hour the network draws a uniform number for each tie and each venue manager
(:meth:`cpx.engine.network.NetworkProcesses._hour`) and a Poisson count of visits for
each client group (``_client_hour``), each from a stream of its own that nothing else
draws from. Asking numpy for one hour, or one count, at a time cost more than
everything else the hour does. numpy fills a batch with the very numbers, in the same
order, that the calls one at a time would return (each number reads the bit
generator's next output), so handing a batch out hour by hour gives every hour its own
numbers; a small Poisson count is made from those numbers as numpy makes it.

Read ahead, a stream stands further on than the one-at-a-time calls would have left it.
Both readers below give the unused numbers back (:meth:`settle`; PCG64 steps back one
output per uniform number): the network settles them after its last hour before ENDEX
(and a count numpy must draw itself settles first), so at ENDEX each stream stands
exactly where the hour-by-hour draws leave it. Before ENDEX only the read-ahead is
further on; nothing reads a stream's position, and its numbers are the same.
"""

from __future__ import annotations

import numpy as np

from cpx.engine.draws import pcg64


class ContactDraws:
    """Uniform draws of one stream, read ahead; each hour takes its share and learns
    which of its numbers lie below a bound (the few that can be a contact)."""

    __slots__ = ("_stream", "_buffer", "_at", "_found", "_values", "_next", "_bound")

    def __init__(self, stream: np.random.Generator) -> None:
        self._stream = stream
        self._buffer = np.zeros(0)
        self._at = 0
        """Where the next hour's numbers start in the buffer."""
        self._found: list[int] = []
        """Positions in the buffer (from ``_at`` on) of the numbers below ``_bound``."""
        self._values: list[float] = []
        """The numbers at those positions, as Python floats."""
        self._next = 0
        """The first of ``_found`` not yet handed out."""
        self._bound = -1.0

    def take(self, count: int, bound: float, ahead: int) -> list[tuple[int, float]]:
        """The next ``count`` numbers of the stream, as ``stream.random(count)`` would
        give them: those below ``bound``, as (index among the ``count``, number), in
        order, and maybe a few more (found earlier under a higher bound): the caller
        compares each with its own threshold.

        ``ahead``: how many numbers to read when the buffer runs out (at least
        ``count``; no more than the run will still draw, so that little is given back).
        """
        at = self._at
        end = at + count
        if end > len(self._buffer):
            self._refill(max(ahead, count), bound)
            at, end = 0, count
        elif bound > self._bound:  # a number below the new bound may not be found yet
            self._find(bound)
        found, values, i = self._found, self._values, self._next
        hits = []
        while i < len(found) and found[i] < end:
            hits.append((found[i] - at, values[i]))
            i += 1
        self._next, self._at = i, end
        return hits

    def settle(self) -> None:
        """Give the numbers read ahead and not taken back to the stream (PCG64 steps
        back by as many outputs: each uniform number is one)."""
        unused = len(self._buffer) - self._at
        if unused:
            pcg64(self._stream).advance(-unused)
        self._buffer, self._at = np.zeros(0), 0
        self._found, self._values, self._next, self._bound = [], [], 0, -1.0

    def _refill(self, size: int, bound: float) -> None:
        rest = self._buffer[self._at:]
        fresh = self._stream.random(size - len(rest))
        self._buffer = np.concatenate((rest, fresh)) if len(rest) else fresh
        self._at = 0
        self._find(bound)

    def _find(self, bound: float) -> None:
        rest = self._buffer[self._at:]
        below = np.flatnonzero(rest < bound)
        self._values = rest[below].tolist()
        self._found = (below + self._at).tolist()
        self._next, self._bound = 0, bound


class CountDraws:
    """Poisson counts of one stream, as ``stream.poisson(rate)`` gives them one by one,
    from uniform numbers read ahead (and uniform numbers, as ``stream.random()``).

    numpy draws a count below 10 by multiplying uniform numbers until the product falls
    to ``exp(-rate)`` or below, each number the stream's next double (Knuth's method, in
    numpy's ``random_poisson_mult``); the same numbers, multiplied and compared in the
    same doubles here, give the same counts. A rate of 10 or more (another method) or
    one numpy refuses is left to numpy itself, after the numbers read ahead are given
    back.
    """

    __slots__ = ("_stream", "_ahead", "_batch")

    def __init__(self, stream: np.random.Generator, batch: int = 64) -> None:
        self._stream = stream
        self._batch = batch
        self._ahead: list[float] = []
        """The numbers read ahead, the next one last (a list pops from its end)."""

    def count(self, rate: float, floor: float) -> int:
        """``int(stream.poisson(rate))``; ``floor`` is ``math.exp(-rate)``."""
        if not 0.0 < rate < 10.0:  # none, another method, or numpy's own refusal
            if rate == 0.0:
                return 0
            self.settle()
            return int(self._stream.poisson(rate))
        ahead, n, product = self._ahead, 0, 1.0
        while True:
            if not ahead:
                ahead.extend(reversed(self._stream.random(self._batch).tolist()))
            product *= ahead.pop()
            if product > floor:
                n += 1
            else:
                return n

    def random(self) -> float:
        """``stream.random()``: the next uniform number, from the same numbers read ahead
        as the counts (numpy draws both from the stream's next double)."""
        ahead = self._ahead
        if not ahead:
            ahead.extend(reversed(self._stream.random(self._batch).tolist()))
        return ahead.pop()

    def settle(self) -> None:
        """Give the numbers read ahead and not used back to the stream (PCG64 steps back
        by as many outputs: each uniform number is one)."""
        if self._ahead:
            pcg64(self._stream).advance(-len(self._ahead))
            self._ahead.clear()
