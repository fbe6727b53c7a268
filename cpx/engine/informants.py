"""Informants: what their access lets them see, reported late, graded, sometimes wrong.

A report is true with the informant's hidden accuracy, else plausible but wrong. The
handler's source grade (A–F) is shown, never the accuracy. Each cell's ledger
(:mod:`cpx.engine.grading`) grades every report for credibility (1–6) from what the cell
knows, and revises a source's grade up and down by its track record. Visible police action on what few sources
could know raises an informant's exposure; past 1.0 they are burned (DOMAIN §4).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Generator

import numpy as np

from cpx.engine import events as ev
from cpx.engine import wording
from cpx.engine.grading import Ledger, Statement, facts_of, grade_for
from cpx.engine.rounding import rounded
from cpx.engine.scenario_memo import kept
from cpx.engine.world import InformantState

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise
    from cpx.scenario.models import Location

BURN_AT = 1.0
ROLE_GUESSES = ("driver", "enforcer", "recruiter", "money_launderer", "venue_manager", "lookout")
"""What a wrong report may say someone does."""
"""Exposure at which an informant is burned."""


class Informants:
    """Periodic and tasked reports, corroboration, exposure."""

    def __init__(self, ex: "Exercise") -> None:
        self.ex = ex
        self.world = ex.world
        self._reports = 0
        self.ledgers: dict[str, Ledger] = {}
        """cell -> what it was told and saw, and its sources' track records."""
        self.graded_at_startex = {i.id: i.reliability for i in ex.world.informants.values()}
        self.sources_on: dict[str, list[str]] = {}
        """subject id -> informants whose delivered reports named it."""
        self.cell_of = {u.id: u.cell for u in ex.world.units.values()}
        self._everyone = sorted(ex.world.members)
        """Members at STARTEX: whom a wrong report may wrongly link someone to."""
        self._rngs = {inf.id: ex.streams.get(f"informant:{inf.id}")
                      for inf in ex.world.informants.values()}
        """informant id -> its stream (kept: asked for at every report)."""
        self._codenames: dict[str, str] = {}
        self._towns: dict[str, list[str]] = kept(ex.scenario, "informants.towns", dict)
        """location -> the other towns a wrong report may put someone in (the scenario's
        region: the same in every run)."""

    def start(self) -> None:
        """Brief the cells on their informants and start each one's reporting."""
        for inf in self.world.informants.values():
            cell = self.cell_of.get(inf.handler)
            if cell:
                self.ex.emit(ev.BRIEFING_INFORMANT, {
                    "informant": inf.id, "codename": inf.codename, "handler": inf.handler,
                    "source_grade": inf.reliability}, cell)
            self.ex.env.process(self._periodic(inf))

    def _periodic(self, inf: InformantState) -> Generator[Any, Any, None]:
        rng = self._rng(inf)
        while True:
            yield max(30, int(rng.exponential(inf.report_every)))
            if inf.status != "active":
                return
            self.observe(inf, None, None)

    def task(self, informant: str, subject: str | None, order_id: str) -> str:
        """A tasking from the handler; returns an outcome line for order.completed."""
        inf = self.world.informants[informant]
        if inf.status != "active":
            return f"{inf.codename} did not make contact"
        access = inf.members + inf.venues + inf.routes
        if subject and subject not in access:
            self.ex.later(inf.delay, self._deliver_nothing, inf, subject, order_id)
            return f"{inf.codename} tasked"
        self.raise_exposure(inf, inf.exposure_risk * 0.2, "tasked")
        self.observe(inf, subject, order_id)
        return f"{inf.codename} tasked"

    def _deliver_nothing(self, inf: InformantState, subject: str, order_id: str) -> None:
        cell = self.cell_of.get(inf.handler)
        if cell:
            self.ex.emit(ev.REPLY, {"agency": inf.handler, "order_id": order_id,
                                    "text": f"{inf.codename} says they know nothing about that."},
                         cell)

    # ------------------------------------------------------------------ reports

    def observe(self, inf: InformantState, subject: str | None, order_id: str | None) -> None:
        """The informant sees something now and reports it after their delay."""
        rng = self._rng(inf)
        access = inf.members + inf.venues + inf.routes
        if not access:
            return
        if subject is None:
            subject = access[int(rng.integers(len(access)))]
        true = bool(rng.random() < inf.accuracy)
        claim = self._claim(rng, subject, true)
        self._reports += 1
        report_id = f"r{self._reports}"
        self.ex.later(inf.delay, self._deliver, inf, report_id, subject, claim, true, order_id)

    def relay(self, inf: InformantState, subject: str, claim: dict, true: bool) -> None:
        """The informant heard of something the network did (``claim`` as :meth:`_claim`
        makes them) and reports it after their delay, graded like any other report."""
        self._reports += 1
        self.ex.later(inf.delay, self._deliver, inf, f"r{self._reports}", subject, claim,
                      true, None)

    def _claim(self, rng: np.random.Generator, subject: str, true: bool) -> dict:
        world, net = self.world, self.ex.network
        if subject in world.members:
            member = world.members[subject]
            partners = [p for _k, p in net.tie_partners(subject)]
            partner = None
            if true and partners:
                partner = partners[int(rng.integers(len(partners)))]
            elif not true and len(self._everyone) > len(partners) + 1:
                while partner is None or partner == subject or partner in partners:
                    partner = self._everyone[int(rng.integers(len(self._everyone)))]
            if partner is not None:
                text = (f"{member.name} is in regular contact with "
                        f"{world.members[partner].name}.")
                return {"kind": "link", "subject": subject, "partner": partner, "text": text,
                        "key": "link:" + ":".join(sorted([subject, partner]))}
            place = member.location if true else self._other_town(rng, member.location)
            role = member.roles[0] if true else ROLE_GUESSES[int(rng.integers(len(ROLE_GUESSES)))]
            name = self.ex.region.locations[place].name
            return {"kind": "member", "subject": subject, "location": place, "role": role,
                    "text": f"{member.name} is staying in {name}; works as "
                            f"{role.replace('_', ' ')} for the group.",
                    "key": f"where:{subject}:{place}"}
        if subject in world.venues:
            venue = world.venues[subject]
            held = [p for p in world.victims_at(subject) if p.is_victim]
            count = len(held)
            minors = any(p.minor for p in held)
            if not true:
                count = max(0, count + int(rng.choice([-3, -2, 2, 3])))
                minors = not minors if rng.random() < 0.5 else minors
            # The words follow whoever is really held there, even in a wrong report.
            here = self.ex.region.locations[venue.location].jurisdiction
            foreign = all(p.origin != here for p in held)
            text = wording.held_at(held, count, venue.name, venue.exploitation,
                                   minors and count > 0, foreign, venue.kind)
            return {"kind": "venue", "subject": subject, "count": count, "minors": minors,
                    "location": venue.location, "about": [p.id for p in held],
                    "text": text, "key": f"count:{subject}:{count}"}
        route = world.routes[subject]
        active = self.ex.network.current_route(subject) is not None
        active = active if true else not active
        text = (f"People are being brought in on the {route.name}." if active else
                f"The {route.name} is not being used at the moment.")
        return {"kind": "route", "subject": subject, "active": active, "text": text,
                "key": f"route:{subject}:{active}"}

    def _rng(self, inf: InformantState) -> np.random.Generator:
        rng = self._rngs.get(inf.id)
        if rng is None:
            rng = self._rngs[inf.id] = self.ex.streams.get(f"informant:{inf.id}")
        return rng

    def _other_town(self, rng: np.random.Generator, place: str) -> str:
        towns = self._towns.get(place)
        if towns is None:
            towns = self._towns[place] = other_towns(self.ex.region.locations, place)
        return towns[int(rng.integers(len(towns)))] if towns else place

    def _deliver(self, inf: InformantState, report_id: str, subject: str, claim: dict,
                 true: bool, order_id: str | None) -> None:
        if inf.status != "active":
            return
        cell = self.cell_of.get(inf.handler)
        mentions = [subject] + ([claim["partner"]] if "partner" in claim else [])
        for mentioned in mentions:
            knowers = self.sources_on.setdefault(mentioned, [])
            if inf.id not in knowers:
                knowers.append(inf.id)
        self.ex.emit(ev.TRUTH_REPORT, {"report_id": report_id, "informant": inf.id,
                                       "true": true, "claim": claim["key"],
                                       "about": claim.get("about", [])})
        if not cell:
            return
        # Credibility is judged on what the cell knew before this report arrived.
        ledger = self.ledger(cell)
        facts = facts_of(claim)
        assessment = ledger.assess(inf.id, subject, facts, self.ex.now,
                                   self.ex.picture_of(cell).knows(subject), self.codenames())
        payload = {
            "report_id": report_id, "informant": inf.id, "codename": inf.codename,
            "source_grade": inf.reliability, "credibility": assessment.credibility,
            "credibility_reason": assessment.reason,
            "subject_kind": claim["kind"], "subject": subject, "text": claim["text"],
            "mentions": mentions, "order_id": order_id,
            "names": {m: self._name(m) for m in mentions},
        }
        for key in ("location", "count", "minors", "active", "partner", "role",
                    "to_location"):
            if key in claim:
                payload[key] = claim[key]
        self.ex.emit(ev.REPORT_INFORMANT, payload, cell)
        borne = ledger.state(Statement(inf.id, report_id, subject, facts, self.ex.now))
        if borne:
            self._regrade(cell, sorted({s.source for s in borne}))

    def ledger(self, cell: str) -> Ledger:
        """The cell's ledger of stated and observed facts."""
        ledger = self.ledgers.get(cell)
        if ledger is None:
            ledger = self.ledgers[cell] = Ledger()
        return ledger

    def codenames(self) -> dict[str, str]:
        """informant id -> codename (read, never to be changed, by the caller)."""
        informants = self.world.informants
        # Codenames never change during a run: made again only if an informant joined.
        if len(self._codenames) != len(informants):
            self._codenames = {i.id: i.codename for i in informants.values()}
        return self._codenames

    def observed(self, cell: str, aspect: str, value: object) -> None:
        """The cell's own units saw a fact (surveillance, a raid): check its sources'
        reports on it and revise their grades."""
        checked = self.ledger(cell).observe(aspect, value, self.ex.now)
        if checked:
            self._regrade(cell, sorted({s.source for s in checked}))

    def _regrade(self, cell: str, sources: list[str]) -> None:
        """Revise each source's grade, up or down, by its track record in ``cell``."""
        for source in sources:
            inf = self.world.informants.get(source)
            if inf is None or self.cell_of.get(inf.handler) != cell:
                continue
            right, wrong = self.ledger(cell).tally(source)
            inf.corroborated = right
            grade = grade_for(self.graded_at_startex[source], right, wrong)
            if grade == inf.reliability:
                continue
            raised = grade < inf.reliability
            inf.reliability = grade
            checked = right + wrong
            self.ex.emit(ev.INFORMANT_REGRADED, {
                "informant": inf.id, "codename": inf.codename, "source_grade": grade,
                "direction": "up" if raised else "down",
                "reason": (f"of {checked} report{'' if checked == 1 else 's'} your cell could "
                           f"check, {right} borne out and {wrong} proven wrong")}, cell)

    def _name(self, entity: str) -> str:
        world = self.world
        if entity in world.members:
            return world.members[entity].name
        if entity in world.venues:
            return world.venues[entity].name
        return world.routes[entity].name if entity in world.routes else entity

    # ------------------------------------------------------------------ exposure

    def visible_action(self, target: str, cause: str) -> None:
        """Police acted visibly on ``target``: expose the few informants who named it."""
        knowers = self.sources_on.get(target, [])
        if not knowers or len(knowers) > 2:
            return  # nobody, or too many sources for the network to pick one out
        share = 1.0 if len(knowers) == 1 else 0.5
        for inf_id in list(knowers):
            inf = self.world.informants[inf_id]
            self.raise_exposure(inf, inf.exposure_risk * share, cause)

    def raise_exposure(self, inf: InformantState, amount: float, cause: str) -> None:
        """Raise an informant's exposure; burn them past the threshold."""
        if inf.status != "active" or amount <= 0:
            return
        inf.exposure = rounded(min(1.0, inf.exposure + amount), 4)
        self.ex.emit(ev.INFORMANT_EXPOSURE, {"informant": inf.id, "exposure": inf.exposure,
                                             "cause": cause})
        if inf.exposure >= BURN_AT:
            seen = inf.members + [manager for v in inf.venues
                                  if (manager := self.world.venues[v].manager)]
            violence = max([self.world.members[m].violence for m in seen] or [0.0])
            inf.status = "harmed" if violence > 0.6 else "silent"
            self.ex.emit(ev.INFORMANT_BURNED, {"informant": inf.id, "fate": inf.status})


def other_towns(locations: Mapping[str, Location], place: str) -> list[str]:
    """The ids of the settlements other than ``place``, sorted: where a wrong report may
    say someone stays."""
    return sorted(loc for loc, spec in locations.items()
                  if loc != place and spec.kind in ("capital", "city", "town", "village"))
