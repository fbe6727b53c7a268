"""The order desk: validates orders against what the cell knows and the world allows.

A rejected order changes nothing, and its reason is built only from what the cell may
know (its own units, its picture, the law). Accepted orders are announced, offered to
the corrupt officials who can see them, and run as processes (:mod:`operations`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Final, cast

from cpx.engine import events as ev
from cpx.engine import evidence_rules, pathway
from cpx.engine.draws import UniformDraws
from cpx.engine import operations as ops
from cpx.engine.false_reports import FalseReports
from cpx.engine.force_mp import ForceMilitaryPolice
from cpx.engine.integrity import Integrity
from cpx.engine.media import PressOffice
from cpx.engine.orders import Order
from cpx.engine.world import UnitState
from cpx.scenario.orders import DEFINITIONS

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise

NEEDS: Final = {d.verb: d.capability for d in DEFINITIONS.values() if d.unit == "required"}
"""The capability a unit needs for each verb that requires a unit (from the verbs'
typed definitions, :mod:`cpx.scenario.orders`)."""
UNIT_OPTIONAL = {d.verb: d.capability for d in DEFINITIONS.values() if d.unit == "optional"}
"""Verbs a cell may give to its own unit (which then needs the capability) or, without a
unit, as a request to the partner agency that has one."""
_CAPABILITY: Final = {**UNIT_OPTIONAL, **NEEDS}
"""The capability a unit needs for each verb that takes one (required or optional)."""
_ORDER_ACCEPTED: Final = ev.ORDER_ACCEPTED
"""The kind execute emits (a C variable when compiled, not another module's attribute)."""
LICENSED_KINDS: Final = ("bar", "nightclub", "hotel", "restaurant", "massage_parlour",
                  "construction_site", "farm", "factory")
"""Venues an inspectorate may enter on administrative powers, without a warrant."""


# A native class when compiled: its table of checks holds its own bound methods, a cycle
# that Exercise.dispose breaks by emptying the table (a native class has no __dict__ to
# clear).
class OrderDesk:
    """Validation and dispatch of the player cells' orders."""

    def __init__(self, ex: "Exercise") -> None:
        self.ex = ex
        self.world = ex.world
        self.clients = {c.id: c for c in ex.scenario.network.clients}
        self.raid_lawful: dict[str, bool] = {}
        """order id -> whether the raid rested on a warrant or on grounds the cell knew."""
        self._checks: dict[str, Callable[[Order, str], str]] = {}
        """verb -> its check (:meth:`_build_checks`, on the first order)."""
        # The other streams orders draw from (interviews, inspections, on-site talks,
        # intimidation, displacement) are made on first use: a stream's draws depend on
        # its name alone (cpx.engine.rng), and a run that gives no inspection needs none.
        self.surveillance_draws = UniformDraws(ex.streams.get("operations.surveillance"))
        """What surveillance teams draw (:mod:`operations`; the stream's only reader)."""
        # The response cells the engine plays for orders of the NATO track (DOMAIN §7).
        self.force_mp = ForceMilitaryPolice(ex)
        self.integrity = Integrity(ex)
        self.press = PressOffice(ex)
        self.false_reports = FalseReports(ex)
        self.false_reports.start()

    # ------------------------------------------------------------------ evidence

    def case_strength(self, target: str) -> int | float:
        """The weighted sum of the evidence that counts against a suspect or venue (capped
        at 1): excluded items and statements awaiting consent do not (evidence_rules)."""
        return evidence_rules.counts(self.ex, target)

    # ------------------------------------------------------------------ validation

    def validate(self, order: Order, cell: str) -> str:
        """Why the order cannot be carried out, or ``""`` when it can."""
        checks = self._checks or self._build_checks()
        verb = order.verb  # read once: an order is a Python object (see Order)
        check = checks.get(verb)
        if check is None:
            return f"'{verb}' is not an order this cell can give."
        if verb == "arrest":
            # Whatever unit is named, trying it is the conduct error (DOMAIN §7).
            reason = self._force_personnel(order, cell)
            if reason:
                return reason
        if order.unit is not None or verb in NEEDS:
            reason = self._unit_reason(order, cell)
            if reason:
                return reason
        return check(order, cell)

    def _build_checks(self) -> dict[str, Callable[[Order, str], str]]:
        """Each verb's check, made once per desk: they depend on nothing but the desk
        and the exercise (rebuilding them for every order was a tenth of giving one)."""
        self._checks = {
            "surveil": self._v_surveil, "task_informant": self._v_task_informant,
            "request_warrant": self._v_request_warrant, "raid": self._v_raid,
            "arrest": self._v_arrest, "interview": self._v_interview,
            "identify_victim": self._v_person, "refer_victim": self._v_refer,
            "financial_investigation": self._v_financial, "border_alert": self._v_border,
            "cross_border_request": self._v_cross_border,
            "report_misconduct": self._v_misconduct, "inspect": self._v_inspect,
            "integrity_check": self._v_integrity, "public_statement": self._v_statement,
            **pathway.validators(self.ex),
        }
        return self._checks

    def _unit_reason(self, order: Order, cell: str) -> str:
        verb, unit_id = order.verb, order.unit  # read once (an order is a Python object)
        if unit_id is None:
            return f"A {verb.replace('_', ' ')} order needs a unit."
        unit = self.world.units.get(unit_id)
        if unit is None or unit.cell != cell:
            return f"'{unit_id}' is not one of your units."
        if verb not in _CAPABILITY:
            return ""
        need = _CAPABILITY[verb]
        if need and need not in unit.capabilities:
            return f"{unit.callsign} cannot {verb.replace('_', ' ')}: it has no {need} capability."
        if unit.status == "off_duty":
            return f"{unit.callsign} is off duty; its shift starts at {_clock(unit.shift_start)}."
        if unit.status != "available":
            until = f" (expected free around {self.ex.clock(unit.eta)})" if unit.eta else ""
            return f"{unit.callsign} is busy: {unit.status.replace('_', ' ')}{until}."
        return ""

    # The validators read a cell's picture from ``ex._pictures`` (what
    # ``ex.picture_of(cell)`` returns, without the call: some 150 reads a run).

    def _known(self, cell: str, target: str | None) -> bool:
        return target is not None and self.ex._pictures[cell].knows(target)

    def _unknown(self, target: str | None) -> str:
        if target is None:
            return "The order needs a target."
        return f"'{target}' is not known to your cell; gather intelligence on it first."

    def _v_surveil(self, order: Order, cell: str) -> str:
        picture = self.ex._pictures[cell]
        if not (picture.is_person(order.target) or picture.is_place(order.target)):
            return self._unknown(order.target)
        return self._reachable(order, cell)

    def _reachable(self, order: Order, cell: str) -> str:
        # Asked once validate() has found the unit one of the cell's (_unit_reason) and the
        # target a person or place the cell knows: both are ids.
        unit = self.world.units[cast(str, order.unit)]
        place = self._place_of(cast(str, order.target), cell)
        if place is None:
            return "Your cell does not know where to find that target yet."
        jurisdictions = self.ex.agencies.jurisdictions(unit.agency)
        if self.ex.region.jurisdiction(place) not in jurisdictions:
            return (f"{self.ex.region.locations[place].name} is outside the jurisdiction of "
                    f"{unit.callsign}; request cross-border cooperation instead.")
        return ""

    def believed_location(self, target: str, cell: str) -> str | None:
        """Where the cell believes the target is (a location id), from its picture."""
        return self._place_of(target, cell)

    def _place_of(self, target: str, cell: str) -> str | None:
        """Where the cell believes the target is (a location id)."""
        picture = self.ex._pictures[cell]
        if target in picture.places:
            return picture.places[target].get("location")
        if target in picture.people:
            return picture.people[target].get("location")
        return None

    def _v_task_informant(self, order: Order, cell: str) -> str:
        if order.target not in self.ex._pictures[cell].informants:
            return f"'{order.target}' is not one of your informants."
        subject = order.params.get("subject")
        if subject is not None and not self._known(cell, subject):
            return self._unknown(subject)
        return ""

    def _v_request_warrant(self, order: Order, cell: str) -> str:
        picture = self.ex._pictures[cell]
        target = order.target
        if target is None or not (picture.is_person(target) or picture.is_place(target)):
            return self._unknown(target)
        state = self.world.warrants.get(target)
        if state == "granted":
            return "A warrant for that target has already been granted."
        if state == "requested":
            return "A warrant for that target is already with the prosecutor."
        if not self.ex.agencies.of_kind("prosecutor", "court"):
            return "There is no prosecutor in this exercise to grant warrants."
        return ""

    def _v_raid(self, order: Order, cell: str) -> str:
        target = order.target
        if target is None or not self.ex._pictures[cell].is_place(target):
            return self._unknown(target)
        reason = self._reachable(order, cell)
        if reason:
            return reason
        if self.world.warrants.get(target) != "granted" and not order.params.get("urgent"):
            grounds, refused = self.weigh_grounds(target, cell)
            if grounds:
                return (f"No search warrant for that place, but {grounds}: you may enter at "
                        "once on those grounds (urgent=yes), or request a warrant.")
            if refused:
                return (f"No search warrant for that place, and {refused}. Surveil the place "
                        "or task another source to corroborate it, or request a warrant.")
            return ("No search warrant for that place: request one. Entry without a warrant "
                    "is lawful only on a fresh report (last 24 h) to your cell of a person in "
                    "imminent danger there, and your cell has none.")
        return ""

    def urgency_grounds(self, venue: str | None, cell: str) -> str:
        """The grounds the cell KNOWS for entering ``venue`` without a warrant, in words
        (a fresh report of a person in imminent danger there that meets the scenario's
        rule), or ``""`` when it has none."""
        return self.weigh_grounds(venue, cell)[0]

    def weigh_grounds(self, venue: str | None, cell: str) -> tuple[str, str]:
        """(the grounds that suffice, or ``""``; why the cell's fresh reports of danger
        do not, or ``""``), judged on what the cell knows now (DOMAIN.md §4).

        A first-hand call from a partner or a victim suffices; an informant's report
        only when its grading meets ``legal.urgent_entry_grounds``: the source's grade
        as the cell knows it now, the report's credibility reassessed on what the cell
        has learnt since (another source, its own observation of the place)."""
        picture = self.ex._pictures[cell]
        rule = self.ex.scenario.legal.urgent_entry_grounds
        ledger = self.ex.informants.ledger(cell)
        refused = ""
        for report in picture.danger_reports(venue, self.ex.now):
            at = self.ex.clock(report["t"])
            if report["by"] != "informant":
                source = self.ex.agencies.specs.get(report["source"])
                who = source.name if source else report["source"].replace("_", " ")
                return (f"the message from {who} at {at} reports a person in imminent "
                        "danger there"), ""
            informant = picture.informants.get(report["informant"], {})
            grade = informant.get("source_grade") or report["grade"][:1]
            name = informant.get("codename") or report["informant"]
            statement = ledger.by_report.get(report["ref"])
            credibility = report.get("credibility", 6)
            confirmed: list[str] = []
            if statement is not None:
                now = ledger.assess(statement.source, statement.subject, statement.facts,
                                    self.ex.now, True, self.ex.informants.codenames())
                if now.confirmed_by or now.credibility in (4, 5):
                    credibility, confirmed = now.credibility, now.confirmed_by
            what = (f"the informant report from {name} ({grade}{credibility}) at {at} "
                    "of a child at risk there")
            if rule.sufficient(grade, credibility, bool(confirmed)):
                why = ("corroborated by " + " and ".join(confirmed) if confirmed and
                       rule.or_corroborated else
                       f"a source graded {grade} with credibility {credibility}")
                return f"{what}, {why}, meets the exercise's rule ({rule.describe()})", ""
            if not refused:
                unproven = " (unproven)" if grade == "F" else ""
                refused = (f"{what} is not grounds to enter without a warrant: a source "
                           f"graded {grade}{unproven}, credibility {credibility}, "
                           f"{'corroborated' if confirmed else 'uncorroborated'}; "
                           f"the exercise's rule needs {rule.describe()}")
        return "", refused

    def raid_grounds(self, order: Order, cell: str) -> str:
        """What an accepted raid rests on, as told to the cell in ``order.accepted``."""
        # asked of a raid that names its target (accepted, or the UI's entry_grounds,
        # which asks only then): an id
        if self.world.warrants.get(cast(str, order.target)) == "granted":
            return "a search warrant granted by the prosecutor"
        grounds, refused = self.weigh_grounds(order.target, cell)
        if grounds:
            return f"urgency: {grounds}"
        if refused:
            return (f"none: urgency is claimed, but {refused}; the entry may be found "
                    "unlawful")
        return ("none: urgency is claimed, but no fresh report of imminent danger at that "
                "place has reached your cell; the entry may be found unlawful")

    def _force_personnel(self, order: Order, cell: str) -> str:
        """Why an arrest of the force's personnel is refused, or ``""``; the attempt is
        journaled as conduct (``unlawful.act``) that the debrief rates."""
        target = order.target
        group = self.clients.get(target) if target is not None else None
        if group is None or group.kind == "local" or not self._known(cell, target):
            return ""
        force = self.ex.agencies.specs.get(group.force) if group.force is not None else None
        channel = force.name if force else "the force's military police"
        # later() drops what its action returns (emit's Event).
        record = cast("Callable[..., None]", self.ex.emit)
        # Recorded just after the rejection, not during validation: the journal holds the
        # order line first, so a replay that re-submits it produces the same lines.
        self.ex.later(0, record, ev.UNLAWFUL_ACT, {
            "kind": "arrest_without_jurisdiction", "order_id": None, "subject": group.id,
            "cell": cell})
        return ("Your police have no jurisdiction over personnel of the international "
                f"force; report the misconduct through {channel} (report_misconduct), "
                "preserve the evidence and protect the victims.")

    def _v_arrest(self, order: Order, cell: str) -> str:
        picture = self.ex._pictures[cell]
        target = order.target
        if target is None:
            return self._unknown(order.target)
        if picture.is_met(target):
            # lawful-looking but wrong if she is a victim: consequences follow
            return pathway.arrest_reason(self.ex, target)
        if not picture.is_person(target):
            return self._unknown(target)
        reason = self._reachable(order, cell)
        if reason:
            return reason
        if self.world.warrants.get(target) != "granted":
            return "No arrest warrant for that person: request one from the prosecutor."
        if picture.people[target].get("status") == "arrested":
            return "That person is already in custody."
        return ""

    def _v_interview(self, order: Order, cell: str) -> str:
        picture = self.ex._pictures[cell]
        if order.params.get("interpreter") and not any(
                a.interpreters for a in self.ex.scenario.agencies):
            return "No agency in the exercise can send an interpreter."
        target = order.target
        if picture.is_met(target) or picture.is_seen(target):
            return ""  # a person seen and left at a venue: interviewed there, on site
        if target is not None and picture.is_person(target) \
                and picture.people[target].get("status") == "arrested":
            return ""
        return "You can interview only people your units have met or suspects in custody."

    def _v_inspect(self, order: Order, cell: str) -> str:
        target = order.target
        if target is None or not self.ex._pictures[cell].is_place(target):
            return self._unknown(target)
        venue = self.world.venues.get(target)
        if venue is None or venue.kind not in LICENSED_KINDS:
            kind = venue.kind.replace("_", " ") if venue else "place"
            article = "an" if kind[0] in "aeiou" else "a"
            return (f"An inspection is an administrative power over licensed business premises; "
                    f"{article} {kind} is a private dwelling: entry needs a search warrant "
                    "(request_warrant, then raid).")
        if order.unit is not None:
            return self._reachable(order, cell)
        if self.inspectors(target, cell) is None:
            return ("No inspectorate in the exercise can inspect there; give the order to a "
                    "unit of yours with the inspection capability.")
        return ""

    def inspectors(self, venue: str, cell: str) -> UnitState | None:
        """The partner unit that carries out an inspection requested without a unit."""
        where = self.ex.region.jurisdiction(self.world.venues[venue].location)
        for unit in sorted(self.world.units.values(), key=lambda u: u.id):
            if "inspection" in unit.capabilities and unit.cell != cell \
                    and where in self.ex.agencies.jurisdictions(unit.agency):
                return unit
        return None

    def _v_person(self, order: Order, cell: str) -> str:
        if not self.ex._pictures[cell].is_met(order.target):
            return "That person has not been met by your units."
        return ""

    def _v_refer(self, order: Order, cell: str) -> str:
        reason = self._v_person(order, cell)
        if reason:
            return reason
        # a person the cell's units met (_v_person): an id
        person = self.world.people[cast(str, order.target)]
        if person.status == "referred":
            return "That person has already been referred."
        if person.status not in ("met", "in_custody"):  # from custody to a shelter
            return "That person is no longer with your units."
        if not ops.free_shelter(self.ex, order.params.get("agency")):
            return "No shelter place is free; ask victim support for another solution."
        return ""

    def _v_financial(self, order: Order, cell: str) -> str:
        if not self.ex._pictures[cell].is_person(order.target):
            return self._unknown(order.target)
        return ""

    def _v_border(self, order: Order, cell: str) -> str:
        target = order.target
        if target not in self.ex.region.locations or not self.ex.region.is_crossing(target):
            return "A border alert needs a border crossing as its target."
        units = [u for u in self.world.units.values() if u.cell == cell]
        agencies = {u.agency for u in units}
        if not any(self.ex.region.jurisdiction(target) in self.ex.agencies.jurisdictions(a)
                   for a in sorted(agencies)):
            return "That crossing is not under the control of any of your agencies."
        return ""

    def _v_cross_border(self, order: Order, cell: str) -> str:
        if not self.ex._pictures[cell].is_person(order.target):
            return self._unknown(order.target)
        if order.params.get("kind", "mla") not in ("mla", "jit"):
            return "A cross-border request is either 'mla' (mutual legal assistance) or 'jit'."
        return ""

    def _v_misconduct(self, order: Order, cell: str) -> str:
        target = order.target
        group = self.clients.get(target) if target is not None else None
        if group is None or not self._known(cell, target):
            return self._unknown(target)
        if group.kind == "local":
            return "Local clients fall under your own jurisdiction; this channel is for the force."
        if order.target in self.force_mp.pending:
            return ("That misconduct has already been reported; the force has not answered "
                    "yet.")
        # Reported before: this report passes a new sighting to the force's patrols.
        return ""

    def _v_integrity(self, order: Order, cell: str) -> str:
        if not self.ex._pictures[cell].is_person(order.target):
            return self._unknown(order.target)
        if order.target in self.integrity.under_check:
            return "Internal affairs are already looking into that person."
        if order.target in self.world.suspended:
            return "That person is already suspended from duty."
        return ""

    def _v_statement(self, order: Order, cell: str) -> str:
        picture = self.ex._pictures[cell]
        if not (picture.is_place(order.target) or picture.is_person(order.target)
                or picture.is_met(order.target) or order.target in picture.clients):
            return self._unknown(order.target)
        return ""

    # ------------------------------------------------------------------ dispatch

    def execute(self, order: Order, order_id: str, cell: str) -> None:
        """Announce an accepted order, expose it to leaks, and start its process."""
        ex, verb, unit_id, params = self.ex, order.verb, order.unit, order.params
        unit: UnitState | None = self.world.units.get(unit_id) if unit_id else None
        # order.to_dict() written out (once per order)
        accepted = {"order_id": order_id, "order": {
            "verb": verb, "unit": unit_id, "target": order.target,
            "params": {k: params[k] for k in sorted(params)} if len(params) > 1
            else dict(params)}, "unit": unit_id}
        if verb == "raid":
            grounds = self.raid_grounds(order, cell)
            accepted["grounds"] = grounds
            # Lawfulness is judged on what the cell knew when it gave the order.
            self.raid_lawful[order_id] = not grounds.startswith("none")
        ex.emit(_ORDER_ACCEPTED, accepted, cell)
        ex.leaks.consider(order, order_id)
        if verb == "request_warrant":
            # an accepted request names a person or place the cell knows: an id
            self.world.warrants[cast(str, order.target)] = "requested"
        if unit is not None and verb in _CAPABILITY:
            # taken at once, so a second order sees it busy
            ex.agencies.set_status(unit, "on_task", order_id)
        ops.start(ex, order, order_id, cell, unit)


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"
