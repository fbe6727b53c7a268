"""Random streams: one numpy Generator per named subsystem, all from one seed.

A stream's seed is derived from the exercise seed and the crc32 of its name, so adding a
new stream (a new process, a new informant) never shifts the draws of another one.
"""

from __future__ import annotations

import zlib

import numpy as np


class Streams:
    """The exercise's random streams, created on first use and kept by name."""

    def __init__(self, seed: int) -> None:
        self.seed = int(seed)
        self._streams: dict[str, np.random.Generator] = {}

    def get(self, name: str) -> np.random.Generator:
        """The Generator named ``name`` (e.g. ``network.arrivals`` or ``informant:inf_a``)."""
        stream = self._streams.get(name)
        if stream is None:
            sequence = np.random.SeedSequence(self.seed, spawn_key=(zlib.crc32(name.encode()),))
            stream = self._streams[name] = np.random.Generator(np.random.PCG64(sequence))
        return stream
