"""The small views on their own: the feed is virtualised, the map fits, keys are complete."""

from __future__ import annotations

from textual.app import App

from cpx.tui.keys import (APP_KEYS, BRIEFING_KEYS, COMMAND_POST_KEYS, DEBRIEF_KEYS, MODAL_KEYS,
                          first_key)
from cpx.tui.presenter import FeedItem, MapModel
from cpx.tui.widgets.feed import MessageFeed
from cpx.tui.widgets.region_map import draw

from .conftest import make_app


def items(count: int, start: int = 0, sources=("informants", "units", "partners")
          ) -> list[FeedItem]:
    return [FeedItem(seq=n, t=n, when=f"D1 {n % 24:02d}:00", source=sources[n % 3],
                     tag="INF", sender="ROBIN", grade="C3", headline=f"message {n}",
                     kind="report.informant") for n in range(start, start + count)]


class CountingFeed(MessageFeed):
    """A feed that counts the lines it is asked to draw."""

    drawn = 0

    def render_line(self, y):
        CountingFeed.drawn += 1
        return super().render_line(y)


class FeedApp(App[None]):
    def compose(self):
        yield CountingFeed(id="feed")


async def test_the_feed_draws_only_the_lines_on_screen():
    app = FeedApp()
    async with app.run_test(size=(80, 20)) as pilot:
        feed = app.query_one(CountingFeed)
        feed.focus()
        CountingFeed.drawn = 0
        feed.add(items(10_000))
        await pilot.pause()
        assert feed.current.seq == 9_999  # following the newest
        assert 0 < CountingFeed.drawn <= 3 * 20  # a few repaints of 20 lines, not 10,000
        await pilot.press("home")
        assert feed.current.seq == 0 and feed.scroll_offset.y == 0
        await pilot.press("pagedown")
        assert feed.current.seq == 10


async def test_filter_unread_and_follow():
    app = FeedApp()
    async with app.run_test(size=(80, 20)) as pilot:
        feed = app.query_one(CountingFeed)
        feed.add(items(30))
        await pilot.pause()
        assert feed.unread == set(range(29))  # the newest was read as the cursor followed
        feed.source = "units"
        await pilot.pause()
        assert feed.shown_count == 10 and feed.current.source == "units"
        feed.source = "all"
        await pilot.press("home")
        assert feed.next_unread() and feed.current.seq == 1  # 0 was read on the way home
        feed.add(items(5, start=30))
        assert feed.current.seq == 1, "a reader not at the end is not dragged to new messages"


async def test_a_following_cursor_stops_on_an_inject_that_arrives_with_others():
    app = FeedApp()
    async with app.run_test(size=(80, 20)) as pilot:
        feed = app.query_one(CountingFeed)
        feed.add(items(3))
        feed.add(items(3, start=3, sources=("units", "injects", "informants")))
        await pilot.pause()
        assert feed.current.seq == 4 and 5 in feed.unread  # the inject, not the newest
        feed.add(items(2, start=6))
        assert feed.current.seq == 7, "still following: the next arrivals move it on"


def test_the_map_fits_any_size_and_names_every_town():
    model = MapModel(places=(("Velinor", "city", 35, 40), ("Tarsk", "town", 65, 60),
                             ("Brenna crossing", "border_crossing", 50, 95)),
                     roads=(((35, 40), (65, 60)),), venues=(("Bar Nightingale", 35, 40),),
                     units=(("HAWK 1", "on_task", 65, 60),))
    for width, height in ((40, 8), (80, 20), (160, 45)):
        lines = draw(model, width, height).plain.split("\n")
        assert len(lines) == height and all(len(line) == width for line in lines)
        text = "\n".join(lines)
        assert "Velinor ♦1" in text and "Tarsk" in text and "HAWK1" in text
    # With room, a key to the glyphs and each town's known venues by name.
    text = draw(model, 80, 20).plain
    assert "key:" in text and "♦ Velinor: Bar Nightingale" in text


def test_every_key_has_an_id_and_a_tooltip():
    for binding in APP_KEYS + BRIEFING_KEYS + COMMAND_POST_KEYS + DEBRIEF_KEYS + MODAL_KEYS:
        assert binding.id and binding.tooltip, binding
    ids = [b.id for b in APP_KEYS + COMMAND_POST_KEYS]
    assert len(ids) == len(set(ids))


async def test_the_palette_offers_every_command_post_action():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        titles = {c.title for c in app.get_system_commands(app.command_post)}
        for binding in COMMAND_POST_KEYS + APP_KEYS:  # each with the key that does it
            assert f"{binding.description} ({first_key(binding)})" in titles


def test_the_ui_data_layer_imports_no_textual():
    """Presenter, driver, clock and order grammar run headless (benchmarks, replay, bots)."""
    import subprocess
    import sys

    code = ("import sys, cpx.tui.presenter, cpx.tui.driver, cpx.tui.session, cpx.tui.clock, "
            "cpx.tui.order_line, cpx.tui.order_forms, cpx.tui.viewdata; "
            "print('textual' in sys.modules or 'rich' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
