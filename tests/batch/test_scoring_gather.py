"""The compiled sweep's one-pass readers of a run's events give what the plain passes give.

A compiled build (``CPX_COMPILE=1``) scores a run through :func:`cpx.batch.scoring.gather_events`
and counts its outcome figures through :func:`cpx.batch.outcomes.counted_events`, and writes
a row's plain values with :func:`cpx.batch.row_json._plain_json`, in place of the filters,
sorts, groupings and C encoder the interpreter uses. Each is compared here with the plain
computation on real runs of every bundled scenario (and any JSON value), whichever build
runs the tests.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpx.aar.measures import group_by_kind
from cpx.aar.metrics import events_of
from cpx.batch.outcomes import _COUNTED, counted_events
from cpx.batch.row_json import _ENCODER, _encode, _encode_any, _plain_json
from cpx.batch.scoring import gather_events, scored_kinds
from cpx.commands.run import run_exercise
from cpx.journal.events import Event
from cpx.journal.scenario_source import open_scenario

RUNS = [("glass_lantern", 4, "baseline", None), ("glass_lantern", 7, "passive", 1500),
        ("bitter_harvest", 1, "baseline", None), ("tutorial", 2, "baseline", 600),
        ("tutorial", 3, "passive", None)]


@lru_cache(maxsize=None)
def scenario_of(name: str):
    return open_scenario(f"scenarios/{name}.yaml").scenario


@lru_cache(maxsize=None)
def played(name: str, seed: int, policy: str, until: int | None):
    scenario = scenario_of(name)
    exercise = run_exercise(scenario, seed, policy, [], until or int(scenario.meta.duration), None, [])
    return scenario, exercise.events


def plain_gather(events, kinds):
    """What scoring.rated does without gather_events: filter, dicts, group, latest time."""
    wanted = events_of([e for e in events if e.kind in kinds])
    return wanted, group_by_kind(wanted), max((e.t for e in events), default=0)


@pytest.mark.parametrize("name,seed,policy,until", RUNS)
def test_gathered_events_are_the_plain_passes(name, seed, policy, until):
    scenario, events = played(name, seed, policy, until)
    kinds = scored_kinds(scenario)
    wanted, by_kind, last = gather_events(events, kinds)
    plain_wanted, plain_by_kind, plain_last = plain_gather(events, kinds)
    assert wanted == plain_wanted and last == plain_last
    assert [list(e) for e in wanted] == [list(e) for e in plain_wanted]  # keys in the same order
    assert list(by_kind) == list(plain_by_kind) and by_kind == plain_by_kind
    for kind, group in by_kind.items():  # the groups hold the very dicts of the list
        assert all(any(e is w for w in wanted) for e in group)
    # every kind at once, and none
    every = frozenset(e.kind for e in events)
    assert gather_events(events, every)[0] == events_of(events)
    assert gather_events(events, frozenset()) == ([], {}, plain_last)


def test_gathering_nothing_and_what_is_not_an_event():
    assert gather_events([], frozenset({"leak"})) == ([], {}, 0)
    assert counted_events([]) == ([], 0)
    event = Event(5, 0, "leak", "excon", {"target": "x"})
    assert gather_events([event, {"kind": "leak"}], frozenset({"leak"})) is None
    assert counted_events([event, {"kind": "leak"}]) is None


@pytest.mark.parametrize("name,seed,policy,until", RUNS)
def test_counted_events_are_the_filter_and_latest_time(name, seed, policy, until):
    _, events = played(name, seed, policy, until)
    chosen, last = counted_events(events)
    assert chosen == [e for e in events if e.kind in _COUNTED]
    assert all(a is b for a, b in zip(chosen, [e for e in events if e.kind in _COUNTED]))
    assert last == max(e.t for e in events)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(times=st.lists(st.integers(-5, 3000), max_size=30),
       kinds=st.lists(st.sampled_from(sorted(_COUNTED) + ["unit.status", "inject"]), max_size=30))
def test_any_events_are_gathered_as_the_plain_passes(times, kinds):
    """Any times (not only rising), any kinds: the same selection and the same latest time."""
    events = [Event(t, n, kind, "excon", {"person_id": f"P{n}"})
              for n, (t, kind) in enumerate(zip(times, kinds))]
    wanted = frozenset({"leak", "person.met", "inject"})
    assert gather_events(events, wanted) == plain_gather(events, wanted)
    chosen, last = counted_events(events)
    assert chosen == [e for e in events if e.kind in _COUNTED]
    assert last == max((e.t for e in events), default=0)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.lists(inner, max_size=3).map(tuple)
    | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=16)


@settings(max_examples=300, deadline=None)
@given(value=_JSON)
def test_plain_data_is_written_as_the_encoder_writes_it(value):
    out: list[str] = []
    assert _plain_json(value, out, 0)
    assert "".join(out) == _ENCODER.encode(value) == _encode_any(value) == _encode(value)


class _Text(str):
    pass


@pytest.mark.parametrize("value", [
    {1: "a", 2: "b"}, {None: 1}, {"a": {2.5: True}}, [1, {"x": _Text("y")}], _Text("z"),
    {"when": object()}, [math.inf, {"n": -math.inf, "x": math.nan}], 10 ** 30,
])
def test_what_is_not_plain_data_is_left_to_the_encoder(value):
    """Keys to convert, subclasses and unknown types go to the encoder, which decides."""
    if not isinstance(value, list) and value != 10 ** 30:
        assert not _plain_json(value, [], 0)
    assert _encode_any(value) == _ENCODER.encode(value) == json.dumps(
        value, sort_keys=True, ensure_ascii=False, default=str)


def test_a_circular_value_is_refused_as_the_encoder_refuses_it():
    looped: list = []
    looped.append(looped)
    with pytest.raises(ValueError, match="Circular"):
        _encode_any(looped)
