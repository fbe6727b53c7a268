"""The disruptive approach: administrative inspections of licensed venues (DOMAIN §3)."""

from __future__ import annotations

from typing import get_args

from cpx.engine import VERBS, Exercise, Order
from cpx.scenario.models import OrderVerb

from engine_world import kinds, scenario

INSPECTORATE = {"id": "labour", "name": "Karst Labour Inspectorate", "kind": "labour_inspectorate",
                "jurisdictions": ["karst"], "liaison": "2h",
                "units": [{"id": "inspectors", "callsign": "INSPECT 1", "size": 2,
                           "capabilities": ["inspection"], "base": "nova"}]}
DISPLACE = {"trigger": "inspection", "threshold": 0.2, "action": "move_victims",
            "probability": 1.0, "delay": "1h"}


def _world(own_inspectors: bool = True, inspectorate: bool = False, known_flat: bool = False):
    def change(raw) -> None:
        if own_inspectors:
            raw["agencies"][0]["units"][0]["capabilities"].append("inspection")
        if inspectorate:
            raw["agencies"].append(INSPECTORATE)
        if known_flat:
            raw["network"]["venues"][1]["known_at_start"] = True
        raw["network"]["doctrine"]["reactions"].append(DISPLACE)
        raw["network"]["corrupt_officials"] = []  # no warning: see the leak test below
    return scenario(change)


def test_the_verb_list_is_the_scenario_vocabulary():
    assert VERBS == get_args(OrderVerb) and "inspect" in VERBS
    assert Order.from_dict({"verb": "inspect", "target": "red_door"}).verb == "inspect"


def test_an_inspection_sees_the_people_alerts_the_network_and_proves_little():
    ex = Exercise(_world(), seed=1)
    held = [p.id for p in ex.world.victims_at("red_door")]
    assert held
    assert ex.submit({"verb": "inspect", "unit": "crime_squad", "target": "red_door"}).accepted
    ex.run_until(6 * 60)
    result = kinds(ex.events, "inspection.result")
    assert len(result) == 1 and result[0].visibility == "trainee"
    assert result[0].payload["people_found"] == held
    # Nobody is taken away: those who asked for help are met, the others seen and left.
    picture = ex.picture_of()
    payload = result[0].payload
    assert set(held) == set(payload["asked_for_help"]) | set(payload["stayed"])
    assert set(payload["asked_for_help"]) <= set(picture.victims)
    assert set(payload["stayed"]) <= set(picture.seen)
    assert not kinds(ex.events, "arrest.made") and not kinds(ex.events, "unlawful.act")
    alerts = [e for e in kinds(ex.events, "network.alert") if e.payload["cause"] == "inspection"]
    assert any(e.payload["cell"] == "red_door" for e in alerts)
    reactions = [e for e in kinds(ex.events, "network.reaction")
                 if e.payload.get("trigger") == "inspection"]
    assert reactions, "the doctrine's inspection reaction should fire"
    assert ex.desk.case_strength("red_door") <= 0.05  # an inspection record, not a case
    assert ex.world.units["crime_squad"].status in ("available", "resting", "off_duty")


def test_a_private_flat_cannot_be_inspected():
    ex = Exercise(_world(known_flat=True), seed=1)
    reason = ex.submit({"verb": "inspect", "unit": "crime_squad", "target": "flat_12"}).reason
    assert "private dwelling" in reason and "warrant" in reason


def test_a_unit_without_the_capability_cannot_inspect():
    ex = Exercise(_world(own_inspectors=False), seed=1)
    reason = ex.submit({"verb": "inspect", "unit": "crime_squad", "target": "red_door"}).reason
    assert "no inspection capability" in reason


def test_an_unknown_venue_cannot_be_inspected():
    ex = Exercise(_world(), seed=1)
    reason = ex.submit({"verb": "inspect", "unit": "crime_squad", "target": "flat_12"}).reason
    assert "not known to your cell" in reason


def test_without_a_unit_the_partner_inspectorate_goes_after_its_liaison_time():
    ex = Exercise(_world(own_inspectors=False), seed=1)
    assert "No inspectorate" in ex.submit({"verb": "inspect", "target": "red_door"}).reason
    ex = Exercise(_world(own_inspectors=False, inspectorate=True), seed=1)
    assert ex.submit({"verb": "inspect", "target": "red_door"}).accepted
    ex.run_until(8 * 60)
    result = kinds(ex.events, "inspection.result")
    assert len(result) == 1 and result[0].t >= 120
    assert "INSPECT 1" in result[0].payload["text"]


def test_a_planned_inspection_can_leak_through_a_corrupt_official():
    def corrupt(raw) -> None:
        raw["agencies"][0]["units"][0]["capabilities"].append("inspection")
        raw["network"]["corrupt_officials"][0]["leak_probability"] = 1.0
    ex = Exercise(scenario(corrupt), seed=1)
    assert ex.submit({"verb": "inspect", "unit": "crime_squad", "target": "red_door"}).accepted
    ex.run_until(60)
    leaks = kinds(ex.events, "leak")
    assert leaks and leaks[0].payload["target"] == "red_door"
