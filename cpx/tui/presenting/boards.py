"""The boards: units, orders, sources, people, places, links, cases, people met."""

from __future__ import annotations

from typing import Any

from cpx.tui.naming import natural_key
from cpx.tui.presenting.duty import duty_word
from cpx.tui.presenting.text import _bar, _count, _grades, _short, _text


WAITING_ON = {
    "request_warrant": "with the prosecutor",
    "cross_border_request": "with the other country (takes days)",
    "report_misconduct": "with the force's military police",
    "inspect": "with the inspectorate",
    "refer_victim": "with victim support",
    "financial_investigation": "with the investigators",
}
"""What an order given without a unit of the cell's is waiting on while it runs."""


CONSENT_WORDS = {"agreed": "yes", "declined": "no", "pending": "pending"}
"""A person's decision to give evidence, as the victims board shows it."""


def _victim_status(victim: dict[str, Any]) -> str:
    status = str(victim.get("status", "")).replace("_", " ")
    if victim.get("custody_over_limit") and victim.get("status") == "in_custody":
        status += " (past the limit)"
    return status


def seen_not_met(picture: dict[str, Any]) -> list[dict[str, Any]]:
    """The people the cell saw and left at a venue and has not met since."""
    met = {str(v["id"]) for v in picture.get("victims", ())}
    return [s for s in picture.get("seen", ()) if str(s["id"]) not in met]


def seen_status(seen: dict[str, Any]) -> str:
    """'seen, still there', or 'seen, gone' once a unit found them gone (the board's
    Where column names the venue; short, so 80 columns still show the next columns)."""
    return "seen, gone" if seen.get("status") == "gone" else "seen, still there"


def _not_counted(case: dict[str, Any]) -> str:
    """', 1 excluded, 1 awaiting consent' when part of a case's evidence does not count."""
    parts = [f"{len(case[key])} {word}" for key, word in
             (("excluded", "excluded"), ("pending", "awaiting consent")) if case.get(key)]
    return (", " + ", ".join(parts)) if parts else ""


class BoardsPresenter:
    """Board rows from the cell's picture (a part of :class:`~cpx.tui.presenter.Presenter`)."""

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
                duty_word(status),
                when,
                (self.name(task) if isinstance(task, str) else _text(task)) or "—",
                self.name(unit.get("location")),
                # The acronym when the name gives one: the board is cropped at 80 columns.
                _short(self.name(unit.get("agency")) if unit.get("agency") else
                       self._unit_agency.get(unit.get("id"), "")),
            ))
        return rows

    def unit_duty(self, picture: dict[str, Any]) -> list[tuple[str, str, str]]:
        """Each own unit's callsign, duty state and when that changes, for the strip above
        the feed: ``("HAWK 1", "on task", "ETA 18:10")``, ``("HAWK 2", "off duty",
        "until 14:00")``, ``("ANVIL", "on duty", "")``. A time on another day than now
        carries its day."""
        now_day = self.clock(int(picture.get("now") or 0)).split(" ")[0]

        def when(t: int) -> str:
            day, _, hhmm = self.clock(t).partition(" ")
            return hhmm if day == now_day else f"{day} {hhmm}"

        entries = []
        for unit in picture.get("units", ()):
            status = str(unit.get("status", ""))
            eta = unit.get("eta")
            own = self.own_units.get(unit.get("id"))
            if isinstance(eta, int) and status in ("on_task", "en_route"):
                detail = f"ETA {when(eta)}"
            elif status == "off_duty" and own is not None:
                detail = f"until {own.shift.start}"  # back on duty when its shift starts
            else:
                detail = ""
            entries.append((unit.get("callsign") or self.name(unit.get("id")),
                            duty_word(status), detail))
        return entries

    def order_rows(self, picture: dict[str, Any]) -> list[tuple[str, ...]]:
        """Orders given, newest first: id, given at, status, outcome, verb, unit, target.

        Status and outcome come before the order's words so 80 columns show them."""
        orders = sorted(picture.get("orders", ()), reverse=True,
                        key=lambda o: (int(o.get("given") or 0), natural_key(str(o.get("id")))))
        busy = {u.get("task"): u for u in picture.get("units", ()) if u.get("task")}
        return [(
            str(o.get("id", "")),
            self.clock(o["given"]) if isinstance(o.get("given"), int) else "",
            str(o.get("status", "")).replace("_", " "),
            self.spell(_text(o.get("outcome"))) or self._under_way(o, busy.get(o.get("id"))),
            str(o.get("verb", "")).replace("_", " "),
            self.name(o.get("unit")) if o.get("unit") else "—", self.name(o.get("target")),
        ) for o in orders]

    def _under_way(self, order: dict[str, Any], unit: dict[str, Any] | None) -> str:
        """What a running order is waiting for: its unit's progress, or the partner."""
        if order.get("status") != "running":
            return "—"
        if unit is not None:
            state = duty_word(unit.get("status"))
            eta = unit.get("eta")
            word = "arrives" if unit.get("status") == "en_route" else "done by"
            return f"{state}, {word} {self.clock(eta)}" if isinstance(eta, int) else state
        return WAITING_ON.get(str(order.get("verb")), "under way")

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
        """Case files: suspect, strength, evidence (with what does not count), warrant."""
        return [(
            self.name(c.get("suspect")), _bar(float(c.get("strength") or 0)),
            _count(len(c.get("evidence") or ()), "item") + _not_counted(c),
            str(c.get("warrant") or "none"),
        ) for c in picture.get("cases", ())]

    def victim_rows(self, picture: dict[str, Any]) -> list[tuple[str, ...]]:
        """People met: id, when, where, status (in custody, referred…), when the
        reflection period ends, consent to give evidence, indicators, description.

        With them, the people seen at an inspection or left behind at a raid and not met
        since (the picture's ``seen``): when and where they were seen, and whether they
        are still there as far as the cell knows ("gone" once a unit found them gone)."""
        rows = [(
            self.name(v["id"]), self.clock(v["met_at"]) if isinstance(v.get("met_at"), int) else "",
            self.name(v.get("where")), _victim_status(v),
            self.clock(v["reflection_ends"]) if isinstance(v.get("reflection_ends"), int)
            else "—",
            CONSENT_WORDS.get(str(v.get("consent") or ""), "—"),
            _text([str(i).replace("_", " ") for i in v.get("indicators") or ()]) or "—",
            str(v.get("description") or ""),
        ) for v in picture.get("victims", ())]
        rows += [(
            str(s["id"]), self.clock(s["seen_at"]) if isinstance(s.get("seen_at"), int) else "",
            self.name(s.get("where")), seen_status(s), "—", "—",
            "—", str(s.get("description") or ""),
        ) for s in seen_not_met(picture)]
        return sorted(rows, key=lambda row: natural_key(row[0]))

