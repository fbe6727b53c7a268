"""The order form reads its fields through the verb's typed definition: a bad number
keeps the form open with the reason; a good one gives the order with typed details."""

from __future__ import annotations

import json

from textual.widgets import Input, Select

from cpx.tui.screens.command_post import CommandPostScreen
from cpx.tui.screens.order_form import OrderFormScreen

from .conftest import make_app


async def test_a_bad_number_in_the_form_is_refused_with_its_reason(tmp_path):
    journal = tmp_path / "play.jsonl"
    app = make_app(journal=journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("f")
        form = app.screen
        assert isinstance(form, OrderFormScreen)
        form.query_one("#form-verb", Select).value = "surveil"
        await pilot.pause()
        form.query_one("#field-unit", Select).value = "tut_surveillance"
        form.query_one("#field-target", Select).value = "bar_nightingale"
        form.query_one("#field-hours", Input).value = "8h"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form, "the form stays open to correct the number"
        shown = [n.message for n in app._notifications]
        assert any("hours='8h' is not valid for surveil" in m for m in shown), shown
        assert not [line for line in journal.read_text().splitlines() if '"type":"order"' in line]

        form.query_one("#field-hours", Input).value = "3"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CommandPostScreen)
    orders = [json.loads(line) for line in journal.read_text().splitlines()
              if '"type":"order"' in line]
    assert orders[-1]["order"]["params"] == {"hours": 3} and orders[-1]["result"]["accepted"]
