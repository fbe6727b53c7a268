"""Which of the cell's own units can carry out an order, and why the others cannot.

The order form lists the units that can do the order first and the others greyed with
the reason (no capability, off duty, busy, outside their jurisdiction). Only what the
cell may know is read: its own units and agencies from the scenario (public), their
status from the cell's picture, where a target is from the picture. The engine's order
desk still decides; this only saves the trainee a rejection.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cpx.engine.order_handlers import NEEDS, UNIT_OPTIONAL
from cpx.scenario.models import Scenario
from cpx.scenario.timefmt import minutes_to_clock
from cpx.tui.presenting.duty import duty_word


REACH_VERBS = frozenset({"surveil", "raid", "arrest", "inspect"})
"""Orders carried out where the target is: the unit's agency must have jurisdiction there."""


@dataclass(frozen=True, slots=True)
class UnitChoice:
    """One own unit as an order form offers it."""

    unit: str
    """The unit's id (what the order carries)."""
    label: str
    """Callsign and what it is doing, as the trainee reads it."""
    reason: str = ""
    """Why it cannot carry out the order now; empty when it can."""


def needed_capability(verb: str) -> str | None:
    """The capability a unit needs to carry out ``verb`` (None: the verb takes no unit)."""
    return NEEDS.get(verb) or UNIT_OPTIONAL.get(verb)


class UnitFit:
    """Answers "which units can do this order" for one cell."""

    def __init__(self, scenario: Scenario, cell: str) -> None:
        own = [a for a in scenario.agencies if a.player_cell == cell]
        self._units = {u.id: u for a in own for u in a.units}
        self._agency_of = {u.id: a for a in own for u in a.units}
        self._locations = {loc.id: loc for loc in scenario.region.locations}
        self._startex_minute = scenario.meta.startex.hour * 60 + scenario.meta.startex.minute

    def controlled_crossings(self) -> tuple[str, ...]:
        """Border crossings in the jurisdiction of one of the cell's own agencies."""
        mine = {j for a in self._agency_of.values() for j in a.jurisdictions}
        return tuple(loc.id for loc in self._locations.values()
                     if loc.kind == "border_crossing" and loc.jurisdiction in mine)

    def choices(self, verb: str, target: str | None,
                picture: dict[str, Any]) -> list[UnitChoice]:
        """Every own unit for ``verb`` on ``target``: those that can do it first."""
        need = needed_capability(verb)
        status = {u["id"]: u for u in picture.get("units", ())}
        where = _location_of(target, picture)
        out = []
        for uid, unit in self._units.items():
            seen = status.get(uid, {})
            label = f"{unit.callsign} · {self.duty(seen)}"
            out.append(UnitChoice(uid, label, self._reason(uid, verb, need, seen, where)))
        return sorted(out, key=lambda c: bool(c.reason))

    def duty(self, seen: dict[str, Any]) -> str:
        """A unit's duty state in words, with when it is free when busy."""
        state = duty_word(seen.get("status"))
        eta = seen.get("eta")
        if isinstance(eta, int):
            word = "arrives" if seen.get("status") == "en_route" else "free"
            state += f", {word} {minutes_to_clock(eta, self._startex_minute)}"
        return state

    def _reason(self, uid: str, verb: str, need: str | None, seen: dict[str, Any],
                where: str | None) -> str:
        unit = self._units[uid]
        if need and need not in unit.capabilities:
            return f"no {need} capability"
        status = seen.get("status", "available")
        if status == "off_duty":
            return f"its shift starts {unit.shift.start}"
        if status != "available":
            return "busy"
        if verb in REACH_VERBS and where is not None and where in self._locations:
            jurisdiction = self._locations[where].jurisdiction
            if jurisdiction not in self._agency_of[uid].jurisdictions:
                return f"{self._locations[where].name} is outside its jurisdiction"
        return ""


def _location_of(target: str | None, picture: dict[str, Any]) -> str | None:
    """Where the cell believes ``target`` is (a location id), from its picture."""
    if not target:
        return None
    for key in ("places", "people"):
        for entry in picture.get(key, ()):
            if entry.get("id") == target:
                return entry.get("location")
    return None
