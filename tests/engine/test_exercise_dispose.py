"""Exercise.dispose: a sweep's worker lets go of a finished run so that reference counting,
not the cycle collector, frees it; what the run produced is the same with or without it."""

from __future__ import annotations

import gc
import weakref

from cpx.engine.exercise import Exercise
from engine_world import scenario


def _played(seed: int) -> Exercise:
    ex = Exercise(scenario(), seed)
    ex.play_cells({cell: "baseline" for cell in ex.cells})
    ex.run_until(ex.end)
    return ex


def test_disposing_frees_the_run_without_the_collector():
    gc.collect()
    ex = _played(3)
    alive = [weakref.ref(ex), weakref.ref(ex.world), weakref.ref(ex.network),
             weakref.ref(ex.env)]
    gc.disable()
    try:
        ex.dispose()
        del ex
        assert all(ref() is None for ref in alive)
        found = gc.collect()
    finally:
        gc.enable()
    # what is left is small: processes still waiting on a SimPy event, if any
    assert found < 200
