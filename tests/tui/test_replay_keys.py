"""The replay moves with the keys people try first (issue 11): arrows, PgUp/PgDn,
Home/End and →/← by the advertised hour work as soon as it opens; Tab never leaves
the instructor typing into the filter."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "aar"))

from aar_journals import flagship_journal  # noqa: E402

from cpx.tui.replay.app import FilterLine, ReplayApp  # noqa: E402
from cpx.tui.replay.session import ReplaySession  # noqa: E402
from cpx.tui.replay.timeline import Timeline  # noqa: E402


async def test_the_keys_people_try_first_move_the_cursor(tmp_path):
    session = ReplaySession(flagship_journal(tmp_path / "flag.jsonl"))
    app = ReplayApp(session, score_in_background=False)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.focused, Timeline)
        await pilot.press("down", "down")
        assert session.cursor == 2
        await pilot.press("up")
        assert session.cursor == 1
        await pilot.press("pagedown")
        page = app.query_one(Timeline).page
        assert session.cursor == 1 + page
        await pilot.press("pageup")
        assert session.cursor == 1
        await pilot.press("end")
        assert session.cursor == len(session.rows) - 1
        await pilot.press("home")
        assert session.cursor == 0
        start = int(session.index.t[session.row])
        await pilot.press("right")
        assert int(session.index.t[session.row]) >= start + 60
        after = int(session.index.t[session.row])
        await pilot.press("left")
        assert int(session.index.t[session.row]) < after


async def test_tab_never_strands_the_user_in_the_filter(tmp_path):
    session = ReplaySession(flagship_journal(tmp_path / "flag.jsonl"))
    app = ReplayApp(session, score_in_background=False)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(8):
            await pilot.press("tab")
            assert not isinstance(app.focused, FilterLine)
        await pilot.press("shift+tab", "shift+tab")
        assert not isinstance(app.focused, FilterLine)
        # '/' still opens it; Escape leaves it; the letters are keys again.
        await pilot.press("slash")
        assert isinstance(app.focused, FilterLine)
        await pilot.press(*"kind:leak", "escape")
        assert isinstance(app.focused, Timeline)
        await pilot.press("home", "j")
        assert session.cursor == 1
