"""Orders the player cell gives, and the engine's answer to each.

An :class:`Order` is plain data in the shape orders files, the UI and the journal use;
:mod:`cpx.engine.order_handlers` validates it against the world and, when accepted,
runs it as a SimPy process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, get_args

from cpx.errors import CpxError
from cpx.scenario.models import OrderVerb

VERBS: tuple[str, ...] = get_args(OrderVerb)
"""The order vocabulary (the scenario's ``OrderVerb``)."""


@dataclass(frozen=True)
class Order:
    """One order: a verb, the unit that carries it out, what it is aimed at, and details."""

    verb: str
    """One of :data:`VERBS`."""
    unit: str | None = None
    """The id of the unit ordered (none for requests that go to a partner agency)."""
    target: str | None = None
    """The id of the member, venue, person, informant, location or client group aimed at."""
    params: dict[str, Any] = field(default_factory=dict)
    """Details as plain values, e.g. ``{"hours": 8}`` or ``{"support": "ngo_hope"}``."""

    def to_dict(self) -> dict[str, Any]:
        """The order as orders files, the UI and the journal write it (sorted params)."""
        return {
            "verb": self.verb,
            "unit": self.unit,
            "target": self.target,
            "params": {k: self.params[k] for k in sorted(self.params)},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Order":
        """The order from its dict shape; a malformed one raises :class:`CpxError`."""
        if not isinstance(data, dict) or "verb" not in data:
            raise CpxError(f"an order needs at least a 'verb': got {data!r}", "Bad order")
        unknown = sorted(set(data) - {"verb", "unit", "target", "params"})
        if unknown:
            raise CpxError(
                f"unknown order keys {unknown}; use verb, unit, target and params", "Bad order"
            )
        verb = str(data["verb"])
        if verb not in VERBS:
            raise CpxError(f"unknown order verb {verb!r}; use one of {', '.join(VERBS)}",
                           "Bad order")
        params = data.get("params") or {}
        if not isinstance(params, dict):
            raise CpxError("an order's params must be a mapping", "Bad order")
        unit = data.get("unit")
        target = data.get("target")
        return cls(
            verb=verb,
            unit=None if unit is None else str(unit),
            target=None if target is None else str(target),
            params=dict(params),
        )


@dataclass(frozen=True)
class OrderResult:
    """The engine's answer to a submitted order."""

    accepted: bool
    """Whether the order is being carried out."""
    reason: str = ""
    """Why it was rejected (empty when accepted); built only from what the cell may know."""
    order_id: str | None = None
    """The id given to an accepted order (``o1``, ``o2`` …), named by later events."""

    def to_dict(self) -> dict[str, Any]:
        """The result as the journal writes it."""
        return {"accepted": self.accepted, "reason": self.reason, "order_id": self.order_id}
