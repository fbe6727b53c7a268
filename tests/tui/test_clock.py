"""The play clock: speeds, pause, and no minute lost or gained across ticks."""

from hypothesis import given
from hypothesis import strategies as st

from cpx.tui.clock import SPEEDS, ExerciseClock


def test_speed_steps_stop_at_both_ends():
    clock = ExerciseClock(speed_index=0)
    assert clock.slower() == 1
    assert [clock.faster() for _ in range(5)] == [10, 60, 600, 600, 600]
    assert clock.label == "paused"
    clock.toggle()
    assert clock.label == "×600"


@given(st.lists(st.floats(min_value=0.0, max_value=2.0), max_size=60),
       st.sampled_from(range(len(SPEEDS))))
def test_running_clock_carries_fractions_exactly(ticks, speed_index):
    clock = ExerciseClock(speed_index=speed_index, paused=False)
    now = 0
    for wall in ticks:
        now = clock.advance(now, wall)
    expected = sum(ticks) * SPEEDS[speed_index] / 60
    assert expected - 1 - 1e-6 <= now <= expected + 1e-6


@given(st.lists(st.floats(min_value=0.0, max_value=100.0), max_size=30), st.integers(0, 10**6))
def test_paused_clock_never_moves(ticks, start):
    clock = ExerciseClock(speed_index=3, paused=True)
    assert all(clock.advance(start, wall) == start for wall in ticks)


def test_resuming_does_not_jump_by_the_fraction_left_before_the_pause():
    clock = ExerciseClock(speed_index=0, paused=False)  # ×1: a minute per 60 s
    assert clock.advance(0, 59.0) == 0
    clock.toggle()
    clock.toggle()
    assert clock.advance(0, 2.0) == 0
