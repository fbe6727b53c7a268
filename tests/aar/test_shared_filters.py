"""Tasks that repeat a filter share its matches (worked out once per view); filters that
differ in any condition each get their own."""

from __future__ import annotations

from cpx.aar.measures import JournalView
from cpx.aar.metrics import events_of
from cpx.commands.run import run_exercise
from cpx.journal.scenario_source import open_scenario
from cpx.scenario.objectives import EventFilter


def test_equal_filters_give_equal_matches_and_others_their_own():
    scenario = open_scenario("scenarios/glass_lantern.yaml").scenario
    events = events_of(run_exercise(scenario, 3, "baseline", [], 2 * 1440).events)
    view = JournalView(events, scenario)
    spec = {"event": "person.met", "victim": True, "cell": ["trainee"]}
    one, two = EventFilter.model_validate(spec), EventFilter.model_validate(spec)
    assert one is not two and view.matches(one) is view.matches(two)  # worked out once
    met = [e for e in events if e["kind"] == "person.met"]
    assert [e for e, _ in view.matches(one)] == [
        e for e in met if e["visibility"] == "trainee" and view.truth.get(view.subject(e), {}).get("is_victim")]
    other = EventFilter.model_validate({**spec, "victim": False})
    assert view.matches(other) is not view.matches(one)
    assert {id(e) for e, _ in view.matches(other)}.isdisjoint({id(e) for e, _ in view.matches(one)})
    step = EventFilter.model_validate({"event": "order.accepted", "payload": {"unit": "vel_investigation"}})
    assert view.matches(step) and [e for e, _ in view.matches(step)] == [
        e for e in events if e["kind"] == "order.accepted" and e["payload"].get("unit") == "vel_investigation"]
    plain = EventFilter.model_validate({"event": "order.accepted"})
    assert [e for e, _ in view.matches(plain)] == [e for e in events if e["kind"] == "order.accepted"]
