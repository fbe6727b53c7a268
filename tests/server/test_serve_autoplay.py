"""Engine-played empty seats in ``cpx serve``: a real server of the flagship, real clients.

Cells nobody has joined are played by the policy the scenario names for them; their
orders and messages are journaled, so ``cpx replay --verify`` needs no policy. A cell
whose player joins is the player's from that moment (journaled: a resumed server does
not hand it back). ``--no-autoplay`` leaves empty cells idle.
"""

from __future__ import annotations

import subprocess
import sys

from cpx.journal.reader import ExconRecord, OrderRecord, read_prefix
from tests.server.conftest import Server, ask, join, receive
from tests.server.test_serve_cell_messages import cell_token

ALERT = {"type": "order", "order": {"verb": "border_alert", "target": "brenna_crossing",
                                    "params": {"hours": 48}}}


def play_until_border_police_answers(server: Server) -> list[dict]:
    """Join the trainee seat only, ask the border police for an alert, run the clock
    until the border police cell's answer arrives; the trainee's events."""
    with join(server.url, cell_token(server, "trainee")) as (trainee, _), \
            join(server.url, server.token("excon")) as (excon, _):
        assert ask(trainee, ALERT, "order_result")["accepted"]
        trainee.send('{"type": "subscribe", "since": 0}')
        ask(excon, {"type": "control", "action": "resume"}, "clock")
        seen: list[dict] = []
        while not any(e["kind"] == "cell.message" for e in seen):
            seen.extend(receive(trainee, "events", timeout=120)["events"])
        ask(excon, {"type": "control", "action": "pause"}, "clock")
    return seen


def verify(journal) -> None:
    run = subprocess.run([sys.executable, "-m", "cpx.cli", "replay", str(journal), "--verify"],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr


def orders_by_cell(journal) -> dict[str, list[OrderRecord]]:
    cells: dict[str, list[OrderRecord]] = {}
    for record in read_prefix(journal).records:
        if isinstance(record, OrderRecord):
            cells.setdefault(record.result.get("cell"), []).append(record)
    return cells


def test_empty_cells_are_played_by_the_engine_until_their_player_joins(tmp_path):
    server = Server(["glass_lantern", "--seed", "5", "--speed", "600", "--paused",
                     "--journal", "auto.jsonl"], tmp_path)
    try:
        listing = "".join(server.output)
        for cell in ("trainee", "border_police", "military_police"):
            assert f"cell {cell} (played by the engine, baseline" in listing, listing
        seen = play_until_border_police_answers(server)
        answer = next(e for e in seen if e["kind"] == "cell.message")
        assert answer["payload"]["from"] == "border_police"
        assert "border alert" in answer["payload"]["text"]
        server.kill9()  # a crash: the cell the trainee took stays the trainee's
    finally:
        server.stop()
    journal = server.journal()
    records = read_prefix(journal).records
    seats = [r for r in records if isinstance(r, ExconRecord) and r.action.get("do") == "seat"]
    assert [(r.action, r.author, r.t) for r in seats] == [
        ({"do": "seat", "cell": "trainee"}, "player-trainee", 0)]
    cells = orders_by_cell(journal)
    # the trainee gave one order, the engine none for it; the border police answered
    assert [r.order["verb"] for r in cells["trainee"]] == ["border_alert"]
    assert [r.order["verb"] for r in cells["border_police"]] == ["message"]

    resumed = Server(["--resume", "auto.jsonl"], tmp_path)
    try:
        listing = "".join(resumed.output)
        assert "cell trainee\n" in listing, listing
        assert "cell border_police (played by the engine" in listing
        # the trainee rejoins: its cell is already its own, nothing more is journaled
        with join(resumed.url, cell_token(resumed, "trainee")) as (_trainee, welcome):
            assert welcome["cell"] == "trainee"
    finally:
        assert resumed.stop() == 0
    seats = [r for r in read_prefix(journal).records
             if isinstance(r, ExconRecord) and r.action.get("do") == "seat"]
    assert len(seats) == 1
    verify(journal)


def test_no_autoplay_leaves_empty_cells_idle(tmp_path):
    server = Server(["glass_lantern", "--seed", "5", "--speed", "600", "--paused",
                     "--no-autoplay", "--journal", "idle.jsonl"], tmp_path)
    try:
        assert "played by the engine" not in "".join(server.output)
        with join(server.url, cell_token(server, "trainee")) as (trainee, _), \
                join(server.url, server.token("excon")) as (excon, _):
            assert ask(trainee, ALERT, "order_result")["accepted"]
            ask(excon, {"type": "control", "action": "resume"}, "clock")
            # run a day: the border police cell, idle, never answers
            while ask(excon, {"type": "ping"}, "pong")["now"] < 1440:
                pass
    finally:
        assert server.stop() == 0
    journal = server.journal()
    assert set(orders_by_cell(journal)) == {"trainee"}
    assert not [r for r in read_prefix(journal).records if isinstance(r, ExconRecord)
                and r.action.get("do") == "seat"]
    verify(journal)
