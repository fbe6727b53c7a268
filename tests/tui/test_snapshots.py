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
