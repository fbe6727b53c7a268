"""The baseline investigator answers the press victim-first, sends the letter about a
corrupt official to internal affairs covertly, and asks for a residence permit for each
victim who agrees to give evidence — played on the flagship, rated by the score card."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from cpx.aar.scorecard import score_records
from cpx.commands.run import run_exercise
from cpx.scenario.loader import load_scenario

FLAGSHIP = Path(__file__).resolve().parents[2] / "scenarios" / "glass_lantern.yaml"


@lru_cache(maxsize=None)
def baseline_run(seed: int):
    scenario = load_scenario(FLAGSHIP)
    events = run_exercise(scenario, seed, "baseline").events
    card = score_records({"seed": seed}, events, scenario)
    return events, {score.id: score.rating for score in card.objectives}


@pytest.mark.parametrize("seed", [1, 2])
def test_the_baseline_answers_the_press_and_the_letter_as_doctrine_says(seed):
    """Before, the baseline never gave these orders and was rated U on both. A covert
    inquiry still reaches the network now and then (a seeded tip-off: M), so integrity is
    held to P/S/M; the letter itself goes to internal affairs within the day every time."""
    events, ratings = baseline_run(seed)
    assert ratings["obj_integrity"] in ("P", "S", "M"), ratings
    assert ratings["obj_public_information"] in ("P", "S"), ratings
    letter = next(e.t for e in events if e.kind == "inject"
                  and e.payload["inject_id"] == "i12_anonymous_letter")
    checks = [e for e in events if e.kind == "order.accepted"
              and e.payload["order"]["verb"] == "integrity_check"]
    assert [c.payload["order"]["target"] for c in checks] == ["pavel_rusk"]
    assert checks[0].payload["order"]["params"]["approach"] == "covert"
    assert checks[0].t - letter <= 1440
    statements = [e for e in events if e.kind == "media.statement"]
    assert statements and all(s.payload["victim_centred"] for s in statements)


def test_the_baseline_asks_a_residence_permit_for_each_victim_who_agrees():
    asked, agreed = set(), set()
    for seed in (1, 2):
        events, _ratings = baseline_run(seed)
        agreed = {e.payload["person_id"] for e in events if e.kind == "victim.consent"
                  and e.payload["decision"] == "agreed"}
        asked = {e.payload["order"]["target"] for e in events if e.kind == "order.accepted"
                 and e.payload["order"]["verb"] == "residence_permit"}
        if agreed:
            break
    assert agreed, "no victim agreed in two seeds: the test has nothing to check"
    assert asked == agreed
