"""The second pass: does the scenario make sense as a world?

The schema says each field is well formed; these checks look across fields: ids are
unique, every reference names something that exists (with a suggestion when it nearly
does), every place can be reached by road, informants can see something, every inject
can fire, every objective measures something. Each problem is returned at the path of
the offending field, so the loader can give its line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import networkx as nx

from cpx.scenario import cells as cell_checks
from cpx.scenario import displacement_checks, objective_checks, pathway
from cpx.scenario.explain import suggest
from cpx.scenario.models import Scenario
from cpx.scenario.problems import PathPart, format_path
from cpx.scenario.timefmt import clock_to_minutes, minutes_to_clock

Found = tuple[tuple[PathPart, ...], str]
"""A problem of meaning: the path of the field at fault and the message."""

def check(scenario: Scenario) -> list[Found]:
    """Every problem of meaning in a scenario that passed the schema."""
    index = _index(scenario)
    found: list[Found] = list(index.duplicates)
    found += _references(scenario, index)
    found += _reachability(scenario)
    found += _informants(scenario)
    found += _injects(scenario, index)
    found += objective_checks.objectives(scenario)
    found += objective_checks.injects(scenario)
    found += _ranges(scenario)
    found += displacement_checks.check(scenario)
    found += pathway.check(scenario.legal)
    found += cell_checks.check(scenario)
    if not any(agency.player_cell for agency in scenario.agencies):
        found.append((("agencies",), "no agency has a player_cell, so the trainees command nothing"))
    return found


class _Index:
    """The ids of the scenario by kind, and a map from every id to what it names."""

    def __init__(self) -> None:
        self.by_kind: dict[str, dict[str, tuple[PathPart, ...]]] = {}
        self.kind_of: dict[str, str] = {}
        self.duplicates: list[Found] = []

    def add(self, kind: str, entity_id: str, path: tuple[PathPart, ...]) -> None:
        if entity_id in self.kind_of:
            other = self.kind_of[entity_id]
            first = format_path(self.by_kind[other][entity_id])
            self.duplicates.append(
                (path + ("id",), f"the id '{entity_id}' is already used by {_a(other)} ({first}); ids must be unique")
            )
            return
        self.kind_of[entity_id] = kind
        self.by_kind.setdefault(kind, {})[entity_id] = path

    def ids(self, kind: str) -> dict[str, tuple[PathPart, ...]]:
        return self.by_kind.get(kind, {})


def _index(scenario: Scenario) -> _Index:
    index = _Index()
    region, network = scenario.region, scenario.network
    groups: list[tuple[str, tuple[PathPart, ...], Iterable]] = [
        ("jurisdiction", ("region", "jurisdictions"), region.jurisdictions),
        ("location", ("region", "locations"), region.locations),
        ("member", ("network", "members"), network.members),
        ("venue", ("network", "venues"), network.venues),
        ("route", ("network", "routes"), network.routes),
        ("victim profile", ("network", "victim_profiles"), network.victim_profiles),
        ("client group", ("network", "clients"), network.clients),
        ("informant", ("informants",), scenario.informants),
        ("agency", ("agencies",), scenario.agencies),
        ("inject", ("injects",), scenario.injects),
        ("inject", ("library",), scenario.library),
        ("objective", ("objectives",), scenario.objectives),
    ]
    for kind, path, items in groups:
        for number, item in enumerate(items):
            index.add(kind, item.id, path + (number,))
    for a, agency in enumerate(scenario.agencies):
        for u, unit in enumerate(agency.units):
            index.add("unit", unit.id, ("agencies", a, "units", u))
    for n, inject in enumerate(scenario.injects):
        if inject.person is not None and inject.person.id is not None:
            index.add("person", inject.person.id, ("injects", n, "person"))
    return index


def _references(scenario: Scenario, index: _Index) -> Iterator[Found]:
    """Every field that names another entity, checked against the ids of that kind."""

    def ref(path: tuple[PathPart, ...], value: str | None, *kinds: str) -> Iterator[Found]:
        if value is None:
            return
        known: dict[str, object] = {}
        for kind in kinds:
            known.update(index.ids(kind))
        if value in known:
            return
        what = " or ".join(kinds)
        guess = suggest(value, known)
        hint = f"; did you mean '{guess}'?" if guess else ""
        elsewhere = index.kind_of.get(value)
        if elsewhere:
            yield path, f"'{value}' is {_a(elsewhere)}, not {_a(what)}{hint}"
        else:
            yield path, f"there is no {what} '{value}'{hint}"

    def refs(path: tuple[PathPart, ...], values: Iterable[str], *kinds: str) -> Iterator[Found]:
        for number, value in enumerate(values):
            yield from ref(path + (number,), value, *kinds)

    region, network = scenario.region, scenario.network
    for n, location in enumerate(region.locations):
        yield from ref(("region", "locations", n, "jurisdiction"), location.jurisdiction, "jurisdiction")
    for n, link in enumerate(region.links):
        yield from refs(("region", "links", n, "between"), link.between, "location")
        if link.between[0] == link.between[1]:
            yield ("region", "links", n, "between"), "a road must join two different locations"
    members = ("network", "members")
    for n, member in enumerate(network.members):
        yield from ref(members + (n, "home"), member.home, "location")
        yield from ref(members + (n, "nationality"), member.nationality, "jurisdiction")
    for n, tie in enumerate(network.ties):
        yield from refs(("network", "ties", n, "between"), tie.between, "member")
    for n, venue in enumerate(network.venues):
        yield from ref(("network", "venues", n, "location"), venue.location, "location")
        yield from ref(("network", "venues", n, "manager"), venue.manager, "member")
    for n, route in enumerate(network.routes):
        here: tuple[PathPart, ...] = ("network", "routes", n)
        for leg_number, leg in enumerate(route.legs):
            leg_path = here + ("legs", leg_number)
            yield from ref(leg_path + ("from",), leg.from_, "location")
            yield from ref(leg_path + ("to",), leg.to, "location")
            yield from ref(leg_path + ("transporter",), leg.transporter, "member")
        yield from refs(here + ("destinations",), route.destinations, "venue")
        yield from ref(here + ("alternative",), route.alternative, "route")
        if route.alternative == route.id:
            yield here + ("alternative",), "a route cannot be its own alternative"
    for n, profile in enumerate(network.victim_profiles):
        here = ("network", "victim_profiles", n)
        yield from ref(here + ("route",), profile.route, "route")
        yield from ref(here + ("recruiter",), profile.recruiter, "member")
        yield from refs(here + ("origins",), profile.origins, "jurisdiction")
    for n, clients in enumerate(network.clients):
        yield from refs(("network", "clients", n, "venues"), clients.venues, "venue")
        yield from ref(("network", "clients", n, "force"), clients.force, "agency")
    roles = {member.id: member.roles for member in network.members}
    for n, official in enumerate(network.corrupt_officials):
        here = ("network", "corrupt_officials", n)
        yield from ref(here + ("member",), official.member, "member")
        if official.member in roles and "corrupt_official" not in roles[official.member]:
            yield here + ("member",), f"'{official.member}' does not have the role corrupt_official"
        yield from ref(here + ("agency",), official.agency, "agency")
    yield from refs(("network", "known_members"), network.known_members, "member")
    for n, informant in enumerate(scenario.informants):
        here = ("informants", n)
        yield from ref(here + ("handler",), informant.handler, "unit")
        yield from refs(here + ("access", "members"), informant.access.members, "member")
        yield from refs(here + ("access", "venues"), informant.access.venues, "venue")
        yield from refs(here + ("access", "routes"), informant.access.routes, "route")
    cells = scenario.meta.player_cells
    for n, agency in enumerate(scenario.agencies):
        here = ("agencies", n)
        yield from refs(here + ("jurisdictions",), agency.jurisdictions, "jurisdiction")
        if agency.player_cell is not None and agency.player_cell not in cells:
            yield here + ("player_cell",), _not_a_cell(agency.player_cell, cells)
        for u, unit in enumerate(agency.units):
            yield from ref(here + ("units", u, "base"), unit.base, "location")
        for s, shelter in enumerate(agency.shelters):
            yield from ref(here + ("shelters", s, "location"), shelter.location, "location")
    anything = tuple(index.by_kind)
    msel = [(("injects", n), i) for n, i in enumerate(scenario.injects)]
    msel += [(("library", n), i) for n, i in enumerate(scenario.library)]
    for here, inject in msel:
        if inject.to not in cells:
            yield here + ("to",), _not_a_cell(inject.to, cells)
        yield from ref(here + ("objective",), inject.objective, "objective")
        yield from ref(here + ("contingency_for",), inject.contingency_for, "inject")
        yield from _any_ref(here + ("mentions",), inject.mentions, index, anything)
        yield from refs(here + ("danger_at",), inject.danger_at, "venue")
        if inject.expected_action and inject.expected_action.target:
            yield from _any_ref(here + ("expected_action",), [inject.expected_action.target], index, anything, "target")
        if inject.when and inject.when.subject:
            yield from _any_ref(here + ("when",), [inject.when.subject], index, anything, "subject")


def _any_ref(
    path: tuple[PathPart, ...], values: Iterable[str], index: _Index, kinds: tuple[str, ...], key: str | None = None
) -> Iterator[Found]:
    for number, value in enumerate(values):
        if value in index.kind_of:
            continue
        guess = suggest(value, index.kind_of)
        hint = f"; did you mean '{guess}'?" if guess else ""
        yield (path + ((key,) if key else (number,))), f"nothing in the scenario has the id '{value}'{hint}"


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeio" else f"a {noun}"  # "a unit"


def _not_a_cell(cell: str, cells: list[str]) -> str:
    guess = suggest(cell, cells)
    hint = f"did you mean '{guess}'?" if guess else "add it to meta.player_cells"
    return f"'{cell}' is not a player cell ({', '.join(cells)}); {hint}"


def _reachability(scenario: Scenario) -> Iterator[Found]:
    """Locations no road reaches from the largest connected part of the map."""
    locations = scenario.region.locations
    if len(locations) < 2:
        return
    graph = nx.Graph()
    graph.add_nodes_from(location.id for location in locations)
    graph.add_edges_from(tuple(link.between) for link in scenario.region.links if all(end in graph for end in link.between))
    main = max(nx.connected_components(graph), key=lambda part: (len(part), sorted(part)))
    anchor = next(location.id for location in locations if location.id in main)
    for n, location in enumerate(locations):
        if location.id not in main:
            yield (
                ("region", "locations", n),
                f"'{location.id}' cannot be reached by road from '{anchor}'; add a link to it",
            )


def _informants(scenario: Scenario) -> Iterator[Found]:
    for n, informant in enumerate(scenario.informants):
        access = informant.access
        if not (access.members or access.venues or access.routes):
            yield ("informants", n, "access"), f"informant '{informant.id}' has no access: list the members, venues or routes they can report on"


def _injects(scenario: Scenario, index: _Index) -> Iterator[Found]:
    start = scenario.meta.startex.hour * 60 + scenario.meta.startex.minute
    end = scenario.meta.duration
    by_id = {inject.id: inject for inject in scenario.injects}
    for n, inject in enumerate(scenario.injects):
        here = ("injects", n)
        if inject.at is None and inject.when is None and inject.contingency_for is None:
            yield here, f"inject '{inject.id}' can never fire: give 'at' (e.g. 'D1 09:00'), 'when', or 'contingency_for'"
        if inject.at is not None:
            minutes = clock_to_minutes(inject.at, start)
            if minutes < 0:
                yield here + ("at",), f"{inject.at} is before STARTEX ({minutes_to_clock(0, start)})"
            elif minutes > end:
                yield here + ("at",), f"{inject.at} is after ENDEX ({minutes_to_clock(end, start)})"
        target = by_id.get(inject.contingency_for) if inject.contingency_for else None
        if target is not None and target.expected_action is None:
            yield here + ("contingency_for",), f"inject '{target.id}' expects no action, so it can never be missed and this inject never fires"
        if inject.contingency_for == inject.id:
            yield here + ("contingency_for",), "an inject cannot be its own contingency"
    for n, inject in enumerate(scenario.library):
        # a library inject fires only when EXCON fires it (cpx excon): a time or a
        # trigger would make it an MSEL line, which belongs under 'injects'
        for key in ("at", "when", "contingency_for"):
            if getattr(inject, key) is not None:
                yield (("library", n, key),
                       f"library inject '{inject.id}' fires only when EXCON fires it: remove "
                       f"'{key}', or move it to 'injects'")


def _ranges(scenario: Scenario) -> Iterator[Found]:
    for n, location in enumerate(scenario.region.locations):
        if not all(0 <= value <= 100 for value in location.at):
            yield ("region", "locations", n, "at"), "map coordinates run from 0 to 100"
    for n, profile in enumerate(scenario.network.victim_profiles):
        for name in ("age", "debt"):
            span = getattr(profile, name)
            if span.min > span.max:
                yield ("network", "victim_profiles", n, name), f"min ({span.min:g}) is above max ({span.max:g})"
        if profile.age.min < 0:
            yield ("network", "victim_profiles", n, "age"), "ages cannot be negative"
