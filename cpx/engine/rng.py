"""Random streams: one numpy Generator per named subsystem, all from one seed.

A stream's seed is derived from the exercise seed and the crc32 of its name, so adding a
new stream (a new process, a new informant) never shifts the draws of another one:
stream ``name`` is ``PCG64(SeedSequence(seed, spawn_key=(crc32(name),)))``.

An exercise opens some thirty streams, and numpy's ``SeedSequence`` did a fifth of the
work of building one. Its hashing is short and documented (O'Neill's ``seed_seq``
alternative, numpy's compatibility guarantee covers it), and most of it depends on the
exercise seed alone: :class:`_StreamSeed` mixes the seed once per exercise and only the
name's word per stream, giving ``PCG64`` the very state words ``SeedSequence`` would
(tests/engine/test_stream_seeds.py holds it to numpy's own).
"""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np
from mypy_extensions import mypyc_attr
from numpy.random.bit_generator import ISeedSequence

_MASK32 = 0xFFFFFFFF
_POOL_SIZE = 4
_INIT_A, _MULT_A = 0x43B0D7E5, 0x931E8875
_INIT_B, _MULT_B = 0x8B51F9DD, 0x58F38DED
_MIX_MULT_L, _MIX_MULT_R = 0xCA01F9DD, 0x4973F715
_XSHIFT = 16


_NAMES: dict[str, int] = {}
"""Names of the streams exercises in this process have opened, with their crc32: the
next exercise works out all their state words at once (:meth:`Streams._preset`)."""
_MAX_NAMES = 4096


class Streams:
    """The exercise's random streams, created on first use and kept by name."""

    def __init__(self, seed: int) -> None:
        self.seed = int(seed)
        self._streams: dict[str, np.random.Generator] = {}
        self._mixed: _SeedMix | None = None
        self._words: dict[str, np.ndarray] = {}
        """PCG64's four state words of each stream named in :data:`_NAMES`."""

    def get(self, name: str) -> np.random.Generator:
        """The Generator named ``name`` (e.g. ``network.activity`` or ``informant:inf_a``)."""
        stream = self._streams.get(name)
        if stream is None:
            key = _NAMES.get(name)
            if key is None:
                key = zlib.crc32(name.encode())
                if len(_NAMES) < _MAX_NAMES:
                    _NAMES[name] = key
            # numpy's SeedSequence or one of ours (an ISeedSequence: PCG64 takes either,
            # though its stub names only SeedSequence)
            sequence: Any
            if self.seed < 0:  # numpy's own refusal, as before
                sequence = np.random.SeedSequence(self.seed, spawn_key=(key,))
            else:
                if self._mixed is None:
                    self._mixed = _SeedMix(self.seed)
                    self._words = self._preset(self._mixed)
                words = self._words.get(name)
                sequence = (_StreamSeed(self._mixed, key) if words is None
                            else _PresetSeed(self._mixed, key, words))
            stream = self._streams[name] = np.random.Generator(np.random.PCG64(sequence))
        return stream

    def _preset(self, mixed_seed: _SeedMix) -> dict[str, np.ndarray]:
        """The state words of every stream in :data:`_NAMES`, as :class:`_StreamSeed`
        makes them one by one, made together in numpy's 64-bit integers (an exercise
        opens some thirty streams, and the words of each, in Python integers, cost as
        much as the rest of opening it); ``mixed_seed`` is the exercise's seed, mixed."""
        if not _NAMES:
            return {}
        names = list(_NAMES)
        keys = np.array([_NAMES[n] for n in names], dtype=np.uint64)
        mask, shift = np.uint64(_MASK32), np.uint64(_XSHIFT)
        pool = []
        for mixed, (before, after) in zip(mixed_seed.mixer, mixed_seed.key_consts):
            value = ((keys ^ np.uint64(before)) * np.uint64(after)) & mask
            value ^= value >> shift
            result = (np.uint64((_MIX_MULT_L * mixed) & _MASK32)
                      - np.uint64(_MIX_MULT_R) * value) & mask  # mod 2**64, then 2**32
            pool.append(result ^ (result >> shift))
        words = []
        for i, (before, after) in enumerate(_PCG64_CONSTS):
            value = ((pool[i % _POOL_SIZE] ^ np.uint64(before)) * np.uint64(after)) & mask
            words.append(value ^ (value >> shift))
        high = np.uint64(32)
        state = np.stack([words[i] | (words[i + 1] << high) for i in range(0, 8, 2)], axis=1)
        return dict(zip(names, state))


# _SeedMix and the seed sequences are Python classes even when compiled (mypyc): numpy
# pickles and copies a stream with its seed sequence, which a compiled class refuses.
@mypyc_attr(native_class=False)
class _SeedMix:
    """``SeedSequence(seed, spawn_key=(k,))``'s pool mixed up to the spawn key's word:
    everything that does not depend on the stream's name, done once per exercise."""

    def __init__(self, seed: int) -> None:
        words = _uint32_words(seed)
        if len(words) < _POOL_SIZE:  # numpy pads the seed when there is a spawn key
            words += [0] * (_POOL_SIZE - len(words))
        hash_const = _INIT_A
        mixer = []
        for word in words[:_POOL_SIZE]:
            value, hash_const = _hashmix(word, hash_const)
            mixer.append(value)
        for src in range(_POOL_SIZE):
            for dst in range(_POOL_SIZE):
                if src != dst:
                    value, hash_const = _hashmix(mixer[src], hash_const)
                    mixer[dst] = _mix(mixer[dst], value)
        for word in words[_POOL_SIZE:]:
            for dst in range(_POOL_SIZE):
                value, hash_const = _hashmix(word, hash_const)
                mixer[dst] = _mix(mixer[dst], value)
        self.mixer = tuple(mixer)
        # the hash constant before and after each of the key's four hashmixes
        consts = []
        for _dst in range(_POOL_SIZE):
            after = (hash_const * _MULT_A) & _MASK32
            consts.append((hash_const, after))
            hash_const = after
        self.key_consts = tuple(consts)

    def pool(self, key: int) -> list[int]:
        """The pool of the seed with spawn key ``(key,)`` (a 32-bit crc)."""
        pool = []
        for mixed, (before, after) in zip(self.mixer, self.key_consts):
            value = ((key ^ before) * after) & _MASK32  # _hashmix, constants worked out
            value ^= value >> _XSHIFT
            result = (_MIX_MULT_L * mixed - _MIX_MULT_R * value) & _MASK32  # _mix
            pool.append(result ^ (result >> _XSHIFT))
        return pool


def _state_consts(n_words: int) -> tuple[tuple[int, int], ...]:
    """The hash constant before and after each word of ``generate_state``."""
    consts, hash_const = [], _INIT_B
    for _i in range(n_words):
        after = (hash_const * _MULT_B) & _MASK32
        consts.append((hash_const, after))
        hash_const = after
    return tuple(consts)


_PCG64_CONSTS = _state_consts(8)
"""The constants of the eight 32-bit words PCG64 asks for (four 64-bit ones)."""


@mypyc_attr(native_class=False)
class _StreamSeed(ISeedSequence):
    """The seed sequence of one stream: what ``SeedSequence(seed, spawn_key=(key,))``
    gives ``PCG64`` (its ``generate_state``), from the exercise's :class:`_SeedMix`."""

    def __init__(self, mixed: _SeedMix, key: int) -> None:
        self._pool = mixed.pool(key)

    @property
    def pool(self) -> list[int]:
        """The seed's pool (``SeedSequence.pool``), as a list of ints."""
        # a property (not an attribute) so that _PresetSeed can work it out on request
        return self._pool

    def generate_state(self, n_words: int, dtype=np.uint32) -> np.ndarray:
        """``n_words`` words of state, as ``SeedSequence.generate_state`` makes them."""
        if n_words == 4 and dtype is np.uint64:  # what PCG64 asks for: no dtype to look up
            pool, words = self.pool, []
            for i, (before, after) in enumerate(_PCG64_CONSTS):
                value = ((pool[i & 3] ^ before) * after) & _MASK32
                words.append(value ^ (value >> _XSHIFT))
            return np.array([words[0] | words[1] << 32, words[2] | words[3] << 32,
                             words[4] | words[5] << 32, words[6] | words[7] << 32],
                            dtype=np.uint64)
        out_dtype = np.dtype(dtype)
        if out_dtype == np.dtype(np.uint64):
            n_words *= 2
        elif out_dtype != np.dtype(np.uint32):
            raise TypeError("only support uint32 or uint64")
        consts = _PCG64_CONSTS if n_words == 8 else _state_consts(n_words)
        pool, state = self.pool, []
        for i, (before, after) in enumerate(consts):
            value = ((pool[i % _POOL_SIZE] ^ before) * after) & _MASK32
            state.append(value ^ (value >> _XSHIFT))
        if out_dtype == np.dtype(np.uint64):  # pairs of words, the first the low half
            return np.array([state[i] | state[i + 1] << 32 for i in range(0, n_words, 2)],
                            dtype=np.uint64)
        return np.array(state, dtype=np.uint32)


@mypyc_attr(native_class=False)
class _PresetSeed(_StreamSeed):
    """A stream's seed sequence whose PCG64 state words were worked out beforehand
    (:meth:`Streams._preset`); any other request is made as :class:`_StreamSeed` makes it."""

    def __init__(self, mixed: _SeedMix, key: int, words: np.ndarray) -> None:
        self._mixed_key = (mixed, key)
        self._words = words

    @property
    def pool(self) -> list[int]:  # only for a request other than PCG64's
        mixed, key = self._mixed_key
        return mixed.pool(key)

    def generate_state(self, n_words: int, dtype=np.uint32) -> np.ndarray:
        if n_words == 4 and dtype is np.uint64:
            return self._words.copy()
        return super().generate_state(n_words, dtype)


def _uint32_words(n: int) -> list[int]:
    """A non-negative integer as 32-bit words, least significant first (numpy's way)."""
    words = [n & _MASK32]
    n >>= 32
    while n:
        words.append(n & _MASK32)
        n >>= 32
    return words


def _hashmix(value: int, hash_const: int) -> tuple[int, int]:
    value ^= hash_const
    hash_const = (hash_const * _MULT_A) & _MASK32
    value = (value * hash_const) & _MASK32
    return value ^ (value >> _XSHIFT), hash_const


def _mix(x: int, y: int) -> int:
    result = (_MIX_MULT_L * x - _MIX_MULT_R * y) & _MASK32
    return result ^ (result >> _XSHIFT)
