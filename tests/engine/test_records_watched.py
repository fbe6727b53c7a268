"""The world's records that watch their own changes see every change the engine makes.

MemberState and VenueState count changes to their watched fields (``revision``, which the
network's caches follow) and PersonState keeps the world's venue index in step, all through
their own ``__setattr__``. Compiled (mypyc), an assignment in another module reaches that
``__setattr__`` only if the records' module is built first (see cpx/engine/_records.py):
these play the flagship and check, against the records themselves, that the engine's own
assignments were seen, in whichever build runs them.
"""

from __future__ import annotations

import pytest

from cpx.engine.exercise import Exercise
from cpx.engine.world import ACTIVITY_FIELDS, MemberState, VenueState
from cpx.journal.scenario_source import open_scenario


@pytest.fixture(scope="module")
def flagship():
    return open_scenario("glass_lantern").scenario


def _held_where(ex: Exercise) -> dict[str, list[str]]:
    """Who is held at each venue, from the people themselves, and from the index."""
    world = ex.world
    return {venue: sorted(p.id for p in world.people.values() if p.held_at() == venue)
            for venue in world.venues}


@pytest.mark.parametrize("seed", [1, 2])
def test_venue_index_follows_every_change_the_engine_makes(flagship, seed):
    ex = Exercise(flagship, seed)
    ex.play_cells({cell: "baseline" for cell in ex.cells})
    moved = 0
    before = _held_where(ex)
    for t in range(360, ex.end + 1, 360):
        ex.run_until(t)
        truth = _held_where(ex)
        index = {venue: sorted(p.id for p in ex.world.victims_at(venue)) for venue in truth}
        assert index == truth, f"the venue index is out of step at t={t}"
        moved += truth != before
        before = truth
    assert moved > 0  # people did move between venues and out of them


@pytest.mark.parametrize("seed", [1, 2])
def test_revisions_count_the_engines_changes(flagship, seed):
    members_at_startex = len(flagship.network.members)
    member_rev, venue_rev = MemberState.revision, VenueState.revision
    ex = Exercise(flagship, seed)
    ex.play_cells({cell: "baseline" for cell in ex.cells})
    ex.run_until(ex.end)
    world = ex.world
    taken = sum(m.status != "at_large" for m in world.members.values())
    closed = sum(not v.active for v in world.venues.values())
    assert taken > 0 and closed > 0  # the engine did arrest members and close venues
    # a member built during play (a replacement) sets each watched field once in __init__
    built = (len(world.members) - members_at_startex) * len(ACTIVITY_FIELDS)
    assert MemberState.revision - member_rev >= built + taken
    assert VenueState.revision - venue_rev >= closed
