"""Each random stream is seeded exactly as numpy's SeedSequence seeds it.

:class:`cpx.engine.rng.Streams` derives a stream's state words itself (mixing the
exercise seed once, the stream name's crc per stream) instead of building a numpy
``SeedSequence`` for each; the words, and so every draw, must be numpy's.
"""

from __future__ import annotations

import pickle
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpx.engine.rng import Streams, _SeedMix, _StreamSeed

NAMES = ["network.activity", "arrivals:kestrian_women_south", "informant:inf_owl", "", "é"]


def numpys(seed: int, name: str) -> np.random.Generator:
    """The stream as numpy's own SeedSequence makes it."""
    key = zlib.crc32(name.encode())
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(key,))))


@pytest.mark.parametrize("seed", [0, 1, 2, 7, 4242, 2 ** 32 - 1, 2 ** 32, 2 ** 64 + 5,
                                  2 ** 128 - 1, 2 ** 128, 2 ** 160 + 3, 2 ** 200 + 2 ** 31])
def test_streams_start_where_numpys_start(seed):
    streams = Streams(seed)
    for name in NAMES:
        mine, theirs = streams.get(name), numpys(seed, name)
        assert mine.bit_generator.state == theirs.bit_generator.state
        assert mine.random(5).tolist() == theirs.random(5).tolist()
        assert streams.get(name) is mine  # kept by name


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2 ** 140), st.integers(0, 2 ** 32 - 1))
def test_state_words_are_seedsequences(seed, key):
    sequence = np.random.SeedSequence(seed, spawn_key=(key,))
    mine = _StreamSeed(_SeedMix(seed), key)
    assert mine.pool == sequence.pool.tolist()
    for n_words in (1, 4, 8, 9):
        for dtype in (np.uint32, np.uint64):
            assert mine.generate_state(n_words, dtype).tolist() == \
                sequence.generate_state(n_words, dtype).tolist()


def test_a_negative_seed_is_refused_as_numpy_refuses_it():
    with pytest.raises(ValueError):
        np.random.SeedSequence(-1)
    with pytest.raises(ValueError):
        Streams(-1).get("network.activity")


def test_a_stream_pickles_and_goes_on_drawing_the_same():
    stream = Streams(3).get("network.daily")
    stream.random(4)
    copy = pickle.loads(pickle.dumps(stream))
    assert copy.random(6).tolist() == stream.random(6).tolist()


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2 ** 130), names=st.lists(st.text(max_size=12), min_size=1, max_size=6, unique=True))
def test_streams_whose_words_were_worked_out_beforehand_are_numpys(seed, names):
    """A second exercise works out the words of the streams the first opened all at once
    (Streams._preset, numpy's integers): the same streams as numpy's SeedSequence."""
    first = Streams(seed + 1)
    for name in names:
        first.get(name)
    streams = Streams(seed)
    for name in names + ["not opened before" * (seed % 3 + 1)]:
        mine, theirs = streams.get(name), numpys(seed, name)
        assert mine.bit_generator.state == theirs.bit_generator.state
        assert mine.random(3).tolist() == theirs.random(3).tolist()
    assert set(names) <= set(streams._words)
    seq = streams.get(names[0]).bit_generator.seed_seq
    key = zlib.crc32(names[0].encode())
    assert seq.generate_state(8).tolist() == np.random.SeedSequence(
        seed, spawn_key=(key,)).generate_state(8).tolist()
