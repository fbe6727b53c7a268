"""The region map and the words the command line completes (from the map and picture)."""

from __future__ import annotations

from typing import Any

from cpx.tui.presenting.boards import seen_not_met
from cpx.tui.viewdata import MapModel, Vocabulary


class RegionPresenter:
    """Map and vocabulary (a part of :class:`~cpx.tui.presenter.Presenter`)."""

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
                # a walk-in by the name the feed gave them (cpx.walk_ins)
                targets[str(entry["id"])] = (entry.get("name")
                                             or self._names.get(str(entry["id"]))
                                             or str(entry["id"]))
                kinds[str(entry["id"])] = self._location_kind(str(entry["id"])) or kind
        for entry in seen_not_met(picture):
            # Seen and left at a venue: a unit can go back and interview them on site
            # (cpx.engine.onsite); once found gone there is no one to interview.
            if entry.get("status") != "gone":
                targets[str(entry["id"])] = str(entry["id"])
                kinds[str(entry["id"])] = "seen"
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


