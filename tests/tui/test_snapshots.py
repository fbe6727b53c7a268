"""Snapshots of the key screens at a fixed seed and sim time (no clock timer running).

Baselines live in ``tests/tui/__snapshots__``; after an intended change of the UI,
regenerate them with ``pytest tests/tui/test_snapshots.py --snapshot-update`` and look
at the report before committing.
"""

from __future__ import annotations

from cpx.engine.orders import Order

from .conftest import make_app

JOURNAL = "runs/snap.jsonl"  # relative to the test's own empty directory: same text each run


async def at_three_hours(pilot) -> None:
    """Start, give the first order of the tutorial at 09:00 and stop the clock at 11:00."""
    await pilot.press("enter")
    await pilot.pause()
    driver = pilot.app.driver
    driver.run_to(60)
    driver.submit(Order("surveil", "tut_surveillance", "bar_nightingale"))
    driver.run_to(180)
    pilot.app.command_post.refresh_views()
    await pilot.pause()


def test_briefing(snap_compare, in_tmp):
    assert snap_compare(make_app(journal=JOURNAL), terminal_size=(80, 24))


def test_command_post(snap_compare, in_tmp):
    assert snap_compare(make_app(journal=JOURNAL), terminal_size=(100, 30),
                        run_before=at_three_hours)


def test_command_post_on_a_large_terminal(snap_compare, in_tmp):
    async def with_map(pilot):
        await at_three_hours(pilot)
        await pilot.press("up")

    assert snap_compare(make_app(journal=JOURNAL), terminal_size=(160, 45), run_before=with_map)


def test_help(snap_compare, in_tmp):
    async def open_help(pilot):
        await at_three_hours(pilot)
        await pilot.press("question_mark")

    assert snap_compare(make_app(journal=JOURNAL), terminal_size=(80, 24), run_before=open_help)


def test_debrief(snap_compare, in_tmp):
    async def end_now(pilot):
        await at_three_hours(pilot)
        await pilot.press("E", "y")

    assert snap_compare(make_app(journal=JOURNAL), terminal_size=(100, 30), run_before=end_now)


# ---- issue 11: nothing important cropped at 80×24; the width used at 160×45 ----------

async def with_orders(pilot) -> None:
    """Three hours in, with orders of several kinds given (one of them completed)."""
    await at_three_hours(pilot)
    driver = pilot.app.driver
    driver.submit(Order("task_informant", None, "inf_robin", {"subject": "bar_nightingale"}))
    driver.submit(Order("request_warrant", None, "bar_nightingale"))
    driver.run_to(240)
    pilot.app.command_post.refresh_views()
    await pilot.pause()


def test_units_and_orders_at_80_by_24(snap_compare, in_tmp):
    async def units(pilot):
        await with_orders(pilot)
        await pilot.press("2")
        await pilot.pause()

    assert snap_compare(make_app(journal=JOURNAL), terminal_size=(80, 24), run_before=units)


def test_units_and_orders_at_160_by_45(snap_compare, in_tmp):
    async def units(pilot):
        await with_orders(pilot)
        await pilot.press("2")
        await pilot.pause()

    assert snap_compare(make_app(journal=JOURNAL), terminal_size=(160, 45), run_before=units)


def test_feed_at_160_by_45(snap_compare, in_tmp):
    assert snap_compare(make_app(journal=JOURNAL), terminal_size=(160, 45),
                        run_before=with_orders)


def test_order_form_drop_down_at_80_by_24(snap_compare, in_tmp):
    async def open_target(pilot):
        from textual.widgets import Select

        await with_orders(pilot)
        await pilot.press("f")
        await pilot.pause()
        pilot.app.screen.query_one("#form-verb", Select).value = "surveil"
        await pilot.pause()
        await pilot.press("tab", "enter")  # the unit drop-down: who can, who cannot and why
        await pilot.pause()

    assert snap_compare(make_app(journal=JOURNAL), terminal_size=(80, 24),
                        run_before=open_target)


def test_feed_at_80_by_24(snap_compare, in_tmp):
    """The units' duty state above the feed at 80 columns (issue 11)."""
    assert snap_compare(make_app(journal=JOURNAL), terminal_size=(80, 24),
                        run_before=with_orders)
