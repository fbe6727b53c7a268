"""The one place where the engine's world becomes what the trainee's screens show.

Widgets never read the engine or the scenario: they take the plain view data built
here. Everything built here comes from three trainee-safe sources only:

* events the cell may see (``Exercise.events_for(cell)`` / visibility == cell);
* the cell's picture (``Exercise.picture(cell)``);
* the public parts of the scenario — the briefing (``meta``), the map (``region``),
  the agencies and their units, and the codenames of informants the cell's own units
  handle. The ``network`` (ground truth) and hidden informant parameters are never read.

Keeping this in one module lets the no-ground-truth rule be checked in one place.
"""

from __future__ import annotations

import re
from typing import Any

from cpx.journal.events import Event
from cpx.scenario.models import Scenario
from cpx.scenario.timefmt import format_duration, minutes_to_clock
from cpx.tui.briefing_text import briefing_lines, reflow
from cpx.tui.naming import natural_key
from cpx.tui.viewdata import (ORDER_VERBS, Briefing, Debrief, FeedItem, MapModel,
                              MessageDetail, Vocabulary)

__all__ = ["FEED_SOURCES", "ORDER_VERBS", "Briefing", "Debrief", "FeedItem", "MapModel",
           "MessageDetail", "Presenter", "Vocabulary", "debrief", "reflow"]

FEED_SOURCES: tuple[str, ...] = ("all", "informants", "units", "injects", "partners", "orders")
"""The feed filters, in the order the filter key cycles through them."""

# kind -> feed source; kinds not listed (unit.status, …) update the boards, not the feed.
_FEED_KINDS: dict[str, str] = {
    "report.informant": "informants",
    "report.surveillance": "units",
    "evidence.added": "units",
    "raid.result": "units",
    "inspection.result": "units",
    "informant.regraded": "informants",
    "person.met": "units",
    "interview.result": "units",
    "arrest.made": "units",
    "suspect.released": "partners",
    "inject": "injects",
    "reply": "partners",
    "warrant.granted": "partners",
    "warrant.refused": "partners",
    "victim.referred": "partners",
    "victim.identified": "orders",
    "order.accepted": "orders",
    "order.rejected": "orders",
    "order.completed": "units",
    "exercise.endex": "orders",
}
# Trainee events that feed the boards (units, intelligence picture), not the message feed.
BOARD_ONLY_KINDS = frozenset({"unit.status", "briefing.informant", "briefing.member",
                              "briefing.place"})
_FIELD_WORDS = {"minors": "under 18 seen", "count": "how many", "person_id": "person",
                "subject_kind": "about a", "eta": "expected", "order_id": "order id"}
"""Payload keys as the detail pane labels them (words, not field names)."""
_SOURCE_TAG = {"informants": "INF", "units": "UNIT", "injects": "MSG", "partners": "AGCY",
               "orders": "ORD"}

def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={_text(v)}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


class Presenter:
    """Turns trainee events and the trainee picture into view data for one cell."""

    def __init__(self, scenario: Scenario, cell: str = "trainee") -> None:
        self.cell = cell
        meta = scenario.meta
        self.startex_minute = meta.startex.hour * 60 + meta.startex.minute
        self.duration = int(meta.duration)
        self._meta = meta
        self._locations = {loc.id: loc for loc in scenario.region.locations}
        self._roads = tuple(tuple(link.between) for link in scenario.region.links)
        self._agencies = list(scenario.agencies)
        own = [a for a in self._agencies if a.player_cell == cell]
        self.own_units = {u.id: u for a in own for u in a.units}
        self._unit_agency = {u.id: a.name for a in own for u in a.units}
        # Codenames are what the cell knows its sources by; hidden accuracy is never read.
        self.informants = {
            inf.id: (inf.codename, inf.handler, inf.reliability)
            for inf in scenario.informants
            if inf.handler in self.own_units
        }
        self.informants_spec = [inf for inf in scenario.informants
                                if inf.handler in self.own_units]
        self._order_units: dict[str, str] = {}
        self._report_labels: dict[int, str] = {}
        self._names: dict[str, str] = {a.id: a.name for a in self._agencies}
        self._names.update({loc_id: loc.name for loc_id, loc in self._locations.items()})
        self._names.update({uid: u.callsign for uid, u in self.own_units.items()})
        self._names.update({iid: code for iid, (code, _, _) in self.informants.items()})

    # ------------------------------------------------------------------- time
    def clock(self, minutes: int) -> str:
        """``D2 14:30`` for a sim minute."""
        return minutes_to_clock(minutes, self.startex_minute)

    def day(self, minutes: int) -> int:
        """The exercise day (1-based) of a sim minute."""
        return (minutes + self.startex_minute) // (24 * 60) + 1

    def header(self, now: int, clock_label: str) -> str:
        """The header line: clock, day, speed and time left to ENDEX."""
        left = max(self.duration - now, 0)
        return (f"{self.clock(now)}  Day {self.day(now)}  {clock_label}  "
                f"ENDEX in {format_duration(left)}")

    # ------------------------------------------------------------------ names
    def learn(self, picture: dict[str, Any]) -> None:
        """Remember the names the cell now knows (people and places of its picture)."""
        for person in picture.get("people", ()):
            self._names[person["id"]] = person.get("name") or person["id"]
        for place in picture.get("places", ()):
            self._names[place["id"]] = place.get("name") or place["id"]
        for route in picture.get("routes", ()):
            self._names[route["id"]] = route.get("name") or route["id"]

    def _learn_payload(self, payload: dict[str, Any]) -> None:
        # Trainee payloads name what they mention; those names are the cell's to know.
        names = payload.get("names")
        if isinstance(names, dict):
            self._names.update({str(k): str(v) for k, v in names.items() if v})
        for entry in payload.get("mentioned", ()) or ():
            if isinstance(entry, dict) and entry.get("id") and entry.get("name"):
                self._names[str(entry["id"])] = str(entry["name"])

    def name(self, ident: Any) -> str:
        """The display name of an id the cell knows, else the id itself."""
        if ident is None:
            return "—"
        return self._names.get(str(ident), str(ident))

    # ----------------------------------------------------------------- briefing
    def briefing(self) -> Briefing:
        """The briefing: title, situation, mission, own resources and partners."""
        return briefing_lines(
            self._meta, format_duration(self.duration), self._agencies,
            [(inf.codename, inf.handler, inf.reliability)
             for inf in self.informants_spec], self._locations, self.cell)

    # --------------------------------------------------------------------- feed
    def feed_item(self, event: Event) -> FeedItem | None:
        """The feed line of a trainee event, or None when it belongs on a board only."""
        if event.visibility != self.cell:
            return None
        source = _FEED_KINDS.get(event.kind)
        if source is None:
            return None
        p = event.payload
        self._learn_payload(p)
        if event.kind == "order.accepted" and p.get("order_id"):
            order = p.get("order") or {}
            if order.get("unit"):
                self._order_units[str(p["order_id"])] = str(order["unit"])
            # Unit boards name a task by its order id; show what the order is instead.
            self._names[str(p["order_id"])] = " ".join(
                self.name(order.get(k)) if k == "target" else str(order.get(k)).replace("_", " ")
                for k in ("verb", "target") if order.get(k))
        sender, grade, headline = self._describe(event.kind, p)
        ordered = p.get("order") if isinstance(p.get("order"), dict) else {}
        # Boards cite the reports behind an entry by seq: say when and from whom instead.
        self._report_labels[event.seq] = f"{self.clock(event.t)} {sender}"
        refs = tuple(
            str(p[key]) for key in ("target", "subject", "venue", "person_id", "member",
                                   "suspect", "unit")
            if isinstance(p.get(key), str)
        ) + tuple(str(ordered[key]) for key in ("target", "unit")
                  if isinstance(ordered.get(key), str)) \
            + tuple(str(m) for m in p.get("mentions", ()) or ())
        return FeedItem(
            seq=event.seq, t=event.t, when=self.clock(event.t), source=source,
            tag=_SOURCE_TAG[source], sender=sender, grade=grade,
            headline=_one_line(headline), kind=event.kind, refs=refs,
        )

    def _describe(self, kind: str, p: dict[str, Any]) -> tuple[str, str, str]:
        """(sender, grade, headline) of one event."""
        name = self.name
        order = p.get("order") or {}
        if kind == "report.informant":
            grade = f"{p.get('source_grade', '')}{p.get('credibility', '')}"
            return p.get("codename") or name(p.get("informant")), grade, _text(p.get("text"))
        if kind == "inject":
            # 'from' is an agency id or a role the SimCell plays ('journalist').
            return _short(name(p.get("from")).replace("_", " ")), "", _text(p.get("text"))
        if kind == "reply":
            return _short(name(p.get("agency"))), "", _text(p.get("text"))
        if kind == "order.rejected":
            verb = str(order.get("verb", "order")).replace("_", " ")
            return "orders", "", f"REJECTED {verb}: {_text(p.get('reason'))}"
        if kind == "order.accepted":
            verb = str(order.get("verb", "")).replace("_", " ")
            target = f" {name(order.get('target'))}" if order.get("target") else ""
            unit = p.get("unit") or order.get("unit")
            return (name(unit) if unit else "orders"), "", f"order accepted: {verb}{target}"
        if kind == "order.completed":
            # Which order, in words ('border alert Brenna crossing'): two alerts done
            # at once must not read the same.
            what = self._names.get(str(p.get("order_id")),
                                   str(p.get("verb", "")).replace("_", " "))
            return self._sender(p, "orders"), "", f"{what} done: {_text(p.get('outcome'))}"
        if kind in ("warrant.granted", "warrant.refused"):
            verdict = "granted" if kind == "warrant.granted" else "refused"
            reason = f" — {_text(p.get('reason'))}" if p.get("reason") else ""
            return "prosecutor", "", f"warrant {verdict} for {name(p.get('target'))}{reason}"
        if kind == "victim.identified":
            verdict = "a victim" if p.get("decision") else "not a victim"
            return "cell", "", f"{name(p.get('person_id'))} recorded as {verdict}"
        if kind == "victim.referred":
            shelter = f", shelter in {name(p.get('shelter'))}" if p.get("shelter") else ""
            return _short(name(p.get("agency"))), "", (
                f"{name(p.get('person_id'))} referred to {name(p.get('agency'))}{shelter}")
        if kind == "arrest.made":
            return name(p.get("unit")), "", f"arrested {name(p.get('member'))}"
        if kind == "suspect.released":
            return "custody", "", f"{name(p.get('member'))} released: {_text(p.get('reason'))}"
        if kind == "person.met":
            return "field", "", (
                f"{name(p.get('person_id'))} met at {name(p.get('where'))}: "
                f"{_text(p.get('description'))}")
        if kind == "evidence.added":
            return "case file", "", (f"{p.get('kind', 'evidence')} against "
                                     f"{name(p.get('suspect'))}: {_text(p.get('text'))}")
        if kind == "exercise.endex":
            return "EXCON", "", f"ENDEX — {_text(p.get('reason'))}"
        if kind == "inspection.result":
            noticed = ", ".join(str(i).replace("_", " ") for i in p.get("indicators") or ())
            return self._sender(p, "inspectorate"), "", (
                f"inspection of {name(p.get('venue'))}: {_text(p.get('text'))}"
                + (f" (noticed: {noticed})" if noticed else ""))
        if kind == "informant.regraded":
            return p.get("codename") or name(p.get("informant")), str(
                p.get("source_grade", "")), f"source regraded: {_text(p.get('reason'))}"
        if kind == "interview.result":
            found = ", ".join(str(i).replace("_", " ") for i in p.get("indicators") or ())
            return self._sender(p, "interview"), "", (
                f"interview of {name(p.get('person_id'))}: {_text(p.get('text'))}"
                + (f" ({found})" if found else ""))
        return self._sender(p, kind.split(".")[0]), "", _text(p.get("text") or p.get("outcome"))

    def _sender(self, p: dict[str, Any], fallback: str) -> str:
        """The unit behind a result: named in the payload, or the one its order went to."""
        unit = p.get("unit") or self._order_units.get(str(p.get("order_id")))
        return self.name(unit) if unit else fallback

    def detail(self, event: Event) -> MessageDetail:
        """Everything the cell may read about one message, with what it refers to."""
        item = self.feed_item(event)
        p = event.payload
        title = f"{self.clock(event.t)} · {event.kind}"
        if item is not None:
            title = f"{self.clock(event.t)} · {item.tag} · {item.sender}"
        fields: list[tuple[str, str]] = []
        if item is not None and item.grade:
            fields.append(("grade", f"source {item.grade[:1]} (A best … F untested), "
                                    f"credibility {item.grade[1:]} (1 confirmed … 6 unknown)"))
        # Bookkeeping ids (which inject, which report) mean nothing to the trainee.
        skip = {"text", "codename", "source_grade", "credibility", "mentions", "names",
                "mentioned", "kinds", "locations", "from", "inject_id", "report_id"}
        for key, value in p.items():
            if key in skip or value in (None, "", [], {}):
                continue
            if key == "order_id":
                value = str(value)  # the id the Units panel lists, not what it names
            elif key == "order" and isinstance(value, dict):
                value = " ".join(self.name(value.get(k)) if k in ("unit", "target")
                                 else _text(value.get(k))
                                 for k in ("verb", "unit", "target") if value.get(k))
            elif isinstance(value, bool):
                value = "yes" if value else "no"  # never a raw 'True' on screen
            elif isinstance(value, str):
                value = self.name(value)
            elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                value = ", ".join(self.name(v) for v in value)
            fields.append((_FIELD_WORDS.get(key, key.replace("_", " ")), _text(value)))
        text = reflow(_text(p.get("text"))) or (item.headline if item else "")
        refs = tuple(f"{self.name(r)} ({r})" for r in dict.fromkeys(item.refs if item else ()))
        return MessageDetail(title=title, fields=tuple(fields), text=text, refs=refs)

    # ------------------------------------------------------------------- boards
    def unit_rows(self, picture: dict[str, Any]) -> list[tuple[str, ...]]:
        """Unit board rows: callsign, duty state, ETA, task, location, agency.

        Duty state and ETA come first so they show on the narrowest board."""
        rows = []
        for unit in picture.get("units", ()):
            eta = unit.get("eta")
            task = unit.get("task")
            status = str(unit.get("status", ""))
            own = self.own_units.get(unit.get("id"))
            if isinstance(eta, int):
                when = self.clock(eta)
            elif status == "off_duty" and own is not None:
                when = f"on {own.shift.start}"  # back on duty when its shift starts
            else:
                when = "—"
            rows.append((
                unit.get("callsign") or self.name(unit.get("id")),
                status.replace("_", " "),
                when,
                (self.name(task) if isinstance(task, str) else _text(task)) or "—",
                self.name(unit.get("location")),
                # The acronym when the name gives one: the board is cropped at 80 columns.
                _short(self.name(unit.get("agency")) if unit.get("agency") else
                       self._unit_agency.get(unit.get("id"), "")),
            ))
        return rows

    def order_rows(self, picture: dict[str, Any]) -> list[tuple[str, ...]]:
        """Orders given, newest first: id, given at, status, outcome, verb, unit, target.

        Status and outcome come before the order's words so 80 columns show them."""
        orders = sorted(picture.get("orders", ()), reverse=True,
                        key=lambda o: (int(o.get("given") or 0), natural_key(str(o.get("id")))))
        return [(
            str(o.get("id", "")),
            self.clock(o["given"]) if isinstance(o.get("given"), int) else "",
            str(o.get("status", "")).replace("_", " "), _text(o.get("outcome")) or "—",
            str(o.get("verb", "")).replace("_", " "),
            self.name(o.get("unit")) if o.get("unit") else "—", self.name(o.get("target")),
        ) for o in orders]

    def source_rows(self, picture: dict[str, Any]) -> list[tuple[str, ...]]:
        """The cell's informants: codename, handler, source grade, reports."""
        return [(
            str(i.get("codename") or i.get("id")), self.name(i.get("handler")),
            str(i.get("source_grade", "")), self._reports(i.get("reports")),
        ) for i in picture.get("informants", ())]

    def people_rows(self, picture: dict[str, Any]) -> list[tuple[str, ...]]:
        """Known people: name, aliases, suspected roles, grades, reports, status, case."""
        return [(
            p.get("name") or p["id"], _text(p.get("aliases")), _text(p.get("roles_suspected")),
            _grades(p.get("grades")), self._reports(p.get("reports")),
            str(p.get("status", "")).replace("_", " "),
            f"{float(p.get('case_strength') or 0):.0%}",
        ) for p in picture.get("people", ())]

    def place_rows(self, picture: dict[str, Any]) -> list[tuple[str, ...]]:
        """Known places: name, kind, town, grades, reports."""
        # Venues and addresses first; the region's towns (known from the map) after them.
        places = sorted(picture.get("places", ()), key=lambda p: p["id"] in self._locations)
        return [(
            p.get("name") or p["id"], str(p.get("kind", "")).replace("_", " "),
            self.name(p.get("location")), _grades(p.get("grades")),
            self._reports(p.get("reports")),
        ) for p in places]

    def link_rows(self, picture: dict[str, Any]) -> list[tuple[str, ...]]:
        """Known links between people or places, and known routes."""
        rows = [(
            " — ".join(self.name(x) for x in link.get("between", ())), "link",
            _grades(link.get("grades")), self._reports(link.get("reports")),
        ) for link in picture.get("links", ())]
        rows += [(r.get("name") or r["id"], "route", _grades(r.get("grades")),
                  self._reports(r.get("reports"))) for r in picture.get("routes", ())]
        return rows

    def _reports(self, reports: Any) -> str:
        """The latest reports behind an entry, as the feed shows them (time and sender)."""
        if not reports:
            return "—"
        shown = [self._report_labels.get(r, f"#{r}") if isinstance(r, int) else f"#{r}"
                 for r in list(reports)[-2:]]
        return "; ".join(shown) + (f" (+{len(reports) - 2})" if len(reports) > 2 else "")

    def case_rows(self, picture: dict[str, Any]) -> list[tuple[str, ...]]:
        """Case files: suspect, strength, evidence, warrant."""
        return [(
            self.name(c.get("suspect")), _bar(float(c.get("strength") or 0)),
            _count(len(c.get("evidence") or ()), "item"),
            str(c.get("warrant") or "none"),
        ) for c in picture.get("cases", ())]

    def victim_rows(self, picture: dict[str, Any]) -> list[tuple[str, ...]]:
        """People met: id, when, where, status, indicators, description."""
        return [(
            str(v["id"]), self.clock(v["met_at"]) if isinstance(v.get("met_at"), int) else "",
            self.name(v.get("where")), str(v.get("status", "")).replace("_", " "),
            _text([str(i).replace("_", " ") for i in v.get("indicators") or ()]) or "—",
            str(v.get("description") or ""),
        ) for v in sorted(picture.get("victims", ()), key=lambda v: natural_key(str(v["id"])))]

    def map_model(self, picture: dict[str, Any]) -> MapModel:
        """Locations, roads, known venues and own units placed on the 0–100 grid."""
        at = {loc_id: loc.at for loc_id, loc in self._locations.items()}
        places = tuple((loc.name, loc.kind, loc.at[0], loc.at[1])
                       for loc in self._locations.values())
        roads = tuple((at[a], at[b]) for a, b in self._roads if a in at and b in at)
        venues = tuple((p.get("name") or p["id"], *at[p["location"]])
                       for p in picture.get("places", ())
                       if p.get("location") in at and p["id"] not in at)
        units = tuple((u.get("callsign") or u["id"], str(u.get("status", "")),
                       *at[u["location"]])
                      for u in picture.get("units", ()) if u.get("location") in at)
        return MapModel(places=places, roads=roads, venues=venues, units=units)

    def vocabulary(self, picture: dict[str, Any]) -> Vocabulary:
        """Completion words: verbs, own units and every target the cell knows of."""
        targets: dict[str, str] = {}
        kinds: dict[str, str] = {}
        for key, kind in (("people", "person"), ("places", "place"), ("routes", "route"),
                          ("victims", "victim"), ("clients", "client")):
            for entry in picture.get(key, ()):
                targets[str(entry["id"])] = entry.get("name") or str(entry["id"])
                kinds[str(entry["id"])] = self._location_kind(str(entry["id"])) or kind
        for entry in picture.get("informants", ()):
            targets[str(entry["id"])] = entry.get("codename") or str(entry["id"])
            kinds[str(entry["id"])] = "informant"
        for iid, (code, _, _) in self.informants.items():
            targets[iid] = code
            kinds[iid] = "informant"
        for a in self._agencies:
            if a.player_cell != self.cell:
                targets[a.id] = a.name
                kinds[a.id] = "agency"
        for loc_id, loc in self._locations.items():
            targets.setdefault(loc_id, loc.name)
            kinds[loc_id] = self._location_kind(loc_id)
        return Vocabulary(units=tuple(self.own_units), targets=tuple(targets),
                          target_names=targets, target_kinds=kinds,
                          unit_names={uid: u.callsign for uid, u in self.own_units.items()})


    def _location_kind(self, ident: str) -> str:
        """``crossing`` or ``location`` for a place of the map (towns are not venues)."""
        loc = self._locations.get(ident)
        if loc is None:
            return ""
        return "crossing" if loc.kind == "border_crossing" else "location"


def _grades(grades: Any) -> str:
    if not grades:
        return "—"
    shown = [str(g) if not isinstance(g, dict) else
             f"{g.get('source', g.get('source_grade', ''))}{g.get('credibility', '')}"
             for g in grades]
    return " ".join(shown[-4:]) + (" …" if len(shown) > 4 else "")


def _one_line(text: str) -> str:
    """Text on one feed line: whitespace collapsed, a director's '*' list items as '•'."""
    return " ".join("•" if word in ("*", "-") else word for word in text.split())


def _short(name: str) -> str:
    """An agency's acronym when its name gives one ('… Vardenia (IPMV)' → 'IPMV')."""
    found = re.search(r"\(([A-Z]{2,})\)", name)
    return found.group(1) if found else name


def _bar(strength: float, width: int = 10) -> str:
    filled = max(0, min(width, round(strength * width)))
    return "█" * filled + "░" * (width - filled) + f" {strength:.0%}"


def debrief(presenter: Presenter, picture: dict[str, Any], now: int, reason: str,
            journal: str | None, title: str) -> Debrief:
    """The debrief after ENDEX; the score card is read from the closed journal."""
    victims = picture.get("victims", ())
    counts = (
        ("messages received", str(len(picture.get("messages", ())))),
        ("people known", str(len(picture.get("people", ())))),
        ("places known", str(len(picture.get("places", ())))),
        ("arrested", str(sum(1 for p in picture.get("people", ())
                             if p.get("status") == "arrested"))),
        ("people met", str(len(victims))),
        ("identified as victims", str(sum(1 for v in victims
                                          if v.get("status") in ("identified", "referred")))),
        ("referred to support", str(sum(1 for v in victims if v.get("status") == "referred"))),
        ("cases", str(len(picture.get("cases", ())))),
    )
    scores: tuple[tuple[str, str, str], ...] = ()
    note = ""
    if journal:
        try:
            from cpx.aar import score_journal
            from cpx.aar.cardtext import format_value

            card = score_journal(journal)
            scores = tuple((s.objective.title, format_value(s), s.rating)
                           for s in card.objectives)
            note = card.warning or ""
        except Exception as error:  # the debrief must open even if scoring fails
            note = f"score card unavailable: {error}"
    else:
        note = "no journal was written, so there is no score card"
    return Debrief(
        title=title, ended=f"ENDEX at {presenter.clock(now)} — {reason}", counts=counts,
        scores=scores, score_note=note, journal=journal or "(none)",
        replay_command=f"cpx replay {journal}" if journal else "",
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")
