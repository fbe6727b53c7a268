"""Boards fit the terminal: a last column too long for the width left wraps within the
board, in up to two lines a row, instead of running off its right edge (Bitter Harvest's
agency names at 80×24)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.text import Text
from textual.app import App, ComposeResult

from cpx.tui.widgets.tables import MAX_WRAPPED_LINES, MIN_WRAPPED_WIDTH, Board

from .conftest import ROOT, make_app, screen_text

BITTER_HARVEST = str(ROOT / "scenarios" / "bitter_harvest.yaml")


async def test_long_agency_names_wrap_on_the_units_board_at_80_by_24(tmp_path):
    app = make_app(BITTER_HARVEST, seed=3, journal=tmp_path / "j.jsonl")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        board = app.screen.query_one("#unit-board", Board)
        agencies = {row[-1] for row in board.rows_shown}
        assert any(len(name) > 40 for name in agencies)  # a name that did not fit
        shown = screen_text(app)
        flat = " ".join(shown.split())
        for name in agencies:
            assert name in flat, name  # every word of it on screen, wrapped
        assert board.virtual_size.width <= board.size.width  # nothing to scroll to


class OneBoard(App[None]):
    def __init__(self, rows: list[tuple[str, ...]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield Board(("Callsign", "Status", "Agency"), id="board")

    def on_mount(self) -> None:
        self.query_one(Board).show(self.rows)


@settings(max_examples=12, deadline=None)
@given(st.lists(st.tuples(st.text("ABCQ", min_size=1, max_size=9),
                          st.sampled_from(["on duty", "off duty", "on task"]),
                          st.text("ab –", min_size=1, max_size=70)),
                min_size=1, max_size=4),
       st.integers(min_value=40, max_value=100))
async def test_a_board_shows_every_word_of_its_last_column_within_its_width(rows, width):
    app = OneBoard(rows)
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        board = app.query_one(Board)
        room = width - sum(max(len(c), *(len(r[i]) for r in rows)) + 2
                           for i, c in enumerate(("Callsign", "Status"))) - 2
        lines = max(len(Text(row[-1]).wrap(app.console, max(room, 1))) for row in rows)
        if room >= MIN_WRAPPED_WIDTH and lines <= MAX_WRAPPED_LINES:
            assert board.virtual_size.width <= board.size.width
            flat = " ".join(screen_text(app).split())
            for row in rows:
                assert " ".join(row[-1].split()) in flat
