"""Load benchmark of ``cpx serve``: bot seats playing a served exercise at ×600.

A real server (``cpx serve SCENARIO --speed 10``: 10 sim minutes per real second, the
command post's ×600) runs in its own process; ``--seats`` bot clients
(:mod:`cpx.server.bots`) join it with the player cells' tokens, follow their cells'
streams and each give a plausible order every ``--order-every`` seconds, while an EXCON
connection pings the clock once a second. Reported:

* ``event_ms_p50/p95/max`` — for every event at every seat that may see it: when it
  arrived minus when the server produced it (the ``produced`` stamp of its message;
  the oldest event of a message stamps all of it, so the figure errs high);
* ``complete`` — whether every seat of a cell received every event of that cell;
* ``answer_ms_p50/p95`` — an order sent to its answer back (fsync'ed in between);
* ``sim_minutes_per_s`` — how fast the server's clock really ran (``speed`` asked) and
  ``clock_lag_s`` — how far behind the asked clock it was at the end, in real seconds
  (the drift of sim time against wall time);
* ``orders``, ``accepted``, ``events``, ``deliveries``.

Run: ``python benchmarks/serve_load.py [--scenario glass_lantern] [--seats 20] [--speed 10]
[--seconds 60] [--json]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.serve_figures import report, served, spread  # noqa: E402
from cpx.server.bots import Bot  # noqa: E402


async def measure(url: str, seats: list[dict], count: int, seconds: float,
                  order_every: float) -> dict:
    from websockets.asyncio.client import connect

    players = [s for s in seats if s["role"] == "player"]
    excon = next(s["token"] for s in seats if s["role"] == "excon")
    bots = [Bot(url, players[i % len(players)]["token"], seed=i, order_every=order_every)
            for i in range(count)]
    stop, quiet = asyncio.Event(), asyncio.Event()
    tasks = [asyncio.create_task(bot.run(stop, quiet)) for bot in bots]
    await asyncio.sleep(2.0)  # every bot seated and subscribed before the clock runs
    async with connect(url) as control:
        await control.send(json.dumps({"type": "hello", "protocol": 1, "token": excon}))
        await control.recv()

        async def ask(message: dict, want: str) -> dict:
            await control.send(json.dumps(message))
            while True:
                answer = json.loads(await control.recv())
                if answer["type"] == want:
                    return answer

        start = await ask({"type": "control", "action": "resume"}, "clock")
        wall0 = time.perf_counter()
        pongs = []
        while time.perf_counter() - wall0 < seconds:
            await asyncio.sleep(1.0)
            pong = await ask({"type": "ping"}, "pong")
            pongs.append((time.perf_counter() - wall0, pong["now"]))
            if pong["finished"]:
                break
        end = await ask({"type": "control", "action": "pause"}, "clock")
        wall = time.perf_counter() - wall0
    quiet.set()
    await asyncio.sleep(3.0)  # no more orders: the last events reach every seat
    stop.set()
    stats = await asyncio.gather(*tasks)
    speed = start["speed"]
    ran = end["now"] - start["now"]
    asked = min(speed * wall, end["end"] - start["now"])
    latencies = [ms for s in stats for ms in s.latencies_ms]
    answers = [ms for s in stats for ms in s.answers_ms]
    by_cell: dict[str, set[int]] = {}  # every seat of a cell got the same events
    for bot, s in zip(bots, stats):
        by_cell.setdefault(bot.cell, set()).add(s.events)
    return {
        "seats": count, "cells": len(by_cell), "seconds": round(wall, 1), "speed": speed,
        "events": max(s.events for s in stats), "deliveries": len(latencies),
        "complete": all(len(counts) == 1 for counts in by_cell.values()),
        **spread("event_ms", latencies),
        "orders": sum(s.orders for s in stats), "accepted": sum(s.accepted for s in stats),
        "messages": sum(s.messages for s in stats),
        **spread("answer_ms", answers, most=False),
        "sim_minutes_per_s": round(ran / wall, 2) if wall else None,
        "clock_lag_s": round(max(0.0, asked - ran) / speed, 2),
        "errors": sorted({e for s in stats for e in s.errors}),
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="glass_lantern")
    parser.add_argument("--seats", type=int, default=20)
    parser.add_argument("--speed", type=float, default=10.0,
                        help="sim minutes per real second (10 = the command post's ×600)")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--order-every", type=float, default=3.0,
                        help="mean real seconds between two orders of one bot")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    # paused until the bots are seated (measure resumes the clock)
    options = ("--speed", str(args.speed), "--paused")
    with served(args.scenario, "load.jsonl", *options) as (url, seats):
        figures = asyncio.run(measure(url, seats, args.seats, args.seconds, args.order_every))
    report(figures, args.json)
    return figures


if __name__ == "__main__":
    main()
