"""EXCON inject control, adjudication and evaluator observations, through the real engine.

Each action is journaled with its author and sim time; the journal re-simulates byte for
byte (``cpx replay --verify``) and a resumed exercise keeps every action.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from cpx.engine import events as ev
from cpx.journal.reader import ExconRecord, ObservationRecord, read_prefix
from cpx.session.resimulate import verify
from cpx.session import ExerciseSession
from cpx.session.control import excon_action, library, msel, observe, truth

WELCOME, SURVEIL_LESSON = "t01_welcome", "t02_read_and_surveil"  # D1 08:00, D1 08:15 (expects surveil)
SURVEIL = {"verb": "surveil", "unit": "tut_surveillance", "target": "bar_nightingale",
           "params": {"hours": 8}}
WARRANT = {"verb": "request_warrant", "unit": "tut_investigation", "target": "bar_nightingale"}


def state(exercise, inject_id):
    return next(r["state"] for r in msel(exercise) if r["id"] == inject_id)


def injects_seen(session, cell="trainee"):
    return [e.payload["inject_id"] for _, e in session.events_since(cell) if e.kind == ev.INJECT]


def test_a_held_inject_does_not_fire_until_released_and_the_journal_re_simulates(tmp_path):
    log = tmp_path / "hold.jsonl"
    session = ExerciseSession.open("tutorial", 3, log)
    ex = session.exercise
    answer = excon_action(ex, {"do": "hold", "inject": SURVEIL_LESSON}, "excon")
    assert answer["accepted"], answer
    assert state(ex, SURVEIL_LESSON) == "held"
    session.advance_to(120)
    assert SURVEIL_LESSON not in injects_seen(session)          # its time (08:15) has passed
    assert WELCOME in injects_seen(session)                     # the others fire as planned
    assert next(r for r in msel(ex) if r["id"] == SURVEIL_LESSON)["due"]
    assert excon_action(ex, {"do": "release", "inject": SURVEIL_LESSON}, "excon")["accepted"]
    fired = [e for _, e in session.events_since("trainee")
             if e.kind == ev.INJECT and e.payload["inject_id"] == SURVEIL_LESSON]
    assert [e.t for e in fired] == [120]                        # delivered on release
    assert state(ex, SURVEIL_LESSON) == "fired"
    # the EXCON action and the "held inject fell due" notice are EXCON's only
    kinds = {e.kind for _, e in session.events_since("trainee")}
    assert ev.EXCON_ACTION not in kinds and ev.INJECT_HELD_DUE not in kinds
    assert ev.EXCON_ACTION in {e.kind for _, e in session.events_since("excon")}
    session.advance_to(300)
    session.close()
    lines = [r for r in read_prefix(log).records if isinstance(r, ExconRecord)]
    assert [(r.t, r.author, r.action["do"]) for r in lines] == [(0, "excon", "hold"),
                                                                 (120, "excon", "release")]
    assert verify(log).ok


def test_refusals_change_nothing_and_are_not_journaled(tmp_path):
    log = tmp_path / "refused.jsonl"
    session = ExerciseSession.open("tutorial", 3, log)
    ex = session.exercise
    session.advance_to(30)
    cases = [
        ({"do": "hold", "inject": WELCOME}, "already fired"),
        ({"do": "release", "inject": SURVEIL_LESSON}, "not held"),
        ({"do": "hold", "inject": "nope"}, "no MSEL inject"),
        ({"do": "explode"}, "'do' must be one of"),
        ({"do": "fire", "inject": "nope"}, "no library inject"),
        ({"do": "fire", "inject": {"text": "x", "to": "border"}}, "'to' must be a player cell"),
        ({"do": "fire", "inject": {"text": "x", "colour": "red"}}, "no field 'colour'"),
        ({"do": "fire", "inject": {"text": "x", "expected_action": {"order": "dance", "within": "1h"}}},
         "expected_action.order"),
        ({"do": "adjudicate", "kind": "warrant", "order": "o9", "ruling": "granted",
          "reason": "x"}, "no accepted order"),
        ({"do": "adjudicate", "kind": "warrant", "order": "o1", "ruling": "maybe",
          "reason": "x"}, "one of: granted, refused"),
        ({"do": "adjudicate", "kind": "arrest", "order": "o1", "ruling": "lawful",
          "reason": "x"}, "adjudication must be one of"),
        ({"do": "adjudicate", "kind": "raid", "order": "o1", "ruling": "lawful"}, "'reason' is required"),
        ("hold", "must be an object"),
    ]
    before = len(ex.events)
    for action, why in cases:
        answer = excon_action(ex, action, "excon")
        assert not answer["accepted"] and why in answer["reason"], (action, answer)
    assert len(ex.events) == before
    session.close()
    assert not any(isinstance(r, ExconRecord) for r in read_prefix(log).records)


def test_an_expected_action_taken_early_marks_the_inject_satisfied():
    session = ExerciseSession.open("tutorial", 3, None)
    ex = session.exercise
    session.advance_to(5)
    assert state(ex, SURVEIL_LESSON) == "pending"
    assert session.submit(SURVEIL, "trainee")["accepted"]
    assert state(ex, SURVEIL_LESSON) == "satisfied"        # before it was even delivered
    session.advance_to(30)
    assert state(ex, SURVEIL_LESSON) == "satisfied"        # and after
    assert state(ex, WELCOME) == "fired"


def test_a_live_inject_reaches_its_cell_and_is_watched_for_its_expected_action(tmp_path):
    log = tmp_path / "live.jsonl"
    session = ExerciseSession.open("tutorial", 5, log)
    ex = session.exercise
    session.advance_to(60)
    answer = excon_action(ex, {"do": "fire", "inject": {
        "from": "journalist", "channel": "media", "type": "media",
        "text": "A journalist asks about Bar Nightingale.",
        "expected_action": {"order": "surveil", "target": "bar_nightingale", "within": "1h"}}},
        "excon")
    assert answer["accepted"], answer
    assert answer["action"]["inject"]["id"] == "live1"
    delivered = [e for _, e in session.events_since("trainee")
                 if e.kind == ev.INJECT and e.payload["inject_id"] == "live1"]
    assert delivered and delivered[0].payload["text"].startswith("A journalist")
    assert state(ex, "live1") == "fired"
    session.advance_to(200)
    missed = [e for _, e in session.events_since("excon")
              if e.kind == ev.INJECT_EXPECTED_MISSED and e.payload["inject_id"] == "live1"]
    assert [e.t for e in missed] == [120]
    session.close()
    assert verify(log).ok


def test_library_injects_fire_on_call_once():
    session = ExerciseSession.open("glass_lantern", 2, None)
    ex = session.exercise
    names = [item["id"] for item in library(ex)]
    assert "lib_journalist_lotus" in names
    session.advance_to(90)
    hold = excon_action(ex, {"do": "hold", "inject": "lib_journalist_lotus"}, "excon")
    assert not hold["accepted"] and "library inject: fire it" in hold["reason"]
    assert excon_action(ex, {"do": "fire", "inject": "lib_journalist_lotus"}, "excon")["accepted"]
    seen = [e for _, e in session.events_since("trainee") if e.kind == ev.INJECT]
    assert seen[-1].payload["inject_id"] == "lib_journalist_lotus" and seen[-1].t == 90
    again = excon_action(ex, {"do": "fire", "inject": "lib_journalist_lotus"}, "excon")
    assert not again["accepted"] and "already been fired" in again["reason"]
    assert {r["id"]: r["fired"] for r in library(ex)}["lib_journalist_lotus"] is True


def test_a_warrant_ruled_granted_is_granted_without_the_evidence_and_hides_excon_s_reason(tmp_path):
    log = tmp_path / "warrant.jsonl"
    session = ExerciseSession.open("tutorial", 3, log)
    ex = session.exercise
    session.advance_to(10)
    order = session.submit(WARRANT, "trainee")
    assert order["accepted"], order
    secret = "the bar's manager bribes the registry clerk"
    ruled = excon_action(ex, {"do": "adjudicate", "kind": "warrant", "order": order["order_id"],
                              "ruling": "granted", "reason": secret}, "excon")
    assert ruled["accepted"], ruled
    session.advance_to(4 * 60)
    decisions = [e for _, e in session.events_since("trainee")
                 if e.kind in (ev.WARRANT_GRANTED, ev.WARRANT_REFUSED)]
    assert [e.kind for e in decisions] == [ev.WARRANT_GRANTED]
    assert decisions[0].payload["strength"] < ex.scenario.legal.warrant_threshold  # the ruling decided
    player_text = json.dumps([e.payload for _, e in session.events_since("trainee")])
    assert secret not in player_text and "bribes" not in player_text
    # once decided, the same ruling again is refused; the other reverses it at once
    again = excon_action(ex, {"do": "adjudicate", "kind": "warrant", "order": order["order_id"],
                              "ruling": "granted", "reason": "again"}, "excon")
    assert not again["accepted"] and "already granted" in again["reason"]
    reverse = excon_action(ex, {"do": "adjudicate", "kind": "warrant", "order": order["order_id"],
                                "ruling": "refused", "reason": "on appeal"}, "excon")
    assert reverse["accepted"]
    last = [e for _, e in session.events_since("trainee") if e.kind == ev.WARRANT_REFUSED]
    assert last and last[-1].t == ex.now and ex.world.warrants["bar_nightingale"] == "refused"
    session.close()
    assert verify(log).ok


def test_a_raid_ruled_unlawful_is_recorded_unlawful_and_cannot_be_ruled_lawful_after_entry(tmp_path):
    log = tmp_path / "raid.jsonl"
    session = ExerciseSession.open("tutorial", 3, log)
    ex = session.exercise
    session.advance_to(10)
    warrant = session.submit(WARRANT, "trainee")
    excon_action(ex, {"do": "adjudicate", "kind": "warrant", "order": warrant["order_id"],
                      "ruling": "granted", "reason": "to get the raid going"}, "excon")
    session.advance_to(4 * 60)
    assert ex.world.warrants["bar_nightingale"] == "granted"
    raid = session.submit({"verb": "raid", "unit": "tut_intervention", "target": "bar_nightingale",
                           "params": {}}, "trainee")
    assert raid["accepted"], raid
    answer = excon_action(ex, {"do": "adjudicate", "kind": "raid", "order": raid["order_id"],
                               "ruling": "unlawful", "reason": "the warrant named another address"},
                          "excon")
    assert answer["accepted"], answer
    session.advance_to(ex.now + 6 * 60)
    unlawful = [e for e in ex.events if e.kind == ev.UNLAWFUL_ACT
                and e.payload["order_id"] == raid["order_id"]]
    assert len(unlawful) == 1 and unlawful[0].payload["ruled"] is True
    late = excon_action(ex, {"do": "adjudicate", "kind": "raid", "order": raid["order_id"],
                             "ruling": "lawful", "reason": "changed my mind"}, "excon")
    assert not late["accepted"] and "after entry" in late["reason"]
    session.close()
    assert verify(log).ok


def test_observations_are_checked_and_journaled_with_their_author(tmp_path):
    log = tmp_path / "obs.jsonl"
    session = ExerciseSession.open("tutorial", 3, log)
    ex = session.exercise
    session.advance_to(45)
    bad = [
        ({"objective": "obj_nothing", "task": "reach", "rating": "S"}, "no objective 'obj_nothing'"),
        ({"objective": "obj_identification", "task": "dance", "rating": "S"},
         "has no critical task 'dance' (its tasks: reach, identify)"),
        ({"objective": "obj_identification", "task": "reach", "rating": "A"},
         "must be one of P, S, M, U"),
        ({"objective": "obj_identification", "task": "reach", "rating": "N/O"},
         "must be one of P, S, M, U"),
        ({"objective": "obj_identification", "task": "reach", "rating": "S", "note": 5}, "'note'"),
    ]
    for observation, why in bad:
        answer = observe(ex, observation, "evaluator-1")
        assert not answer["accepted"] and why in answer["reason"], answer
    good = observe(ex, {"objective": "obj_identification", "task": "reach", "rating": "M",
                        "note": "the team went in without an interpreter"}, "evaluator-1")
    assert good["accepted"] and good["t"] == 45
    session.advance_to(90)
    session.close()
    records = [r for r in read_prefix(log).records if isinstance(r, ObservationRecord)]
    assert [(r.t, r.author, r.objective, r.task, r.rating) for r in records] == [
        (45, "evaluator-1", "obj_identification", "reach", "M")]
    assert verify(log).ok


def test_resuming_after_a_crash_keeps_every_excon_action_and_observation(tmp_path):
    log = tmp_path / "crash.jsonl"
    session = ExerciseSession.open("tutorial", 3, log)
    ex = session.exercise
    assert excon_action(ex, {"do": "hold", "inject": SURVEIL_LESSON}, "excon")["accepted"]
    session.advance_to(40)
    observe(ex, {"objective": "obj_identification", "task": "reach", "rating": "U", "note": "-"},
            "evaluator-1")
    excon_action(ex, {"do": "fire", "inject": {"text": "Call from the hotline."}}, "excon")
    session.advance_to(50)
    session.writer.abandon()           # as after kill -9: no end line, nothing more written
    resumed = ExerciseSession.resume(log)
    rex = resumed.exercise
    assert rex.now >= 40                # the last journaled moment
    assert state(rex, SURVEIL_LESSON) == "held" and state(rex, "live1") == "fired"
    resumed.advance_to(200)
    assert SURVEIL_LESSON not in injects_seen(resumed)      # still held after the resume
    assert excon_action(rex, {"do": "release", "inject": SURVEIL_LESSON}, "excon")["accepted"]
    assert SURVEIL_LESSON in injects_seen(resumed)
    resumed.close()
    records = read_prefix(log).records
    assert sum(isinstance(r, ExconRecord) for r in records) == 3
    assert sum(isinstance(r, ObservationRecord) for r in records) == 1
    assert verify(log).ok


ACTIONS = st.lists(st.tuples(
    st.integers(min_value=0, max_value=600),
    st.sampled_from(["hold", "release", "fire", "observe", "order"]),
    st.sampled_from([WELCOME, SURVEIL_LESSON, "t03_task_informant", "t04_request_warrant"])),
    max_size=6)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=ACTIONS)
def test_any_mix_of_excon_actions_and_observations_re_simulates_byte_for_byte(tmp_path_factory, plan):
    log = tmp_path_factory.mktemp("mix") / "mix.jsonl"
    session = ExerciseSession.open("tutorial", 11, log)
    ex = session.exercise
    for at, what, inject in sorted(plan, key=lambda step: step[0]):
        session.advance_to(at)
        if what in ("hold", "release"):
            excon_action(ex, {"do": what, "inject": inject}, "excon")
        elif what == "fire":
            excon_action(ex, {"do": "fire", "inject": {"text": f"about {inject}"}}, "excon")
        elif what == "observe":
            observe(ex, {"objective": "obj_referral", "task": "t1", "rating": "P"}, "evaluator-2")
        else:
            session.submit(SURVEIL, "trainee")
    session.advance_to(720)
    session.close()
    assert verify(log).ok


def test_truth_holds_the_world_every_cell_and_the_msel():
    session = ExerciseSession.open("tutorial", 3, None)
    session.advance_to(30)
    session.submit(SURVEIL, "trainee")
    snapshot = truth(session.exercise)
    assert set(snapshot) >= {"world", "cells", "msel", "library", "rulings"}
    assert snapshot["cells"]["trainee"]["orders"][0]["verb"] == "surveil"
    assert "victims" in json.dumps(snapshot["world"]) or snapshot["world"]
    json.dumps(snapshot)  # plain data, sendable as it is


def test_clock_actions_are_recorded_with_their_author_and_re_simulate(tmp_path):
    log = tmp_path / "clock.jsonl"
    session = ExerciseSession.open("tutorial", 3, log)
    ex = session.exercise
    session.advance_to(30)
    assert excon_action(ex, {"do": "clock", "clock": "pause"}, "excon")["accepted"]
    assert excon_action(ex, {"do": "clock", "clock": "speed", "speed": 60}, "excon")["accepted"]
    assert not excon_action(ex, {"do": "clock", "clock": "speed", "speed": -1}, "excon")["accepted"]
    assert not excon_action(ex, {"do": "clock", "clock": "rewind"}, "excon")["accepted"]
    session.advance_to(60)
    session.close()
    lines = [(r.t, r.action) for r in read_prefix(log).records if isinstance(r, ExconRecord)]
    assert lines == [(30, {"do": "clock", "clock": "pause"}),
                     (30, {"do": "clock", "clock": "speed", "speed": 60})]
    assert verify(log).ok
