"""A fault inside the engine during play: the app says so without a traceback, refuses
further orders, and the journal resumes up to the moment of the fault.

The fault is forced (the surveillance process raises after its first hour); no order a
trainee can give reaches the engine in a shape that makes it raise.
"""

from __future__ import annotations

import json

import pytest

from cpx.engine import operations
from cpx.tui.screens.command_post import CommandPostScreen
from cpx.tui.session import open_session

from .conftest import make_app, screen_text
from .test_play_by_keys import advance, type_line


_REAL_SURVEILLANCE = operations._RUNNERS["surveil"]


def _broken_surveillance(ex, order, order_id, cell, unit):
    """The real surveillance, which fails after its third step (as a bug would)."""
    steps = _REAL_SURVEILLANCE(ex, order, order_id, cell, unit)
    sent = None
    for step in range(1000):
        due = steps.send(sent)
        if step == 2:
            raise RuntimeError("fault naming boss_secret")  # must not reach the trainee
        sent = yield due


@pytest.fixture
def broken_engine(monkeypatch):
    monkeypatch.setitem(operations._RUNNERS, "surveil", _broken_surveillance)


async def test_an_engine_fault_stops_the_clock_and_keeps_the_journal(tmp_path, broken_engine,
                                                                      monkeypatch):
    journal = tmp_path / "play.jsonl"
    app = make_app(journal=journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.command_post
        assert isinstance(screen, CommandPostScreen)
        await pilot.press("space")  # run the clock
        await advance(app, pilot, 60.0)
        await type_line(pilot, "surveil tut_surveillance bar_nightingale hours=3")
        assert "accepted" in str(screen.query_one("#order-status").render())
        await advance(app, pilot, 600.0)  # far enough to need the worker thread
        await advance(app, pilot, 60.0)
        failure = app.driver.failure
        assert failure is not None and app.driver.clock.paused
        status = str(screen.query_one("#order-status").render())
        assert "The simulation stopped at D1" in status and "--resume" in status
        assert "boss_secret" not in screen_text(app) and "Traceback" not in screen_text(app)
        stopped_at = app.session.exercise.now
        await advance(app, pilot, 600.0)
        assert app.session.exercise.now == stopped_at, "the clock stays stopped"
        await type_line(pilot, "task_informant inf_robin")
        assert "The simulation stopped" in str(screen.query_one("#order-status").render())
        await pilot.press("ctrl+q")
    records = [json.loads(line) for line in journal.read_text().splitlines()]
    assert records[-1]["type"] != "end", "no end line: the journal can be resumed"
    assert sum(r["type"] == "order" for r in records) == 1

    monkeypatch.undo()  # the fault is fixed; the trainee resumes
    session = open_session(resume=journal)
    assert session.resumed and session.exercise.now <= stopped_at
    session.exercise.run_until(stopped_at + 120)
    session.close()
    done = [json.loads(line) for line in journal.read_text().splitlines()]
    assert any(r.get("kind") == "order.completed" for r in done)
