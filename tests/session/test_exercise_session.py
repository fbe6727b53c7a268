"""ExerciseSession: one exercise and its journal, read by view, orders stamped with sim time."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from cpx.journal.reader import OrderRecord, read_prefix
from cpx.session.resimulate import verify
from cpx.session import ExerciseSession

SURVEIL = {"verb": "surveil", "unit": "tut_surveillance", "target": "bar_nightingale",
           "params": {"hours": 8}}


@pytest.fixture(scope="module")
def session():
    running = ExerciseSession.open("tutorial", 4, None)
    running.advance_to(24 * 60)
    return running


def test_views_split_the_stream_by_visibility(session):
    everything = [e for _, e in session.events_since("excon")]
    mine = [e for _, e in session.events_since("trainee")]
    assert everything == session.exercise.events
    assert mine == [e for e in everything if e.visibility == "trainee"]
    assert any(e.visibility == "excon" for e in everything)


@settings(max_examples=40, deadline=None)
@given(since=st.integers(min_value=-5, max_value=10_000))
def test_a_player_view_from_any_number_holds_only_its_own_events(session, since):
    fresh = session.events_since("trainee", since)
    assert all(event.visibility == "trainee" for _, event in fresh)
    assert [n for n, _ in fresh] == list(range(max(0, since), session.count("trainee")))


def test_orders_are_journaled_at_the_sim_time_given_and_re_simulate(tmp_path):
    journal = tmp_path / "s.jsonl"
    live = ExerciseSession.open("tutorial", 2, journal)
    live.advance_to(90)
    accepted = live.submit(SURVEIL, "trainee")
    live.advance_to(300)
    refused = live.submit(dict(SURVEIL, unit="nobody"), "trainee")
    malformed = live.submit({"verb": "teleport"}, "trainee")
    live.advance_to(600)
    live.close()
    assert (accepted["accepted"], accepted["t"]) == (True, 90)
    assert (refused["accepted"], refused["t"]) == (False, 300)
    assert malformed["accepted"] is False and "teleport" in malformed["reason"]
    orders = [r for r in read_prefix(journal).records if isinstance(r, OrderRecord)]
    # the malformed order never reached the world: it is not journaled
    assert [(r.t, r.result["accepted"]) for r in orders] == [(90, True), (300, False)]
    assert verify(journal).exit_code == 0


def test_an_unknown_cell_cannot_give_orders(session):
    from cpx.errors import CpxError

    for cell in ("excon", "border_police"):
        with pytest.raises(CpxError):
            session.submit(SURVEIL, cell)
