"""A short exercise played by keys, from the briefing to the debrief.

The clock timer is off (``tick_seconds=None``): the test moves wall time with
``CommandPostScreen.tick`` so the run is the same on every machine; everything else
goes through keys, and the assertions are on the engine, the journal and the screens.
"""

from __future__ import annotations

import json

from textual.widgets import Input, Select

from cpx.tui.screens.briefing import BriefingScreen
from cpx.tui.screens.command_post import CommandPostScreen
from cpx.tui.screens.confirm import ConfirmScreen
from cpx.tui.screens.debrief import DebriefScreen
from cpx.tui.screens.help import HelpScreen
from cpx.tui.screens.order_form import OrderFormScreen
from cpx.tui.widgets.feed import MessageFeed

from .conftest import make_app, screen_text, widget_text


def journal_lines(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


async def advance(app, pilot, wall_seconds: float) -> None:
    """Let ``wall_seconds`` of wall time pass on the clock, then wait for the engine."""
    app.command_post.tick(wall_seconds)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def type_line(pilot, line: str) -> None:
    await pilot.press("colon")
    await pilot.press(*["space" if c == " " else c for c in line])
    await pilot.press("enter")
    await pilot.pause()


async def test_tutorial_from_briefing_to_debrief(tmp_path):
    journal = tmp_path / "play.jsonl"
    app = make_app(journal=journal)
    exercise = app.session.exercise
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CommandPostScreen)
        screen = app.command_post
        feed = screen.query_one(MessageFeed)

        # The clock starts paused here: wall time passes, sim time does not.
        await advance(app, pilot, 30.0)
        assert exercise.now == 0
        await pilot.press("space")  # run
        assert not app.driver.clock.paused and app.driver.clock.speed == 600
        await pilot.press("minus", "minus")
        assert app.driver.clock.speed == 10
        await pilot.press("plus")
        assert app.driver.clock.speed == 60
        await advance(app, pilot, 60.0)  # a wall minute at ×60: an hour
        assert exercise.now == 60
        assert feed.items[0].kind == "inject"  # the welcome at STARTEX
        await pilot.press("space")  # pause: sim time stands still exactly
        await advance(app, pilot, 120.0)
        assert exercise.now == 60

        # An order typed on the command line, with completion.
        await pilot.press("colon", *"surveil tut_s", "tab", *"bar_", "tab", "enter")
        await pilot.pause()
        assert "accepted" in str(screen.query_one("#order-status").render())
        orders = [r for r in journal_lines(journal) if r["type"] == "order"]
        assert orders[-1]["order"] == {"verb": "surveil", "unit": "tut_surveillance",
                                       "target": "bar_nightingale", "params": {}}
        assert orders[-1]["result"]["accepted"] and orders[-1]["t"] == 60
        units = {u["id"]: u for u in exercise.picture("trainee")["units"]}
        assert units["tut_surveillance"]["status"] in ("on_task", "en_route")

        # A rejected order: the engine's reason is shown at once.
        await type_line(pilot, "surveil tut_surveillance bar_nightingale")
        status = str(screen.query_one("#order-status").render())
        assert "rejected" in status and "HAWK 1" in status
        # The keys are keys again at once (issue 11); ':' then ↑ brings it back.
        assert isinstance(screen.focused, MessageFeed)
        await pilot.press("colon", "up")
        assert screen.focused.id == "command"
        assert screen.focused.value == "surveil tut_surveillance bar_nightingale"
        await pilot.press("escape")
        assert isinstance(screen.focused, MessageFeed)

        # An order through the form: task the informant.
        await pilot.press("f")
        form = app.screen
        assert isinstance(form, OrderFormScreen)
        form.query_one("#form-verb", Select).value = "task_informant"
        await pilot.pause()
        form.query_one("#field-target", Select).value = "inf_robin"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CommandPostScreen)
        orders = [r for r in journal_lines(journal) if r["type"] == "order"]
        assert orders[-1]["order"]["verb"] == "task_informant"
        assert orders[-1]["result"]["accepted"], orders[-1]["result"]

        # Run on until the informant's report arrives in the feed.
        await pilot.press("space")
        for _ in range(30):
            await advance(app, pilot, 20.0)
            if any(item.kind == "report.informant" for item in feed.items):
                break
        report = next(item for item in feed.items if item.kind == "report.informant")
        assert report.sender == "ROBIN" and report.grade[:1] == "C"
        await pilot.press("space")

        # Filter the feed by source: informants only, then units, … back to all.
        await pilot.press("s")
        assert feed.source == "informants"
        assert feed.shown_count == sum(1 for i in feed.items if i.source == "informants") >= 1
        await pilot.press("s")
        assert feed.source == "units"
        for _ in range(4):
            await pilot.press("s")
        assert feed.source == "all" and feed.shown_count == len(feed.items)

        # Read a message: the detail shows the report's text.
        await pilot.press("home")
        while feed.current is not report:
            await pilot.press("down")
        detail = widget_text(screen.query_one("#detail-body"))
        assert "ROBIN" in detail and "credibility" in detail
        assert "ROBIN" in screen_text(app)

        # The help lists the command post's keys, from the same bindings.
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        help_text = widget_text(app.screen.query_one("#help-table"))
        for words in ("Pause", "Faster", "Form", "Unread", "ENDEX", "Complete"):
            assert words in help_text
        await pilot.press("escape")
        assert isinstance(app.screen, CommandPostScreen)

        # The command palette runs the same actions, found by their descriptions.
        speed = app.driver.clock.speed
        await pilot.press("ctrl+p", *"slower")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CommandPostScreen)
        assert app.driver.clock.speed < speed

        # A raid asks first; "no" gives nothing.
        before = len([r for r in journal_lines(journal) if r["type"] == "order"])
        await type_line(pilot, "raid tut_intervention bar_nightingale urgent=yes")
        assert isinstance(app.screen, ConfirmScreen)
        # The dialog says whether the entry would be lawful, and why (DOMAIN.md §4).
        question = widget_text(app.screen.query_one("#confirm-question"))
        assert "No lawful grounds yet" in question and "unlawful" in question
        await pilot.press("n", "escape")
        assert len([r for r in journal_lines(journal) if r["type"] == "order"]) == before

        # ENDEX by the trainee, confirmed: the debrief with the journal's path.
        await pilot.press("E")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        debrief = widget_text(app.screen.query_one("#debrief-text"))
        assert str(journal) in debrief and "cpx replay" in debrief
        end = journal_lines(journal)[-1]
        assert end["type"] == "end" and end["reason"] == "ended by the cell"
        assert end["state_hash"] == exercise.state_hash()
        await pilot.press("q")


async def test_endex_by_time_opens_the_debrief(tmp_path):
    journal = tmp_path / "play.jsonl"
    app = make_app(journal=journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "space")  # start the clock at ×600
        await pilot.pause()
        for _ in range(20):  # 200 s of wall time at ×600: more than the tutorial's day
            if isinstance(app.screen, DebriefScreen):
                break
            await advance(app, pilot, 10.0)
        assert isinstance(app.screen, DebriefScreen)
        assert app.session.exercise.now == app.session.exercise.end
        assert "end of exercise time" in widget_text(app.screen.query_one("#debrief-text"))
        end = journal_lines(journal)[-1]
        assert end["type"] == "end" and end["t"] == app.session.exercise.end


async def test_endex_while_a_dialog_is_open_waits_for_it(tmp_path):
    app = make_app(journal=tmp_path / "play.jsonl")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "space")
        await pilot.pause()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        app.command_post.tick(200.0)  # past ENDEX while the help is open
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
