"""Findings come from the task that decided the rating and never contradict it."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpx.aar.findings import strengths_and_areas
from cpx.aar.scorecard import score_records
from cpx.commands.run import run_exercise
from cpx.journal.orders_file import load_orders
from cpx.scenario.loader import load_scenario, startex_minute_of_day

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def overt():
    """The commander who raids at STARTEX through the station that leaks (seed 1)."""
    scenario = load_scenario(ROOT / "scenarios" / "glass_lantern.yaml")
    planned = load_orders(ROOT / "tests" / "doctrine" / "orders" / "overt_leak.yaml",
                          startex_minute_of_day(scenario))
    ex = run_exercise(scenario, 1, "passive", planned)
    return scenario, score_records({"seed": 1}, ex.events, scenario)


def section(card, objective):
    return next(o for o in card.objectives if o.id == objective)


def test_an_unlawful_raid_is_never_a_strength(overt):
    scenario, card = overt
    lawful = section(card, "obj_lawful_conduct")
    strengths, areas = strengths_and_areas(lawful, scenario)
    assert lawful.rating == "U" and strengths == []
    assert areas and "unlawful.act" in areas[0]


def test_leaks_are_listed_as_what_leaked(overt):
    scenario, card = overt
    opsec = section(card, "obj_operational_security")
    strengths, areas = strengths_and_areas(opsec, scenario)
    assert opsec.rating == "U" and strengths == []
    assert areas[0].startswith("Leaked: ")


def test_findings_agree_with_every_rating(overt):
    scenario, card = overt
    for score in card.objectives:
        strengths, areas = strengths_and_areas(score, scenario)
        if score.rating not in ("P", "S"):
            assert strengths == [], score.id
        if score.rating == "P":
            assert areas == [], score.id
        else:
            assert areas, score.id
