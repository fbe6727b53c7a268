"""Every message the engine addresses to the cell reaches the feed or a board."""

from cpx.engine import events
from cpx.tui.presenter import _FEED_KINDS, BOARD_ONLY_KINDS


def test_every_trainee_kind_is_shown_somewhere():
    unshown = set(events.TRAINEE_KINDS) - set(_FEED_KINDS) - BOARD_ONLY_KINDS
    assert not unshown, f"trainee events the UI never shows: {sorted(unshown)}"


def test_the_feed_shows_no_ground_truth_kind():
    assert not set(_FEED_KINDS) & set(events.EXCON_KINDS)


def test_evidence_lines_name_the_suspect_not_an_id():
    """Observations reach the case file before the surveillance report that names the
    person; the feed must still say who, not show an internal id."""
    from cpx.engine import Exercise, Order
    from cpx.scenario import load_scenario
    from cpx.scenario.library import resolve
    from cpx.tui.presenter import Presenter

    scenario = load_scenario(resolve("glass_lantern"))
    exercise = Exercise(scenario, seed=2)
    assert exercise.submit(Order(verb="surveil", unit="satu_surveillance",
                                 target="bar_lotus")).accepted
    exercise.run_until(exercise.now + 12 * 60)
    presenter = Presenter(scenario)
    evidence = []
    for event in exercise.events_for("trainee"):
        item = presenter.feed_item(event)
        if event.kind == "evidence.added":
            evidence.append((event.payload["suspect"], item.headline))
    assert evidence, "no evidence in twelve hours of surveillance"
    briefed = {e.payload.get("person_id") for e in exercise.events_for("trainee")
               if e.kind == "briefing.member"}
    assert {suspect for suspect, _ in evidence} - briefed, "only briefed suspects: no test"
    for suspect, headline in evidence:
        assert f"against {suspect}" not in headline, headline
