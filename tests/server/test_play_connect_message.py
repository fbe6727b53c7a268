"""``cpx play --connect`` of the flagship: the command line's ``message`` command sends a
message to another cell over the server — the cell id completes from the welcome's
cells, the message reaches the server's journal as the seat's cell's, appears in the
sender's feed and in the recipient seat's stream, and the journal verifies."""

from __future__ import annotations

import subprocess
import sys

from cpx.journal.reader import OrderRecord, read_prefix
from cpx.tui.order_line import complete
from cpx.tui.remote_app import RemotePlayApp
from cpx.tui.remote_session import RemoteSession
from cpx.tui.widgets.command_line import CommandLine
from tests.server.conftest import Server, collect, join
from tests.server.test_play_connect import feed_of, settle, type_order
from tests.server.test_serve_cell_messages import cell_token

TEXT = "The minibus left Halvik at 14:00"


async def test_a_seat_messages_another_cell_from_the_command_line(tmp_path):
    server = Server(["glass_lantern", "--seed", "5", "--paused", "--journal", "c.jsonl"],
                    tmp_path)
    try:
        session = RemoteSession(server.url, cell_token(server, "trainee"))
        app = RemotePlayApp(server.url, session, tick_seconds=0.1)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("enter")
            await settle(pilot, lambda: app.command_post is not None)
            screen = app.command_post
            await settle(pilot, lambda: bool(
                screen.query_one(CommandLine).suggester_words.vocabulary.cells))
            words = screen.query_one(CommandLine).suggester_words.vocabulary
            assert complete("message bor", words) == "message border_police"
            await type_order(pilot, "message customs hello")
            await pilot.pause()
            assert "not a cell you can write to" in str(
                screen.query_one("#order-status").render())
            await type_order(pilot, f"message border_police {TEXT}")
            await pilot.pause()
            status = str(screen.query_one("#order-status").render())
            assert "sent to border_police" in status, status
            # the sender's own copy comes back in its stream and shows in its feed
            await settle(pilot, lambda: any(" you " in f" {line} " for line in feed_of(app)))
            mine = [e.payload for e in session.events_since(0) if e.kind == "cell.message"]
            assert [(m["to"], m["text"]) for m in mine] == [("border_police", TEXT)]
        with join(server.url, cell_token(server, "border_police")) as (border, _), \
                join(server.url, cell_token(server, "military_police")) as (military, _):
            got = [e["payload"] for e in collect(border) if e["kind"] == "cell.message"]
            assert [(m["from"], m["text"]) for m in got] == [("trainee", TEXT)]
            assert not [e for e in collect(military) if e["kind"] == "cell.message"]
    finally:
        assert server.stop() == 0
    journal = server.journal()
    sent = [r for r in read_prefix(journal).records if isinstance(r, OrderRecord)]
    assert [(r.order["verb"], r.order["target"], r.result["cell"]) for r in sent] == [
        ("message", "border_police", "trainee")]
    verify = subprocess.run([sys.executable, "-m", "cpx.cli", "replay", str(journal), "--verify"],
                            capture_output=True, text=True, timeout=600)
    assert verify.returncode == 0, verify.stdout + verify.stderr
