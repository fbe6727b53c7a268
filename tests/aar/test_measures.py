"""The measures of critical tasks on hand-made event streams: each rule of
docs/scenario-format.md (what counts, when N/O) checked where it can go wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from cpx.aar.measures import JournalView, measure_task
from cpx.scenario.loader import load_scenario
from cpx.scenario.objectives import Objective

FLAGSHIP = Path(__file__).resolve().parents[2] / "scenarios" / "glass_lantern.yaml"
H = 60


@pytest.fixture(scope="module")
def flagship():
    return load_scenario(FLAGSHIP)


def stream(*items):
    """Events from (t, kind, payload) triples, numbered in order; ENDEX last."""
    events = [{"type": "event", "t": t, "seq": n, "kind": kind, "visibility": "excon",
               "payload": payload} for n, (t, kind, payload) in enumerate(items)]
    return events


def task(**spec):
    spec.setdefault("task", "a task")
    objective = Objective.model_validate({"id": "o", "title": "o", "tasks": [spec]})
    return objective.critical_tasks[0]


def victim(pid, t=0, venue="bar_lotus", minor=False):
    return (t, "truth.person", {"person_id": pid, "is_victim": True, "minor": minor,
                                "venue": venue, "exploitation": "sexual"})


REFERRED_12H = dict(measure="deadline", **{"from": {"event": "person.met", "victim": True}},
                    to={"event": "victim.referred"}, within="12h",
                    rating={"P": 0.9, "S": 0.7, "M": 0.5})


def test_deadline_never_referred_fails_and_open_window_is_left_out(flagship):
    events = stream(victim("p1"), victim("p2"), victim("p3"),
                    (10 * H, "person.met", {"person_id": "p1"}),
                    (11 * H, "person.met", {"person_id": "p2"}),
                    (15 * H, "victim.referred", {"person_id": "p1"}),
                    (90 * H, "person.met", {"person_id": "p3"}),  # 6 h before ENDEX
                    (96 * H, "exercise.endex", {}))
    score = measure_task(JournalView(events, flagship), task(**REFERRED_12H))
    assert score.value == 0.5  # p1 in time, p2 never (window passed), p3 still open
    assert score.details["never"] == 1 and score.details["still_open_at_endex"] == 1
    assert score.rating == "M"


def test_deadline_without_occasion_is_not_observed(flagship):
    events = stream(victim("p1"), (96 * H, "exercise.endex", {}))
    score = measure_task(JournalView(events, flagship), task(**REFERRED_12H))
    assert score.value is None and score.rating == "N/O"


def test_deadline_per_exercise_counts_an_action_before_the_call(flagship):
    spec = dict(measure="deadline", per="exercise",
                **{"from": {"event": "inject", "subjects": ["i06_journalist_soldiers"]}},
                to={"event": "misconduct.reported", "subjects": ["force_soldiers"]}, within="12h")
    early = stream((5 * H, "misconduct.reported", {"clients": "force_soldiers"}),
                   (27 * H, "inject", {"inject_id": "i06_journalist_soldiers"}),
                   (96 * H, "exercise.endex", {}))
    wrong_group = stream((27 * H, "inject", {"inject_id": "i06_journalist_soldiers"}),
                         (28 * H, "misconduct.reported", {"clients": "force_contractors"}),
                         (96 * H, "exercise.endex", {}))
    assert measure_task(JournalView(early, flagship), task(**spec)).rating == "P"
    assert measure_task(JournalView(wrong_group, flagship), task(**spec)).rating == "U"


def test_share_is_not_observed_without_subjects_and_counts_the_same_subject(flagship):
    spec = dict(measure="share", of={"event": "person.met", "minor": True, "victim": True},
                got={"event": "victim.referred"}, rating={"P": 1, "S": 0.75, "M": 0.5})
    none = stream(victim("p1"), (96 * H, "exercise.endex", {}))
    assert measure_task(JournalView(none, flagship), task(**spec)).rating == "N/O"
    some = stream(victim("p1", minor=True), victim("p2", minor=True), victim("p3"),
                  (H, "person.met", {"person_id": "p1"}), (H, "person.met", {"person_id": "p2"}),
                  (H, "person.met", {"person_id": "p3"}),
                  (2 * H, "victim.referred", {"person_id": "p3"}),  # an adult: not counted
                  (2 * H, "victim.referred", {"person_id": "p1"}),
                  (96 * H, "exercise.endex", {}))
    score = measure_task(JournalView(some, flagship), task(**spec))
    assert score.value == 0.5 and score.rating == "M" and score.details["missing"] == ["p2"]


def test_harm_counts_victims_never_met(flagship):
    spec = dict(measure="harm", harm="exploitation",
                rating={"better": "lower", "P": 0.7, "S": 0.8, "M": 0.9})
    idle = stream(victim("p1"), victim("p2"), (96 * H, "exercise.endex", {}))
    score = measure_task(JournalView(idle, flagship), task(**spec))
    assert score.value == 1.0 and score.rating == "U"
    acted = stream(victim("p1"), victim("p2"), (24 * H, "person.met", {"person_id": "p1"}),
                   (96 * H, "exercise.endex", {}))
    score = measure_task(JournalView(acted, flagship), task(**spec))
    assert score.value == pytest.approx((24 + 96) / 192, abs=1e-4)


def test_outcome_of_orders_on_targets(flagship):
    spec = dict(measure="outcome", outcome="assets_frozen", targets=["clara_mondt", "sabine_kerr"],
                rating={"P": 1, "S": 0.5, "M": 0.5})
    events = stream(
        (H, "order.accepted", {"order_id": "o1", "order": {"verb": "financial_investigation",
                                                           "target": "clara_mondt"}}),
        (50 * H, "order.completed", {"order_id": "o1", "verb": "financial_investigation",
                                     "outcome": "assets traced and frozen"}),
        (96 * H, "exercise.endex", {}))
    score = measure_task(JournalView(events, flagship), task(**spec))
    assert score.value == 0.5 and score.rating == "S" and score.details["missing"] == ["sabine_kerr"]


def test_count_with_occasion_is_not_observed_when_nothing_was_done(flagship):
    spec = dict(measure="count", of={"event": "unlawful.act"}, occasion={"event": "order.accepted"},
                rating={"better": "lower", "P": 0, "S": 0, "M": 1})
    assert measure_task(JournalView(stream((0, "exercise.endex", {})), flagship),
                        task(**spec)).rating == "N/O"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 90), st.one_of(st.none(), st.integers(0, 30))),
                min_size=1, max_size=8))
def test_deadline_share_is_a_share_and_never_better_for_doing_less(flagship_cached, plan):
    """For any meeting/referral plan, the value is in [0, 1]; dropping a referral never
    raises it (doing less is never rated better)."""
    def value(plan):
        items = [victim(f"p{i}") for i in range(len(plan))]
        for i, (met_h, delay) in enumerate(plan):
            items.append((met_h * H, "person.met", {"person_id": f"p{i}"}))
            if delay is not None and met_h + delay < 96:  # nothing happens after ENDEX
                items.append(((met_h + delay) * H, "victim.referred", {"person_id": f"p{i}"}))
        items.sort(key=lambda x: x[0])
        items.append((96 * H, "exercise.endex", {}))
        return measure_task(JournalView(stream(*items), flagship_cached), task(**REFERRED_12H)).value
    full = value(plan)
    assert full is None or 0 <= full <= 1
    for i, (met_h, delay) in enumerate(plan):
        if delay is not None:
            less = value(plan[:i] + [(met_h, None)] + plan[i + 1:])
            assert full is None or less is None or less <= full


@pytest.fixture(scope="module")
def flagship_cached():
    return load_scenario(FLAGSHIP)
