"""The MSEL in play: timed injects, conditional ones, and contingencies for missed actions.

A timed inject fires at its clock time; a conditional one when its trigger event
happens (once); a contingency inject is held back until the expected action of the
inject it covers is missed within its window. Whether expected actions were taken, and
how late, is recorded for the debrief (``inject.expected_taken`` / ``_missed``).

An expected action the cell took *before* its inject fired satisfies it (recorded as
taken, 0 minutes, ``before: true``): a good cell anticipates. A contingency inject is
released only when the action it covers was missed and its own expected action has not
been taken meanwhile — a reminder about something already done would be false.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, cast

from cpx.engine import events as ev
from cpx.engine.newcomers import bring_in
from cpx.engine.scenario_memo import per_scenario
from cpx.journal.events import Event
from cpx.scenario.models import Condition, ExpectedAction, Inject
from cpx.scenario.timefmt import clock_to_minutes

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise

TRIGGER_KINDS = {
    "raid": ev.RAID_RESULT,
    "arrest": ev.ARREST_MADE,
    "victim_met": ev.PERSON_MET,
    "victim_identified": ev.VICTIM_IDENTIFIED,
    "victim_referred": ev.VICTIM_REFERRED,
    "warrant_granted": ev.WARRANT_GRANTED,
    "warrant_refused": ev.WARRANT_REFUSED,
    "surveillance_spotted": ev.SURVEILLANCE_SPOTTED,
    "leak": ev.LEAK,
    "informant_exposed": ev.INFORMANT_BURNED,
    "network_reaction": ev.NETWORK_REACTION,
    "inject": ev.INJECT,
    "order": ev.ORDER_ACCEPTED,
}
"""The event kind each scenario trigger listens for."""
_ORDER_ACCEPTED: Final = ev.ORDER_ACCEPTED
"""The kind on_event matches orders on (a C variable when compiled, not another module's
attribute read at every event)."""
SUBJECT_KEYS: Final = ("venue", "member", "target", "subject", "person_id", "inject_id", "informant",
                "where")
"""Payload keys naming what an event concerns (``where``: the place a person was met)."""


def subjects_of(event: Event) -> list:
    """The entities an event concerns, for ``when.subject``; an order concerns its target."""
    payload = event.payload
    found = [payload.get(k) for k in SUBJECT_KEYS]
    order = payload.get("order")
    if isinstance(order, dict):
        found.append(order.get("target"))
    return [f for f in found if f is not None]


def concerns(event: Event, subject: str) -> bool:
    """Whether ``subject`` is among :func:`subjects_of` the event, without building them."""
    payload = event.payload
    # a subject key names it only if some value is it: one C scan of the few values first
    # (most events name something else), then the keys (a compiled build's direct gets)
    if subject in payload.values():
        for key in SUBJECT_KEYS:
            value = payload.get(key)
            if value is not None and value == subject:
                return True
    order = payload.get("order")
    return isinstance(order, dict) and order.get("target") == subject


def _drop(injects: list[Inject], inject: Inject) -> None:
    """``injects.remove(inject)``, for an inject in the list: found by identity, not by
    ``==`` (an inject is a pydantic model: ``list.remove`` compares every earlier entry
    field by field, some ten thousand instructions a look). An inject equals only one of
    its own id: from the first entry of that id that is another object, the list's own."""
    inject_id = inject.id
    for index, entry in enumerate(injects):
        if entry is inject:
            del injects[index]
            return
        if entry.id == inject_id:
            break
    injects.remove(inject)


def _drop_at(pool: list[tuple[Inject, int]], index: int) -> None:
    """``pool.remove(pool[index])`` for (inject, minute) pairs: the entry itself, unless an
    earlier entry may equal it (one of the same inject id, another object), where the
    list's own ``remove`` decides."""
    item = pool[index]
    inject_id = item[0].id
    for earlier in pool[:index]:
        if earlier[0].id == inject_id:
            pool.remove(item)
            return
    del pool[index]


def _timed(scenario: Any) -> tuple[tuple[int, Inject], ...]:
    """The MSEL's timed injects that fall within the exercise, with their minute after
    STARTEX, in the MSEL's order (the same in every run of a scenario: worked out once)."""
    start = scenario.meta.startex
    startex_minute, end = start.hour * 60 + start.minute, int(scenario.meta.duration)
    timed = []
    for inject in scenario.injects:
        if inject.at is not None and inject.contingency_for is None:
            at = clock_to_minutes(inject.at, startex_minute)
            if 0 <= at < end:
                timed.append((at, inject))
    return tuple(timed)


class _Parts:
    """What :meth:`Injects.fire` reads of one inject, read once (the scenario's models are
    pydantic objects, slow to read from compiled code: some twenty reads a firing) and
    kept per scenario (:func:`_parts_of`): the inject is frozen, so these never change."""

    def __init__(self, inject: Inject) -> None:
        self.inject = inject  # held, so that its id stays its own
        self.id: str = inject.id
        self.from_: str = inject.from_
        self.channel: str = inject.channel
        self.type: str = inject.type
        self.text: str = inject.text
        self.mentions: list[str] = list(inject.mentions)
        self.danger_at: list[str] = list(inject.danger_at)
        self.to: str = inject.to
        self.brings_person = inject.person is not None
        self.expected: ExpectedAction | None = inject.expected_action
        want = inject.expected_action
        self.verb: str = want.order if want is not None else ""
        self.target: str | None = want.target if want is not None else None
        self.within: int = int(want.within) if want is not None else 0


def _no_parts(scenario: Any) -> dict[int, _Parts]:
    """An empty table of :class:`_Parts` by id of inject, for one scenario."""
    return {}


class Injects:
    """Fires injects and follows up their expected actions."""

    def __init__(self, ex: "Exercise") -> None:
        self.ex = ex
        self.specs = list(ex.scenario.injects)
        self.waiting = [i for i in self.specs if i.when is not None]
        self._trigger_kinds = frozenset(TRIGGER_KINDS[_trigger(i).event] for i in self.waiting)
        """Event kinds some waiting inject listens for (others are skipped at once)."""
        self._waiting_for: dict[str, list[Inject]] = {}
        """The waiting injects by the event kind they wait for, each list in the order of
        :attr:`waiting`: an event looks only at the injects that wait for its kind."""
        for inject in self.waiting:
            self._waiting_for.setdefault(TRIGGER_KINDS[_trigger(inject).event], []).append(inject)
        self._conditions: dict[int, tuple[Inject, str | None, int]] = {
            id(inject): (inject, _trigger(inject).subject, int(_trigger(inject).after))
            for inject in self.waiting}
        """id of each waiting inject -> (the inject, its trigger's subject, its delay), read
        once: the scenario's models are pydantic objects, slow to read from compiled code
        (the inject is held here too, so its id stays its own)."""
        self._contingencies: dict[str, list[Inject]] = {}
        """inject id -> the MSEL's contingency injects for it, in MSEL order."""
        for spec in self.specs:
            if spec.contingency_for is not None:
                self._contingencies.setdefault(spec.contingency_for, []).append(spec)
        self._wants: dict[int, tuple[Inject, str, str | None]] = {}
        """id of each inject fired with an expected action -> (the inject, the verb, the
        target it expects), read once when it fires (see :attr:`_conditions`)."""
        self.expecting: list[tuple[Inject, int]] = []  # (inject, fired at)
        self.missed: list[tuple[Inject, int]] = []
        self._awaited: dict[str, int] = {}
        """How many injects of :attr:`expecting` and :attr:`missed` await each verb: an
        order of another verb (most of them) need not be matched against them."""
        self.given: list[tuple[str, str | None, str]] = []
        """Every accepted order so far: (verb, target, order id), in order."""
        self._given_by_verb: dict[str, list[tuple[str | None, str]]] = {}
        """The same orders by verb: (target, order id), in order."""
        # EXCON's hand on the MSEL (cpx.session.control): held injects do not fire until
        # released; one that fell due while held waits in ``due_held`` and fires on release.
        self.held: set[str] = set()
        self.due_held: list[Inject] = []
        self.fired_at: dict[str, int] = {}
        """Inject id -> sim time it was delivered (MSEL, library and live injects)."""
        self.satisfied_early: set[str] = set()
        """Injects whose expected action was taken before they fired."""
        self.live: list[Inject] = []
        """Injects EXCON fired off the timeline (typed live or from the library), in order."""
        self._parts: dict[int, _Parts] = per_scenario(ex.scenario, "injects.parts", _no_parts)
        """id of each inject fired so far in the scenario's runs -> what firing it reads
        (:class:`_Parts`, shared by the runs: read-only once made)."""

    def start(self) -> None:
        """Schedule the timed injects and listen for triggers and orders."""
        for at, inject in per_scenario(self.ex.scenario, "injects.timed", _timed):
            self.ex.later(at, self.fire, inject)
        self.ex.listen(self.on_event, {ev.ORDER_ACCEPTED, *self._trigger_kinds})

    def fire(self, inject: Inject) -> None:
        """Deliver an inject to its cell and start watching for its expected action.

        An inject EXCON holds is not delivered: it waits until EXCON releases it.
        """
        parts = self._parts.get(id(inject))
        if parts is None or parts.inject is not inject:
            parts = self._parts[id(inject)] = _Parts(inject)
        if parts.id in self.held:
            if inject not in self.due_held:
                self.due_held.append(inject)
                self.ex.emit(ev.INJECT_HELD_DUE, {"inject_id": parts.id})
            return
        self.fired_at[parts.id] = self.ex.now
        mentioned = [self._mentioned(entity) for entity in parts.mentions]
        self.ex.emit(ev.INJECT, {
            "inject_id": parts.id, "from": parts.from_, "channel": parts.channel,
            "type": parts.type, "text": parts.text, "mentions": list(parts.mentions),
            "mentioned": mentioned, "danger_at": list(parts.danger_at)}, parts.to)
        if parts.brings_person:
            bring_in(self.ex, inject)
        if parts.expected is not None:
            earlier = self._taken(parts.verb, parts.target)
            if earlier is not None:
                self.satisfied_early.add(parts.id)
                self.ex.emit(ev.INJECT_EXPECTED_TAKEN, {
                    "inject_id": parts.id, "order_id": earlier, "late": False, "minutes": 0,
                    "before": True})
                return
            self.expecting.append((inject, self.ex.now))
            verb = parts.verb
            self._wants[id(inject)] = (inject, verb, parts.target)
            self._awaited[verb] = self._awaited.get(verb, 0) + 1
            self.ex.later(parts.within, self._deadline, inject)

    def _taken_already(self, want: ExpectedAction) -> str | None:
        """The id of an order already given that is the expected action, if any."""
        return self._taken(want.order, want.target)

    def _taken(self, verb: str, want_target: str | None) -> str | None:
        """:meth:`_taken_already` of an expected action's verb and target, read already."""
        for target, order_id in self._given_by_verb.get(verb, ()):
            if not want_target or want_target == target:
                return order_id
        return None

    def _mentioned(self, entity: str) -> dict:
        """What the message tells of an entity it names: its name, kind and where it is
        (a venue's town, a member's home as the files give it) — nothing more."""
        name, kind = self._name(entity)
        item = {"id": entity, "name": name, "kind": kind}
        world = self.ex.world
        if entity in world.venues:  # a named bar or flat has an address
            item["location"] = world.venues[entity].location
            item["venue_kind"] = world.venues[entity].kind
        elif entity in world.members:
            item["location"] = world.members[entity].home
        return item

    def _name(self, entity: str) -> tuple[str, str]:
        world, sc = self.ex.world, self.ex.scenario
        if entity in world.members:
            return world.members[entity].name, "person"
        if entity in world.venues:
            return world.venues[entity].name, "place"
        if entity in world.routes:
            return world.routes[entity].name, "route"
        if entity in self.ex.region.locations:
            return self.ex.region.locations[entity].name, "location"
        for group in sc.network.clients:
            if group.id == entity:
                return f"{group.kind.replace('_', ' ')} ({group.count})", "clients"
        for agency in sc.agencies:
            if agency.id == entity:
                return agency.name, "agency"
        return entity, "other"

    def _deadline(self, inject: Inject) -> None:
        expecting = self.expecting
        for index, item in enumerate(expecting):
            if item[0] is inject:
                _drop_at(expecting, index)
                self.missed.append(item)
                self.ex.emit(ev.INJECT_EXPECTED_MISSED, {"inject_id": inject.id})
                # the MSEL's contingencies for it (self.specs), in MSEL order
                for spec in self._contingencies.get(inject.id, ()):
                    if not (spec.expected_action is not None
                            and self._taken_already(spec.expected_action) is not None):
                        self.fire(spec)
                return

    def on_event(self, event: Event) -> None:
        """Match orders to expected actions and fire conditional injects."""
        kind = event.kind
        if kind == _ORDER_ACCEPTED:
            self._match_order(event)
        waiting = self._waiting_for.get(kind)
        if not waiting:
            return
        conditions = self._conditions
        for inject in list(waiting):
            _inject, subject, after = conditions[id(inject)]  # inject.when, read once
            if subject and not concerns(event, subject):
                continue
            _drop(waiting, inject)
            _drop(self.waiting, inject)
            self.ex.later(after, self.fire, inject)

    def _match_order(self, event: Event) -> None:
        payload = event.payload
        order, order_id = payload["order"], payload["order_id"]
        verb, target = order["verb"], order.get("target")
        self.given.append((verb, target, order_id))
        by_verb = self._given_by_verb.get(verb)
        if by_verb is None:
            self._given_by_verb[verb] = [(target, order_id)]
        else:
            by_verb.append((target, order_id))
        if not self._awaited.get(verb):
            return  # no inject awaits an order of this verb
        wants = self._wants
        for pool, late in ((self.expecting, False), (self.missed, True)):
            for index, item in enumerate(pool):
                inject, fired = item
                # expecting and missed hold only injects that expect an action: fire() read
                # the expected verb and target of each (inject.expected_action)
                _inject, want_verb, want_target = wants[id(inject)]
                if want_verb != verb or (want_target and want_target != order["target"]):
                    continue
                _drop_at(pool, index)
                self._awaited[want_verb] -= 1
                self.ex.emit(ev.INJECT_EXPECTED_TAKEN, {
                    "inject_id": inject.id, "order_id": order_id,
                    "late": late, "minutes": self.ex.now - fired})
                return

    # ------------------------------------------------------------------ EXCON hooks

    def spec(self, inject_id: str) -> Inject | None:
        """The MSEL, library or live inject of that id, or None."""
        for inject in (*self.specs, *self.ex.scenario.library, *self.live):
            if inject.id == inject_id:
                return inject
        return None

    def hold(self, inject_id: str) -> None:
        """Keep a pending MSEL inject from firing until :meth:`release`."""
        self.held.add(inject_id)

    def release(self, inject_id: str) -> None:
        """Let a held inject fire again; one that fell due meanwhile fires now."""
        self.held.discard(inject_id)
        for inject in list(self.due_held):
            if inject.id == inject_id:
                self.due_held.remove(inject)
                self.fire(inject)

    def fire_live(self, inject: Inject) -> None:
        """Deliver an off-timeline inject now (typed live, or from the scenario's library)."""
        if inject not in self.live:
            self.live.append(inject)
        self.fire(inject)

    def state_of(self, inject: Inject) -> str:
        """The MSEL state of an inject: ``pending``, ``held``, ``fired`` or ``satisfied``.

        Satisfied: its expected action was taken before it was delivered (whether it then
        fired or is still waiting) — EXCON need not push it.
        """
        if inject.id in self.fired_at:
            return "satisfied" if inject.id in self.satisfied_early else "fired"
        if inject.id in self.held:
            return "held"
        want = inject.expected_action
        if want is not None and self._taken_already(want) is not None:
            return "satisfied"
        return "pending"


def _trigger(inject: Inject) -> Condition:
    """The trigger of a conditional inject (one of :attr:`Injects.waiting`, which hold only
    the injects that have one)."""
    return cast(Condition, inject.when)
