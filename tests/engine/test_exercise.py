"""The facade: clock, step, ENDEX, journal hooks, determinism, views as plain data."""

from __future__ import annotations

import json
import subprocess
import sys

from cpx.engine import Exercise, Order
from cpx.engine.policies import make_policy, play

from engine_world import kinds


class RecordingJournal:
    """A stand-in journal recording the calls the engine makes (not our engine: a sink)."""

    def __init__(self):
        self.lines = []

    def write_order(self, t, order, result):
        self.lines.append(("order", t, order, result))

    def write_event(self, event):
        self.lines.append(("event", event.seq))


def test_clock_run_until_and_step(fixture_scenario):
    ex = Exercise(fixture_scenario, seed=1)
    assert ex.now == 0 and ex.end == 3 * 1440 and not ex.finished
    produced = ex.run_until(90)
    assert ex.now == 90 and all(e.t <= 90 for e in produced)
    assert ex.run_until(30) == [] and ex.now == 90  # the clock never goes back
    before = len(ex.events)
    stepped = ex.step()
    assert stepped and len(ex.events) == before + len(stepped)
    assert len({e.t for e in stepped}) == 1 and stepped[0].t == ex.now
    ex.run_until(10**9)
    assert ex.finished and ex.now == ex.end
    assert [e.kind for e in ex.events].count("exercise.endex") == 1
    assert ex.step() == [] or ex.step()[-1].kind == "exercise.endex"
    assert [e.seq for e in ex.events] == list(range(len(ex.events)))


def test_journal_sees_every_order_and_event(fixture_scenario):
    journal = RecordingJournal()
    ex = Exercise(fixture_scenario, seed=1, journal=journal)
    ex.submit(Order("surveil", "crime_squad", "red_door"))
    ex.submit(Order("surveil", "ghost", "red_door"))
    ex.run_until(600)
    orders = [line for line in journal.lines if line[0] == "order"]
    assert [o[3]["accepted"] for o in orders] == [True, False]
    assert [line[1] for line in journal.lines if line[0] == "event"] == [e.seq for e in ex.events]


def test_same_seed_same_run_other_seed_differs(fixture_scenario):
    def run(seed):
        ex = Exercise(fixture_scenario, seed=seed)
        play(ex, make_policy("baseline", ex))
        return [json.dumps(e.to_dict(), sort_keys=True) for e in ex.events], ex.state_hash()
    first, again, other = run(7), run(7), run(8)
    assert first == again
    assert first != other and first[1] != other[1]


def test_views_are_plain_json(fixture_scenario):
    ex = Exercise(fixture_scenario, seed=1)
    play(ex, make_policy("baseline", ex), until=1440)
    json.dumps(ex.picture("trainee"))
    json.dumps(ex.truth())
    picture = ex.picture("trainee")
    assert {"people", "places", "links", "routes", "victims", "units", "cases",
            "messages"} <= set(picture)
    assert {u["id"] for u in picture["units"]} == {"crime_squad", "nova_patrol", "viper",
                                                   "gate_post", "fiu_desk"}
    for event in ex.events:
        json.dumps(event.payload)


def test_baseline_policy_gets_results(fixture_scenario):
    ex = Exercise(fixture_scenario, seed=11)
    play(ex, make_policy("baseline", ex))
    assert kinds(ex.events, "report.surveillance")
    assert kinds(ex.events, "warrant.granted")
    assert not kinds(ex.events, "order.rejected")


def test_engine_imports_no_ui():
    code = ("import cpx.engine, cpx.engine.policies, sys; "
            "assert 'textual' not in sys.modules and 'rich' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_docs_list_every_event_kind():
    from pathlib import Path

    from cpx.engine.events import CATALOGUE, catalogue_markdown

    text = (Path(__file__).parents[2] / "docs" / "events.md").read_text()
    assert all(f"`{kind}`" in text for kind in CATALOGUE)
    assert text == catalogue_markdown(), "regenerate: python -m cpx.engine.events > docs/events.md"


class FussyError(Exception):
    """An error with its own constructor, as a journal's may have."""

    def __init__(self, line: int, why: str) -> None:
        super().__init__(f"line {line}: {why}")
        self.line, self.why = line, why


class FailingJournal(RecordingJournal):
    """Refuses every event from the ``fail_at``-th on."""

    def __init__(self, fail_at: int):
        super().__init__()
        self.fail_at = fail_at

    def write_event(self, event):
        if event.seq >= self.fail_at:
            raise FussyError(event.seq, "diverged")
        super().write_event(event)


def test_a_journal_error_surfaces_unchanged_and_first(fixture_scenario):
    import pytest

    ex = Exercise(fixture_scenario, seed=1, journal=FailingJournal(fail_at=40))
    with pytest.raises(FussyError) as caught:
        ex.run_until(ex.end)
    assert caught.value.line == 40 and caught.value.why == "diverged"
