"""Units' duty state on the feed screen (issue 11): on duty, off duty until the shift
starts, on task with its ETA — above the feed where the units board is not beside it."""

from __future__ import annotations

from cpx.engine.orders import Order
from cpx.tui.widgets.unit_strip import UnitStrip

from .conftest import FLAGSHIP, make_app, screen_text


async def test_the_feed_screen_shows_each_units_duty_state_at_80_columns(tmp_path):
    app = make_app(FLAGSHIP, journal=tmp_path / "f.jsonl")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        strip = app.screen.query_one(UnitStrip)
        assert strip.display
        text = screen_text(app)
        # HAWK 2's shift starts at 14:00: off duty until then, at STARTEX 08:00
        assert "HAWK 2 off duty until 14:00" in text
        assert "HAWK 1 on duty" in text
        result = app.driver.submit(Order("surveil", "vel_surveillance_1", "bar_lotus"))
        assert result.accepted, result.reason
        app.driver.run_to(10)
        app.command_post.refresh_views()
        await pilot.pause()
        unit = next(u for u in app.driver.picture()["units"] if u["id"] == "vel_surveillance_1")
        eta = app.driver.presenter.clock(unit["eta"]).split(" ")[1]
        text = screen_text(app)
        assert f"HAWK 1 {'en route' if unit['status'] == 'en_route' else 'on task'}, ETA {eta}" \
            in text
        # every unit's entry is whole on one line of the screen
        for callsign, _state, _detail in app.driver.presenter.unit_duty(app.driver.picture()):
            assert any(line.strip().startswith(callsign) or f"· {callsign} " in line
                       for line in text.splitlines())


async def test_wide_terminals_show_the_units_board_beside_instead(tmp_path):
    app = make_app(FLAGSHIP, journal=tmp_path / "f.jsonl")
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert not app.screen.query_one(UnitStrip).display
        assert app.screen.query_one("#side").display
        assert "off duty" in screen_text(app)


async def test_one_wording_of_duty_on_the_strip_the_boards_and_the_form(tmp_path):
    """A free unit is 'on duty' everywhere: never 'available' on one board and 'on
    duty' on the strip."""
    from textual.widgets import Select

    from cpx.tui.widgets.choice import ChoiceSelect
    from cpx.tui.widgets.tables import Board

    app = make_app(FLAGSHIP, journal=tmp_path / "f.jsonl")
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        side = app.screen.query_one("#side-units", Board).rows_shown
        assert ("HAWK 1", "on duty") == side[0][:2] or any(
            r[:2] == ("HAWK 1", "on duty") for r in side)
        assert "available" not in screen_text(app)
        await pilot.press("2")
        await pilot.pause()
        board = app.screen.query_one("#unit-board", Board).rows_shown
        assert any(r[:2] == ("HAWK 1", "on duty") for r in board)
        assert "available" not in screen_text(app)
        await pilot.press("f")
        await pilot.pause()
        units = app.screen.query_one("#field-unit", ChoiceSelect)
        labels = [label for label, _value in units._options if _value is not Select.NULL]
        assert any("HAWK 1 · on duty" in str(label) for label in labels), labels
        assert not any("available" in str(label) for label in labels)
