"""The trainee picture: what one player cell knows, built only from the events it saw.

Every update comes from an event addressed to the cell, so the picture can never hold
ground truth; :meth:`Picture.as_dict` is the plain data the UI shows and bots read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, get_args

from cpx.engine import events as ev
from cpx.engine import pathway_picture
from cpx.journal.events import Event
from cpx.scenario.models import LocationKind

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise

MESSAGE_KINDS: Final = frozenset({ev.REPORT_INFORMANT, ev.INFORMANT_REGRADED, ev.REPORT_SURVEILLANCE, ev.INJECT, ev.REPLY,
                           ev.RAID_RESULT, ev.WARRANT_GRANTED, ev.WARRANT_REFUSED,
                           ev.INTERVIEW_RESULT, ev.ORDER_REJECTED, ev.ORDER_COMPLETED,
                           ev.PERSON_MET, ev.ARREST_MADE, ev.SUSPECT_RELEASED,
                           ev.EVIDENCE_ADDED, ev.INSPECTION_RESULT, ev.PERSON_SEEN,
                           ev.PERSON_GONE, ev.PERSON_CAME_FORWARD, ev.CELL_MESSAGE,
                           ev.REQUEST_RECEIVED}) | pathway_picture.MESSAGE_KINDS
DANGER_FRESH: Final = 24 * 60
"""How long a report of imminent danger at a place stays grounds for entry without a
warrant (minutes); after that the cell must check again or get a warrant."""
TOWN_KINDS: Final = frozenset(get_args(LocationKind))
"""Every kind of location on the map (the rest of what a cell knows are venues)."""
_REPORTED_AS: Final = {"member": "person", "link": "person", "venue": "place", "route": "route",
                "moved": "place"}
"""What an informant report's mentions are, by the report's subject kind."""


class Picture:
    """One cell's knowledge, updated event by event."""

    def __init__(self, cell: str, ex: "Exercise") -> None:
        self.cell = cell
        self.now = 0
        self.people: dict[str, dict[str, Any]] = {}
        self.places: dict[str, dict[str, Any]] = {}
        self.links: dict[str, dict[str, Any]] = {}
        self.routes: dict[str, dict[str, Any]] = {}
        self.victims: dict[str, dict[str, Any]] = {}
        self.seen: dict[str, dict[str, Any]] = {}
        """People the cell's units saw at a venue and left there (not met): person -> {id,
        where, seen_at, description, status (seen|gone)}."""
        self.units: dict[str, dict[str, Any]] = {}
        self.cases: dict[str, dict[str, Any]] = {}
        self.clients: dict[str, dict[str, Any]] = {}
        self.informants: dict[str, dict[str, Any]] = {}
        self.messages: list[int] = []
        self.orders: dict[str, dict[str, Any]] = {}
        self.danger: dict[str, dict[str, Any]] = {}
        """venue -> the latest report to the cell of a person in imminent danger there
        ``{t, by (inject|informant), ref, source, grade, informant}``: the only grounds
        for urgency."""
        self.danger_history: dict[str, list[dict[str, Any]]] = {}
        """venue -> every such report, oldest first (the desk weighs each fresh one)."""
        self.kinds: list[str] = []
        """The kind of every event folded in, in order: a reader that keeps views of the
        picture (a policy) catches up from what changed since it last looked."""
        self._startex_places(ex)

    def _startex_places(self, ex: "Exercise") -> None:
        # The map itself is public knowledge: towns and crossings, not venues.
        for loc in ex.scenario.region.locations:
            self.places[loc.id] = {"id": loc.id, "name": loc.name, "kind": loc.kind,
                                   "location": loc.id, "grades": [], "reports": []}

    # ------------------------------------------------------------------ queries

    def knows(self, entity: str) -> bool:
        """Whether the cell knows of the entity (a person, place, route, client group…)."""
        return (entity in self.people or entity in self.places or entity in self.routes
                or entity in self.victims or entity in self.clients
                or entity in self.informants or entity in self.units)

    def is_person(self, entity: str | None) -> bool:
        """Whether the entity is a suspect the cell knows."""
        return entity in self.people

    def is_place(self, entity: str | None) -> bool:
        """Whether the entity is a venue the cell knows (not a mere town)."""
        place = self.places.get(entity) if entity is not None else None
        return place is not None and place["kind"] not in TOWN_KINDS

    def is_seen(self, entity: str | None) -> bool:
        """Whether the entity is a person the cell saw at a venue and left there."""
        return entity in self.seen and entity not in self.victims

    def is_met(self, entity: str | None) -> bool:
        """Whether the entity is a person the cell's units met (a possible victim)."""
        return entity in self.victims

    def danger_reported(self, venue: str | None, now: int) -> dict[str, Any] | None:
        """The fresh report (at most :data:`DANGER_FRESH` old) that told the cell a person
        is in imminent danger at ``venue``, or None: grounds the cell KNEW, not the truth."""
        report = self.danger.get(venue) if venue else None
        if report is None or now - report["t"] > DANGER_FRESH:
            return None
        return report

    def danger_reports(self, venue: str | None, now: int) -> list[dict[str, Any]]:
        """Every fresh report of imminent danger at ``venue``, newest first."""
        reports = self.danger_history.get(venue, []) if venue else []
        # reports[::-1], not reversed(): mypyc fails to compile reversed() of a list of
        # partly-Any type inside a comprehension
        return [r for r in reports[::-1] if now - r["t"] <= DANGER_FRESH]

    def _danger(self, venue: str, by: str, ref: str, source: str, grade: str = "",
                informant: str | None = None) -> None:
        self.danger[venue] = {"t": self.now, "by": by, "ref": ref, "source": source,
                              "grade": grade, "informant": informant}
        self.danger_history.setdefault(venue, []).append(self.danger[venue])
        if venue in self.places:
            self.places[venue]["danger_reported_at"] = self.now

    # ------------------------------------------------------------------ updates

    def _person(self, pid: str, name: str | None = None) -> dict[str, Any]:
        person = self.people.get(pid)
        if person is None:
            person = self.people[pid] = {
                "id": pid, "name": name or pid, "aliases": [], "roles_suspected": [],
                "grades": [], "reports": [], "status": "at_large", "location": None,
                "case_strength": 0.0, "evidence": []}
        elif name and person["name"] == pid:
            person["name"] = name
        return person

    def _place(self, pid: str, name: str | None = None, kind: str = "venue") -> dict[str, Any]:
        place = self.places.get(pid)
        if place is None:
            place = self.places[pid] = {"id": pid, "name": name or pid, "kind": kind,
                                        "location": None, "grades": [], "reports": []}
        return place

    def _mention(self, entity: str, name: str | None, kind: str | None) -> None:
        if kind in ("person", "member"):
            self._person(entity, name)
        elif kind in ("place", "venue"):
            self._place(entity, name)
        elif kind == "route":
            self.routes.setdefault(entity, {"id": entity, "name": name or entity,
                                            "grades": [], "reports": []})
        elif kind == "clients":
            self.clients.setdefault(entity, {"id": entity, "name": name or entity,
                                             "reports": []})

    def apply(self, event: Event) -> None:
        """Fold one event the cell may see into the picture.

        :meth:`cpx.engine.exercise.Exercise.emit` does the same, written out (keep them
        alike; ``tests/engine/test_core_fast_paths.py`` compares them)."""
        self.now = event.t
        kind, p = event.kind, event.payload
        self.kinds.append(kind)
        if kind in MESSAGE_KINDS:
            self.messages.append(event.seq)
        handler = _HANDLERS.get(kind)
        if handler is not None:
            handler(self, event.seq, p)

    def _on_briefing_member(self, seq: int, p: dict) -> None:
        person = self._person(p["person_id"], p["name"])
        person["aliases"] = list(p.get("aliases", []))
        person["location"] = p.get("location")

    def _on_briefing_place(self, seq: int, p: dict) -> None:
        place = self._place(p["place_id"], p["name"], p["kind"])
        place["location"] = p["location"]

    def _on_briefing_informant(self, seq: int, p: dict) -> None:
        self.informants[p["informant"]] = {"id": p["informant"], "codename": p["codename"],
                                           "handler": p["handler"],
                                           "source_grade": p["source_grade"], "reports": []}

    def _on_report(self, seq: int, p: dict) -> None:
        grade = f"{p['source_grade']}{p['credibility']}"
        # the payload's parts typed as what they are (JSON objects and arrays): a compiled
        # build then reads and appends to them directly
        names: dict[str, Any] = p.get("names", {})
        subject_kind = p["subject_kind"]
        people, places, routes = self.people, self.places, self.routes
        mentions: list[Any] = p.get("mentions", [])
        reported_as = _REPORTED_AS[subject_kind] if mentions else None
        for entity in mentions:
            self._mention(entity, names.get(entity), reported_as)
            entry: dict[str, Any] | None = (people.get(entity) or places.get(entity)
                                            or routes.get(entity))
            if entry is not None:
                grades: list[str] = entry["grades"]
                reports: list[int] = entry["reports"]
                grades.append(grade)
                reports.append(seq)
        if p.get("role") and p["subject"] in people:
            roles = people[p["subject"]]["roles_suspected"]
            if p["role"] not in roles:
                roles.append(p["role"])
        if p.get("location"):
            entry = people.get(p["subject"]) or places.get(p["subject"])
            if entry is not None:
                entry["location"] = p["location"]
        if subject_kind == "moved" and p.get("partner") in places \
                and p.get("to_location"):  # where the people were taken: its town
            places[p["partner"]]["location"] = p["to_location"]
        if subject_kind == "link" and p.get("partner"):
            self._link(p["subject"], p["partner"], grade, seq)
        if subject_kind == "venue" and p.get("minors") and p.get("count"):
            # "some look under 18": a child at risk there, as the source tells it
            self._danger(p["subject"], "informant", p["report_id"],
                         f"{p.get('codename') or p['informant']} ({grade})", grade,
                         p["informant"])
            self.danger[p["subject"]]["credibility"] = p["credibility"]
        if p["informant"] in self.informants:
            self.informants[p["informant"]]["reports"].append(seq)

    def _link(self, a: str, b: str, grade: str, seq: int) -> None:
        key = "|".join(sorted([a, b]))
        link = self.links.setdefault(key, {"between": sorted([a, b]), "grades": [],
                                           "reports": []})
        link["grades"].append(grade)
        link["reports"].append(seq)

    def _on_surveillance(self, seq: int, p: dict) -> None:
        # typed as what they are (JSON objects and arrays): read directly when compiled
        names: dict[str, Any] = p.get("names", {})
        kinds: dict[str, Any] = p.get("kinds", {})
        mentions: list[Any] = p.get("mentions", [])
        for entity in mentions:
            self._mention(entity, names.get(entity), kinds.get(entity))
            if kinds.get(entity) == "clients":
                self.clients[entity]["reports"].append(seq)
        # The team's own observation stands behind what it saw: cite it like a report,
        # marked "obs" rather than a source grade (police observation is not graded A-F).
        for entity in dict.fromkeys([p.get("target"), *mentions]):
            entry: dict[str, Any] | None = (self.people.get(entity) or self.places.get(entity)
                                            if entity else None)
            if entry is not None:
                reports: list[int] = entry["reports"]
                if seq not in reports:
                    grades: list[str] = entry["grades"]
                    grades.append("obs")
                    reports.append(seq)
        locations: dict[str, Any] = p.get("locations", {})
        for entity, where in locations.items():
            if entity in self.people:
                self.people[entity]["location"] = where
        people = [m for m in mentions if kinds.get(m) == "person"]
        if len(people) == 2:
            self._link(people[0], people[1], "surveillance", seq)

    def _on_evidence(self, seq: int, p: dict) -> None:
        case = self.cases.setdefault(p["suspect"], {"suspect": p["suspect"], "strength": 0.0,
                                                    "evidence": [], "warrant": None})
        case["evidence"].append(p["evidence_id"])
        # Each item's standing: only what counts adds to the strength (evidence_rules).
        item = {"kind": p.get("kind"), "weight": p["weight"],
                "status": p.get("status", "counted"), "reason": p.get("reason", "")}
        case.setdefault("items", {})[p["evidence_id"]] = item
        if item["status"] == "counted":
            case["strength"] = round(min(1.0, case["strength"] + p["weight"]), 4)
        else:
            pathway_picture.restrength(self, p["suspect"])
        if p["suspect"] in self.people:
            self.people[p["suspect"]]["case_strength"] = case["strength"]
            self.people[p["suspect"]]["evidence"] = list(case["evidence"])

    def _case(self, target: str) -> dict[str, Any]:
        return self.cases.setdefault(target, {"suspect": target, "strength": 0.0,
                                              "evidence": [], "warrant": None})

    def _on_order_accepted(self, seq: int, p: dict) -> None:
        order: dict[str, Any] = p["order"]  # the order's dict (compiled: read as one)
        order_id = p["order_id"]
        verb = order["verb"]
        self.orders[order_id] = {"id": order_id, "verb": verb,
                                 "unit": order["unit"], "target": order["target"],
                                 "status": "running", "given": self.now, "outcome": None}
        if verb == "request_warrant":
            self._case(order["target"])["warrant"] = "requested"

    def _on_order_completed(self, seq: int, p: dict) -> None:
        order = self.orders.get(p["order_id"])
        if order is not None:
            order["status"], order["outcome"] = "completed", p["outcome"]

    def _on_warrant(self, seq: int, p: dict, state: str) -> None:
        self._case(p["target"])["warrant"] = state

    def _on_inject(self, seq: int, p: dict) -> None:
        self._on_mentioned(seq, p)
        for venue in p.get("danger_at", []):
            self._danger(venue, "inject", p["inject_id"], str(p.get("from", "a caller")))

    def _on_mentioned(self, seq: int, p: dict) -> None:
        """A message that names places or people (an inject, a partner's reply such as the
        force's off-limits list): the cell now knows them, with the address given."""
        for item in p.get("mentioned", []):
            self._mention(item["id"], item["name"], item["kind"])
            entry = self.places.get(item["id"]) or self.people.get(item["id"])
            if entry is None:
                continue
            if item.get("location"):
                entry["location"] = item["location"]
            if item.get("venue_kind") and entry.get("kind") == "venue":
                entry["kind"] = item["venue_kind"]

    def _on_raid(self, seq: int, p: dict) -> None:
        if p["venue"] in self.places:
            self.places[p["venue"]]["raided_at"] = self.now
        for group in p.get("mentions", []):
            self._mention(group, group, "clients")

    def _on_inspection(self, seq: int, p: dict) -> None:
        if p["venue"] in self.places:
            self.places[p["venue"]]["inspected_at"] = self.now
        names = p.get("names", {})
        for member in p.get("mentions", []):  # the persons in charge, as their papers say
            self._mention(member, names.get(member), "person")

    def _on_person_seen(self, seq: int, p: dict) -> None:
        self.seen[p["person_id"]] = {"id": p["person_id"], "where": p["where"],
                                     "seen_at": self.now, "description": p["description"],
                                     "status": "seen"}

    def _on_person_gone(self, seq: int, p: dict) -> None:
        if p["person_id"] in self.seen:
            self.seen[p["person_id"]]["status"] = "gone"

    def _on_person_met(self, seq: int, p: dict) -> None:
        self.victims[p["person_id"]] = {"id": p["person_id"], "met_at": self.now,
                                        "where": p["where"], "description": p["description"],
                                        "status": "met", "indicators": [],
                                        "interviews": 0}

    def _on_interview(self, seq: int, p: dict) -> None:
        victim = self.victims.get(p["person_id"])
        if victim is not None:
            victim["indicators"] = sorted(set(victim["indicators"]) | set(p["indicators"]))
            victim["trust"] = p["trust"]
            victim["interviews"] = victim.get("interviews", 0) + 1

    def _on_identified(self, seq: int, p: dict) -> None:
        victim = self.victims[p["person_id"]]
        victim["status"] = "identified" if p["decision"] else "not_identified"

    def _on_referred(self, seq: int, p: dict) -> None:
        self.victims[p["person_id"]]["status"] = "referred"

    def _on_arrest(self, seq: int, p: dict) -> None:
        self._person(p["member"], p.get("name"))["status"] = "arrested"

    def _on_released(self, seq: int, p: dict) -> None:
        if p["member"] in self.people:
            self.people[p["member"]]["status"] = "released"

    def _on_unit(self, seq: int, p: dict) -> None:
        unit = p["unit"]
        row = self.units.get(unit)
        if row is None:
            self.units[unit] = {"id": unit, "callsign": p["callsign"],
                                "status": p["status"], "location": p["location"],
                                "task": p["task"], "eta": p["eta"],
                                "agency": p.get("agency")}
        else:  # its row updated where it stands: the same keys in the same order, no new dict
            row["callsign"] = p["callsign"]
            row["status"] = p["status"]
            row["location"] = p["location"]
            row["task"] = p["task"]
            row["eta"] = p["eta"]
            row["agency"] = p.get("agency")

    def as_dict(self) -> dict[str, Any]:
        """The picture as plain data (lists sorted by id)."""
        def rows(d: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
            return [dict(d[k]) for k in sorted(d)]

        return {
            "now": self.now, "people": rows(self.people), "places": rows(self.places),
            "links": rows(self.links), "routes": rows(self.routes),
            "victims": rows(self.victims), "units": rows(self.units),
            "cases": rows(self.cases), "clients": rows(self.clients),
            "informants": rows(self.informants), "messages": list(self.messages),
            "orders": rows(self.orders), "seen": rows(self.seen),
        }


_HANDLERS = {
    ev.BRIEFING_MEMBER: Picture._on_briefing_member,
    ev.BRIEFING_PLACE: Picture._on_briefing_place,
    ev.BRIEFING_INFORMANT: Picture._on_briefing_informant,
    ev.REPORT_INFORMANT: Picture._on_report,
    ev.INFORMANT_REGRADED: lambda self, seq, p: self.informants[p["informant"]].update(
        source_grade=p["source_grade"]),
    ev.REPORT_SURVEILLANCE: Picture._on_surveillance,
    ev.EVIDENCE_ADDED: Picture._on_evidence,
    ev.ORDER_ACCEPTED: Picture._on_order_accepted,
    ev.ORDER_COMPLETED: Picture._on_order_completed,
    ev.WARRANT_GRANTED: lambda self, seq, p: self._on_warrant(seq, p, "granted"),
    ev.WARRANT_REFUSED: lambda self, seq, p: self._on_warrant(seq, p, "refused"),
    ev.INJECT: Picture._on_inject,
    ev.REPLY: Picture._on_mentioned,
    ev.RAID_RESULT: Picture._on_raid,
    ev.INSPECTION_RESULT: Picture._on_inspection,
    ev.PERSON_MET: Picture._on_person_met,
    ev.PERSON_SEEN: Picture._on_person_seen,
    ev.PERSON_GONE: Picture._on_person_gone,
    ev.INTERVIEW_RESULT: Picture._on_interview,
    ev.VICTIM_IDENTIFIED: Picture._on_identified,
    ev.VICTIM_REFERRED: Picture._on_referred,
    ev.ARREST_MADE: Picture._on_arrest,
    ev.SUSPECT_RELEASED: Picture._on_released,
    ev.UNIT_STATUS: Picture._on_unit,
}
_HANDLERS.update(pathway_picture.HANDLERS)

plain_apply = Picture.apply
"""``Picture.apply`` as defined here: :meth:`cpx.engine.exercise.Exercise.emit` does the
same itself while it is the one in use (not when a test has replaced it to watch)."""
