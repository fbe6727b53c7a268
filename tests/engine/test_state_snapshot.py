"""The world's snapshot (truth and state hash) is the plain data ``dataclasses.asdict`` gives."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest

from cpx.commands.run import play
from cpx.engine.exercise import Exercise
from cpx.engine.world import plain

TABLES = ("members", "venues", "people", "routes", "units", "informants", "evidence")


@pytest.mark.parametrize("seed", [1, 4])
def test_snapshot_is_what_asdict_gives_after_a_played_run(fixture_scenario, seed):
    exercise = Exercise(fixture_scenario, seed)
    play(exercise, "baseline", [], exercise.end, [])
    world = exercise.world
    snapshot = world.snapshot()
    for name in TABLES:
        table = getattr(world, name)
        assert table, f"the played world has no {name}: the comparison would prove nothing"
        expected = [asdict(table[key]) for key in sorted(table)]
        assert json.dumps(snapshot[name], sort_keys=True) == json.dumps(expected, sort_keys=True)


def test_plain_rebuilds_containers_rather_than_sharing_them(fixture_scenario):
    exercise = Exercise(fixture_scenario, 2)
    person = next(iter(exercise.world.people.values()))
    data = plain(person)
    assert data == asdict(person)
    for key, value in data.items():
        if isinstance(value, (list, dict)):
            assert value is not getattr(person, key), f"{key} is shared with the live state"
