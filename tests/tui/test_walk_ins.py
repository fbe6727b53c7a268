"""A person an inject brings into play is named as the cell met them ('walk-in 1'), never
by the id the scenario's author gave them (the flagship's walk_in_worker); the trainee
can still type either in an order."""

from __future__ import annotations

from cpx.tui.order_line import complete, parse_order
from cpx.walk_ins import learn_walk_in
from cpx.tui.widgets.command_line import CommandLine
from cpx.tui.widgets.feed import MessageFeed

from .conftest import FLAGSHIP, make_app, screen_text

CAME_FORWARD = 2 * 1440 + 9 * 60 + 5  # D3 17:05: the flagship's worker walked in at 17:00


def test_walk_ins_are_numbered_as_they_come_and_generated_people_keep_their_handle():
    names: dict[str, str] = {}
    for person in ("walk_in_worker", "p12", "second_author_id", "walk_in_worker"):
        learn_walk_in(names, "person.met", {"person_id": person})
    assert names == {"walk_in_worker": "walk-in 1", "second_author_id": "walk-in 2"}


async def test_the_flagship_s_walk_in_is_named_as_met_on_every_panel(tmp_path):
    app = make_app(FLAGSHIP, seed=1, journal=tmp_path / "j.jsonl")
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        app.driver.run_to(CAME_FORWARD)
        app.command_post.refresh_views()
        await pilot.pause()
        shown = []
        for panel in ("1", "5"):  # the feed (and its detail), the people met
            await pilot.press(panel)
            await pilot.pause()
            shown.append(screen_text(app))
        feed = app.command_post.query_one(MessageFeed).items
        text = "\n".join([*shown, *(f"{item.sender} {item.headline}" for item in feed)])
        assert any(item.headline.startswith("walk-in 1 came forward at Orlen") for item in feed)
        assert "walk-in 1 " in shown[1] and "refer_victim walk-in_1" in shown[1]
        assert "walk_in_worker" not in text
        # The name shown is what the trainee types; the order keeps the id.
        words = app.command_post.query_one(CommandLine).suggester_words.vocabulary
        assert parse_order("refer_victim walk-in_1", words).target == "walk_in_worker"
        assert complete("refer_victim walk", words) == "refer_victim walk-in_1"
