"""Integrity checks: internal affairs act on reports that an official works for the network.

An ``integrity_check`` on a person the cell knows runs for the scenario's covert or overt
time (``internal_affairs``). If the person really is one of the network's corrupt
officials, the inquiry may reach the network first (seeded, far likelier when the
official is questioned openly): the official warns the members he deals with, who lie low
and move what they can (a ``leak`` pressure on each), and the inquiry finds nothing that
would stand up. Otherwise a corrupt official is found and suspended: no more leaks and no
more false reports from him, and the internal-affairs file is evidence against him.
An honest official is cleared; nothing is tipped off.

The cell hears the outcome in words only (a reply and ``order.completed``); what really
happened is in the EXCON ``integrity.check`` events. Randomness: the ``integrity`` stream.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generator, cast

from cpx.engine import events as ev
from cpx.engine.leaks import LEAK_WARNING
from cpx.engine.outcomes import add_evidence, done
from cpx.scenario.orders import IntegrityCheckParams

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise
    from cpx.engine.orders import Order
    from cpx.engine.world import UnitState

AGENCY = "internal_affairs"
"""The sender of internal affairs' replies when the cell has no units (otherwise its own
service, of which internal affairs are a department)."""
FILE_WEIGHT = 0.3
"""Case strength the internal-affairs file adds against a corrupt official found."""


class Integrity:
    """Internal affairs as the engine plays them, and who is suspended."""

    def __init__(self, ex: "Exercise") -> None:
        self.ex = ex
        self.rules = ex.scenario.internal_affairs
        self.officials = {o.member: o for o in ex.scenario.network.corrupt_officials}
        self.under_check: list[str] = []
        """Persons an inquiry is running on (no second one meanwhile)."""
        self.rng = ex.streams.get("integrity")

    def is_corrupt(self, member: str) -> bool:
        """Whether the person really works for the network from inside an agency."""
        spec = self.ex.world.members.get(member)
        return member in self.officials or (spec is not None and "corrupt_official" in spec.roles)

    def check(self, ex: "Exercise", order: Order, order_id: str, cell: str,
              unit: UnitState | None) -> Generator[int, Any, None]:
        """The process of an accepted ``integrity_check`` (the person counts as
        under inquiry from the moment the order is accepted)."""
        self.under_check.append(cast(str, order.target))  # accepted: a person
        return self._inquiry(ex, order, order_id, cell, unit)

    def _inquiry(self, ex: "Exercise", order: Order, order_id: str, cell: str,
                 unit: UnitState | None) -> Generator[int, Any, None]:
        target = cast(str, order.target)  # accepted: a person
        approach = cast(IntegrityCheckParams, order.details()).approach
        covert = approach == "covert"
        duration = int(self.rules.covert_duration if covert else self.rules.overt_duration)
        corrupt = self.is_corrupt(target) and ex.world.active_member(target)
        chance = self.rules.covert_tip_off if covert else self.rules.overt_tip_off
        # Drawn for every check, corrupt or not, so one check never shifts another's draw.
        tipped = bool(self.rng.random() < chance) and corrupt
        ex.emit(ev.INTEGRITY_CHECK, {"target": target, "order_id": order_id,
                                     "approach": approach, "step": "opened",
                                     "corrupt": corrupt, "suspended": False})
        if tipped:
            yield duration // 2
            self._tip_off(target, order_id, approach)
            yield duration - duration // 2
        else:
            yield duration
        self.under_check.remove(target)
        name = ex.world.members[target].name
        found = corrupt and not tipped and ex.world.active_member(target)
        if found:
            ex.world.suspended.append(target)
            add_evidence(ex, target, "document", FILE_WEIGHT,
                         f"Internal affairs file: {name} took payments from the venues and "
                         "passed on police plans.", cell)
            text = (f"Internal affairs found evidence that {name} took payments and passed "
                    "on police plans; suspended from duty, the file goes to the prosecutor.")
            outcome = "corruption found: suspended"
        else:
            text = (f"Internal affairs found nothing against {name} that would stand up; "
                    "the inquiry is closed.")
            outcome = "nothing found"
        ex.emit(ev.INTEGRITY_CHECK, {"target": target, "order_id": order_id,
                                     "approach": approach, "step": "result",
                                     "corrupt": corrupt, "suspended": found})
        ex.emit(ev.REPLY, {"agency": self._service(cell), "text": text, "order_id": order_id},
                cell)
        done(ex, order, order_id, cell, unit, outcome)

    def _service(self, cell: str) -> str:
        """The cell's own service, whose internal affairs answer (its first unit's agency)."""
        agencies = [u.agency for u in sorted(self.ex.world.units.values(), key=lambda u: u.id)
                    if u.cell == cell]
        return agencies[0] if agencies else AGENCY

    def _tip_off(self, official: str, order_id: str, approach: str) -> None:
        """The official hears of the inquiry and warns the members he deals with."""
        ex, world = self.ex, self.ex.world
        ex.emit(ev.INTEGRITY_CHECK, {"target": official, "order_id": order_id,
                                     "approach": approach, "step": "tipped_off",
                                     "corrupt": True, "suspended": False})
        warned = [official] + [p for _kind, p in ex.network.tie_partners(official)
                               if world.active_member(p)]
        for member_id in dict.fromkeys(warned):
            member = world.members[member_id]
            member.avoiding_until = max(member.avoiding_until, ex.now + LEAK_WARNING)
            ex.doctrine.pressure(member_id, "leak")
