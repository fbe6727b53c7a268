"""Disruption displaces (DOMAIN §3, §6): what the cell can learn of the network's moves.

When the network moves the people it keeps at a venue (after an inspection, a raid
nearby, a leak), the move is ground truth (``victim.moved``, an excon event). The cell
learns of it only as it learns anything: an informant with access to the venue, its
manager or the place they were taken to may hear of it and report, late and graded
like any other report ("the people kept at X were moved to Y"), sometimes wrongly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cpx.engine.exercise import Exercise

HEAR_CHANCE = 0.7
"""The chance an informant with access hears of a move (each move, each informant)."""
STREAM = "displacement.reports"
"""The seeded stream of who hears of a move and whether they tell it right."""


def moves_heard(ex: "Exercise", moves: list[tuple[str, str | None, str]]) -> None:
    """Informants who can see a move may report it: ``moves`` are (person, from, to)."""
    world = ex.world
    counts: dict[tuple[str, str], int] = {}
    for _pid, origin, dest in moves:
        if origin in world.venues and dest in world.venues and origin != dest:
            counts[(origin, dest)] = counts.get((origin, dest), 0) + 1
    if not counts:
        return
    rng = ex.streams.get(STREAM)
    venues = sorted(world.venues)
    for (origin, dest), n in counts.items():
        manager = world.venues[origin].manager
        for inf_id in sorted(world.informants):
            inf = world.informants[inf_id]
            if inf.status != "active" or not (
                    origin in inf.venues or dest in inf.venues
                    or (manager is not None and manager in inf.members)):
                continue
            if rng.random() >= HEAR_CHANCE:
                continue
            true = bool(rng.random() < inf.accuracy)
            told = dest
            if not true:
                # A wrong report names a plausible place: one of the same trade.
                others = [v for v in venues if v not in (origin, dest)
                          and world.venues[v].exploitation == world.venues[origin].exploitation]
                if others:
                    told = others[int(rng.integers(len(others)))]
                else:
                    true = True
            ex.informants.relay(inf, origin, _claim(ex, origin, told, n), true)


def _claim(ex: "Exercise", origin: str, told: str, n: int) -> dict:
    world = ex.world
    to = world.venues[told]
    town = ex.region.locations[to.location].name
    who = "The person kept" if n == 1 else f"The {n} people kept"
    verb = "was" if n == 1 else "were"
    text = f"{who} at {world.venues[origin].name} {verb} moved to {to.name} in {town}."
    return {"kind": "moved", "subject": origin, "partner": told, "count": n,
            "to_location": to.location, "text": text, "key": f"moved:{origin}:{told}"}
