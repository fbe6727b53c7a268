"""The command line's ``message`` command (issue 12): a trainee of the flagship writes to
another player cell — the cell id completes, the message is journaled as the cell's
message, appears in the sender's feed and reaches the recipient, never a third cell."""

from __future__ import annotations

import json

import pytest

from cpx.errors import CpxError
from cpx.tui.cell_message import parse_message
from cpx.tui.order_line import complete
from cpx.tui.widgets.command_line import CommandLine

from .conftest import FLAGSHIP, make_app, screen_text

TEXT = "The minibus left Halvik at 14:00"


def test_the_line_names_a_cell_and_text_or_says_what_to_type():
    cells = ("border_police", "military_police")
    assert parse_message(f"message border_police {TEXT}", cells) == ("border_police", TEXT)
    assert parse_message(f":message BORDER_POLICE   {TEXT}  ", cells) == ("border_police", TEXT)
    for line, why in (("message", "name the cell"), ("message border_police", "write the message"),
                      ("message customs hi", "not a cell you can write to"),
                      ("message trainee hi", "not a cell you can write to")):
        with pytest.raises(CpxError, match=why):
            parse_message(line, cells)
    with pytest.raises(CpxError, match="no other player cell"):
        parse_message("message trainee hi", ())


async def test_a_message_typed_on_the_command_line_reaches_the_journal_and_both_feeds(tmp_path):
    journal = tmp_path / "m.jsonl"
    app = make_app(FLAGSHIP, journal=journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.command_post
        words = screen.query_one(CommandLine).suggester_words.vocabulary
        assert set(words.cells) == {"border_police", "military_police"}
        assert complete("mess", words) == "message"
        assert complete("message bor", words) == "message border_police"
        assert complete("message mil", words) == "message military_police"
        assert complete(f"message border_police The mini", words) is None  # text stays free

        await pilot.press("colon", *"message customs hello", "enter")
        await pilot.pause()
        assert "not a cell you can write to" in str(screen.query_one("#order-status").render())

        await pilot.press("colon", *f"message border_police {TEXT}", "enter")
        await pilot.pause()
        status = str(screen.query_one("#order-status").render())
        assert "sent to border_police" in status, status
        exercise = app.driver.session.exercise
        mine = [e for e in app.driver.session.events_since(0) if e.kind == "cell.message"]
        assert [e.payload["text"] for e in mine] == [TEXT]
        theirs = [e for e in exercise.events_for("border_police") if e.kind == "cell.message"]
        assert [(e.payload["from"], e.payload["text"]) for e in theirs] == [("trainee", TEXT)]
        assert not [e for e in exercise.events_for("military_police") if e.kind == "cell.message"]
        await pilot.pause()
        assert "minibus left Halvik" in screen_text(app)  # in the sender's feed
        app.driver.flush()
    lines = [json.loads(line) for line in journal.read_text().splitlines()]
    messages = [line for line in lines if line["type"] == "order"
                and line["order"]["verb"] == "message"]
    assert [(m["order"]["target"], m["order"]["params"]["text"], m["result"]["cell"])
            for m in messages] == [("border_police", TEXT, "trainee")]
