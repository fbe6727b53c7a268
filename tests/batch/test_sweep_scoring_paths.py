"""A sweep's shortcuts in scoring give exactly what the plain computations give.

A sweep worker scores each run from its events in memory with less work than the score
card does for ``cpx score`` (no sort, only the metrics the tasks rate, no report
sentences, no event numbers it would drop, each row's JSON built straight from the
scores) and counts its outcome figures in one pass. Each shortcut is compared here with
the plain computation it replaces, on real runs of every bundled scenario; the
whole-journal check is ``python -m benchmarks.journal_identity --compare``.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from typing import get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpx.aar.measures import JournalView, group_by_kind, measure_task
from cpx.aar.metrics import events_of, metrics_of_events
from cpx.aar.results import objective_results
from cpx.batch.outcomes import outcome_figures, summary_figures
from cpx.batch.scoring import objective_rows, score_run, scored_kinds, stored_rows
from cpx.batch.store import result_text
from cpx.commands.run import run_exercise
from cpx.journal.scenario_source import open_scenario
from cpx.scenario.objectives import Metric

RUNS = [("glass_lantern", 4, "baseline", None), ("glass_lantern", 5, "baseline", 2000),
        ("glass_lantern", 2, "passive", None), ("bitter_harvest", 1, "baseline", None),
        ("tutorial", 2, "baseline", 600), ("tutorial", 3, "passive", None)]


@lru_cache(maxsize=None)
def scenario_of(name: str):
    return open_scenario(f"scenarios/{name}.yaml").scenario


@lru_cache(maxsize=None)
def played(name: str, seed: int, policy: str, until: int | None):
    scenario = scenario_of(name)
    orders: list = []
    exercise = run_exercise(scenario, seed, policy, [], until or int(scenario.meta.duration), None, orders)
    return scenario, exercise.events, orders


def plain_rows(scenario, seed, events) -> list[dict]:
    """The rows as the sweep stored them before: the card's entries, each row's JSON encoded."""
    rows = objective_rows(objective_results(events, scenario, seed=seed))
    for row in rows:
        row["result_json"] = result_text(row.pop("result"))
    return rows


@pytest.mark.parametrize("name,seed,policy,until", RUNS)
def test_stored_rows_are_the_score_cards_rows(name, seed, policy, until):
    scenario, events, _ = played(name, seed, policy, until)
    assert score_run(scenario, seed, events) == objective_results(events, scenario, seed=seed)
    assert stored_rows(scenario, events) == plain_rows(scenario, seed, events)


@pytest.mark.parametrize("name,seed,policy,until", RUNS)
def test_outcome_figures_are_the_summarys(name, seed, policy, until):
    _, events, orders = played(name, seed, policy, until)
    assert orders or policy == "passive"
    assert outcome_figures(events, orders) == summary_figures(events, orders)


@pytest.mark.parametrize("name,seed,policy,until", RUNS[:4])
def test_a_lean_view_measures_every_task_as_the_full_one(name, seed, policy, until):
    """Without sentences and evidence, each task has the same value, rating and details."""
    scenario, events, _ = played(name, seed, policy, until)
    records = events_of(events)
    by_kind = group_by_kind(records)
    metrics = metrics_of_events(records, scenario, by_kind)
    full = JournalView(records, scenario, None, by_kind)
    lean = JournalView(records, scenario, None, by_kind, sentences=False, evidence=False)
    quiet = JournalView(records, scenario, None, by_kind, sentences=False)
    for objective in scenario.objectives:
        for task in objective.critical_tasks:
            a, b, c = (measure_task(v, task, metrics) for v in (full, lean, quiet))
            assert (b.value, b.rating, b.details, b.unit) == (a.value, a.rating, a.details, a.unit)
            assert b.evidence == () and not b.good
            assert dataclasses.replace(c, good=a.good, bad=a.bad) == a  # only the sentences differ
            assert b.bad == (a.bad if a.rating == "N/O" else ())  # N/O says why, as a detail does


@pytest.mark.parametrize("name", ["glass_lantern", "tutorial"])
def test_each_metric_alone_is_the_metric_among_all(name):
    scenario, events, _ = played(name, 4, "baseline", None)
    records = events_of(events)
    every = metrics_of_events(records, scenario)
    assert list(every) == list(get_args(Metric))  # every metric, in the card's order
    for metric in every:
        assert metrics_of_events(records, scenario, names={metric})[metric] == every[metric]
    assert metrics_of_events(records, scenario, names=()) == {}


@pytest.mark.parametrize("name,seed", [("glass_lantern", 4), ("bitter_harvest", 2), ("tutorial", 1)])
def test_each_metric_reads_only_the_kinds_it_names(name, seed):
    """METRIC_KINDS is what a sweep keeps of a run for a rated metric: each metric of the
    events of its kinds alone is the metric of all the events."""
    from cpx.aar.metrics import METRIC_KINDS

    scenario, events, _ = played(name, seed, "baseline", None)
    every = metrics_of_events(events_of(events), scenario)
    for metric, kinds in METRIC_KINDS.items():
        only = events_of([e for e in events if e.kind in kinds])
        assert metrics_of_events(only, scenario, names={metric})[metric] == every[metric], metric


def test_an_exercises_events_need_no_sort():
    scenario, events, _ = played("glass_lantern", 4, "baseline", None)
    assert [e.seq for e in events] == list(range(len(events)))  # what ordered=True relies on
    wanted = [e for e in events if e.kind in scored_kinds(scenario)]
    assert events_of(wanted, ordered=True) == events_of(wanted)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), hours=st.integers(1, 36),
       name=st.sampled_from(["glass_lantern", "bitter_harvest", "tutorial"]))
def test_any_run_stores_the_rows_the_card_gives(seed, hours, name):
    """Cut short anywhere (no ENDEX: the run's end is its last event), same rows, same figures."""
    scenario = scenario_of(name)
    orders: list = []
    events = run_exercise(scenario, seed, "baseline", [], hours * 60, None, orders).events
    assert stored_rows(scenario, events) == plain_rows(scenario, seed, events)
    assert outcome_figures(events, orders) == summary_figures(events, orders)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(value=_JSON)
def test_a_row_value_is_written_as_result_text_writes_it(value):
    """row_json writes scalars itself (NaN and infinities too) and anything else through
    the encoder: the same text as result_text for every JSON value."""
    from cpx.batch.row_json import _encode

    assert _encode(value) == result_text(value)
