"""Scripted players for tests, sweeps and demos: ``passive`` and ``baseline``.

A policy sees only what its cell sees (the picture, its own units, the public rules)
and is asked every hour of sim time for its orders: ``policy.decide(exercise)``
(or simply ``policy(exercise)``); ``policy.next_decision(exercise)`` says when to ask
next. ``baseline`` is a sound investigator: it tasks informants, watches what they
report, asks for warrants once the evidence suffices, raids with victim support
warned, interviews, identifies and refers victims, arrests, follows the money,
reports misconduct of international personnel through the force's channel, answers the
press victim-first, sends reports of corrupt officials to internal affairs and asks for
a residence permit for each victim who agrees to give evidence (policy_duties).
"""

from __future__ import annotations

import heapq
from itertools import compress, islice, repeat
from operator import contains, eq, itemgetter, mul, not_, sub
from typing import TYPE_CHECKING, Any, Callable, Final, get_args

from mypy_extensions import mypyc_attr

from cpx.engine.orders import Order, _made
from cpx.engine.picture import DANGER_FRESH
from cpx.engine.policy_duties import Duties
from cpx.engine.policy_views import ALL, BIT, COMPILED, PictureChanges, SortedKeys, mask
from cpx.engine.victims import ELEMENT_OF
from cpx.errors import CpxError
from cpx.scenario.models import LocationKind

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise
    from cpx.engine.picture import Picture
    from cpx.scenario.models import Scenario

TOWN_KINDS: Final = get_args(LocationKind)
"""Every kind of location on the map (the rest of what a cell knows are venues)."""


# Policies are made to be specialised (tests check a policy through a subclass of it): a
# compiled (mypyc) class may have Python subclasses only when it says so.
@mypyc_attr(allow_interpreted_subclasses=True)
class Passive:
    """Gives no orders: the network runs undisturbed (the control run)."""

    name = "passive"

    def next_decision(self, ex: "Exercise") -> int:
        """The next time to ask (the next whole hour)."""
        return (ex.now // 60 + 1) * 60

    def decide(self, ex: "Exercise") -> list[Order]:
        """No orders."""
        return []

    def messages(self, ex: "Exercise") -> list[tuple[str, str]]:
        """Messages to other cells this hour, as (cell, text): none."""
        return []

    def remember(self, order: Order, t: int, ex: "Exercise") -> None:
        """Count ``order``, which the cell gave at ``t`` before this policy took it over,
        as its own (:mod:`cpx.engine.policy_memory`): nothing to count."""

    def remember_read(self, count: int) -> None:
        """The cell's first ``count`` messages were read before this policy took over."""

    # A method, not ``__call__ = decide``: a compiled (mypyc) class cannot alias a method
    # so (KeyError: 'decide' when the class is built); it asks each policy's own decide.
    def __call__(self, ex: "Exercise") -> list[Order]:
        """The same as :meth:`decide`."""
        return self.decide(ex)


@mypyc_attr(allow_interpreted_subclasses=True)
class Baseline(Passive):
    """A sound investigator, deciding hourly from the cell's picture only.

    The picture changes a little most hours, so what the orders are worked out from
    (the sorted tables, the open victims, the cases worth acting on, the suspects worth
    watching) is kept across hours and worked out again only when the tables it is read
    from changed (:mod:`cpx.engine.policy_views`); an hour in which nothing the policy
    reads changed and no waiting time ran out gives, as it would, no orders.
    ``shortcuts=False`` forgets all that every hour and works everything out afresh
    (the same orders: tests/engine/test_policy_shortcuts.py).
    """

    name = "baseline"

    def __init__(self, ex: "Exercise", cell: str | None = None, shortcuts: bool = True) -> None:
        self.cell = cell or ex.cells[0]
        self._lead = self.cell == ex.cells[0]  # the lead cell writes no liaison messages
        # What the scenario says of this cell, worked out once per scenario and cell (a
        # sweep plays one scenario hundreds of times): shared, read-only.
        commands = frozenset(u.id for u in ex.world.units.values() if u.cell == self.cell)
        setup = _setup_of(ex.scenario, self.cell, commands)
        self.threshold = setup.threshold
        self.caps = setup.caps
        self.own_units = setup.own_units
        self.jurisdictions = setup.jurisdictions
        self.support = setup.support
        self.crossings = setup.crossings
        self.jurisdiction_of = setup.jurisdiction_of
        self._ours_at = setup.ours_at  # the locations in our area
        self._town_ids = setup.town_ids  # first in every picture
        self._candidates = setup.candidates
        self._unit_rows = setup.unit_rows
        self.done: dict[tuple, int] = {}  # (what, target…) -> when it was ordered
        self.due: dict[tuple, int] = {}  # the same, ordered with a wait -> when it may be again
        self._waits: list[tuple[int, tuple]] = []  # heap of (due[key], key), for _next_change
        self._surveils: list[str] = []  # ids of the cell's surveillance orders not yet completed
        self._orders_seen = 0  # how many of the picture's orders have been looked at
        self._messages_seen = 0  # how many of the picture's messages have been looked at
        self.duties = Duties()  # the press, internal affairs, residence (policy_duties)
        self.shortcuts = shortcuts
        self.quiet_hours = 0  # hours answered "no orders" without looking again
        self._changes = PictureChanges()
        self._informant_keys, self._victim_keys = SortedKeys(), SortedKeys(_victim_number)
        self._danger_keys, self._case_keys = SortedKeys(), SortedKeys()
        self._people_keys, self._client_keys = SortedKeys(), SortedKeys()
        # name (VIEWS, and "units") -> worked out from the picture: each a list of ids
        # (typed, so that compiled code walks them natively)
        self._views: dict[str, list[str]] = {}
        self._forget()

    def _forget(self) -> None:
        """Let go of everything kept from earlier hours: work it all out again."""
        self._views.clear()
        for keys in (self._informant_keys, self._victim_keys, self._danger_keys,
                     self._case_keys, self._people_keys, self._client_keys):
            keys.clear()
        self.duties.forget()
        # floats: each may be float("inf") (no wait running)
        self._quiet_until: float = -1.0  # before then, an unchanged picture gives no orders
        self._task_due: float = -1.0  # before then no informant tasked so far is due again
        self._tasked = -1  # how many informants were tasked (all of them, each daily)
        self._clients_seen = -1  # client groups already reported (all of them, once each)
        self._watching: list[str] | None = None  # the targets under surveillance, last seen
        self._warrants: tuple | None = None  # the cases' warrant states, last looked at
        self._skip_towns = 0  # how many of the picture's first places are the map's

    def messages(self, ex: "Exercise") -> list[tuple[str, str]]:
        """A partner cell's liaison with the lead cell (the first): what its units met,
        and an answer to each request the lead sent it. The lead itself writes none."""
        if self._lead:
            return []
        lead = ex.cells[0]
        pic = ex.picture_of(self.cell)
        if len(pic.messages) == self._messages_seen:
            return []  # nothing new since the last look
        fresh = pic.messages[self._messages_seen:]
        self._messages_seen = len(pic.messages)
        met: dict[str, int] = {}
        out: list[tuple[str, str]] = []
        for seq in fresh:
            event = ex.event(seq)
            if event.kind == "person.met":
                where = event.payload.get("where", "")
                met[where] = met.get(where, 0) + 1
            elif event.kind == "request.received" and event.payload.get("from") == lead:
                if event.payload.get("verb") == "report_misconduct":
                    out.append((lead, "Report received: we open an investigation into the "
                                      "force's personnel concerned. Preserve the evidence, "
                                      "protect the victims and send us what you have."))
                else:
                    out.append((lead, f"Received your request "
                                      f"({event.payload.get('verb', '').replace('_', ' ')}); "
                                      "we act on it."))
        for where, count in sorted(met.items()):
            name = ex.region.locations[where].name if where in ex.region.locations else where
            out.append((lead, f"We met {count} {'person' if count == 1 else 'people'} at "
                              f"{name}; possible victims, we interview and refer them."))
        return out

    def _available(self, table: dict[str, Any]) -> list[str]:
        """The cell's units available now, in the order of :attr:`own_units` (picked
        out in C; compiled, by a plain loop, cheaper there than the calls setting up
        the C one)."""
        if COMPILED:
            units = []
            for unit in self.own_units:
                row = table.get(unit)
                if row is not None and row["status"] == "available":
                    units.append(unit)
            return units
        try:
            rows = self._unit_rows(table)
        except KeyError:  # a unit the picture does not hold: the plain way
            return [u for u in self.own_units
                    if (row := table.get(u)) is not None and row["status"] == "available"]
        return list(compress(self.own_units, map(eq, map(_STATUS, rows), repeat("available"))))

    def _surveil_targets(self, pic: Picture) -> list[str]:
        """Venues not yet raided and suspects at large, in our area and short of a case,
        the cases closest to court first (then the most reported), in one pass."""
        cases, places, people = pic.cases, pic.places, pic.people
        threshold, ours_at = self.threshold, self._ours_at
        ranked = []
        # A target known both as a place and a person is where its place row says and
        # as reported as its person row says (and ranked once for each). The map's
        # places come first in a picture and stay towns (only a venue's kind is ever
        # changed): the venues are looked for after them.
        for target, row in islice(places.items(), self._skip_towns, None):
            if row["kind"] in TOWNS or "raided_at" in row or row["location"] not in ours_at:
                continue  # not a venue (pic.is_place), raided, or not in our area
            case = cases.get(target)
            strength = case.get("strength", 0.0) if case is not None else 0.0
            if strength >= threshold:
                continue
            ranked.append((-strength, -len((people.get(target) or row)["reports"]), target))
        for target, row in people.items():
            if row["status"] != "at_large" or not row["location"] \
                    or (places.get(target) or row)["location"] not in ours_at:
                continue
            case = cases.get(target)
            strength = case.get("strength", 0.0) if case is not None else 0.0
            if strength >= threshold:
                continue
            ranked.append((-strength, -len(row["reports"]), target))
        ranked.sort()
        return [target for _s, _r, target in ranked]

    def _watched(self, pic: Picture) -> list[str]:
        """Targets of the cell's running surveillance, in order given.

        New orders are picked up from where the last look stopped, and completed ones
        are let go, instead of scanning every order ever given each hour.
        """
        orders = pic.orders
        if len(orders) < self._orders_seen:  # the picture was rebuilt: look at all again
            self._surveils, self._orders_seen = [], 0
        if len(orders) > self._orders_seen:
            # the new orders are the last ones: reach them from the end, not past all
            # the earlier ones
            new = list(islice(reversed(orders), len(orders) - self._orders_seen))
            # new[::-1], not reversed(new): mypyc fails to compile reversed() of a list of
            # partly-Any type inside a comprehension
            self._surveils.extend(oid for oid in new[::-1]
                                  if orders[oid]["verb"] == "surveil")
            self._orders_seen = len(orders)
        # A completed order never runs again: let it go (and any the picture forgot).
        # (one look at each order's row for both lists)
        kept: list[str] = []
        watched: list[str] = []
        for oid in self._surveils:
            row = orders.get(oid)
            if row is None:
                continue
            status = row["status"]
            if status != "completed":
                kept.append(oid)
                if status == "running":
                    watched.append(row["target"])
        self._surveils = kept
        return watched

    def _take(self, free: set[str], capability: str, prefer: str = "") -> str | None:
        """The first unit still free this hour with the capability, one of kind ``prefer``
        if any (in the order of :attr:`own_units`), taken off ``free``.

        The candidates for each capability and preferred kind are worked out once
        (:func:`_candidates`): the first of them still free is the unit a look along
        every available unit would pick (tests/engine/test_policy_fast_paths.py)."""
        candidates = self._candidates
        for unit in candidates.get((capability, prefer)) or candidates.get((capability, ""), ()):
            if unit in free:
                free.discard(unit)
                return unit
        return None

    def _once(self, key: tuple, now: int, every: int | None = None) -> bool:
        """Whether ``key`` may be ordered now (never before, or ``every`` minutes ago);
        if so it counts as ordered now."""
        last = self.done.get(key)
        if last is not None and (every is None or now - last < every):
            return False
        self.done[key] = now
        if every is not None:
            self.due[key] = now + every
            heapq.heappush(self._waits, (now + every, key))
        return True

    def decide(self, ex: "Exercise") -> list[Order]:
        """This hour's orders."""
        pic, now = ex.picture_of(self.cell), ex.now
        changes = self._changes
        if now < self._quiet_until and len(pic.kinds) == changes.seen \
                and pic is changes.picture:
            # Nothing at all came since the last look, which gave no orders, and no wait
            # nor fresh report of danger runs out before now: no orders again (as below,
            # without asking what changed).
            self.quiet_hours += 1
            return []
        touched = changes.since_last(pic)
        if changes.rebuilt or not self.shortcuts:  # nothing kept holds (or is wanted)
            self._forget()
            touched = ALL
            if self.shortcuts:  # the map's places head a picture built as Picture does
                towns = self._town_ids
                self._skip_towns = len(towns) if list(islice(pic.places, len(towns))) == towns \
                    and all(pic.places[t]["kind"] in TOWNS for t in towns) else 0
        else:
            if touched:
                touched = self._as_read(pic, touched)
                # Let go of each view whose tables changed now, even one not needed
                # this hour: it may be needed in a later one.
                views = self._views
                for name, needs in VIEWS.items():
                    if needs & touched and name in views:
                        del views[name]
            if not touched and now < self._quiet_until:
                # Nothing decide reads changed since it last gave no orders, and no
                # wait nor fresh report of danger runs out before now: no orders again.
                self.quiet_hours += 1
                return []
        orders = self._decide(ex, pic, now, touched)
        self._quiet_until = -1.0 if orders or not self.shortcuts else self._next_change(pic, now)
        return orders

    def _as_read(self, pic: Picture, touched: int) -> int:
        """``touched`` without the units, orders and warrants when what decide reads of
        them is as it was: which of the cell's units are available, which targets are
        under surveillance, each case's warrant (a unit moving on, an order accepted or
        completed often changes none of them)."""
        views = self._views
        if touched & UNITS:
            units = self._available(pic.units)
            if units == views.get("units"):
                touched &= ~UNITS
            else:
                views["units"] = units
        if touched & ORDERS:
            watched = self._watched(pic)
            if watched == self._watching:
                touched &= ~ORDERS
            else:
                self._watching = watched
        if touched & WARRANTS:
            # every order accepted may be a warrant request (most are not): the cases'
            # warrant states, in the order the cases came, compared at C speed
            states = tuple(map(_WARRANT, pic.cases.values()))
            if states == self._warrants:
                touched &= ~WARRANTS
            else:
                self._warrants = states
        return touched

    def _next_change(self, pic: Picture, now: int) -> int | float:
        """When the passing of time alone may change what an unchanged picture asks
        for: a wait after an order running out, a report of danger going stale."""
        soonest: int | float = INFINITY
        # The soonest wait still to run out: the top of the heap, once the waits run
        # out by now (the clock never goes back) and those ordered again since are let go.
        waits, due = self._waits, self.due
        while waits:
            when, key = waits[0]
            if when > now and due.get(key) == when:
                soonest = when
                break
            heapq.heappop(waits)
        for report in pic.danger.values():
            stale = report["t"] + _DANGER_FRESH + 1
            if now < stale < soonest:
                soonest = stale
        return soonest

    def _decide(self, ex: "Exercise", pic: Picture, now: int, touched: int) -> list[Order]:
        """This hour's orders, from the picture and the views still kept (``touched``:
        the mask of the tables changed since the last look, for Duties)."""
        orders: list[Order] = []
        views = self._views
        units = views.get("units")
        if units is None:
            units = views["units"] = self._available(pic.units)
        free = set(units)  # the units not yet given an order this hour
        # Intelligence: task each informant once a day (none is due before _task_due).
        if now >= self._task_due or len(pic.informants) != self._tasked:
            informants = self._informant_keys.of(pic.informants)
            for inf in informants:
                if self._once(("task", inf), now, 1440):
                    orders.append(_made("task_informant", None, inf, {}))
            done = self.done
            self._task_due = min((done[("task", inf)] + 1440 for inf in informants),
                                 default=INFINITY)
            self._tasked = len(informants)
        # Victims first: interview, identify, refer (those already referred or not
        # identified need nothing more).
        victims = pic.victims
        open_cases = views.get("open_victims")
        if open_cases is None:
            open_cases = views["open_victims"] = [
                p for p in self._victim_keys.of(victims)
                if victims[p]["status"] in ("met", "identified")]
        for pid in open_cases:
            victim = victims[pid]
            if victim["status"] == "met" and victim["interviews"] == 0:
                unit = self._take(free, "interview")
                if unit and self._once(("interview", pid), now, 240):
                    orders.append(_made("interview", unit, pid, {
                        "interpreter": True, "ngo": True, "separated": True}))
            elif victim["status"] == "met" and self._once(("identify", pid), now):
                found = {ELEMENT_OF[i] for i in victim["indicators"]}
                elements = {e: e in found for e in ("act", "means", "purpose")}
                minor = "minor" in found
                decision = elements["act"] and elements["purpose"] and (elements["means"] or minor)
                orders.append(_made("identify_victim", None, pid,
                                    {"decision": decision, **elements}))
            elif victim["status"] == "identified" and self._once(("refer", pid), now):
                orders.append(_made("refer_victim", None, pid,
                                    {"agency": self.support} if self.support else {}))
        # Imminent danger to a person overrides the covert plan: enter at once when a
        # partner reports it (a hotline call); a source's rumour is checked first.
        called_in = views.get("called_in")  # places a partner's report put in danger
        if called_in is None:
            danger = pic.danger
            called_in = views["called_in"] = [t for t in self._danger_keys.of(danger)
                                              if danger[t]["by"] == "inject"]
        danger, places = pic.danger, pic.places
        for target in called_in:
            # (a fresh report, pic.danger_reported; a venue not raided, pic.is_place)
            report = danger.get(target)
            if report is not None and now - report["t"] <= _DANGER_FRESH \
                    and report["by"] == "inject" and (place := places.get(target)) is not None \
                    and place["kind"] not in TOWNS and "raided_at" not in place:
                unit = self._take(free, "intervention", "special_police")
                if unit and self._once(("raid", target), now):
                    orders.append(_made("raid", unit, target, {
                        "urgent": True, **({"support": self.support} if self.support else {})}))
        # Warrants once the evidence suffices; raids and arrests once granted (a case
        # neither strong enough for a warrant nor granted one calls for nothing).
        cases, threshold, people = pic.cases, self.threshold, pic.people
        active = views.get("active_cases")
        if active is None:
            active = views["active_cases"] = [
                t for t in self._case_keys.of(cases)
                if cases[t]["warrant"] == "granted" or (
                    cases[t]["strength"] >= threshold and cases[t]["warrant"] in (None, "refused"))]
        for target in active:
            case = cases[target]
            if case["strength"] >= threshold and case["warrant"] in (None, "refused") \
                    and self._once(("warrant", target, case["strength"]), now):
                orders.append(_made("request_warrant", None, target, {}))
            if case["warrant"] != "granted":
                continue
            if (place := places.get(target)) is not None and place["kind"] not in TOWNS \
                    and "raided_at" not in place:  # a venue not raided (pic.is_place)
                unit = self._take(free, "intervention", "special_police")
                if unit and self._once(("raid", target), now):
                    orders.append(_made("raid", unit, target, {"support": self.support}
                                        if self.support else {}))
            person = people.get(target)
            if person and person["status"] == "at_large" and person["location"]:
                if person["location"] in self._ours_at:
                    unit = self._take(free, "arrest", "special_police")
                    if unit and self._once(("arrest", target), now, 720):
                        orders.append(_made("arrest", unit, target, {}))
                elif self._once(("abroad", target), now):
                    orders.append(_made("cross_border_request", None, target, {"kind": "mla"}))
        # Suspects in custody: interview once.
        arrested = views.get("arrested")
        if arrested is None:
            arrested = views["arrested"] = [p for p in self._people_keys.of(people)
                                            if people[p]["status"] == "arrested"]
        for pid in arrested:
            unit = self._take(free, "interview")
            if unit is None:
                break  # (nor for any after it: the free units only get fewer)
            if self._once(("suspect", pid), now):
                orders.append(_made("interview", unit, pid, {}))
        # Follow the money: suspected launderers first, then the most reported suspects
        # (only worth ranking when a financial team is free).
        if not free.isdisjoint(self._candidates.get(("financial", ""), ())):
            ranked = views.get("money")
            if ranked is None:
                ranked = views["money"] = _most_followed(people)
            for pid in ranked:
                if len(people[pid]["reports"]) >= 2:
                    unit = self._take(free, "financial")
                    if unit and self._once(("money", pid), now):
                        orders.append(_made("financial_investigation", unit, pid, {}))
        # Misconduct of international personnel goes to the force's military police
        # (each group once: only a group not seen before can call for it).
        if len(pic.clients) != self._clients_seen:
            for group in self._client_keys.of(pic.clients):
                if self._once(("misconduct", group), now):
                    orders.append(_made("report_misconduct", None, group, {}))
            self._clients_seen = len(pic.clients)
        # The press answered victim-first, reports of corrupt officials to internal
        # affairs, a residence permit for each victim who agrees to give evidence.
        orders.extend(self.duties.orders(ex, pic, touched))
        # Transports reported: alert the crossings.
        if pic.routes and self._once(("border_alert",), now, 2 * 1440):
            orders.extend(_made("border_alert", None, c, {"hours": 48})
                          for c in self.crossings)
        # Surveillance on what is known but not yet proven, one team per target (only
        # worth working out when a surveillance team is free).
        if free.isdisjoint(self._candidates.get(("surveillance", ""), ())):
            return orders
        # (the targets watched as _as_read last found them: the orders changed since
        # only if it was asked again, and a new picture forgets them)
        watching = self._watching
        watched = list(watching) if watching is not None else self._watched(pic)
        targets = views.get("surveil")
        if targets is None:
            targets = views["surveil"] = self._surveil_targets(pic)
        for target in targets:
            if target in watched:
                continue
            unit = self._take(free, "surveillance", "special_police")
            if unit is None:
                break
            watched.append(target)
            orders.append(_made("surveil", unit, target, {"hours": 8}))
        return orders

    def remember(self, order: Order, t: int, ex: "Exercise") -> None:
        """Count ``order``, which the cell gave at ``t`` before this policy took it over
        (a resumed exercise), as ordered by :meth:`decide`, so it is not given again
        within its window. A warrant counts at the case's strength now: it is asked
        again once the case grows."""
        verb, target = order.verb, order.target
        if verb in DUTY_KEYS:
            self.duties.given.add((DUTY_KEYS[verb], target))
        elif verb == "request_warrant":
            cases = ex.picture_of(self.cell).cases
            case = cases.get(target, {}) if target is not None else {}
            self._ordered(("warrant", target, case.get("strength", 0.0)), t)
        elif verb == "interview":  # of a victim or of a suspect in custody
            self._ordered(("interview", target), t, 240)
            self._ordered(("suspect", target), t)
        elif verb == "border_alert":
            self._ordered(("border_alert",), t, 2 * 1440)
        elif verb in DONE_KEYS:
            what, every = DONE_KEYS[verb]
            self._ordered((what, target), t, every)

    def _ordered(self, key: tuple, t: int, every: int | None = None) -> None:
        """Count ``key`` as ordered at ``t``, as :meth:`_once` does when it says yes."""
        self.done[key] = t
        if every is not None:
            self.due[key] = t + every
            heapq.heappush(self._waits, (t + every, key))

    def remember_read(self, count: int) -> None:
        """The cell's first ``count`` messages were read before this policy took over."""
        self._messages_seen = self.duties.seen = count


class _Setup:
    """What a scenario says of one cell's play, as :class:`Baseline` reads it (read-only:
    every baseline of the cell in the scenario's runs shares it)."""

    def __init__(self, sc: "Scenario", cell: str, commands: frozenset[str]) -> None:
        self.threshold: float = sc.legal.warrant_threshold
        self.caps: dict[str, tuple[list[str], str]] = {
            u.id: (list(u.capabilities), a.kind) for a in sc.agencies
            for u in a.units if u.id in commands}
        self.own_units = sorted(self.caps)
        self.jurisdictions = sorted({j for a in sc.agencies if a.player_cell == cell
                                     for j in a.jurisdictions})
        self.support: str | None = next((a.id for a in sc.agencies if a.kind == "ngo"), None)
        self.crossings: list[str] = sorted(loc.id for loc in sc.region.locations
                                           if loc.kind == "border_crossing"
                                           and loc.jurisdiction in self.jurisdictions)
        self.jurisdiction_of: dict[str, str] = {loc.id: loc.jurisdiction
                                                for loc in sc.region.locations}
        self.ours_at = frozenset(loc for loc, j in self.jurisdiction_of.items()
                                 if j in self.jurisdictions)
        self.town_ids: list[str] = [loc.id for loc in sc.region.locations]
        self.candidates = _candidates(self.own_units, self.caps)
        self.unit_rows = _rows_getter(self.own_units)


_SETUPS: dict[tuple[str, frozenset[str]], _Setup] = {}
"""(cell, its units) -> its :class:`_Setup`, for the scenario :data:`_SETUPS_OF` holds."""
_SETUPS_OF: list["Scenario | None"] = [None]
"""The scenario whose setups :data:`_SETUPS` keeps (held, so that it is never another
scenario made at the same address)."""


def _setup_of(sc: "Scenario", cell: str, commands: frozenset[str]) -> _Setup:
    """The :class:`_Setup` of ``cell`` commanding ``commands`` in scenario ``sc`` (a
    frozen model: the same object says the same), worked out at its first baseline."""
    if _SETUPS_OF[0] is not sc:
        _SETUPS.clear()
        _SETUPS_OF[0] = sc
    setup = _SETUPS.get((cell, commands))
    if setup is None:
        setup = _SETUPS[cell, commands] = _Setup(sc, cell, commands)
    return setup


DONE_KEYS: Final[dict[str, tuple[str, int | None]]] = {
    "task_informant": ("task", 1440), "identify_victim": ("identify", None),
    "refer_victim": ("refer", None), "raid": ("raid", None), "arrest": ("arrest", 720),
    "cross_border_request": ("abroad", None), "financial_investigation": ("money", None),
    "report_misconduct": ("misconduct", None)}
"""The key of :attr:`Baseline.done` under which each verb's order is remembered, and the
wait before :meth:`Baseline.decide` gives it again (None: once)."""
DUTY_KEYS: Final = {"public_statement": "statement", "integrity_check": "integrity",
             "residence_permit": "residence"}
"""The key of ``Duties.given`` under which each duty's order is remembered."""


def _victim_number(pid: str) -> int:
    """A met person's number (``p12`` -> 12), for the order victims are seen to in."""
    return int(pid[1:]) if pid[1:].isdigit() else 0


def _most_followed(people: dict[str, dict[str, Any]]) -> list[str]:
    """The three people whose money to follow first: suspected launderers first, then
    the most reported, then by id — ``heapq.nsmallest(3, people, key=lambda p: (
    "money_launderer" not in roles, -len(reports), p))`` with each key made in C (as
    ``(_APART * (not launderer) - len(reports), p)``: the same order, while a person has
    fewer than :data:`_APART` reports)."""
    if COMPILED:
        # The same keys by a plain loop (cheaper there than setting up the maps), the
        # three smallest kept as they come (a person's key is an int, its id breaks a
        # tie: ids are unique), without a tuple per person nor a sort of them all.
        smallest: list[int] = []
        ids: list[str] = []
        for pid, row in people.items():
            key = (0 if "money_launderer" in row["roles_suspected"] else _APART) \
                - len(row["reports"])
            at = len(smallest)
            if at == 3:
                if key > smallest[2] or (key == smallest[2] and pid > ids[2]):
                    continue  # not among the three smallest so far
                smallest.pop()
                ids.pop()
                at = 2
            while at > 0 and (key < smallest[at - 1]
                              or (key == smallest[at - 1] and pid < ids[at - 1])):
                at -= 1
            smallest.insert(at, key)
            ids.insert(at, pid)
        return ids
    rows = people.values
    # (not a launderer, -reports) as one small int, launderer or not weighing more than
    # any count of reports: sorting then compares ints, not tuples of a bool and an int
    keys = zip(map(sub, map(mul, map(not_, map(contains, map(_ROLES, rows()),
                                               repeat("money_launderer"))), repeat(_APART)),
                   map(len, map(_REPORTS, rows()))), people)
    return [pid for _k, pid in sorted(keys)[:3]]


def _candidates(units: list[str], caps: dict[str, tuple[list[str], str]]
                ) -> dict[tuple[str, str], tuple[str, ...]]:
    """(capability, preferred kind or "") -> the units with the capability, in the order
    :meth:`Baseline._take` tries them: those of the preferred kind first, each part in
    the order of ``units``."""
    kinds = {"", *(kind for _caps, kind in caps.values())}
    capabilities = {c for unit_caps, _kind in caps.values() for c in unit_caps}
    out = {}
    for capability in capabilities:
        able = [u for u in units if capability in caps[u][0]]
        for kind in kinds:
            out[capability, kind] = tuple([u for u in able if caps[u][1] == kind]
                                          + [u for u in able if caps[u][1] != kind])
    return out


def _rows_getter(units: list[str]) -> Callable[[dict[str, Any]], tuple]:
    """A function giving the rows of ``units`` in a table, as a tuple (KeyError when one
    is missing), at C speed."""
    if not units:
        return lambda table: ()
    if len(units) == 1:
        only = units[0]
        return lambda table: (table[only],)
    return itemgetter(*units)


_STATUS: Final = itemgetter("status")
_APART: Final = 1 << 20
"""More reports than any person gathers in an exercise, and small enough for a sort to
compare the keys of :func:`_most_followed` as machine-sized ints."""
# (Final: compiled code reads each from a C static, not from the module's dict)
_ROLES: Final = itemgetter("roles_suspected")
_REPORTS: Final = itemgetter("reports")
_WARRANT: Final = itemgetter("warrant")
INFINITY: Final = float("inf")
TOWNS: Final = frozenset(TOWN_KINDS)
UNITS: Final = BIT["units"]
ORDERS: Final = BIT["orders"]
WARRANTS: Final = BIT["warrants"]
_DANGER_FRESH: Final = DANGER_FRESH
VIEWS: Final[dict[str, int]] = {
    "open_victims": mask({"victims"}),
    "called_in": mask({"danger"}),
    "active_cases": mask({"cases", "warrants"}),
    "arrested": mask({"custody"}),
    "money": mask({"people"}),
    "surveil": mask({"people", "places", "cases"}),
}
"""Each view :meth:`Baseline._decide` keeps across hours -> the mask of the picture
tables it is worked out from (the available units are kept by :meth:`Baseline._as_read`)."""


POLICIES = {"passive": Passive, "baseline": Baseline}


def make_policy(name: str, ex: "Exercise", cell: str | None = None) -> Passive:
    """A fresh policy ``name`` for ``ex``, playing ``cell`` (default: the first cell)."""
    if name not in POLICIES:
        raise CpxError(f"unknown policy {name!r}; use one of {', '.join(POLICIES)}",
                       "Unknown policy")
    cls = POLICIES[name]
    if cls is Passive:
        return cls()
    from cpx.engine.policy_memory import recall

    policy = cls(ex, cell)
    recall(policy, ex, policy.cell)  # a cell already under way: what it ordered and read
    return policy


def play(ex: "Exercise", policy: Passive, until: int | None = None) -> None:
    """Run ``ex`` to ``until`` (default ENDEX), asking the policy every hour."""
    until = ex.end if until is None else min(until, ex.end)
    while ex.now < until:
        for order in policy.decide(ex):
            ex.submit(order)
        ex.run_until(min(until, max(policy.next_decision(ex), ex.now + 1)))
    ex.run_until(until)
