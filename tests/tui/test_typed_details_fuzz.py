"""Hypothesis through Pilot: whatever a trainee types as an order's details on the
command line, the app answers with an acceptance or a reason, the clock runs on, and
nothing raises — the typed definitions read every detail before the engine sees it."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cpx.tui.screens.command_post import CommandPostScreen
from cpx.tui.screens.confirm import ConfirmScreen
from cpx.tui.widgets.command_line import CommandLine

from .conftest import make_app, screen_text
from .test_play_by_keys import advance

TYPED = st.sampled_from(["abc", "8h", "nan", "inf", "-5", "0", "1e308", "99999999999999999999",
                         "3", "72", "73", "yes", "no", "8.0", "8.5", "+4", "jit", "x" * 30]) \
    | st.text(alphabet="abcxyz0123456789.-+_", min_size=1, max_size=8)
LINES = st.sampled_from([
    "surveil tut_surveillance bar_nightingale hours={}",
    "border_alert velinor hours={}",
    "raid tut_intervention bar_nightingale urgent={}",
    "task_informant inf_robin subject={}",
    "cross_border_request milo_tarn kind={}",
    "interview tut_investigation milo_tarn interpreter={}",
])


async def _play(typed: list[tuple[str, str]], journal: Path) -> None:
    app = make_app(journal=journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.command_post
        assert isinstance(screen, CommandPostScreen)
        await pilot.press("space")  # run the clock
        for line, value in typed:
            # The verb, unit and target are put on the line; the detail is typed key by key.
            head, _, detail = line.format(value).rpartition(" ")
            await pilot.press("colon")
            command_line = screen.query_one(CommandLine)
            command_line.value = head + " "
            command_line.cursor_position = len(command_line.value)
            await pilot.press(*detail, "enter")
            await pilot.pause()
            if isinstance(app.screen, ConfirmScreen):
                # a risky order (a raid without warrant, say) asks first: go ahead
                await pilot.press("y")
                await pilot.pause()
            status = str(screen.query_one("#order-status").render())
            assert status.startswith(("✓", "✗")), status
            await advance(app, pilot, 6.0)  # an hour at ×600
        assert app.driver.failure is None
        assert app.session.exercise.now > 0
        assert "Traceback" not in screen_text(app)


@settings(max_examples=4, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(typed=st.lists(st.tuples(LINES, TYPED), min_size=1, max_size=3))
@example(typed=[("raid tut_intervention bar_nightingale urgent={}", "0")])  # asks to confirm first
def test_whatever_is_typed_as_a_detail_the_exercise_goes_on(typed):
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(_play(typed, Path(folder) / "play.jsonl"))
