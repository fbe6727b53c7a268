"""Leaks: corrupt officials pass on planned orders of the agencies they sit in.

An order leaks when it involves a unit of the official's agency or passes through it
(a warrant request through the prosecutor's office, a border alert through the border
police). Frozen assets mean less money for bribes, so leaks become rarer (DESIGN §5b).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpx.engine import events as ev
from cpx.engine.draws import UniformDraws
from cpx.engine.orders import Order

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise
    from cpx.scenario.models import CorruptOfficial

PASSES_THROUGH = {
    "request_warrant": ("prosecutor", "court"),
    "border_alert": ("border_police",),
    "cross_border_request": ("international_police",),
    "inspect": ("labour_inspectorate",),
}
"""Agency kinds an order of this verb passes through besides the ordered unit's agency."""
OPERATIONAL = ("surveil", "request_warrant", "raid", "arrest", "financial_investigation",
               "border_alert", "cross_border_request", "inspect")
"""Verbs that plan an operation against the network (what an official would pass on)."""
_OPERATIONAL = frozenset(OPERATIONAL)
LEAK_WARNING = 2 * 1440
"""How long a warned member keeps away from the places named in a leak."""


class Leaks:
    """Decides, per accepted order, whether a corrupt official leaks it."""

    def __init__(self, ex: "Exercise") -> None:
        self.ex = ex
        self.rng = UniformDraws(ex.streams.get("leaks"))  # drawn with random() only
        self.officials = list(ex.scenario.network.corrupt_officials)
        self._bribes_cut = any(m.assets_frozen for m in ex.world.members.values())
        """Whether some member's assets were frozen (see :meth:`chance`): set here and,
        when a financial investigation freezes assets, by :meth:`assets_frozen` (assets
        are frozen nowhere else, and stay frozen)."""
        self._seeing: dict[tuple[str, str | None], tuple] = {}
        """(verb, unit) -> the officials whose agency sees such an order (the agencies
        and the units' agencies are the scenario's: they never change in a run)."""

    def agencies_involved(self, order: Order) -> list[str]:
        """The agencies that see an order: the unit's, and those it passes through."""
        involved = []
        if order.unit and order.unit in self.ex.world.units:
            involved.append(self.ex.world.units[order.unit].agency)
        kinds = PASSES_THROUGH.get(order.verb, ())
        if kinds:
            involved.extend(self.ex.agencies.of_kind(*kinds))
        return involved

    def consider(self, order: Order, order_id: str) -> None:
        """Draw, for each official who can see the order, whether it leaks."""
        if not self.officials or order.verb not in _OPERATIONAL:
            return
        key = (order.verb, order.unit)
        seeing = self._seeing.get(key)
        if seeing is None:
            involved = self.agencies_involved(order)
            seeing = self._seeing[key] = tuple(o for o in self.officials
                                               if o.agency in involved)
        world = self.ex.world
        for official in seeing:
            if not world.active_member(official.member) or official.member in world.suspended:
                continue  # a suspended official no longer sees the agency's plans
            if self.rng.random() < self.chance(official):
                self.ex.later(int(official.leak_delay), self._leak, official, order, order_id)

    def chance(self, official: CorruptOfficial) -> float:
        """The chance the official leaks an order now: halved once assets are frozen."""
        return official.leak_probability * (0.5 if self._bribes_cut else 1.0)

    def assets_frozen(self) -> None:
        """A member's assets were frozen: less money for bribes from now on."""
        self._bribes_cut = True

    def _leak(self, official: CorruptOfficial, order: Order, order_id: str) -> None:
        world = self.ex.world
        if not world.active_member(official.member) or official.member in world.suspended:
            return  # arrested or suspended before passing it on
        targets = self._cells(order)
        self.ex.emit(ev.LEAK, {"official": official.member, "agency": official.agency,
                               "order_id": order_id, "target": order.target,
                               "verb": order.verb})
        for cell in targets:
            if cell in world.members:
                member = world.members[cell]
                member.avoiding_until = max(member.avoiding_until, self.ex.now + LEAK_WARNING)
            elif cell in world.venues and world.venues[cell].manager:
                from cpx.engine.reactions import members_of
                for mid in members_of(self.ex, cell):
                    m = world.members[mid]
                    m.avoiding_until = max(m.avoiding_until, self.ex.now + LEAK_WARNING)
            self.ex.doctrine.pressure(cell, "leak")

    def _cells(self, order: Order) -> list[str]:
        world = self.ex.world
        target = order.target
        if target in world.members or target in world.venues:
            return [target]
        if order.verb == "border_alert":
            return sorted({leg[3] for r in world.routes.values() for leg in r.legs
                           if leg[3] and target in (leg[0], leg[1])})
        return []
