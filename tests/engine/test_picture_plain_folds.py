"""The picture's typed, read-once folds give the picture the plain folds give.

:class:`cpx.engine.picture.Picture` folds an informant report, a surveillance report and
a unit's status with the payload's parts read once into typed locals (a compiled build
reads and appends to them directly) and a unit's row updated where it stands. Here every
event a cell saw in played runs is folded again, those kinds by the plain folds the
picture first had, and the two pictures compared.
"""

from __future__ import annotations

import pytest

from cpx.commands.run import play
from cpx.engine import events as ev
from cpx.engine.exercise import Exercise
from cpx.engine.picture import _HANDLERS, _REPORTED_AS, MESSAGE_KINDS, Picture
from cpx.journal.scenario_source import open_scenario


def plain_report(self, seq, p):
    grade = f"{p['source_grade']}{p['credibility']}"
    names = p.get("names", {})
    for entity in p.get("mentions", []):
        self._mention(entity, names.get(entity), _REPORTED_AS[p["subject_kind"]])
        entry = (self.people.get(entity) or self.places.get(entity)
                 or self.routes.get(entity))
        if entry is not None:
            entry["grades"].append(grade)
            entry["reports"].append(seq)
    if p.get("role") and p["subject"] in self.people:
        roles = self.people[p["subject"]]["roles_suspected"]
        if p["role"] not in roles:
            roles.append(p["role"])
    if p.get("location"):
        entry = self.people.get(p["subject"]) or self.places.get(p["subject"])
        if entry is not None:
            entry["location"] = p["location"]
    if p["subject_kind"] == "moved" and p.get("partner") in self.places \
            and p.get("to_location"):
        self.places[p["partner"]]["location"] = p["to_location"]
    if p["subject_kind"] == "link" and p.get("partner"):
        self._link(p["subject"], p["partner"], grade, seq)
    if p["subject_kind"] == "venue" and p.get("minors") and p.get("count"):
        self._danger(p["subject"], "informant", p["report_id"],
                     f"{p.get('codename') or p['informant']} ({grade})", grade,
                     p["informant"])
        self.danger[p["subject"]]["credibility"] = p["credibility"]
    if p["informant"] in self.informants:
        self.informants[p["informant"]]["reports"].append(seq)


def plain_surveillance(self, seq, p):
    names, kinds = p.get("names", {}), p.get("kinds", {})
    mentions = p.get("mentions", [])
    for entity in mentions:
        self._mention(entity, names.get(entity), kinds.get(entity))
        if kinds.get(entity) == "clients":
            self.clients[entity]["reports"].append(seq)
    for entity in dict.fromkeys([p.get("target"), *mentions]):
        entry = self.people.get(entity) or self.places.get(entity) if entity else None
        if entry is not None and seq not in entry["reports"]:
            entry["grades"].append("obs")
            entry["reports"].append(seq)
    for entity, where in p.get("locations", {}).items():
        if entity in self.people:
            self.people[entity]["location"] = where
    people = [m for m in mentions if kinds.get(m) == "person"]
    if len(people) == 2:
        self._link(people[0], people[1], "surveillance", seq)


def plain_unit(self, seq, p):
    self.units[p["unit"]] = {"id": p["unit"], "callsign": p["callsign"],
                             "status": p["status"], "location": p["location"],
                             "task": p["task"], "eta": p["eta"], "agency": p.get("agency")}


PLAIN = {ev.REPORT_INFORMANT: plain_report, ev.REPORT_SURVEILLANCE: plain_surveillance,
         ev.UNIT_STATUS: plain_unit}


@pytest.mark.parametrize("name, seed", [("glass_lantern", 2), ("glass_lantern", 9),
                                        ("bitter_harvest", 4), ("tutorial", 1)])
def test_folds_give_the_plain_picture(name, seed):
    scenario = open_scenario(name).scenario
    exercise = Exercise(scenario, seed)
    play(exercise, "baseline", [], exercise.end, [])
    folded = {kind: 0 for kind in PLAIN}
    for cell in exercise.cells:
        plain = Picture(cell, exercise)
        for event in exercise.events_for(cell):
            if event.visibility != cell:
                continue
            plain.now = event.t
            plain.kinds.append(event.kind)
            if event.kind in MESSAGE_KINDS:
                plain.messages.append(event.seq)
            handler = PLAIN.get(event.kind) or _HANDLERS.get(event.kind)
            if event.kind in PLAIN:
                folded[event.kind] += 1
            if handler is not None:
                handler(plain, event.seq, event.payload)
        mine = exercise.picture_of(cell)
        assert plain.as_dict() == mine.as_dict()
        # key order too (a row's keys are shown and written in this order)
        assert [list(row) for rows in plain.as_dict().values() if isinstance(rows, list)
                for row in rows if isinstance(row, dict)] == \
            [list(row) for rows in mine.as_dict().values() if isinstance(rows, list)
             for row in rows if isinstance(row, dict)]
        assert plain.danger == mine.danger and plain.danger_history == mine.danger_history
    if name == "glass_lantern":
        assert all(folded.values()), folded  # each plain fold was compared


def test_the_kinds_emit_folds_directly_are_the_tables():
    """Exercise.emit calls these two folds itself: they must be the table's own."""
    assert _HANDLERS[ev.UNIT_STATUS] == Picture._on_unit
    assert _HANDLERS[ev.ORDER_ACCEPTED] == Picture._on_order_accepted
