"""The force's military police: what a report of misconduct by its personnel sets going.

The host police have no jurisdiction over the international force's personnel (status
of forces agreement); they report through the force's channel (DOMAIN.md §7). The force
then, as the engine's response cell:

1. receives the report after its liaison time, opens an investigation and puts the
   group's venues off limits (``investigation_opened``);
2. shares the off-limits list with the host police: the venues its own people name,
   which the cell may not have known (``off_limits_list``);
3. investigates for ``military_police.investigation``; if it finds a victim of its
   personnel (``victim_found``), it names one the cell's police already met at those
   venues, to be protected and referred if not yet (``victim_known``), or else hands one
   still held there to the host police (``victim_handed_over``, a ``person.met`` for the
   cell, with victim support warned) — the cell's referral does the rest;
4. hands the evidence to the troop-contributing nation, which alone can prosecute
   (``evidence_handed_over``), and which decides after ``tcn_decision``
   (``tcn_decision``: prosecution after repatriation, or discipline only).

Compliance is imperfect: a seeded share of the group ignores the off-limits order and
goes back until a patrol catches them. Who is defiant, and every visit in breach, is
ground truth (``force.compliance``, ``force.breach``); the cell learns of a breach only
by seeing it (surveillance of the venue shows the uniforms) or when the force reports a
catch. A later report on the same group passes a sighting: the patrols check its venues
closely for a day (``sighting_received``). Every step reaches the cell that gave the order as a ``reply`` from the force with
its ``step``, twinned by an EXCON ``force.case``. Randomness: the ``force_mp`` stream.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Generator, cast

from cpx.engine import events as ev
from cpx.engine.hourly_draws import CountDraws
from cpx.engine.outcomes import done, meet_people
from cpx.engine.wording import pronouns

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise
    from cpx.engine.orders import Order
    from cpx.engine.world import UnitState

CHECK_FOR = 1440
"""How long the patrols check an off-limits venue closely after a reported sighting."""
CHANNEL = "the force's military police"
"""How the force is named when the scenario gives it no agency."""


class ForceCase:
    """One reported group's case with the force, and its personnel still in breach."""

    def __init__(self, group: Any, cell: str, order_id: str, defiant: int) -> None:
        self.group = group
        self.cell = cell
        self.order_id = order_id
        self.defiant = defiant
        """Personnel of the group who still ignore the off-limits order (ground truth)."""
        self.caught = 0
        self.checks_until = -1
        """Until when the patrols check the venues closely after a reported sighting."""
        # What the patrols' hour reads of the group, read off the scenario's (Python)
        # model once instead of every hour: its venues, its visits an hour, its size.
        self.venues: list[str] = list(group.venues)
        self.hourly: float = group.visits_per_week / 168
        self.count: int = group.count


class ForceMilitaryPolice:
    """The force's military police as the engine plays them (a response cell)."""

    def __init__(self, ex: "Exercise") -> None:
        self.ex = ex
        self.rules = ex.scenario.military_police
        self.cases: dict[str, ForceCase] = {}
        """client group -> its case, once the report has reached the force."""
        self._patrolling = False
        self.pending: list[str] = []
        """Client groups whose first report is on its way to the force."""
        self.rng = ex.streams.get("force_mp")  # created while building, drawn only in play
        self.draws = CountDraws(self.rng)
        """The stream's counts and uniform numbers, read ahead (a scalar numpy ``poisson``
        each hour cost more than the rest of the patrols' hour). Only the patrols read
        ahead, and they give back what they did not use after their last hour before
        ENDEX; every other draw of the stream is numpy's own (:meth:`_scalar`)."""

    # ------------------------------------------------------------------ the report

    def report(self, ex: "Exercise", order: Order, order_id: str, cell: str,
               unit: UnitState | None) -> Generator[int, Any, None]:
        """The process (a :class:`cpx.engine.clock.Process`) of an accepted ``report_misconduct``: the first report on a
        group opens the force's case; a later one passes a sighting to its patrols."""
        if order.target in self.cases:
            return self._sighting(ex, order, order_id, cell, unit)
        self.pending.append(cast(str, order.target))  # accepted: a client group
        return self._first_report(ex, order, order_id, cell, unit)

    def _first_report(self, ex: "Exercise", order: Order, order_id: str, cell: str,
                      unit: UnitState | None) -> Generator[int, Any, None]:
        group = ex.desk.clients[cast(str, order.target)]  # accepted: a client group
        force = ex.agencies.specs.get(group.force) if group.force is not None else None
        yield int(force.liaison) if force else 60
        first = ex.world.misconduct_first_seen.get(group.id)
        # Barred: the network's client hours leave the group out from now on; those who
        # ignore the order are played here instead.
        ex.world.misconduct_reported.append(group.id)
        ex.emit(ev.MISCONDUCT_REPORTED, {"clients": group.id, "minutes_since_first_seen":
                                         None if first is None else ex.now - first})
        defiant = int(self._scalar().binomial(group.count, self.rules.noncompliance))
        case = self.cases[group.id] = ForceCase(group, cell, order_id, defiant)
        self.pending.remove(group.id)
        ex.emit(ev.FORCE_COMPLIANCE, {"clients": group.id, "personnel": group.count,
                                      "defiant": defiant})
        who = _who(group)
        venues = self._names(group.venues)
        self._step(case, "investigation_opened",
                   f"{self._force_name(group)} take the report: an investigation into the "
                   f"{who} is opened, and the Force Commander puts {venues} off limits to "
                   "all personnel. Keep the evidence you hold for the investigators.")
        done(ex, order, order_id, cell, unit, "reported: the force investigates")
        ex.env.process(self._case(case))
        if defiant and not self._patrolling:
            self._patrolling = True
            # A minute after the network's client hour (on the hour), so the visits in
            # breach join that hour's visits where surveillance and raids see them.
            ex.every(60, self._patrol_hour, offset=(60 - ex.now % 60) % 60 + 1)

    def _sighting(self, ex: "Exercise", order: Order, order_id: str, cell: str,
                  unit: UnitState | None) -> Generator[int, Any, None]:
        """Personnel seen at an off-limits venue, reported: the force's patrols check the
        group's venues closely for a day (twice the catch chance)."""
        group = ex.desk.clients[cast(str, order.target)]  # accepted: a client group
        force = ex.agencies.specs.get(group.force) if group.force is not None else None
        yield int(force.liaison) if force else 60
        case = self.cases[group.id]
        case.checks_until = ex.now + CHECK_FOR
        self._step(case, "sighting_received",
                   f"{self._force_name(group)} thank your police for the sighting: their "
                   f"patrols will check {self._names(group.venues)} closely over the next "
                   "day.", order_id=order_id)
        done(ex, order, order_id, cell, unit, "sighting passed to the force's patrols")

    def _case(self, case: ForceCase) -> Generator[int, Any, None]:
        ex, group = self.ex, case.group
        force = ex.agencies.specs.get(group.force)
        yield int(force.liaison) if force else 60
        self._step(case, "off_limits_list",
                   f"{self._force_name(group)} share the off-limits list with your police: "
                   f"{self._names(group.venues)}. Their patrols check compliance; tell them "
                   "of any personnel you see there.", mentions=list(group.venues))
        yield int(self.rules.investigation)
        self._hand_over_victim(case)
        self._step(case, "evidence_handed_over",
                   f"{self._force_name(group)} have completed the investigation and handed "
                   f"the evidence on the {_who(group)} to their troop-contributing nation, "
                   "which alone has jurisdiction to prosecute.")
        yield int(self.rules.tcn_decision)
        if self._scalar().random() < self.rules.tcn_prosecutes:
            outcome, text = "prosecution", ("has repatriated the personnel concerned to "
                                            "face criminal proceedings at home")
        else:
            outcome, text = "discipline", ("has repatriated the personnel concerned under "
                                           "disciplinary measures; no criminal case for now")
        self._step(case, "tcn_decision", f"The troop-contributing nation {text}.",
                   outcome=outcome)

    def _hand_over_victim(self, case: ForceCase) -> None:
        """The investigation finds a victim of the personnel (a child first). One the
        cell's police already met at the group's venues is named to them, to be protected
        and referred if not yet; otherwise one still held at those venues is brought to
        them (a ``person.met``), and the existing referral takes it from there."""
        ex, group = self.ex, case.group
        if self._scalar().random() >= self.rules.victim_found:
            return
        met = ex.picture_of(case.cell).victims
        known = sorted((p for pid, seen in met.items() if seen.get("where") in group.venues
                        for p in [ex.world.people[pid]] if p.is_victim),
                       key=lambda p: (not p.minor, p.id))
        if known:
            person = known[0]
            _, whom, whose = pronouns(person.sex)
            referred = person.status == "referred"
            self._step(case, "victim_known",
                       f"{self._force_name(group)} found that a person your police met "
                       f"({person.id}) was exploited by the {_who(group)}. "
                       + ("Victim support already has " + whom + "; the investigators will "
                          "ask for a statement only with " + whose + " consent."
                          if referred else f"Protect {whom} and refer {whom} to victim "
                          "support."), person_id=person.id)
            return
        held = [(p, v) for v in group.venues for p in ex.world.victims_at(v) if p.is_victim]
        if not held:
            return
        held.sort(key=lambda pv: (not pv[0].minor, pv[0].id))
        person, venue = held[0]
        _, whom, _ = pronouns(person.sex)
        self._step(case, "victim_handed_over",
                   f"{self._force_name(group)} identified a person exploited by the "
                   f"{_who(group)} at {ex.world.venues[venue].name} and bring {whom} to your "
                   f"police for protection: refer {whom} to victim support.",
                   mentions=[venue], person_id=person.id)
        # The force's links with victim support (NATO 2004 policy) mean support is
        # warned and ready when the person reaches the police.
        meet_people(ex, [person], venue, case.cell, True)

    # ------------------------------------------------------------------ compliance

    def _patrol_hour(self) -> None:
        """Personnel who ignore the order visit off-limits venues; patrols catch some."""
        ex, draws, venues = self.ex, self.draws, self.ex.world.venues
        for group_id in sorted(self.cases):
            case = self.cases[group_id]
            if case.defiant <= 0:
                continue
            group = case.group
            for v in case.venues:
                state = venues[v]
                if state.active and not state.hidden:
                    break
            else:
                continue  # no venue of theirs open: nobody to go there, nothing drawn
            # (visits_per_week / 168) * defiant / count, in that order, as before
            rate = case.hourly * case.defiant / case.count
            n = draws.count(rate, math.exp(-rate))  # as ``rng.poisson(rate)``
            if not n:
                continue
            open_venues = [v for v in case.venues
                           if venues[v].active and not venues[v].hidden]
            patrol_catch: float = self.rules.patrol_catch
            for i in range(n):
                venue = open_venues[i % len(open_venues)]
                # Seen by surveillance at the venue this hour, like any client.
                at = ex.network.visits_now.setdefault(venue, {})
                at[group_id] = at.get(group_id, 0) + 1
                chance = patrol_catch * (2 if ex.now < case.checks_until else 1)
                caught = case.defiant > 0 and draws.random() < min(1.0, chance)
                if caught:
                    case.defiant -= 1
                    case.caught += 1
                ex.emit(ev.FORCE_BREACH, {"clients": group_id, "venue": venue, "visits": 1,
                                          "caught": caught, "defiant": case.defiant})
                if caught:
                    self._step(case, "breach_caught",
                               f"A patrol of the {self._force_name(group)[4:]} found one of the "
                               f"{_who(group)} at {ex.world.venues[venue].name} in breach of "
                               "the off-limits order, now confined to base and added to "
                               "the investigation.", mentions=[venue])
        if ex.now + 60 >= ex.end:  # no patrol hour after this one before ENDEX
            draws.settle()  # the stream stands where hour-by-hour scalar draws leave it

    # ------------------------------------------------------------------ helpers

    def _scalar(self) -> Any:
        """The stream for a draw of numpy's own, the numbers the patrols read ahead given
        back first: it stands where scalar draws alone would have left it. (``Any``: a
        ``numpy.random.Generator``, whose draws return numpy scalars.)"""
        self.draws.settle()
        return self.rng

    def _step(self, case: ForceCase, step: str, text: str, mentions: list[str] | None = None,
              order_id: str | None = None, **truth: Any) -> None:
        """Tell the cell (a reply from the force) and EXCON (``force.case``)."""
        ex, group = self.ex, case.group
        order_id = order_id or case.order_id
        payload: dict[str, Any] = {"agency": group.force or "force", "text": text,
                                   "order_id": order_id, "step": step,
                                   "clients": group.id}
        if mentions:
            payload["mentioned"] = [ex.injects._mentioned(m) for m in mentions]
        if "person_id" in truth:  # the person the reply is about, whom the cell now meets or knows
            payload["person_id"] = truth["person_id"]
        ex.emit(ev.REPLY, payload, case.cell)
        ex.emit(ev.FORCE_CASE, {"clients": group.id, "force": group.force, "step": step,
                                "order_id": order_id, "venues": list(group.venues),
                                **truth})

    def _force_name(self, group: Any) -> str:
        force = self.ex.agencies.specs.get(group.force)
        return f"The {force.name}" if force else "The " + CHANNEL[4:]

    def _names(self, venues: list[str]) -> str:
        names = [self.ex.world.venues[v].name for v in venues]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _who(group: Any) -> str:
    return "contractors" if group.kind == "contractor" else "personnel"
