"""Cell-to-cell messages over the wire: a real ``cpx serve`` of the flagship (three player
cells) and real WebSocket clients.

A message is journaled and re-simulates (``cpx replay --verify``); the sender, the
recipient and EXCON see it, the third cell never does; a message to an unknown cell,
to itself, empty or too long is an error and leaves nothing in the journal.
"""

from __future__ import annotations

import json
import subprocess
import sys

from cpx.journal.reader import OrderRecord, read_prefix
from tests.server.conftest import Server, ask, collect, join

TEXT = "The minibus left Halvik at 14:00 with six women on board"


def cell_token(server: Server, cell: str) -> str:
    seats = json.loads(server.seats_file().read_text())
    return next(s["token"] for s in seats if s["role"] == "player" and s["cell"] == cell)


def messages(events: list[dict]) -> list[dict]:
    return [e["payload"] for e in events if e["kind"] == "cell.message"]


def test_a_cell_message_reaches_both_cells_and_excon_never_a_third_and_verifies(tmp_path):
    server = Server(["glass_lantern", "--seed", "5", "--paused",
                     "--journal", "cells.jsonl"], tmp_path)
    try:
        with join(server.url, cell_token(server, "trainee")) as (trainee, welcome), \
                join(server.url, cell_token(server, "border_police")) as (border, _), \
                join(server.url, cell_token(server, "military_police")) as (military, _), \
                join(server.url, server.token("excon")) as (excon, _):
            assert welcome["cells"] == ["trainee", "border_police", "military_police"]
            refusals = [
                ({"type": "message", "to": "customs", "text": "hello"}, "not a player cell"),
                ({"type": "message", "to": "trainee", "text": "to myself"}, "another cell"),
                ({"type": "message", "to": "border_police", "text": "   "}, "some text"),
                ({"type": "message", "to": "border_police", "text": "x" * 2001}, "2000"),
                ({"type": "message", "to": "border_police", "text": "bell\x07"}, "printable"),
                ({"type": "message", "to": ["border_police"], "text": "hi"}, "player cell"),
                ({"type": "message", "to": "border_police"}, "text"),
            ]
            for message, why in refusals:
                answer = ask(trainee, {**message, "ref": 3}, ("error", "message_result"))
                assert answer["type"] == "error" and answer["code"] == "bad_message", answer
                assert why in answer["message"] and answer["ref"] == 3
            # EXCON is no cell: it may not write as one
            answer = ask(excon, {"type": "message", "to": "trainee", "text": "hi"},
                         ("error", "message_result"))
            assert answer["code"] == "forbidden"

            sent = ask(trainee, {"type": "message", "to": "border_police", "text": TEXT,
                                 "ref": "m"}, ("error", "message_result"))
            assert sent["type"] == "message_result" and sent["accepted"], sent
            assert sent["ref"] == "m" and sent["message_id"] == "m1"
            answered = ask(border, {"type": "message", "to": "trainee", "text": "Checked: "
                                    "six women, passports held by the driver"},
                           "message_result")
            assert answered["accepted"] and answered["message_id"] == "m2"

            got_trainee = messages(collect(trainee))
            got_border = messages(collect(border))
            got_military = collect(military)
            got_excon = messages(collect(excon))
        assert [m["text"] for m in got_trainee] == [TEXT, "Checked: six women, passports "
                                                    "held by the driver"]
        assert got_trainee == got_border
        assert got_trainee[0]["from"] == "trainee" and got_trainee[0]["to"] == "border_police"
        # the third cell has its briefing, and nothing of the others' messages
        assert got_military and not messages(got_military)
        assert not any(TEXT in json.dumps(e) for e in got_military)
        # EXCON sees each message twice: the sender's copy and the recipient's
        assert [m["text"] for m in got_excon].count(TEXT) == 2
    finally:
        assert server.stop() == 0
    journal = server.journal()
    lines = [r for r in read_prefix(journal).records if isinstance(r, OrderRecord)]
    # only the two accepted messages were journaled, each by its sending cell
    assert [(r.order["verb"], r.order["target"], r.result["cell"]) for r in lines] == [
        ("message", "border_police", "trainee"), ("message", "trainee", "border_police")]
    verify = subprocess.run([sys.executable, "-m", "cpx.cli", "replay", str(journal), "--verify"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert verify.returncode == 0, verify.stdout + verify.stderr
