"""Fog of war: no trainee event carries ground truth; the picture is built only from them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cpx.engine import Exercise
from cpx.engine.events import CATALOGUE, EXCON_KINDS, TRAINEE_KINDS, truth_keys_in
from cpx.engine.picture import Picture
from cpx.engine.policies import make_policy, play

from engine_world import scenario


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1),
       policy=st.sampled_from(["passive", "baseline"]))
def test_no_trainee_event_carries_a_ground_truth_key(seed, policy):
    ex = Exercise(scenario(), seed=seed)
    play(ex, make_policy(policy, ex))
    for event in ex.events:
        assert event.kind in CATALOGUE, event.kind
        if event.visibility == "excon":
            assert event.kind in EXCON_KINDS
            continue
        assert event.kind in TRAINEE_KINDS, event.kind
        assert truth_keys_in(event.payload) == [], (event.kind, event.payload)
    # The picture equals one rebuilt from the trainee's events alone.
    rebuilt = Picture("trainee", ex)
    for event in ex.events_for("trainee"):
        rebuilt.apply(event)
    assert rebuilt.as_dict() == ex.picture("trainee")
    # Nobody the cell never heard of appears in its picture.
    heard = set()
    for event in ex.events_for("trainee"):
        heard.update(str(v) for v in _values(event.payload))
    for person in ex.picture("trainee")["people"]:
        assert person["id"] in heard


def _values(payload):
    if isinstance(payload, dict):
        for key, value in payload.items():
            yield key
            yield from _values(value)
    elif isinstance(payload, list):
        for item in payload:
            yield from _values(item)
    else:
        yield payload


def test_truth_key_detector_finds_nested_keys():
    found = truth_keys_in({"a": [{"is_victim": True}], "hidden_x": 1, "true_age": 3})
    assert sorted(found) == ["hidden_x", "is_victim", "true_age"]
    assert truth_keys_in({"elements": {"act": True, "means": False}}) == []
