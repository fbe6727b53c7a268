"""Agencies and their units: travel, shifts, status; borders; warrants; liaison delays.

Units move along the region's shortest paths, work their shifts and carry out one task
at a time. The prosecutor decides warrants on case strength against the legal threshold
after the processing time; border posts interdict transports, more often under a border
alert; partner agencies answer after their liaison latency.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, Generator

from cpx.engine import events as ev
from cpx.engine.scenario_memo import kept
from cpx.engine.world import PersonState, UnitState

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise

INTERDICTION_BASE = 0.03
"""Chance a transport is stopped at a crossing on a routine day."""
INTERDICTION_ALERT = 0.3
"""Added chance under a border alert, scaled by the border post's skill."""
REST_AFTER: Final = 6 * 60
"""A task longer than this is followed by a rest."""
REST_FOR: Final = 2 * 60
_UNIT_STATUS: Final = ev.UNIT_STATUS
"""The kind set_status emits, a constant of this module: compiled, a C variable where
``ev.UNIT_STATUS`` is an attribute read of another module at every call."""
_BUSY: Final = frozenset(("resting", "on_task", "en_route"))
"""The statuses a unit leaves when its task (or its rest after one) is over."""


class Agencies:
    """The agencies' units and the services they render to the player cell."""

    def __init__(self, ex: "Exercise") -> None:
        self.ex = ex
        self.world = ex.world
        self.specs = {a.id: a for a in ex.scenario.agencies}
        self.border_alerts: dict[str, int] = {}
        """crossing -> minute the alert ends."""
        self._changes: dict[int, tuple[tuple[str, bool], ...]] = kept(
            ex.scenario, "agencies.shift_changes", dict)
        """minute of the day -> (unit id, on duty) for each unit whose duty changed in the
        hour before (:meth:`_shift_changes`), for every run of this scenario (its units
        and shifts are the scenario's)."""
        self._changes_units = len(self.world.units)
        self._kinds: dict[tuple[str, ...], list[str]] = {}
        """agency kinds -> the agency ids of those kinds (:meth:`of_kind`)."""
        self._travel_times: dict[tuple[str, str], int | None] = kept(
            ex.scenario, "agencies.travel_times", dict)
        """(origin, destination) -> minutes by road, for every run of this scenario (the
        roads are the scenario's: a shortest-path search per origin and run otherwise)."""

    def start(self) -> None:
        """Show each cell its units, and track shifts hour by hour."""
        for unit in self.world.units.values():
            if not self.on_duty(unit):
                unit.status = "off_duty"
            self.announce(unit)
        if any(u.shift_hours < 24 for u in self.world.units.values()):
            self.ex.every(60, self._shifts, offset=60 - self.ex.minute_of_day(0) % 60)

    # ------------------------------------------------------------------ units

    def on_duty(self, unit: UnitState, t: int | None = None) -> bool:
        """Whether the unit's shift covers the minute ``t`` (default now)."""
        if unit.shift_hours >= 24:
            return True
        return _covers(unit, self.ex.minute_of_day(t))

    def _shift_changes(self) -> tuple[tuple[str, bool], ...]:
        """Each unit on shifts whose duty changed in the hour up to this minute, with
        whether it is on duty now.

        Only those can need a change of status at the hourly check: a unit's status is
        set available or off duty only by its duty at that moment (at STARTEX, here, or
        when it comes back from a task), and a shift of whole hours changes duty at most
        once an hour. The check falls on the same few minutes of the day again and
        again: the changes are worked out once per minute of the day and kept.
        """
        minute = self.ex.minute_of_day()
        units = self.world.units
        if self._changes_units != len(units):  # a unit joined: this run's own from now on
            self._changes = {}
            self._changes_units = len(units)
        changes = self._changes.get(minute)
        if changes is None:
            changes = self._changes[minute] = tuple(
                (unit.id, duty) for unit in units.values() if unit.shift_hours < 24
                for duty in (_covers(unit, minute),) if duty != _covers(unit, minute - 60))
        return changes

    def _shifts(self) -> None:
        units = self.world.units
        # the kept changes of this minute of the day read here (the hourly check's usual
        # way); :meth:`_shift_changes` works them out when they are not kept yet
        ex = self.ex
        changes = self._changes.get((ex.startex_minute + ex.now) % 1440) \
            if self._changes_units == len(units) else None
        if changes is None:
            changes = self._shift_changes()
        for unit_id, duty in changes:
            unit = units[unit_id]
            status = unit.status
            if status == "off_duty" and duty:
                self.set_status(unit, "available")
            elif status == "available" and not duty:
                self.set_status(unit, "off_duty")

    def announce(self, unit: UnitState) -> None:
        """Tell the unit's cell its status."""
        if unit.cell:
            self.ex.emit(ev.UNIT_STATUS, {
                "unit": unit.id, "callsign": unit.callsign, "status": unit.status,
                "location": unit.location, "task": unit.task, "eta": unit.eta,
                "agency": unit.agency}, unit.cell)

    def set_status(self, unit: UnitState, status: str, task: str | None = None,
                   eta: int | None = None) -> None:
        """Change a unit's status and announce it."""
        unit.status, unit.task, unit.eta = status, task, eta
        cell = unit.cell
        if cell:  # :meth:`announce` written out (some 230 times a run)
            self.ex.emit(_UNIT_STATUS, {
                "unit": unit.id, "callsign": unit.callsign, "status": status,
                "location": unit.location, "task": task, "eta": eta,
                "agency": unit.agency}, cell)

    def travel(self, unit: UnitState, destination: str, task: str,
               then: int | None = None) -> Generator[Any, Any, None]:
        """Process steps (:class:`cpx.engine.clock.Process`): the unit drives to ``destination`` along the shortest path.

        ``then``: how long the task takes once there (minutes), so the board shows when
        the unit should be free again rather than an ETA of "—" for a long task."""
        key, times = (unit.location, destination), self._travel_times
        # the kept time read here (:meth:`travel_time` works out one not kept yet)
        minutes = (times[key] if key in times else self.travel_time(*key)) or 0
        if minutes:
            self.set_status(unit, "en_route", task, self.ex.now + minutes)
            yield minutes
            unit.location = destination
        self.set_status(unit, "on_task", task, None if then is None else self.ex.now + then)

    def travel_time(self, origin: str, destination: str) -> int | None:
        """Minutes along the shortest road (:meth:`RegionGraph.travel`), kept per scenario."""
        key = (origin, destination)
        times = self._travel_times
        if key in times:
            return times[key]
        minutes = times[key] = self.ex.region.travel(origin, destination)
        return minutes

    def release(self, unit: UnitState, started: int) -> None:
        """The unit's task is over: rest after a long one, else available (or off duty)."""
        ex = self.ex
        now = ex.now
        if now - started > REST_AFTER:
            self.set_status(unit, "resting", None, now + REST_FOR)
            ex.later(REST_FOR, self._rested, unit)
        elif unit.status in _BUSY:  # :meth:`_rested` and :meth:`on_duty` written out
            hours = unit.shift_hours
            on_duty = hours >= 24 or (
                ex.startex_minute + now - unit.shift_start) % 1440 < hours * 60
            self.set_status(unit, "available" if on_duty else "off_duty")

    def _rested(self, unit: UnitState) -> None:
        if unit.status in _BUSY:
            self.set_status(unit, "available" if self.on_duty(unit) else "off_duty")

    def jurisdictions(self, agency: str) -> list[str]:
        """Where an agency may act now (its own, plus any joint team it joined)."""
        return list(self.specs[agency].jurisdictions) + self.world.jurisdictions_extra.get(agency, [])

    def of_kind(self, *kinds: str) -> list[str]:
        """Agency ids of the given kinds, in file order."""
        found = self._kinds.get(kinds)
        if found is None:  # the scenario's agencies never change during a run
            found = self._kinds[kinds] = [a.id for a in self.ex.scenario.agencies
                                          if a.kind in kinds]
        return list(found)

    def reply(self, agency: str, cell: str, text: str, order_id: str | None) -> None:
        """A partner agency's answer reaches the cell."""
        self.ex.emit(ev.REPLY, {"agency": agency, "text": text, "order_id": order_id}, cell)

    # ------------------------------------------------------------------ borders

    def interdiction_chance(self, crossing: str) -> float:
        """Chance a transport through the crossing is stopped now."""
        if self.border_alerts.get(crossing, -1) <= self.ex.now:
            return INTERDICTION_BASE
        skills = [u.skill for u in self.world.units.values()
                  if "border_control" in u.capabilities and u.base == crossing]
        return INTERDICTION_BASE + INTERDICTION_ALERT * (max(skills) if skills else 0.5) * 2

    def interdicted(self, person: PersonState, route: str, crossing: str,
                    transporter: str | None) -> None:
        """A transport was stopped at a crossing: the person is met by the border police."""
        person.status, person.venue, person.met_at = "met", None, self.ex.now
        self.ex.emit(ev.VICTIM_INTERDICTED, {"person_id": person.id, "route": route,
                                             "crossing": crossing})
        # the cell of the first border post a player cell commands, else the first cell
        cell = next((u.cell for u in self.world.units.values()
                     if "border_control" in u.capabilities and u.cell), self.ex.cells[0])
        name = self.ex.region.locations[crossing].name
        self.ex.emit(ev.PERSON_MET, {"person_id": person.id, "where": crossing,
                                     "description": describe(person, self.ex.jurisdiction_name(person.origin))
                                     + f", stopped in a vehicle at {name}"},
                     cell)
        if transporter and self.world.active_member(transporter):
            self.ex.doctrine.pressure(transporter, "border_alert")

    # ------------------------------------------------------------------ prosecutor

    def decide_warrant(self, target: str, order_id: str, cell: str) -> None:
        """The prosecutor's decision, after the processing time has passed."""
        legal = self.ex.scenario.legal
        strength = self.ex.desk.case_strength(target)
        granted = strength >= legal.warrant_threshold
        reason = ("the evidence meets the threshold" if granted else
                  "the evidence is not yet sufficient; intelligence alone does not count")
        ruled = self.ex.rulings.warrant_ruling(order_id)  # EXCON adjudicated (cpx.engine.rulings)
        if ruled is not None:
            granted = ruled == "granted"
            reason = f"the prosecutor {ruled} the warrant"  # EXCON's own reason stays with EXCON
        self.world.warrants[target] = "granted" if granted else "refused"
        kind = ev.WARRANT_GRANTED if granted else ev.WARRANT_REFUSED
        self.ex.emit(kind, {"order_id": order_id, "target": target, "reason": reason,
                            "strength": round(strength, 4)}, cell)


def _covers(unit: UnitState, minute: int) -> bool:
    """Whether the unit's shift covers that minute of the day."""
    return (minute - unit.shift_start) % 1440 < unit.shift_hours * 60


def describe(person: PersonState, origin_name: str) -> str:
    """What an officer sees: sex, apparent age, language (no truth flags; 16-17 look adult)."""
    female = person.sex == "female"
    if person.age < 16:
        who = "A girl, clearly a teenager" if female else "A boy, clearly a teenager"
    elif person.age < 22:
        who = "A young woman, age hard to tell" if female else "A young man, age hard to tell"
    else:
        who = "A woman in her twenties" if female and person.age < 30 else (
            "A woman" if female else "A man")
    return f"{who}, speaks the language of {origin_name}"
