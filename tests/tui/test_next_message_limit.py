"""'n' runs to the next message but at most half a day: a quiet cell (the flagship's
border police see a handful of messages in five days) is never pressed into ENDEX."""

from __future__ import annotations

from cpx.tui.app import PlayApp
from cpx.tui.clock import ExerciseClock
from cpx.tui.driver import NEXT_MESSAGE_LIMIT
from cpx.tui.session import open_session

from .conftest import FLAGSHIP


async def test_n_stops_after_half_a_day_without_a_message_and_says_so(tmp_path):
    session = open_session(FLAGSHIP, 1, tmp_path / "b.jsonl", cell="border_police")
    app = PlayApp(session, tick_seconds=None, clock=ExerciseClock(speed_index=3))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        driver = app.driver
        for _ in range(6):
            before = driver.now
            await pilot.press("n")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert driver.now - before <= NEXT_MESSAGE_LIMIT
        assert not driver.finished  # six presses: at most three days of five
        assert app.screen is app.command_post
        notes = [n.message for n in app._notifications]
        assert any(m.startswith("No message in 12 h") for m in notes), notes


async def test_a_cells_debrief_rates_it_on_its_own_objectives_only(tmp_path):
    from cpx.aar import score_journal

    journal = tmp_path / "d.jsonl"
    session = open_session(FLAGSHIP, 1, journal, cell="border_police")
    app = PlayApp(session, tick_seconds=None, clock=ExerciseClock(speed_index=3))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        app.driver.run_to(6 * 60)
        await pilot.press("E")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        from cpx.tui.screens.debrief import DebriefScreen

        assert isinstance(app.screen, DebriefScreen)
        shown = app.screen.data.scores
    card = score_journal(str(journal))
    others = {s.objective.title for s in card.objectives
              if s.cell not in (None, "border_police")}
    assert others  # the flagship rates other cells on objectives of their own
    titles = {title for title, _value, _rating in shown}
    assert titles and not titles & others, titles
