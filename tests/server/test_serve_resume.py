"""Nothing lost: a served exercise re-simulates exactly, and survives ``kill -9``."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from cpx.journal.reader import read_prefix, OrderRecord
from tests.server.conftest import SURVEIL, Server, ask, collect, join


def replay_verify(journal) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cpx.cli", "replay", str(journal), "--verify"],
                          capture_output=True, text=True, timeout=600)


def give_orders(server, count: int) -> list[dict]:
    """The player gives ``count`` orders while the clock runs; their answers."""
    answers = []
    with join(server.url, server.token("player")) as (ws, _):
        for number in range(count):
            order = SURVEIL if number % 2 == 0 else dict(SURVEIL, unit="no_such_unit")
            answers.append(ask(ws, {"type": "order", "order": order}, "order_result"))
            time.sleep(0.3)  # the clock moves between orders: they land at other sim times
    return answers


def test_a_served_exercise_re_simulates_byte_for_byte(tmp_path):
    server = Server(["tutorial", "--seed", "5", "--speed", "300", "--journal", "live.jsonl"],
                    tmp_path)
    try:
        answers = give_orders(server, 4)
    finally:
        assert server.stop() == 0
    # the unit is then busy: later surveillance orders are refused, with a reason
    assert [a["accepted"] for a in answers][:2] == [True, False]
    assert all(a["reason"] for a in answers if not a["accepted"])
    times = [a["t"] for a in answers]
    assert times == sorted(times) and times[-1] > times[0]
    journal = tmp_path / "live.jsonl"
    orders = [r for r in read_prefix(journal).records if isinstance(r, OrderRecord)]
    assert [r.t for r in orders] == times
    done = replay_verify(journal)
    assert done.returncode == 0, done.stdout + done.stderr


def test_kill_9_then_resume_keeps_every_accepted_order_and_the_tokens(tmp_path):
    server = Server(["tutorial", "--seed", "9", "--speed", "300", "--journal", "live.jsonl"],
                    tmp_path)
    seats_before = server.seats_file().read_text()
    answers = give_orders(server, 3)
    accepted = [a for a in answers if a["accepted"]]
    assert accepted
    server.kill9()

    resumed = Server(["--resume", "live.jsonl"], tmp_path)
    try:
        assert any("resumed" in line for line in resumed.output)
        assert resumed.seats_file().read_text() == seats_before  # same seats, same tokens
        with join(resumed.url, resumed.token("player")) as (ws, welcome):
            assert welcome["role"] == "player" and welcome["paused"] is True
            assert welcome["now"] >= accepted[-1]["t"]
            events = collect(ws)
            assert events and [e["n"] for e in events] == list(range(len(events)))
            more = ask(ws, {"type": "order", "order": SURVEIL}, "order_result")
            assert more["t"] >= welcome["now"]
    finally:
        assert resumed.stop() == 0
    journal = tmp_path / "live.jsonl"
    orders = [r for r in read_prefix(journal).records if isinstance(r, OrderRecord)]
    ids = [r.result["order_id"] for r in orders if r.result["accepted"]]
    assert ids[: len(accepted)] == [a["order_id"] for a in accepted]
    assert len(orders) == len(answers) + 1
    done = replay_verify(journal)
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads((tmp_path / "live.jsonl.seats.json").read_text())
