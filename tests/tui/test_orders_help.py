"""The `?` help lists every order verb with its details and an example (Pilot, real app)."""

from __future__ import annotations

from cpx.scenario.orders import DEFINITIONS
from cpx.scenario.orders_reference import verb_entries
from cpx.tui.screens.help import HelpScreen

from .conftest import make_app, screen_text, widget_text


async def test_help_shows_the_orders_with_their_details_and_examples(in_tmp):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")  # past the briefing, into the command post
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("o")  # jump to the orders
        await pilot.pause()
        shown = screen_text(app)
        assert "Orders" in shown
        assert "surveil" in shown and "hours=" in shown and "1–72 hours" in shown
        assert "task_informant" in shown and "subject=" in shown
        # Every verb, each detail and the example docs/orders.md gives, in the section.
        section = widget_text(app.screen.query_one("#help-orders"))
        for entry in verb_entries():
            assert entry.verb in section and entry.example in section
        for definition in DEFINITIONS.values():
            for spec in definition.parameters():
                assert f"{spec.name}=" in section
        assert "kind=" in section and "mla or jit" in section
        # Further down: the last verb can be scrolled to and read.
        await pilot.press("end")
        await pilot.pause()
        last = verb_entries()[-1]  # the definitions' last verb, as the help lists it
        assert last.example in screen_text(app), screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
