"""Checks of meaning for displacement and newcomers: where a reaction moves people, and
the person an inject brings into play.

Each problem is returned at the path of the offending field (so the loader gives its
line) with a suggestion when a name nearly matches one that exists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cpx.scenario.explain import suggest
from cpx.scenario.models import Scenario

Found = tuple[tuple, str]

GENERATED = re.compile(r"^p\d+$")
"""The ids the engine gives generated people (p1, p2…), which a named person may not take."""
MOVING_ACTIONS = ("move_victims", "rotate_victims", "displace")
"""The reactions that move people, for which destinations mean something."""


def check(scenario: Scenario) -> Iterator[Found]:
    """Every problem in the reactions' destinations and venue kinds and in inject persons."""
    yield from _reactions(scenario)
    yield from _inject_people(scenario)


def _unknown(value: str, known: list[str], what: str) -> str:
    guess = suggest(value, known)
    hint = f"; did you mean '{guess}'?" if guess else ""
    return f"there is no {what} '{value}'{hint}"


def _reactions(scenario: Scenario) -> Iterator[Found]:
    network = scenario.network
    venues = {v.id: v for v in network.venues}
    locations = [loc.id for loc in scenario.region.locations]
    towns_with_venues = {v.location for v in network.venues}
    kinds_in_play = sorted({v.kind for v in network.venues})
    for n, rule in enumerate(network.doctrine.reactions):
        here = ("network", "doctrine", "reactions", n)
        for k, kind in enumerate(rule.venue_kinds):
            if kind not in kinds_in_play:
                have = ", ".join(kinds_in_play) or "none"
                yield (here + ("venue_kinds", k),
                       f"no venue of the network is a {kind.replace('_', ' ')}, so this "
                       f"reaction never applies to it (kinds of venue in the scenario: {have})")
        if rule.destinations and rule.action not in MOVING_ACTIONS:
            yield (here + ("destinations",),
                   f"the action {rule.action} moves nobody; destinations apply to "
                   f"{', '.join(MOVING_ACTIONS)}")
        for d, dest in enumerate(rule.destinations):
            path = here + ("destinations", d)
            if dest in venues:
                continue
            if dest in locations:
                if dest not in towns_with_venues:
                    yield path, (f"the network has no venue at '{dest}' to move people to; "
                                 "name a venue, or a location where it has one")
                continue
            yield path, _unknown(dest, sorted(venues) + locations, "venue or location")


def _inject_people(scenario: Scenario) -> Iterator[Found]:
    venues = [v.id for v in scenario.network.venues]
    locations = [loc.id for loc in scenario.region.locations]
    jurisdictions = [j.id for j in scenario.region.jurisdictions]
    for n, inject in enumerate(scenario.injects):
        person = inject.person
        if person is None:
            continue
        here = ("injects", n, "person")
        if person.id is not None and GENERATED.match(person.id):
            yield (here + ("id",), f"ids like '{person.id}' are given to the people the "
                   "simulation generates; choose another, e.g. 'walk_in_worker'")
        if person.where not in locations and person.where not in venues:
            yield here + ("where",), _unknown(person.where, locations + venues,
                                              "location or venue")
        if person.nationality not in jurisdictions:
            yield here + ("nationality",), _unknown(person.nationality, jurisdictions,
                                                    "jurisdiction")
        if person.from_venue is not None and person.from_venue not in venues:
            yield here + ("from_venue",), _unknown(person.from_venue, venues, "venue")
        if person.role == "victim" and person.age >= 18 and not person.means:
            yield (here + ("means",),
                   "an adult is a victim of trafficking only if means were used (Palermo "
                   "Protocol): list at least one, or make the person a witness")
        if person.role == "witness" and (person.means or person.documents_withheld or person.debt):
            yield (here + ("role",),
                   "a witness is not trafficked: means, withheld documents and debt are for "
                   "a victim")
