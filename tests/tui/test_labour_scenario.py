"""Operation Bitter Harvest plays from the briefing to the debrief by keys: nothing in
the command post assumes the flagship (its towns, its agencies, sexual exploitation)."""

from __future__ import annotations

import json

from cpx.tui.screens.briefing import BriefingScreen
from cpx.tui.screens.command_post import CommandPostScreen
from cpx.tui.screens.confirm import ConfirmScreen
from cpx.tui.screens.debrief import DebriefScreen

from .conftest import ROOT, make_app, screen_text, widget_text

BITTER_HARVEST = str(ROOT / "scenarios" / "bitter_harvest.yaml")


async def test_bitter_harvest_from_briefing_to_debrief(tmp_path):
    journal = tmp_path / "harvest.jsonl"
    app = make_app(BITTER_HARVEST, seed=3, journal=journal)
    exercise = app.session.exercise
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, BriefingScreen)
        briefing = screen_text(app)
        assert "Operation Bitter Harvest" in briefing and "Labour Inspectorate" in briefing
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CommandPostScreen)

        # The partner inspectorate is asked without a unit of the cell's own.
        line = "inspect redfield_farm"
        await pilot.press("colon", *["space" if c == " " else c for c in line], "enter")
        await pilot.pause()
        if isinstance(app.screen, ConfirmScreen):
            await pilot.press("y")
            await pilot.pause()
        orders = [json.loads(x) for x in journal.read_text().splitlines()]
        inspect = [r for r in orders if r.get("type") == "order"][-1]
        assert inspect["order"]["verb"] == "inspect" and inspect["result"]["accepted"], inspect

        # Play on at x600 until the inspectors have been to the farm.
        await pilot.press("space")
        for _ in range(30):
            app.command_post.tick(10.0)
            await app.workers.wait_for_complete()
            await pilot.pause()
            if any(e.kind == "inspection.result" for e in exercise.events):
                break
        await pilot.press("space")
        assert any(e.kind == "inspection.result" for e in exercise.events)

        await pilot.press("E")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        debrief = widget_text(app.screen.query_one("#debrief-text"))
        assert str(journal) in debrief
        end = json.loads(journal.read_text().splitlines()[-1])
        assert end["type"] == "end" and end["state_hash"] == exercise.state_hash()
        await pilot.press("q")
