"""Benchmark of ``cpx serve``: how fast an order's event reaches every seat that may see it.

A real server (``cpx serve SCENARIO --speed 600``) runs in its own process; ``--seats``
WebSocket clients join it (player, EXCON and evaluator tokens in turn) and follow their
streams while the clock runs. One player gives ``--orders`` orders the world refuses
(an unknown unit, so they can be given again and again); each refusal is an
``order.rejected`` event that every seat may see. Reported:

* ``answer_ms_p50/p95`` — order sent to ``order_result`` back (the order line is
  fsync'ed in between);
* ``fanout_ms_p50/p95/max`` — order sent to its event received, over every seat;
* ``sim_minutes_per_s`` — how fast the clock really ran while measuring (600 asked).

This is not yet the issue's load figure (20 bot seats, each event's emission to its
receipt): clock-driven events carry no server timestamp to measure from.

Run: ``python benchmarks/serve_latency.py [--scenario glass_lantern] [--seats 20] [--orders 40] [--json]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.serve_figures import report, served, spread  # noqa: E402


async def measure(url: str, seats: list[dict], count: int, orders: int) -> dict:
    tokens = [seats[i % len(seats)]["token"] for i in range(count)]
    seen: dict[int, list[float]] = {}
    clocks: list[tuple[float, int]] = []

    async def follow(token: str, ready: asyncio.Event, index: int) -> None:
        async with connect(url, max_size=None) as ws:
            await ws.send(json.dumps({"type": "hello", "protocol": 1, "token": token}))
            await ws.recv()
            await ws.send(json.dumps({"type": "subscribe", "since": 0}))
            ready.set()
            async for raw in ws:
                now = time.perf_counter()
                message = json.loads(raw)
                if message["type"] != "events":
                    continue
                if index == 0:
                    clocks.append((now, message["now"]))
                for event in message["events"]:
                    if event["kind"] == "order.rejected":
                        target = event["payload"]["order"]["target"]
                        if target.startswith("bench-"):
                            seen.setdefault(int(target[6:]), []).append(now)

    readies = [asyncio.Event() for _ in tokens]
    followers = [asyncio.create_task(follow(t, r, i)) for i, (t, r) in enumerate(zip(tokens, readies))]
    await asyncio.gather(*(r.wait() for r in readies))
    await asyncio.sleep(1.0)
    player = next(s["token"] for s in seats if s["role"] == "player")
    sent: dict[int, float] = {}
    answers: list[float] = []
    async with connect(url) as ws:
        await ws.send(json.dumps({"type": "hello", "protocol": 1, "token": player}))
        await ws.recv()
        for number in range(orders):
            order = {"verb": "surveil", "unit": "bench_ghost", "target": f"bench-{number}"}
            sent[number] = time.perf_counter()
            await ws.send(json.dumps({"type": "order", "order": order}))
            while json.loads(await ws.recv())["type"] != "order_result":
                pass
            answers.append((time.perf_counter() - sent[number]) * 1000)
            await asyncio.sleep(0.1)
    await asyncio.sleep(1.0)
    for task in followers:
        task.cancel()
    fanout = [(t - sent[n]) * 1000 for n, times in seen.items() for t in times]
    expected = orders * count
    (t0, m0), (t1, m1) = clocks[0], clocks[-1]
    return {
        "seats": count, "orders": orders, "deliveries": len(fanout), "expected": expected,
        **spread("answer_ms", answers, most=False),
        **spread("fanout_ms", fanout),
        "sim_minutes_per_s": round((m1 - m0) / (t1 - t0), 1) if t1 > t0 else None,
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="glass_lantern")
    parser.add_argument("--seats", type=int, default=20)
    parser.add_argument("--orders", type=int, default=40)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with served(args.scenario, "bench.jsonl", "--speed", "600") as (url, seats):
        figures = asyncio.run(measure(url, seats, args.seats, args.orders))
    report(figures, args.json)
    return figures


if __name__ == "__main__":
    main()
