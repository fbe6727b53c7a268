"""Resuming a journal cut at a random line gives the state of the uninterrupted run."""

from __future__ import annotations

import random
import shutil

import pytest

from cpx.engine.orders import Order
from cpx.tui.driver import ExerciseDriver
from cpx.tui.screens.briefing import BriefingScreen
from cpx.tui.session import open_session
from cpx.tui.widgets.feed import MessageFeed

from .conftest import TUTORIAL, make_app, widget_text

PLAN = [
    (60, Order("surveil", "tut_surveillance", "bar_nightingale")),
    (90, Order("task_informant", "tut_investigation", "inf_robin")),
    (300, Order("request_warrant", "tut_investigation", "bar_nightingale")),
]
END = 540


def play(driver: ExerciseDriver, plan, until: int) -> None:
    """Give each planned order at its minute, as the command post does, then run on."""
    for minute, order in plan:
        driver.run_to(minute)
        driver.submit(order)
        driver.absorb()
    driver.run_to(until)
    driver.absorb()


def body(path) -> list[str]:
    return [line for line in path.read_text().splitlines() if '"type":"end"' not in line]


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    path = tmp_path_factory.mktemp("full") / "full.jsonl"
    session = open_session(TUTORIAL, 3, path)
    play(ExerciseDriver(session), PLAN, END)
    state = session.exercise.state_hash()
    session.writer.flush()
    return path, state


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_resume_from_a_random_cut_gives_the_same_state(uninterrupted, tmp_path, seed):
    full, state = uninterrupted
    lines = body(full)
    rng = random.Random(seed)
    keep = rng.randrange(2, len(lines))
    cut = tmp_path / "cut.jsonl"
    # Whole lines up to the cut, then half of the next one: a crash mid-write.
    cut.write_text("\n".join(lines[:keep]) + "\n" + lines[keep][: len(lines[keep]) // 2])
    session = open_session(resume=cut)
    assert session.resumed and session.exercise.now <= END
    given = sum(1 for line in lines[:keep] if '"type":"order"' in line)
    play(ExerciseDriver(session), PLAN[given:], END)
    assert session.exercise.state_hash() == state
    session.writer.flush()
    assert body(cut) == lines


async def test_the_resumed_exercise_opens_where_it_stopped(uninterrupted, tmp_path):
    full, _ = uninterrupted
    lines = body(full)
    cut = tmp_path / "cut.jsonl"
    cut.write_text("\n".join(lines[: len(lines) // 2]) + "\n")
    app = make_app(resume=cut)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, BriefingScreen)
        assert "Resumed from" in widget_text(app.screen.query_one("#briefing-text"))
        await pilot.press("enter")
        await pilot.pause()
        feed = app.screen.query_one(MessageFeed)
        seen = [e for e in app.session.exercise.events_for("trainee")
                if app.driver.presenter.feed_item(e) is not None]
        assert [i.seq for i in feed.items] == [e.seq for e in seen] and seen
    shutil.rmtree(tmp_path, ignore_errors=True)
