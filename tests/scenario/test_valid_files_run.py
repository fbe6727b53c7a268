"""Every file ``cpx validate`` accepts runs in the engine: a simulated day, with the
baseline policy giving orders, ends without an exception or a hang.

The files are the bundled tutorial with a few of its numbers and durations changed to
values from the edges (0, negatives, the bounds, 1e308, NaN, infinities, 10**20); the
cases the issue names are checked by name as well.
"""

from __future__ import annotations

import math
import re
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpx.commands.run import run_exercise
from cpx.scenario import check_text

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = (ROOT / "scenarios" / "tutorial.yaml").read_text(encoding="utf-8")
DATA = yaml.safe_load(TUTORIAL)
DURATION = re.compile(r"^\s*(\d+\s*[mhdw]\s*)+$")
HANG_SECONDS = 60
"""A day of the tutorial runs in well under a second; a minute means it hangs."""


def _leaves(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, path + (index,))
    elif isinstance(node, (int, float)) and not isinstance(node, bool):
        yield path, "number"
    elif isinstance(node, str) and DURATION.match(node):
        yield path, "duration"


LEAVES = sorted(_leaves(DATA), key=str)
EDGE_NUMBERS = st.sampled_from([
    0, -1, 1, 2, 0.5, 1e-320, 0.01, 1.0, 24, 100, 1000, 1001, 10_000, 10_001, 10_000_000,
    10**20, 99999999999999999999, 1e308, -1e308, math.nan, math.inf, -math.inf,
]) | st.integers(-10**9, 10**9) | st.floats()
EDGE_DURATIONS = st.sampled_from(["0m", "1m", "366d", "367d", "52w", "99999999999999999999d",
                                  "999999m", "1d 0m"])


def _set(data, path, value):
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


@st.composite
def edited_tutorial(draw) -> str:
    data = yaml.safe_load(TUTORIAL)
    for _ in range(draw(st.integers(1, 4))):
        path, kind = draw(st.sampled_from(LEAVES))
        _set(data, path, draw(EDGE_NUMBERS if kind == "number" else EDGE_DURATIONS))
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


@contextmanager
def hang_guard(seconds: int = HANG_SECONDS):
    """Fail (rather than wait for ever) if the block runs longer than ``seconds``."""
    def hung(_signum, _frame):
        raise AssertionError(f"the engine ran a day for more than {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def runs_a_day(text: str, seed: int = 1) -> bool:
    """Whether ``cpx validate`` accepts ``text``; if it does, a day is run (and must end)."""
    result = check_text(text, "edited.yaml")
    if not result.ok:
        assert result.problems and all(p.line >= 1 and p.message for p in result.problems)
        return False
    with hang_guard():
        exercise = run_exercise(result.scenario, seed, "baseline", until=24 * 60)
    assert exercise.now == min(24 * 60, exercise.end)
    return True


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=edited_tutorial(), seed=st.integers(0, 50))
def test_every_file_validate_accepts_runs_a_day(text, seed):
    runs_a_day(text, seed)


@pytest.mark.parametrize("old, new, where", [
    ("initial: 6", "initial: 99999999999999999999", "at most 1000"),
    ("visits_per_week: 40", "visits_per_week: 1e308", "at most 10000"),
    ("debt: {min: 1500, max: 3000}", "debt: {min: 1500, max: .nan}", "finite number"),
    ("initial: 6", "initial: " + "9" * 5000, "at most 18 digits"),
    ("rate_per_week: 1.0", "rate_per_week: 1e-320", "at least 0.01"),
])
def test_the_issues_cases_are_refused_at_their_line(old, new, where):
    assert old in TUTORIAL
    text = TUTORIAL.replace(old, new, 1)
    result = check_text(text, "t.yaml")
    assert not result.ok
    line = TUTORIAL[: TUTORIAL.index(old)].count("\n") + 1
    assert [(p.line, where in p.message) for p in result.problems] == [(line, True)]


def test_the_largest_world_a_file_may_describe_runs_a_day():
    data = yaml.safe_load(TUTORIAL)
    largest = {"capacity": 1000, "initial": 1000, "rate_per_week": 1000.0, "count": 10_000,
               "visits_per_week": 10_000.0, "size": 1000, "places": 10_000,
               "interpreters": 1000, "revenue_per_victim_day": 10_000_000.0}
    changed = 0
    for path, kind in LEAVES:
        if kind == "number" and path[-1] in largest:
            _set(data, path, largest[path[-1]])
            changed += 1
    assert changed >= 5
    assert runs_a_day(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
