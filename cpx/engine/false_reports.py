"""False reports: a corrupt official steers his own service away from the network.

A corrupt official with ``false_report_every`` passes the player cell of his agency, now
and then, a report that is false: a venue the cell knows is said to be empty when people
are held there, or a suspect the cell knows is said to be staying in another town. The
cell receives it as any report (``report.informant``, named for the colleague who passed
it, graded as a colleague's word: source B), and its credibility is judged by the cell's
ledger from corroboration (:mod:`cpx.engine.grading`): other sources dispute it and the
cell's own observation contradicts it, so a false report is found out over time. Ground
truth is in the EXCON ``false.report``. Suspended or arrested, he stops.
Randomness: the ``corruption.false_reports`` stream.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generator

from cpx.engine import events as ev
from cpx.engine.grading import Statement, facts_of

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise

COLLEAGUE_GRADE = "B"
"""How the desk grades a fellow officer's information (usually reliable)."""
MIN_INTERVAL = 60
"""The shortest time between two false reports (minutes)."""


class FalseReports:
    """The corrupt officials who feed their own cell false reports."""

    def __init__(self, ex: "Exercise") -> None:
        self.ex = ex
        self.count = 0
        cells = {u.agency: u.cell for u in sorted(ex.world.units.values(), key=lambda u: u.id)
                 if u.cell and u.agency}
        self.feeders = [(o, cells[o.agency]) for o in ex.scenario.network.corrupt_officials
                        if o.false_report_every is not None and o.agency in cells]
        """(official, the player cell of his agency) for each who feeds false reports."""
        # Nothing is drawn or scheduled for a scenario without such officials, so its
        # journals stay what they were.
        self.rng = ex.streams.get("corruption.false_reports") if self.feeders else None

    def start(self) -> None:
        """Start each official's feeding."""
        for official, cell in self.feeders:
            self.ex.env.process(self._feed(official, cell))

    def _feed(self, official: Any, cell: str) -> Generator[int, Any, None]:
        ex, world = self.ex, self.ex.world
        every = max(MIN_INTERVAL, int(official.false_report_every))
        rng = self.rng
        assert rng is not None  # started only for feeders, and they have a stream
        while True:
            yield max(MIN_INTERVAL, int(rng.exponential(every)))
            if not world.active_member(official.member) or official.member in world.suspended:
                return
            claim = self._claim(official.member, cell)
            if claim is not None:
                self._deliver(official, cell, claim)

    def _claim(self, official: str, cell: str) -> dict[str, Any] | None:
        """A false claim about something the cell knows (where it would hurt the network)."""
        ex, world, picture = self.ex, self.ex.world, self.ex.picture_of(cell)
        rng = self.rng
        assert rng is not None  # asked by _feed only, which runs only for feeders
        venues = [v for v in sorted(world.venues) if picture.is_place(v)
                  and any(p.is_victim for p in world.victims_at(v))]
        members = [m for m in sorted(world.members) if picture.is_person(m)
                   and m != official and world.active_member(m)]
        options = [("venue", v) for v in venues] + [("member", m) for m in members]
        if not options:
            return None
        kind, subject = options[int(rng.integers(len(options)))]
        if kind == "venue":
            venue = world.venues[subject]
            return {"kind": "venue", "subject": subject, "count": 0, "minors": False,
                    "location": venue.location, "key": f"count:{subject}:0",
                    "text": f"{venue.name} has been empty for days; the people who worked "
                            "there have left town."}
        member = world.members[subject]
        towns = sorted(loc for loc, spec in ex.region.locations.items()
                       if loc != member.location
                       and spec.kind in ("capital", "city", "town", "village"))
        if not towns:
            return None
        town = towns[int(rng.integers(len(towns)))]
        # Only where he is, never what he does: the official will not say more than he must.
        return {"kind": "member", "subject": subject, "location": town,
                "key": f"where:{subject}:{town}",
                "text": f"{member.name} has gone to {ex.region.locations[town].name} and "
                        "is lying low there."}

    def _deliver(self, official: Any, cell: str, claim: dict[str, Any]) -> None:
        ex = self.ex
        self.count += 1
        report_id = f"f{self.count}"
        agency = ex.agencies.specs.get(official.agency)
        colleague = ex.world.members[official.member].name
        codename = f"{colleague} ({agency.name})" if agency else colleague
        # The ledger knows the colleague by name: a grading that cites him ("disputed
        # by …") reads as the desk would say it.
        source = codename
        ex.emit(ev.FALSE_REPORT, {"official": official.member, "agency": official.agency,
                                  "report_id": report_id, "subject": claim["subject"],
                                  "claim": claim["key"]})
        ledger = ex.informants.ledger(cell)
        facts = (facts_of(claim) if claim["kind"] == "venue"
                 else {f"where:{claim['subject']}": claim["location"]})
        assessment = ledger.assess(source, claim["subject"], facts, ex.now,
                                   ex.picture_of(cell).knows(claim["subject"]),
                                   ex.informants.codenames())
        payload = {
            "report_id": report_id, "informant": f"colleague:{official.member}",
            "codename": codename,
            "source_grade": COLLEAGUE_GRADE, "credibility": assessment.credibility,
            "credibility_reason": assessment.reason, "subject_kind": claim["kind"],
            "subject": claim["subject"], "text": claim["text"],
            "mentions": [claim["subject"]], "order_id": None,
            "names": {claim["subject"]: ex.informants._name(claim["subject"])},
        }
        for key in ("location", "count", "minors"):
            if key in claim:
                payload[key] = claim[key]
        ex.emit(ev.REPORT_INFORMANT, payload, cell)
        ledger.state(Statement(source, report_id, claim["subject"], facts, ex.now))
