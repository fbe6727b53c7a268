"""Facts that depend on the scenario alone, worked out once per scenario object.

A sweep worker plays many seeds of one scenario: what follows from the scenario alone
(travel times between its locations, the towns a wrong report may name) is the same in
every run, and need not be worked out again for each. :func:`kept` keeps such facts per
scenario object, for as long as that object lives. A scenario is not changed once
loaded; a fact kept here must depend on nothing else (not on the seed, not on the
world's state).
"""

from __future__ import annotations

import weakref
from typing import Any, Callable

_FACTS: dict[int, tuple[weakref.ref, dict[str, Any]]] = {}
"""id(scenario) -> (a weak reference to it, its facts by name)."""


def facts_of(scenario: Any) -> dict[str, Any]:
    """The facts kept for ``scenario`` (a dict the caller fills), dropped with it."""
    key = id(scenario)
    entry = _FACTS.get(key)
    if entry is None or entry[0]() is not scenario:  # an id may be reused once freed
        ref = weakref.ref(scenario, lambda _gone, key=key: _drop(key, _gone))
        entry = _FACTS[key] = (ref, {})
    return entry[1]


def kept(scenario: Any, name: str, make: Callable[[], Any]) -> Any:
    """The fact called ``name`` of ``scenario``: ``make()`` the first time, then kept."""
    facts = facts_of(scenario)
    try:
        return facts[name]
    except KeyError:
        fact = facts[name] = make()
        return fact


def _drop(key: int, gone: weakref.ref) -> None:
    entry = _FACTS.get(key)
    if entry is not None and entry[0] is gone:  # not a newer scenario at the same id
        del _FACTS[key]
