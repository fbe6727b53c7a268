"""The network's hourly draws read ahead a day at a time: the same numbers, fewer calls.

Every hour the network draws a uniform number for each tie and each venue manager
(:meth:`cpx.engine.network.NetworkProcesses._hour`) and a Poisson count of visits for
each client group (``_client_hour``), each from a stream of its own that nothing else
draws from. Asking numpy for one hour at a time cost more than everything else the hour
does. numpy fills a batch with the very numbers, in the same order, that the calls one
at a time would return (each number reads the bit generator's next output, a Poisson
count as many as it needs), so handing a batch out hour by hour gives every hour its
own numbers.

Read ahead, a stream stands further on than the one-at-a-time calls would have left it.
Both readers below give the unused numbers back (:meth:`settle`): the network settles
them after its last hour before ENDEX and whenever what it draws for changes, so at
ENDEX each stream stands exactly where the hour-by-hour draws leave it.
"""

from __future__ import annotations

import numpy as np


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
            self._stream.bit_generator.advance(-unused)
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
    """Poisson counts of one stream for a list of rates, a block of hours read ahead:
    each hour takes the row ``stream.poisson(rate)`` for each rate, in turn, would give."""

    __slots__ = ("_stream", "_key", "_rates", "_rows", "_next", "_start")

    def __init__(self, stream: np.random.Generator) -> None:
        self._stream = stream
        self._key: object = None
        """What the block was drawn for (the caller's list of groups, by identity)."""
        self._rates = np.zeros(0)
        self._rows: list[list[int]] = []
        self._next = 0
        self._start: dict | None = None
        """The stream's state before the block was drawn (to give back what is unused)."""

    def take(self, key: object, rates: list[float], ahead: int) -> list[int]:
        """This hour's count for each rate. ``key`` stands for the rates: a new key
        starts a new block (the unused rows of the old one given back first); ``ahead``
        is how many hours to draw when a block starts (no more than the run will still
        draw, so that at ENDEX nothing is left to give back)."""
        if key is not self._key or self._next >= len(self._rows):
            self.settle()
            self._key = key
            self._rates = np.array(rates, dtype=float)
            self._start = self._stream.bit_generator.state
            self._rows = self._stream.poisson(self._rates, size=(max(1, ahead), len(rates))).tolist()
        row = self._rows[self._next]
        self._next += 1
        return row

    def settle(self) -> None:
        """Give back the rows drawn and not taken: the stream goes back to where the
        block began and draws again only the rows taken (a Poisson count uses as many
        numbers as it needs, so the unused ones cannot simply be counted back)."""
        taken = self._next
        if taken < len(self._rows):
            self._stream.bit_generator.state = self._start
            if taken:
                self._stream.poisson(self._rates, size=(taken, len(self._rates)))
        self._key, self._rows, self._next, self._start = None, [], 0, None
