"""The trafficking network as SimPy processes: arrivals, transit, exploitation, activity.

Victims arrive along routes at the profile's rate, cross borders (where a border alert
raises the chance of interdiction), are held at venues, earn revenue that flows to a
launderer and are rotated between venues. Members meet, phone and make money runs each
hour; clients visit venues. Everything here is ground truth (``excon`` events); the
trainee learns of it only through surveillance, informants, raids and interviews.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final, Generator, cast

import networkx as nx
import numpy as np

from cpx.engine import events as ev
from cpx.engine.draws import UniformDraws
from cpx.engine.hourly_draws import ContactDraws, CountDraws
from cpx.engine.policy_views import COMPILED
from cpx.engine.rounding import rounded
from cpx.engine.scenario_memo import per_scenario
from cpx.engine.victims import draw_person
from cpx.engine.world import MemberState, PersonState, RouteState, VenueState, World

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise
    from cpx.scenario.models import Clients, Scenario, VictimProfile

# Final: compiled (mypyc), each is a constant in the code instead of a read of the
# module's dictionary wherever it is used.
ACTIVE: Final = ("at_large", "released")
"""Member statuses in which they act for the network (see World.active_member)."""
ROTATION_PER_DAY: Final = 0.1
"""Chance a held victim is rotated to another venue on a given day (DOMAIN §6)."""
QUIET_FACTOR: Final = 0.3
"""A quiet member keeps this share of their usual activity."""
CONTACTS_PER_HOUR: Final = 1 / 8
"""Scale of hourly contact along a tie of strength 1 between fully active members."""
NEVER: Final = math.inf
"""The end of a quiet spell nobody is in."""


class NetworkProcesses:
    """The network's life: people, money, contacts, and the moves pressure forces."""

    def __init__(self, ex: "Exercise") -> None:
        self.ex = ex
        self.world = ex.world
        self.net = ex.scenario.network
        layout = per_scenario(ex.scenario, "network.layout", _TieLayout.of)
        self.ties = layout.ties
        self._tie_pairs = layout.pairs
        self.doings: dict[str, list[tuple[str, str]]] = {}
        """Each member's observable activity this hour: (kind, partner) pairs."""
        self.visits_now: dict[str, dict[str, int]] = {}
        """Client visits this hour: venue -> {client group: visits}."""
        self._visits_today: dict[str, int] = {}
        self._people = 0
        self._by_exploitation: dict[str, list[str]] | None = None
        self._by_town: dict[tuple[str, str], list[str]] = {}
        self._partners = layout.partners
        self._n_original = len(self.world.members)
        self._originals = list(self.world.members.values())
        self._managers = [m for m in self._originals if "venue_manager" in m.roles]
        self._tie_a, self._tie_b = layout.tie_a, layout.tie_b
        self._tie_strength = layout.strength
        # typed: compiled, the hourly levels index and multiply these natively (Python
        # ints and floats from tolist()), where untyped items were generic operations
        self._tie_levels: tuple[tuple[int, int, float], ...] = tuple(zip(
            layout.tie_a.tolist(), layout.tie_b.tolist(), layout.strength.tolist()))
        """(first member's index, second's, strength) of each tie, as Python numbers."""
        self._centrality: dict[str, float] | None = None
        self._levels_key: tuple[int, int] = (-1, -1)
        self._levels_until: float = 0.0
        self._levels_cache: tuple[list[float], list[float | None]] = ([], [])
        self._launderer_key: tuple[int, int] = (-1, -1)
        self._launderer: str | None = None
        self._clients_key: tuple[int, int] = (-1, -1)
        self._clients: list[tuple[Clients, list[str], float]] = []
        self._client_floors: list[tuple[float, str, bool]] = []
        """``exp(-rate)`` of each client group (see CountDraws.count), with its id and
        whether it is international personnel (read once, not off the scenario's group
        at every visit)."""
        self._staff: dict[tuple[str, str | None], list[str]] = {}
        self._activity_rng = ex.streams.get("network.activity")
        self._daily_rng = ex.streams.get("network.daily")
        self._clients_rng = ex.streams.get("network.clients")
        self._contact_draws = ContactDraws(self._activity_rng)
        self._visit_draws = CountDraws(self._clients_rng)
        self._highest = 0.0
        """The highest contact chance or money-run threshold of :meth:`_levels`."""
        self._transit_rng = ex.streams.get("network.transit")
        self.centrality("")  # computed while building, not in the middle of play

    def start(self) -> None:
        """Place the people present at STARTEX and start the network's processes."""
        for profile in self.net.victim_profiles:
            rng = self.ex.streams.get(f"arrivals:{profile.id}")
            route = self.world.routes[profile.route]
            for i in range(profile.initial):
                venue = route.destinations[i % len(route.destinations)]
                worker = bool(rng.random() < profile.consenting_workers_share)
                person = self._new_person(rng, profile, route.id, venue, worker)
                person.status = "held"
            self.ex.env.process(self._arrivals(profile))
        self.ex.every(60, self._hour)
        self.ex.every(1440, self._day, offset=1440)
        self.ex.every(360, self._snapshot)

    # ------------------------------------------------------------------ people

    def new_person_id(self) -> str:
        """The id of the next person to enter the world (``p1``, ``p2``…)."""
        self._people += 1
        return f"p{self._people}"

    def _new_person(self, rng: np.random.Generator, profile: VictimProfile, route: str | None,
                    venue: str | None, worker: bool) -> PersonState:
        person = draw_person(rng, profile, self.new_person_id(), route, venue, worker,
                             self.ex.streams.get(f"controls:{profile.id}"))
        self.world.add_person(person)
        self.ex.emit(ev.TRUTH_PERSON, {
            "person_id": person.id, "is_victim": person.is_victim, "minor": person.minor,
            "age": person.age, "sex": person.sex, "origin": person.origin,
            "exploitation": person.exploitation, "act": person.act, "means": person.means,
            "purpose": person.purpose, "documents_withheld": person.documents_withheld,
            "debt": person.debt, "debt_bondage": person.debt_bondage,
            "restricted_movement": person.restricted_movement, "venue": venue,
            "profile": profile.id,
        })
        return person

    def _arrivals(self, profile: VictimProfile) -> Generator[int, Any, None]:
        rng = self.ex.streams.get(f"arrivals:{profile.id}")
        mean_gap = 7 * 1440 / profile.rate_per_week
        recruiter = profile.recruiter
        while True:
            yield max(1, int(rng.exponential(mean_gap)))  # minutes (cpx.engine.clock.Process)
            route = self.current_route(profile.route)
            if route is None or (recruiter and self.effective(recruiter) is None):
                continue  # route cut, suspended, or no one left to recruit
            person = self._new_person(rng, profile, route.id, None, worker=False)
            person.status = "in_transit"
            self.ex.env.process(self._transit(person, route))

    def _transit(self, person: PersonState, route: RouteState) -> Generator[int, Any, None]:
        for origin, dest, minutes, transporter in route.legs:
            yield minutes
            if self.ex.region.is_crossing(dest):
                chance = self.ex.agencies.interdiction_chance(dest)
                if self._transit_rng.random() < chance:
                    self.ex.agencies.interdicted(person, route.id, dest, transporter)
                    return
        venue = self.place_for(route.destinations, self.world.venues[route.destinations[0]].exploitation)
        person.venue, person.status = venue, "held"
        self.ex.emit(ev.VICTIM_ARRIVED, {"person_id": person.id, "route": route.id,
                                         "venue": venue})

    def place_for(self, preferred: list[str], exploitation: str, exclude: str | None = None,
                  hidden: bool | None = None, near: str | None = None) -> str:
        """An active venue with room: the preferred ones, then those in the town ``near``,
        then any of the same exploitation; if all are full, the first that qualifies."""
        venues = self.world.venues
        if self._by_exploitation is None:
            self._by_exploitation, self._by_town = {}, {}
            for vid in sorted(venues):
                v = venues[vid]
                self._by_exploitation.setdefault(v.exploitation, []).append(vid)
                self._by_town.setdefault((v.exploitation, v.location), []).append(vid)
        candidates = [v for v in preferred if v in venues]
        if near is not None:
            candidates += self._by_town.get((exploitation, near), [])
        candidates += self._by_exploitation.get(exploitation, [])
        fallback = None
        for vid in candidates:
            venue = venues[vid]
            if vid == exclude or not venue.active or (hidden is not None and venue.hidden != hidden):
                continue
            fallback = fallback or vid
            if len(self.world._held_index.get(vid, ())) < venue.capacity:
                return vid
        return fallback or (exclude if exclude else preferred[0] if preferred else
                            self._by_exploitation[exploitation][0])

    # ------------------------------------------------------------------ members

    def effective(self, member: str) -> str | None:
        """The member, or whoever replaced them, who is free to act; None if nobody."""
        seen = 0
        while not self.world.active_member(member):
            member = self.world.members[member].replaced_by or ""
            seen += 1
            if not member or seen > 20:
                return None
        return member

    def current_route(self, route_id: str) -> RouteState | None:
        """The route victims of this route travel now; None when cut or suspended."""
        route = self.world.routes[route_id]
        if route.switched_to:
            route = self.world.routes[route.switched_to]
        if route.suspended_until > self.ex.now:
            return None
        for _o, _d, _m, transporter in route.legs:
            if transporter and self.effective(transporter) is None:
                return None
        return route

    def quiet(self, member: str) -> bool:
        """Whether the member is lying low."""
        return self.world.members[member].quiet_until > self.ex.now

    def members_at(self, venue_id: str) -> list[str]:
        """Members present at a venue now: its manager and linked enforcers, unless warned."""
        venue = self.world.venues[venue_id]
        present = []
        # Who staffs a venue changes only when its manager is replaced: kept per manager.
        staff = self._staff.get((venue_id, venue.manager))
        if staff is None:
            staff = [venue.manager] if venue.manager else []
            if venue.manager:
                staff += [b for a, b in self.tie_partners(venue.manager)
                          if "enforcer" in self.world.members[b].roles]
            staff = self._staff[(venue_id, venue.manager)] = sorted(set(staff))
        for mid in staff:
            member = self.world.members[mid]
            if (self.world.active_member(mid) and member.avoiding_until <= self.ex.now
                    and member.location == venue.location):
                present.append(mid)
        return present

    def tie_partners(self, member: str) -> tuple[tuple[str, str], ...]:
        """(tie kind, partner) for each tie of a member, in a stable order."""
        return self._partners.get(member, ())

    def centrality(self, member: str) -> float:
        """Betweenness centrality of a member in the who-knows-whom graph (at STARTEX)."""
        if self._centrality is None:
            members = tuple(sorted(self.world.members))
            ties = tuple(tuple(tie.between) for tie in self.ties)
            self._centrality = dict(_betweenness(members, ties))
        return self._centrality.get(member, 0.0)

    def launderer(self) -> str | None:
        """The member who receives the takings now (a free money launderer, else the boss)."""
        if (MemberState.revision != self._launderer_key[0]
                or len(self.world.members) != self._launderer_key[1]):
            self._launderer_key = (MemberState.revision, len(self.world.members))
            self._launderer = self._find_launderer()
        return self._launderer

    def _find_launderer(self) -> str | None:
        for role in ("money_launderer", "boss", "lieutenant"):
            for mid, m in self.world.members.items():
                if role in m.roles and self.world.active_member(mid):
                    return mid
        return None

    # ------------------------------------------------------------------ clocks

    def _levels(self, now: int) -> tuple[list[float], list[float | None]]:
        """Each tie's contact chance this hour and each manager's money-run threshold.

        Both depend only on the members' status, quiet time and activity, which change
        rarely: they are kept until a member changes (:attr:`MemberState.revision`) or
        a quiet spell ends, instead of being recomputed every hour. The arithmetic is
        the same as computing them afresh, so the draws compare to identical numbers.
        """
        if (MemberState.revision == self._levels_key[0] and now < self._levels_until
                and len(self.world.members) == self._levels_key[1]):
            return self._levels_cache
        # Over the original members (ties never name successors). Python floats: the
        # products are rounded as numpy rounds them, ((lower level) x strength) / 8, and
        # a few dozen ties cost less so than building arrays. Written as plain loops
        # (the highest chance and the first quiet spell's end found on the way): the
        # compiled code runs them natively, where min/max over generators were generic
        # calls (the same numbers: tests/engine/test_network_fast_paths.py).
        level: list[float] = []
        until: float = NEVER
        for m in self._originals:
            quiet_until = m.quiet_until
            quiet = quiet_until > now
            if quiet and quiet_until < until:
                until = float(quiet_until)  # (a float variable: compiled, it must be given one)
            level.append(m.activity * (QUIET_FACTOR if quiet else 1.0)
                         if m.status in ACTIVE else 0.0)
        highest = 0.0  # every chance and threshold is >= 0: max(..., default=0.0)
        chance: list[float] = []
        for a, b, strength in self._tie_levels:
            c = min(level[a], level[b]) * strength * CONTACTS_PER_HOUR
            if c > highest:
                highest = c
            chance.append(c)
        runs: list[float | None] = []
        for m in self._managers:
            if m.status in ACTIVE:
                r = m.activity / 12 * (QUIET_FACTOR if m.quiet_until > now else 1.0)
                if r > highest:
                    highest = r
                runs.append(r)
            else:
                runs.append(None)
        self._levels_key = (MemberState.revision, len(self.world.members))
        self._levels_cache = (chance, runs)
        self._highest = highest
        self._levels_until = until
        return self._levels_cache

    def _hour(self) -> None:
        now = self.ex.now
        doings: dict[str, list[tuple[str, str]]] = {}
        n_ties = len(self.ties)
        launderer = self.launderer()
        managers = self._managers if launderer else []
        chance, run_chance = self._levels(now)
        # The ties' draws, then the money runs' (when someone takes the money): the
        # stream's next numbers, read ahead (cpx.engine.hourly_draws); only those
        # below the highest chance can be a contact, and only they are looked at, as
        # Python floats, compared with the very chances the whole arrays were. Read for
        # every hour still to come at once (a few thousand numbers: one call to numpy, one
        # search, where a day at a time paid them five times a run); what the last hour
        # leaves is given back at ENDEX, so the numbers are the same either way.
        last = now + 60 >= self.ex.end  # no hour after this one before ENDEX
        hours = 1 if last else -(-(self.ex.end - now) // 60)
        hits = self._contact_draws.take(n_ties + len(managers), self._highest,
                                        hours * (n_ties + len(self._managers)))
        meetings = calls = runs = 0
        pairs = self._tie_pairs
        for k, r in hits:
            if k < n_ties:
                c = chance[k]
                if r >= c:
                    continue
                a, b = pairs[k]
                if r < c / 2:
                    meetings += 1
                    kind = "meeting"
                else:
                    calls += 1
                    kind = "call"
                doings.setdefault(a, []).append((kind, b))
                doings.setdefault(b, []).append((kind, a))
            else:
                threshold = run_chance[k - n_ties]
                if threshold is not None and r < threshold:
                    runs += 1
                    # managers is empty unless someone takes the money: launderer is a str
                    doings.setdefault(managers[k - n_ties].id, []).append(
                        ("money_run", cast(str, launderer)))
        self.doings = doings
        self._client_hour()
        if last:  # ENDEX: the streams stand where drawing hour by hour leaves them
            self._contact_draws.settle()
            self._visit_draws.settle()
        self.ex.emit(ev.NETWORK_ACTIVITY, {"hour": now // 60, "meetings": meetings,
                                           "calls": calls, "money_runs": runs})

    def _client_groups(self) -> list[tuple[Clients, list[str], float]]:
        """The client groups who may visit this hour: (group, open venues, hourly rate).

        Kept until a venue opens, closes or changes kind, or a group is barred.
        """
        if (VenueState.revision != self._clients_key[0]
                or len(self.world.misconduct_reported) != self._clients_key[1]):
            key = (VenueState.revision, len(self.world.misconduct_reported))
            venues, barred, groups = self.world.venues, self.world.misconduct_reported, []
            for group in self.net.clients:
                if group.id in barred:
                    continue  # the force has barred its personnel from these venues
                open_venues = [v for v in group.venues if venues[v].active and not venues[v].hidden]
                if open_venues:
                    groups.append((group, open_venues, group.visits_per_week / 168))
            self._clients_key = key
            if [(g.id, v) for g, v, _r in groups] != [(g.id, v) for g, v, _r in self._clients]:
                # a new list only when the groups changed
                self._clients = groups
                self._client_floors = [(math.exp(-rate), g.id, g.kind == "international_personnel")
                                       for g, _v, rate in groups]
        return self._clients

    def _client_hour(self) -> None:
        visits: dict[str, dict[str, int]] = {}
        groups = self._client_groups()
        # one Poisson count per group, as scalar draws give them (cpx.engine.hourly_draws)
        draws = self._visit_draws
        for (_group, open_venues, rate), (floor, group_id, international) in zip(
                groups, self._client_floors):
            n = draws.count(rate, floor)
            if n == 0:
                continue
            self._visits_today[group_id] = self._visits_today.get(group_id, 0) + n
            for i in range(n):
                venue = open_venues[i % len(open_venues)]
                at = visits.setdefault(venue, {})
                at[group_id] = at.get(group_id, 0) + 1
            if international:
                self.world.misconduct_first_seen.setdefault(group_id, self.ex.now)
        self.visits_now = visits

    def _day(self) -> None:
        world, rng = self.world, self._daily_rng
        day = self.ex.now // 1440
        amount = 0.0
        for vid, venue in world.venues.items():
            if venue.active:
                held = sum(1 for p in world.victims_at(vid) if p.is_victim)
                amount += held * venue.revenue_per_victim_day
        launderer = self.launderer()
        if launderer and world.members[launderer].assets_frozen:
            amount *= 0.5  # frozen accounts: cash only, less reaches the network
        amount = rounded(amount, 2)
        world.revenue_total = rounded(world.revenue_total + amount, 2)
        self.ex.emit(ev.NETWORK_REVENUE, {"day": day, "amount": amount, "launderer": launderer})
        if self._visits_today:
            self.ex.emit(ev.CLIENT_VISITS, {"day": day, "visits": dict(sorted(self._visits_today.items()))})
            self._visits_today = {}
        people = world.people
        # the day's rotation draws read in one call (at most one a person), the numbers
        # not used given back at the end: the scalar calls' numbers and stream position
        draws = UniformDraws(rng, max(1, len(people)))
        for pid in world.person_ids():
            person = people[pid]
            if person.status == "held" and person.is_victim and draws.random() < ROTATION_PER_DAY:
                current = world.venues[cast(str, person.venue)]  # a held person is at a venue
                dest = self.place_for([], current.exploitation, exclude=current.id,
                                      hidden=current.hidden, near=current.location)
                if dest != current.id:
                    self.move(person, dest, "rotation")
        draws.settle()

    def move(self, person: PersonState, venue: str, reason: str) -> None:
        """Move a held person to another venue (ground truth)."""
        origin, person.venue = person.venue, venue
        self.ex.emit(ev.VICTIM_MOVED, {"person_id": person.id, "from_venue": origin,
                                       "to_venue": venue, "reason": reason})

    def _snapshot(self) -> None:
        world = self.world
        active, arrested, held = status_counts(world, one_pass=COMPILED)
        self.ex.emit(ev.NETWORK_SNAPSHOT, {
            "active_members": active,
            "arrested_members": arrested,
            "victims_held": held,
            "venues_active": sum(1 for v in world.venues.values() if v.active),
            "revenue_total": world.revenue_total,
        })


def status_counts(world: World, one_pass: bool) -> tuple[int, int, int]:
    """Members acting for the network, members arrested or charged, victims held.

    ``one_pass``: count in one loop over each (what the compiled code does best: the
    statuses compared natively), else through list.count over lists of statuses (in C:
    what the interpreter does best). The same counts either way
    (tests/engine/test_network_fast_paths.py)."""
    if one_pass:
        active = arrested = held = 0
        for m in world.members.values():
            status = m.status
            if status == "at_large" or status == "released":  # ACTIVE
                active += 1
            elif status == "arrested" or status == "charged":
                arrested += 1
        for p in world.people.values():
            if p.is_victim and p.status == "held":
                held += 1
        return active, arrested, held
    statuses = [m.status for m in world.members.values()]
    victims = [p.status for p in world.people.values() if p.is_victim]
    return (sum(statuses.count(status) for status in ACTIVE),
            statuses.count("arrested") + statuses.count("charged"), victims.count("held"))


@dataclass(frozen=True)
class _TieLayout:
    """The network's ties as the hourly contacts use them, the same in every run of a
    scenario (kept per scenario, read-only: see :mod:`cpx.engine.scenario_memo`)."""

    ties: tuple
    """The ties in a stable order (by the two members, then kind)."""
    partners: dict[str, tuple[tuple[str, str], ...]]
    """(tie kind, partner) of each member's ties, in that order."""
    tie_a: np.ndarray
    """Each tie's first member, as an index into the scenario's members (in file order,
    as the world keeps them)."""
    tie_b: np.ndarray
    """Each tie's second member, likewise."""
    strength: np.ndarray
    """Each tie's strength."""
    pairs: tuple[tuple[str, str], ...] = ()
    """Each tie's two members (``between``), read off the scenario's ties once."""

    @classmethod
    def of(cls, scenario: Scenario) -> "_TieLayout":
        """The layout of the scenario's network."""
        ties = sorted(scenario.network.ties, key=lambda t: (t.between[0], t.between[1], t.kind))
        partners: dict[str, list[tuple[str, str]]] = {}
        for tie in ties:
            a, b = tie.between
            partners.setdefault(a, []).append((tie.kind, b))
            partners.setdefault(b, []).append((tie.kind, a))
        order = {m.id: i for i, m in enumerate(scenario.network.members)}
        index = [[order[t.between[side]] for t in ties] for side in (0, 1)]
        arrays = [np.array(side, dtype=np.intp) for side in index]
        strength = np.array([t.strength for t in ties], dtype=float)
        for array in (*arrays, strength):
            array.flags.writeable = False  # shared by every run of the scenario
        return cls(tuple(ties), {m: tuple(p) for m, p in partners.items()},
                   arrays[0], arrays[1], strength,
                   tuple((t.between[0], t.between[1]) for t in ties))


@lru_cache(maxsize=16)
def _betweenness(members: tuple[str, ...], ties: tuple[tuple[str, str], ...]) -> tuple[tuple[str, float], ...]:
    """Betweenness of each member in the who-knows-whom graph at STARTEX (memoised: a sweep
    builds thousands of exercises of one scenario, and this was a tenth of each run)."""
    graph = nx.Graph()
    graph.add_nodes_from(members)
    graph.add_edges_from(ties)
    k = min(len(graph), 64)
    raw = nx.betweenness_centrality(graph, k=k if k < len(graph) else None, seed=0)
    return tuple((m, round(v, 4)) for m, v in raw.items())
