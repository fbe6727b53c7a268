"""Every scenario trigger (``when: {event: …}``) fires, with and without a subject.

A first run plays a script that makes every kind of trigger event happen; a second run
of the same world (same seed, same orders) carries two conditional injects per trigger
— one without a subject, one with the subject the event really concerned — and one with
a wrong subject that must never fire. Adding injects changes no draw of the world, so
the second run meets the same events.
"""

from __future__ import annotations

from typing import get_args

import pytest

from cpx.engine import Exercise
from cpx.scenario.models import EventTrigger

from engine_world import grant_warrant, kinds, scenario

KIND = {
    "raid": "raid.result", "arrest": "arrest.made", "victim_met": "person.met",
    "victim_identified": "victim.identified", "victim_referred": "victim.referred",
    "warrant_granted": "warrant.granted", "warrant_refused": "warrant.refused",
    "surveillance_spotted": "surveillance.spotted", "leak": "leak",
    "informant_exposed": "informant.burned", "network_reaction": "network.reaction",
    "inject": "inject", "order": "order.accepted",
}
"""What a scenario author means by each trigger, written out independently of the engine."""


def subject_of(trigger: str, payload: dict) -> str:
    """The entity an author would name as the trigger's subject."""
    if trigger == "order":
        return payload["order"]["target"]  # the order's target, not a payload key
    key = {"raid": "venue", "arrest": "member", "warrant_granted": "target",
           "warrant_refused": "target", "surveillance_spotted": "target", "leak": "target",
           "informant_exposed": "informant", "network_reaction": "subject",
           "inject": "inject_id"}.get(trigger, "person_id")
    return payload[key]


def _eventful(raw) -> None:
    raw["network"]["corrupt_officials"][0]["leak_probability"] = 1.0
    raw["informants"][0]["exposure_risk"] = 1.0
    raw["agencies"][0]["units"][0]["skill"] = 0.0  # a clumsy team gets spotted
    for member in raw["network"]["members"]:
        member.setdefault("traits", {})["vigilance"] = 1.0


def _play(ex: Exercise) -> None:
    def order(**o):
        assert ex.submit(o).accepted
    order(verb="request_warrant", target="manager")  # refused: no evidence yet
    order(verb="task_informant", target="inf_swallow", params={"subject": "red_door"})
    grant_warrant(ex, "red_door")
    order(verb="raid", unit="viper", target="red_door", params={"support": "ngo_hope"})
    ex.run_until(ex.now + 6 * 60)
    order(verb="surveil", unit="crime_squad", target="red_door", params={"hours": 12})
    for pid in sorted(ex.picture_of().victims)[:1]:
        order(verb="identify_victim", target=pid,
              params={"decision": True, "act": True, "means": True, "purpose": True})
        order(verb="refer_victim", target=pid, params={"agency": "ngo_hope"})
    ex.run_until(30 * 60)


def test_the_author_map_covers_every_trigger():
    assert set(KIND) == set(get_args(EventTrigger))


@pytest.fixture(scope="module")
def reference():
    """A seed on which the script produces every trigger event, and their first subjects."""
    for seed in range(12):
        ex = Exercise(scenario(_eventful), seed=seed)
        _play(ex)
        firsts = {t: kinds(ex.events, k) for t, k in KIND.items()}
        if all(firsts.values()):
            return seed, {t: subject_of(t, evs[0].payload) for t, evs in firsts.items()}
    pytest.fail("no seed made every trigger event happen")


def test_every_trigger_fires_with_and_without_subject(reference):
    seed, subjects = reference

    def with_injects(raw) -> None:
        _eventful(raw)
        for trigger, subject in subjects.items():
            for tag, when in (("any", {"event": trigger}),
                              ("subject", {"event": trigger, "subject": subject}),
                              ("wrong", {"event": trigger, "subject": "capital"})):
                raw["injects"].append({"id": f"t_{trigger}_{tag}", "when": when,
                                       "from": "excon", "text": f"{trigger} {tag}"})

    ex = Exercise(scenario(with_injects), seed=seed)
    _play(ex)
    fired = {e.payload["inject_id"] for e in kinds(ex.events, "inject")}
    missing = sorted(f"t_{t}_{tag}" for t in subjects for tag in ("any", "subject")
                     if f"t_{t}_{tag}" not in fired)
    assert not missing, f"triggers that did not fire: {missing}"
    assert not sorted(i for i in fired if i.endswith("_wrong"))


def test_an_order_on_the_subject_fires_its_inject():
    def watch_red_door(raw) -> None:
        raw["injects"].append({"id": "t_order_red_door", "from": "excon", "text": "noted",
                               "when": {"event": "order", "subject": "red_door",
                                        "after": "30m"}})
    ex = Exercise(scenario(watch_red_door), seed=2)
    assert ex.submit({"verb": "request_warrant", "target": "manager"}).accepted
    ex.run_until(60)
    assert not [e for e in kinds(ex.events, "inject") if e.payload["inject_id"] == "t_order_red_door"]
    assert ex.submit({"verb": "surveil", "unit": "crime_squad", "target": "red_door"}).accepted
    given = ex.now
    ex.run_until(given + 31)
    fired = [e for e in kinds(ex.events, "inject") if e.payload["inject_id"] == "t_order_red_door"]
    assert len(fired) == 1 and fired[0].t == given + 30
