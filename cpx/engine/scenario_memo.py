"""What depends only on the scenario, worked out once per scenario object in a process.

A sweep worker plays many seeds of one scenario: the world's records at STARTEX, the
network's ties in order, a profile's bounds, travel times between its locations, the
towns a wrong report may name are the same in every run, so they are built once and
kept beside the scenario object (frozen, as every scenario model is) for as long as it
lives. A kept value must depend on nothing else (not the seed, not the world's state),
and whoever takes one must not change it: it is copied where a run changes what it holds.
"""

from __future__ import annotations

import weakref
from functools import partial
from typing import Any, Callable, TypeVar

T = TypeVar("T")

_FACTS: dict[int, tuple[weakref.ref, dict[str, Any]]] = {}
"""id(scenario) -> (a weak reference to it, its facts by name)."""


def facts_of(scenario: Any) -> dict[str, Any]:
    """The facts kept for ``scenario`` (a dict the caller fills), dropped with it."""
    key = id(scenario)
    entry = _FACTS.get(key)
    if entry is None or entry[0]() is not scenario:  # an id may be reused once freed
        ref = weakref.ref(scenario, partial(_drop, key))  # _drop(key, ref) once it is gone
        entry = _FACTS[key] = (ref, {})
    return entry[1]


def kept(scenario: Any, name: str, make: Callable[[], T]) -> T:
    """The fact called ``name`` of ``scenario``: ``make()`` the first time, then kept."""
    facts = facts_of(scenario)
    try:
        return facts[name]
    except KeyError:
        fact = facts[name] = make()
        return fact


def per_scenario(scenario: Any, name: str, build: Callable[[Any], T]) -> T:
    """``build(scenario)``, worked out once for this scenario object and kept under ``name``
    until the object is gone (keyed by identity: a scenario read again is built again)."""
    return kept(scenario, name, lambda: build(scenario))


def _drop(key: int, gone: weakref.ref) -> None:
    entry = _FACTS.get(key)
    if entry is not None and entry[0] is gone:  # not a newer scenario at the same id
        del _FACTS[key]
