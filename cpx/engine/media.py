"""Public information: the cell answers the media, and the network reads the papers too.

A ``public_statement`` about a venue, a client group, a suspect or a person met takes one
of three lines:

* ``victim_centred`` — people exploited are victims, protected and not punished, and can
  ask for help; no operational detail. The network learns nothing it can use, and a
  victim still held somewhere may take the chance and contact victim support (seeded:
  ``public_information.victim_response``), which names the place she or he is kept.
  People who hear it trust the police a little more when interviewed (each person once,
  :data:`STATEMENT_TRUST`): a victim who fears deportation talks more freely once told
  that victims are not punished.
* ``enforcement`` — what the police do against the venues and the foreigners found
  there ("will they be deported?"): operational detail the network reads, raising the
  alert of the venues concerned (a share of a leak's raise), and nothing that would
  make a victim come forward.
* ``no_comment`` — nothing is said and nothing follows; the story runs anyway.

The statement itself is ground truth for the debrief (EXCON ``media.statement``: its line
and whether it revealed detail); the cell sees its order completed, and any call to
victim support as a reply. Randomness: the ``media`` stream.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generator, cast

from cpx.engine import events as ev
from cpx.engine.agencies import describe
from cpx.engine.outcomes import done
from cpx.engine.rounding import rounded
from cpx.scenario.orders import PublicStatementParams

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise
    from cpx.engine.orders import Order
    from cpx.engine.world import UnitState

DRAFTING = 30
"""Minutes the press office takes to clear a statement."""
SAID = {
    "victim_centred": "People exploited in these venues are victims: they will be protected, "
                      "not punished, and anyone who needs help can call victim support.",
    "enforcement": "Police are acting against the venues named, and foreigners found there "
                   "without papers will be dealt with under immigration law.",
    "no_comment": "No comment on an ongoing matter.",
}
"""What each line says, as the cell's order outcome quotes it."""
STATEMENT_TRUST = 0.05
"""Trust a victim-centred statement adds to each person it reaches (once per person)."""
HEARD_BY = ("held", "met", "referred", "in_custody")
"""Where a person is when a statement can still reach them (not after leaving the country)."""


class PressOffice:
    """Statements to the media and what follows them."""

    def __init__(self, ex: "Exercise") -> None:
        self.ex = ex
        self.rules = ex.scenario.public_information
        self.rng = ex.streams.get("media")
        self.reassured: set[str] = set()
        """People whose trust a victim-centred statement already raised."""

    def statement(self, ex: "Exercise", order: Order, order_id: str, cell: str,
                  unit: UnitState | None) -> Generator[int, Any, None]:
        """The process of an accepted ``public_statement``."""
        line = cast(PublicStatementParams, order.details()).line
        yield DRAFTING
        reveals, victim_centred = line == "enforcement", line == "victim_centred"
        ex.emit(ev.MEDIA_STATEMENT, {"order_id": order_id, "target": order.target,
                                     "line": line, "reveals_detail": reveals,
                                     "victim_centred": victim_centred, "cell": cell})
        if victim_centred:
            self._reassure()
        if reveals:
            for venue in self._venues_of(cast(str, order.target), cell):
                ex.doctrine.pressure(venue, "leak", self.rules.detail_alert)
        # Drawn for every statement, so one statement never shifts the next one's draw.
        answered = bool(self.rng.random() < self.rules.victim_response)
        if victim_centred and answered:
            ex.later(int(self.rules.victim_response_delay), self._victim_calls, cell, order_id)
        done(ex, order, order_id, cell, unit, f"statement issued: \"{SAID[line]}\"")

    def _reassure(self) -> None:
        """Everyone the statement can reach trusts the police a little more — victim or
        not, so nothing about it depends on who is one (the trust itself is hidden)."""
        reassured = self.reassured
        # Each person's trust moves on its own: taken in any order, the same trusts.
        for pid, person in self.ex.world.people.items():
            if person.status not in HEARD_BY or pid in reassured:
                continue
            reassured.add(pid)
            person.trust = rounded(min(1.0, person.trust + STATEMENT_TRUST), 4)

    def _venues_of(self, target: str, cell: str) -> list[str]:
        """The venues a statement about ``target`` points the network to."""
        world = self.ex.world
        if target in world.venues:
            return [target]
        for group in self.ex.scenario.network.clients:
            if group.id == target:
                return [v for v in group.venues if world.venues[v].active]
        if target in world.members:
            return sorted(v.id for v in world.venues.values()
                          if v.manager == target and v.active)
        where = self.ex.picture_of(cell).victims.get(target, {}).get("where")
        return [where] if where in world.venues else []

    def _victim_calls(self, cell: str, order_id: str) -> None:
        """A victim still held at a venue calls victim support, who pass it on."""
        ex, world = self.ex, self.ex.world
        held = [(p, v.id) for v in sorted(world.venues.values(), key=lambda v: v.id)
                if v.active and not v.hidden for p in world.victims_at(v.id) if p.is_victim]
        if not held:
            return
        person, venue = held[int(self.rng.integers(len(held)))]
        support = ex.agencies.of_kind("ngo")
        who = describe(person, ex.jurisdiction_name(person.origin))
        pronoun = "She" if person.sex == "female" else "He"
        ex.emit(ev.MEDIA_VICTIM_CALL, {"order_id": order_id, "person_id": person.id,
                                       "venue": venue})
        text = (f"Victim support: after the police statement, a caller reached our helpline "
                f"— {who[0].lower()}{who[1:]}. {pronoun} says {pronoun.lower()} is kept at "
                f"{world.venues[venue].name} and wants help to leave.")
        ex.emit(ev.REPLY, {"agency": support[0] if support else "victim_support", "text": text,
                           "order_id": order_id,
                           "mentioned": [ex.injects._mentioned(venue)]}, cell)
