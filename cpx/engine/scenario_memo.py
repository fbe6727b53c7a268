"""What depends only on the scenario, worked out once per scenario object in a process.

A sweep worker plays many seeds of one scenario: the world's records at STARTEX, the
network's ties in order, a profile's bounds are the same in every run, so they are
built once and kept beside the scenario object (frozen, as every scenario model is)
for as long as it lives. Whoever takes a kept value must not change it: it is copied
where a run changes what it holds.
"""

from __future__ import annotations

import weakref
from typing import Any, Callable, TypeVar

T = TypeVar("T")

_KEPT: dict[tuple[int, str], tuple[weakref.ref, Any]] = {}


def per_scenario(scenario: Any, name: str, build: Callable[[Any], T]) -> T:
    """``build(scenario)``, worked out once for this scenario object and kept under ``name``
    until the object is gone (keyed by identity: a scenario read again is built again)."""
    key = (id(scenario), name)
    kept = _KEPT.get(key)
    if kept is not None and kept[0]() is scenario:
        return kept[1]
    value = build(scenario)
    _KEPT[key] = (weakref.ref(scenario, lambda _gone, key=key: _KEPT.pop(key, None)), value)
    return value
