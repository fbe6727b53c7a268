"""The flagship with the baseline policy: the network visibly adapts to the cell's actions."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpx.engine import Exercise
from cpx.engine.policies import make_policy, play

FLAGSHIP = Path(__file__).parents[2] / "scenarios" / "glass_lantern.yaml"


@pytest.mark.parametrize("seed", [1, 2])
def test_network_reacts_to_raids_arrests_and_leaks(seed):
    from cpx.scenario.loader import load_scenario

    ex = Exercise(load_scenario(FLAGSHIP), seed=seed)
    play(ex, make_policy("baseline", ex))
    pressure = [e for e in ex.events if e.kind in ("raid.result", "arrest.made", "leak")]
    assert pressure, "the baseline investigator puts the network under pressure"
    reactions = [e for e in ex.events if e.kind == "network.reaction"]
    triggers = {e.payload["trigger"] for e in reactions}
    assert triggers & {"raid_nearby", "arrest", "leak"}
    assert all(r.t > pressure[0].t for r in reactions
               if r.payload["trigger"] in ("raid_nearby", "arrest", "leak"))
    moved = [e for e in ex.events if e.kind == "victim.moved" and e.payload["reason"] != "rotation"]
    assert moved, "victims are moved out of sight under pressure"
    assert ex.events[-1].kind == "exercise.endex"
