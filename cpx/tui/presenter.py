"""The one place where the engine's world becomes what the trainee's screens show.

Widgets never read the engine or the scenario: they take the plain view data built
here. Everything built here comes from three trainee-safe sources only:

* events the cell may see (``Exercise.events_for(cell)`` / visibility == cell);
* the cell's picture (``Exercise.picture(cell)``);
* the public parts of the scenario — the briefing (``meta``), the map (``region``),
  the agencies and their units, and the codenames of informants the cell's own units
  handle. The ``network`` (ground truth) and hidden informant parameters are never read.

Keeping this in one place (this module and its per-panel parts in
:mod:`cpx.tui.presenting`, which read only what they are given here) lets the
no-ground-truth rule be checked in one place.
"""


from __future__ import annotations

from typing import Any

from cpx.scenario.models import Scenario
from cpx.scenario.timefmt import format_duration, minutes_to_clock
from cpx.tui.briefing_text import briefing_lines, reflow
from cpx.tui.presenting.boards import BoardsPresenter
from cpx.tui.presenting.debrief import debrief
from cpx.tui.presenting.feed import _FEED_KINDS, BOARD_ONLY_KINDS, FEED_SOURCES, FeedPresenter
from cpx.tui.presenting.region import RegionPresenter
from cpx.tui.presenting.text import _one_line, _short
from cpx.tui.viewdata import (ORDER_VERBS, Briefing, Debrief, FeedItem, MapModel,
                              MessageDetail, Vocabulary)

__all__ = ["BOARD_ONLY_KINDS", "FEED_SOURCES", "ORDER_VERBS", "Briefing", "Debrief",
           "FeedItem", "MapModel", "MessageDetail", "Presenter", "Vocabulary", "_FEED_KINDS",
           "_one_line", "_short", "debrief", "reflow"]


class Presenter(FeedPresenter, BoardsPresenter, RegionPresenter):
    """Turns trainee events and the trainee picture into view data for one cell.

    Time and the names the cell knows live here; each panel's view data is built by its
    own part in :mod:`cpx.tui.presenting`: feed and detail, boards, map and completion
    words, debrief."""

    def __init__(self, scenario: Scenario, cell: str = "trainee") -> None:
        self.cell = cell
        meta = scenario.meta
        self.startex_minute = meta.startex.hour * 60 + meta.startex.minute
        self.duration = int(meta.duration)
        self._meta = meta
        self._locations = {loc.id: loc for loc in scenario.region.locations}
        self._roads = tuple(tuple(link.between) for link in scenario.region.links)
        self._agencies = list(scenario.agencies)
        self._cells = list(scenario.cells)  # each cell's own briefing, when it has one
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
        self._walk_ins: dict[str, str] = {}  # people injects brought in (cpx.walk_ins)
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
             for inf in self.informants_spec], self._locations, self.cell,
            self._cells)
