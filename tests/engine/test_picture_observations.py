"""The cell's own surveillance stands behind what it saw in the intelligence picture."""

from cpx.engine import Exercise, Order
from cpx.scenario import load_scenario
from cpx.scenario.library import resolve


def test_a_watched_venue_cites_the_teams_observations():
    exercise = Exercise(load_scenario(resolve("tutorial")), seed=2)
    result = exercise.submit(Order(verb="surveil", unit="tut_surveillance",
                                   target="bar_nightingale"))
    assert result.accepted, result.reason
    exercise.run_until(exercise.now + 8 * 60)

    seen = [e.seq for e in exercise.events_for("trainee")
            if e.kind == "report.surveillance" and e.payload.get("target") == "bar_nightingale"]
    assert seen, "the team reported nothing in eight hours on task"
    place = next(p for p in exercise.picture("trainee")["places"] if p["id"] == "bar_nightingale")
    assert set(seen) <= set(place["reports"])
    assert "obs" in place["grades"]
