"""``kill -9`` of a served exercise, then ``--resume``: the engine-played cells do not
give again what they ordered before the crash (issue 12).

A real ``cpx serve`` process plays the flagship, every cell by the engine; it is killed
with SIGKILL part-way through the first day, resumed from its journal and played on for
more than a day. No order an engine-played cell gave before the crash is given again
within the time in which its policy gives it once (an informant tasked once a day, a
victim referred once), and the journal still re-simulates byte for byte.
"""

from __future__ import annotations

import time

from cpx.journal.reader import OrderRecord, read_prefix
from tests.server.conftest import Server, ask, join
from tests.server.test_serve_resume import replay_verify

ONCE = float("inf")
WINDOW = {"task_informant": 1440, "border_alert": 2 * 1440, "identify_victim": ONCE,
          "refer_victim": ONCE, "raid": ONCE, "financial_investigation": ONCE,
          "cross_border_request": ONCE, "report_misconduct": ONCE, "public_statement": ONCE,
          "integrity_check": ONCE, "residence_permit": ONCE}
"""Sim minutes within which a sound commander gives the same order for the same target
once: the baseline policy's own rhythm (cpx.engine.policies)."""


def run_clock(server: Server, speed: float, until: int) -> int:
    """As EXCON: run the clock at ``speed`` until sim time ``until``; the time reached."""
    with join(server.url, server.token("excon")) as (ws, _):
        ask(ws, {"type": "control", "action": "speed", "speed": speed}, "clock")
        ask(ws, {"type": "control", "action": "resume"}, "clock")
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            pong = ask(ws, {"type": "ping"}, "pong")
            if pong["now"] >= until or pong["finished"]:
                return pong["now"]
            time.sleep(0.2)
    raise AssertionError(f"the clock did not reach {until}")


def orders_of(journal) -> list[OrderRecord]:
    return [r for r in read_prefix(journal).records if isinstance(r, OrderRecord)]


def test_engine_played_cells_do_not_repeat_their_orders_after_kill_9(tmp_path):
    server = Server(["glass_lantern", "--seed", "2", "--speed", "60", "--paused",
                     "--journal", "live.jsonl"], tmp_path)
    assert any("played by the engine" in line for line in server.output)
    run_clock(server, 120, 7 * 60)  # into the first morning: informants tasked, alerts out
    server.kill9()
    journal = tmp_path / "live.jsonl"
    before = orders_of(journal)
    crash = max(r.t for r in read_prefix(journal).records if hasattr(r, "t"))
    assert {r.order["verb"] for r in before} >= {"task_informant"}

    resumed = Server(["--resume", "live.jsonl"], tmp_path)
    try:
        assert any("resumed" in line for line in resumed.output)
        run_clock(resumed, 600, crash + 26 * 60)
    finally:
        assert resumed.stop() == 0
    after = orders_of(journal)[len(before):]
    assert after, "the engine-played cells went on giving orders after the resume"
    last: dict[tuple, int] = {}
    for record in before:
        key = (record.result.get("cell"), record.order["verb"], record.order.get("target"))
        last[key] = record.t
    repeated = []
    for record in after:
        verb = record.order["verb"]
        key = (record.result.get("cell"), verb, record.order.get("target"))
        if key in last and record.t - last[key] < WINDOW.get(verb, 0):
            repeated.append((key, last[key], record.t))
    assert not repeated, f"given again after the resume (order, before, after): {repeated}"
    done = replay_verify(journal)
    assert done.returncode == 0, done.stdout + done.stderr
