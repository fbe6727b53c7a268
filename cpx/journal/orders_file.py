"""Orders files: a scripted list of orders for ``cpx run --orders FILE``.

An orders file is YAML, a list of orders in the shape the UI submits, each with the
exercise time it is given at::

    - at: "D1 10:00"
      order: {verb: surveil, unit: vpr1, target: club_lotus}
    - at: "D2 06:00"
      order:
        verb: raid
        unit: sia1
        target: club_lotus
        params: {support: ngo_team}

Every mistake is reported with the file and line of the order it is in. The orders are
returned sorted by time; orders at the same time keep the file's order.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import yaml

from cpx.errors import CpxError
from cpx.scenario.models import OrderVerb
from cpx.scenario.timefmt import TimeFormatError, clock_to_minutes

VERBS: tuple[str, ...] = get_args(OrderVerb)
_ITEM_KEYS = {"at", "order"}
_ORDER_KEYS = {"verb", "unit", "target", "params"}


@dataclass(frozen=True, slots=True)
class PlannedOrder:
    """One order of an orders file: when (minutes since STARTEX) and what."""

    t: int
    at: str
    order: dict[str, Any]
    """``{verb, unit, target, params}`` as ``Order.from_dict`` takes it."""
    line: int
    """The file line the item starts on (1-based), for messages."""


def load_orders(path: str | os.PathLike[str], startex_minute_of_day: int) -> list[PlannedOrder]:
    """Read and check an orders file; ``startex_minute_of_day`` places ``Dn HH:MM`` times."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CpxError(f"cannot read {path}: {error.strerror}", "Orders file") from None
    return parse_orders(text, startex_minute_of_day, str(path))


def parse_orders(text: str, startex_minute_of_day: int, source: str = "<orders>") -> list[PlannedOrder]:
    """Parse the text of an orders file (see the module docstring)."""

    def fail(line: int, message: str) -> CpxError:
        return CpxError(f"{source}:{line}: {message}", "Invalid orders file")

    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return []
        if not isinstance(root, yaml.SequenceNode):
            raise fail(root.start_mark.line + 1, "an orders file is a list of '- at: … order: …' items")
        planned = []
        for node in root.value:
            line = node.start_mark.line + 1
            item = loader.construct_object(node, deep=True)
            planned.append(_planned(item, line, startex_minute_of_day, fail))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise fail(line, f"not valid YAML: {error.problem or error}") from None
    finally:
        loader.dispose()
    return sorted(planned, key=lambda p: p.t)


def _planned(item: Any, line: int, startex: int, fail: Any) -> PlannedOrder:
    if not isinstance(item, dict):
        raise fail(line, "each item needs 'at' (e.g. 'D1 10:00') and 'order'")
    unknown = sorted(set(map(str, item)) - _ITEM_KEYS)
    if unknown:
        raise fail(line, f"unknown key {unknown[0]!r}; an item has only 'at' and 'order'")
    for key in ("at", "order"):
        if key not in item:
            raise fail(line, f"the item has no {key!r}")
    at = item["at"]
    try:
        t = clock_to_minutes(at, startex) if isinstance(at, str) else None
    except TimeFormatError as error:
        raise fail(line, str(error)) from None
    if t is None:
        raise fail(line, f"'at' must be an exercise time like 'D1 10:00', not {at!r}")
    if t < 0:
        raise fail(line, f"{at} is before STARTEX")
    order = item["order"]
    if not isinstance(order, dict):
        raise fail(line, "'order' must be a mapping: {verb, unit, target, params}")
    unknown = sorted(set(map(str, order)) - _ORDER_KEYS)
    if unknown:
        raise fail(line, f"unknown order key {unknown[0]!r}; use verb, unit, target, params")
    verb = order.get("verb")
    if verb not in VERBS:
        raise fail(line, f"unknown verb {verb!r}; one of: {', '.join(VERBS)}")
    for key in ("unit", "target"):
        if order.get(key) is not None and not isinstance(order[key], str):
            raise fail(line, f"{key!r} must be an id, not {order[key]!r}")
    params = order.get("params") or {}
    if not isinstance(params, dict):
        raise fail(line, "'params' must be a mapping")
    shaped = {
        "verb": verb,
        "unit": order.get("unit"),
        "target": order.get("target"),
        "params": params,
    }
    return PlannedOrder(t=t, at=at.strip(), order=shaped, line=line)
