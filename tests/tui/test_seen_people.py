"""People seen at an inspection and left there are listed on the victims panel, offered
as interview targets by the form and by completion, and marked gone once a unit found
them gone (the cell never learns where they went)."""

from __future__ import annotations

from textual.widgets import Select

from cpx.engine import Order
from cpx.tui.order_line import complete
from cpx.tui.widgets.tables import VICTIM_COLUMNS, Board

from .conftest import FLAGSHIP, make_app, screen_text


async def _inspected(app, pilot):
    await pilot.press("enter")
    await pilot.pause()
    driver = app.driver
    assert driver.submit(Order("inspect", None, "bar_lotus", {})).accepted
    driver.run_to(8 * 60)
    app.command_post.refresh_views()
    seen = [e.payload["person_id"] for e in driver.exercise.events
            if e.kind == "person.seen" and e.visibility == "trainee"]
    assert seen
    return seen


async def test_seen_people_are_listed_and_offered_for_interview(tmp_path):
    app = make_app(FLAGSHIP, seed=1, journal=tmp_path / "s.jsonl")
    async with app.run_test(size=(160, 45)) as pilot:
        seen = await _inspected(app, pilot)
        screen = app.command_post
        await pilot.press("5")
        await pilot.pause()
        rows = {r[0]: dict(zip(VICTIM_COLUMNS, r))
                for r in screen.query_one("#victim-board", Board).rows_shown}
        for pid in seen:
            assert rows[pid]["Status"] == "seen, still there", rows[pid]
            assert rows[pid]["Where"] == "Bar Lotus"
        # The highlighted row's detail names the venue whole.
        await pilot.press("down")
        await pilot.pause()
        assert "seen at Bar Lotus D1 13:00, still there" in screen_text(app)
        # Completion of 'interview FOLIO p' offers a person seen.
        vocabulary = screen.query_one("#command").suggester_words.vocabulary
        completed = complete(f"interview vel_investigation {seen[-1][:-1]}", vocabulary)
        assert completed is not None and completed.split()[-1] in seen
        # The interview form lists them as targets.
        await pilot.press("f")
        await pilot.pause()
        form = app.screen
        form.query_one("#form-verb", Select).value = "interview"
        await pilot.pause()
        await pilot.pause()
        target = form.query_one("#field-target", Select)
        offered = {value for _label, value in target._options if value is not Select.NULL}
        assert set(seen) <= offered, offered
        await pilot.press("escape")
        await pilot.pause()


async def test_a_seen_person_found_gone_is_marked_gone(tmp_path):
    app = make_app(FLAGSHIP, seed=1, journal=tmp_path / "g.jsonl")
    async with app.run_test(size=(160, 45)) as pilot:
        seen = await _inspected(app, pilot)
        driver, screen = app.driver, app.command_post
        driver.run_to(24 * 60)  # a day for the network to react to the inspection
        screen.refresh_views()
        # Go back for each one by typing the order as a trainee would.
        for pid in seen:
            await pilot.press(":")
            await pilot.press(*f"interview FOLIO {pid}")
            await pilot.press("enter")
            await pilot.pause()
            driver.run_to(driver.now + 6 * 60)
            screen.refresh_views()
        gone = [e.payload["person_id"] for e in driver.exercise.events
                if e.kind == "person.gone" and e.visibility == "trainee"]
        assert gone, "nobody moved in this seed: pick another"
        await pilot.press("5")
        await pilot.pause()
        rows = {r[0]: dict(zip(VICTIM_COLUMNS, r))
                for r in screen.query_one("#victim-board", Board).rows_shown}
        for pid in gone:
            assert rows[pid]["Status"] == "seen, gone" and rows[pid]["Where"] == "Bar Lotus"
        # Gone: no longer offered as someone to interview.
        vocabulary = screen.query_one("#command").suggester_words.vocabulary
        assert not set(gone) & set(vocabulary.targets)
