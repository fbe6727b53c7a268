"""Launch to a readable briefing before the exercise is open; leaving before STARTEX
leaves no journal (issue 11)."""

from __future__ import annotations

import threading

from cpx.tui.app import PlayApp
from cpx.tui.briefing_text import read_briefing
from cpx.tui.driver import ExerciseDriver
from cpx.tui.screens.briefing import BriefingScreen
from cpx.tui.screens.command_post import CommandPostScreen
from cpx.tui.session import open_session

from .conftest import FLAGSHIP, TUTORIAL


async def opened(app, pilot) -> None:
    """Wait until the exercise is open behind the briefing (a worker after the first frame)."""
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if app.driver is not None:
            return
    raise AssertionError("the exercise never opened")


def test_the_briefing_read_from_the_file_is_the_briefing_of_the_exercise():
    for scenario in (FLAGSHIP, TUTORIAL):
        session = open_session(scenario, 1, write_journal=False)
        assert read_briefing(scenario) == ExerciseDriver(session).presenter.briefing()


async def test_the_briefing_is_readable_while_the_exercise_opens(tmp_path):
    journal = tmp_path / "j.jsonl"
    release = threading.Event()

    def slow_opener():
        release.wait(30)  # the exercise is still opening while the trainee reads
        return open_session(TUTORIAL, 1, journal)

    app = PlayApp(opener=slow_opener, tick_seconds=None, briefing_source=TUTORIAL,
                  start_running=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen) and app.session is None
        await pilot.press("enter")  # pressed before the exercise is open: it waits
        release.set()
        await opened(app, pilot)
        await pilot.pause()
        assert isinstance(app.screen, CommandPostScreen)
    assert journal.exists()


async def test_quitting_from_the_briefing_leaves_no_journal(tmp_path):
    journal = tmp_path / "j.jsonl"
    app = PlayApp(opener=lambda: open_session(TUTORIAL, 1, journal), tick_seconds=None,
                  briefing_source=TUTORIAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(app, pilot)
        assert isinstance(app.screen, BriefingScreen) and journal.exists()
        await pilot.press("ctrl+q")
    assert not journal.exists()
    assert app.session.journal_path is None


async def test_quitting_after_startex_keeps_the_journal(tmp_path):
    journal = tmp_path / "j.jsonl"
    app = PlayApp(opener=lambda: open_session(TUTORIAL, 1, journal), tick_seconds=None,
                  briefing_source=TUTORIAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+q")
    assert journal.exists()


async def test_quitting_while_the_exercise_still_opens_leaves_no_journal(tmp_path):
    journal = tmp_path / "j.jsonl"
    release = threading.Event()
    opened_at = []

    def slow_opener():
        release.wait(30)
        session = open_session(TUTORIAL, 1, journal)
        opened_at.append(journal.exists())  # the opener did write its journal's header
        return session

    app = PlayApp(opener=slow_opener, tick_seconds=None, briefing_source=TUTORIAL)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen) and app.session is None
        await pilot.press("ctrl+q")
        release.set()
        for _ in range(400):
            await pilot.pause(0.05)
            if opened_at and not journal.exists():
                break
    assert opened_at == [True]
    assert not journal.exists()
