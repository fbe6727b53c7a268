"""The exercise time notation round-trips and rejects what is not notation."""

import pytest
from hypothesis import given, strategies as st

from cpx.scenario.timefmt import (
    TimeFormatError,
    clock_to_minutes,
    format_duration,
    minutes_to_clock,
    parse_duration,
)


@pytest.mark.parametrize(
    "text, minutes",
    [("45m", 45), ("6h", 360), ("3d", 4320), ("1d 6h", 1800), ("2w", 20160), ("1h30m", 90)],
)
def test_durations(text, minutes):
    assert parse_duration(text) == minutes


@pytest.mark.parametrize("text", ["", "6", "h6", "6 hours", "-3d", "1.5h", "3x"])
def test_bad_durations(text):
    with pytest.raises(TimeFormatError):
        parse_duration(text)


def test_clock_counts_from_startex():
    # STARTEX at 08:00 on D1.
    assert clock_to_minutes("D1 08:00", 8 * 60) == 0
    assert clock_to_minutes("D2 09:30", 8 * 60) == 24 * 60 + 90
    assert minutes_to_clock(24 * 60 + 90, 8 * 60) == "D2 09:30"


@given(st.integers(min_value=0, max_value=10**7))
def test_duration_round_trip(minutes):
    assert parse_duration(format_duration(minutes)) == minutes


@given(st.integers(min_value=0, max_value=60 * 24 * 60), st.integers(0, 24 * 60 - 1))
def test_clock_round_trip(minutes, startex):
    assert clock_to_minutes(minutes_to_clock(minutes, startex), startex) == minutes
