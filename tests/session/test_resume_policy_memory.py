"""A resumed exercise's engine-played cells remember what they ordered before the cut.

The cells nobody sits at are played by a policy that remembers its orders (an
informant is tasked once a day, a victim referred once). After a crash the exercise is
re-simulated from its journal and the policies are made anew: they must learn what
their cells ordered and read (:mod:`cpx.engine.policy_memory`), or they order it again.
The strongest check: cut the journal of an uninterrupted run between two moments, resume
it with the same cells played by the engine, play on, and the journal is the
uninterrupted one, byte for byte.
"""

from __future__ import annotations

import json

import pytest

from cpx.commands.serve import autoplay
from cpx.session import ExerciseSession
from cpx.session.resimulate import verify

SEED = 4


def play_on(session: ExerciseSession) -> None:
    """Drive the clock to ENDEX in uneven steps, as a server's ticks would."""
    while not session.finished:
        session.advance_to(session.now + 37)


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    """The flagship served headless, every cell by its scenario policy, start to end."""
    path = tmp_path_factory.mktemp("resume") / "full.jsonl"
    session = ExerciseSession.open("glass_lantern", SEED, path)
    assert autoplay(session)  # the flagship's cells are played by the engine
    play_on(session)
    session.close()
    return path


def cut_between_moments(lines: list[bytes], share: float) -> int:
    """How many lines to keep: about ``share`` of them, ending at the last line of a sim
    minute (a crash between two moments of the clock, not inside one hour's orders)."""
    times = [json.loads(line).get("t") for line in lines]
    n = int(len(lines) * share)
    while n < len(lines) - 1 and not (times[n - 1] is not None and times[n] is not None
                                      and times[n] > times[n - 1]):
        n += 1
    return n


@pytest.mark.parametrize("share", [0.12, 0.45, 0.8])
def test_a_resumed_exercise_plays_on_as_if_never_cut(uninterrupted, tmp_path, share):
    lines = uninterrupted.read_bytes().split(b"\n")[:-1]
    keep = cut_between_moments(lines, share)
    cut = tmp_path / "cut.jsonl"
    cut.write_bytes(b"".join(line + b"\n" for line in lines[:keep]))
    resumed = ExerciseSession.resume(cut)
    assert 0 < resumed.now < resumed.end
    assert autoplay(resumed)
    play_on(resumed)
    resumed.close()
    # had the policies started afresh, the first thing after the cut would be orders
    # given again (every informant re-tasked within the hour)
    assert cut.read_bytes() == uninterrupted.read_bytes()
    assert verify(cut).exit_code == 0


def test_a_new_policy_learns_the_orders_its_cell_gave(uninterrupted, tmp_path):
    """What the cell ordered before the policy took it is the policy's own record: an
    informant tasked less than a day ago is not tasked again."""
    from cpx.engine.policies import make_policy

    lines = uninterrupted.read_bytes().split(b"\n")[:-1]
    cut = tmp_path / "cut.jsonl"
    cut.write_bytes(b"".join(line + b"\n" for line in lines[:cut_between_moments(lines, 0.3)]))
    exercise = ExerciseSession.resume(cut).exercise
    tasked = {e.payload["order"]["target"]: e.t for e in exercise.events_for("trainee")
              if e.kind == "order.accepted" and e.payload["order"]["verb"] == "task_informant"}
    assert tasked
    policy = make_policy("baseline", exercise, "trainee")
    exercise.run_until((exercise.now // 60 + 1) * 60)
    again = [o.target for o in policy.decide(exercise) if o.verb == "task_informant"]
    assert not [t for t in again if exercise.now - tasked[t] < 1440], (again, tasked)
    exercise.journal.abandon()
