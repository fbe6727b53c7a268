"""One clock tick of the command post at ×600, with 10,000 messages in the feed.

The flagship runs headless in the real app (80×24). The feed is filled with 10,000
messages — the cell's real messages from a 5-day baseline run, repeated — and the clock
runs at ×600. A sample is one ``tick(0.1)`` (the timer's 100 ms: one sim minute), the
messages it causes processed, and the screen's update rendered (the compositor's
refresh, as the app's own refresh timer does it) — not Pilot.pause(), which sleeps. The same is
measured with an empty feed in the same run, so the ratio shows what the feed costs.

    python benchmarks/ui_tick.py [--ticks 200] [--messages 10000] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = str(ROOT / "scenarios" / "glass_lantern.yaml")


def real_messages(count: int):
    """``count`` feed items and their events, cycling a 5-day baseline run's messages."""
    from cpx.engine.policies import make_policy, play
    from cpx.tui.driver import ExerciseDriver
    from cpx.tui.session import open_session

    session = open_session(SCENARIO, 1, write_journal=False)
    driver = ExerciseDriver(session)
    play(session.exercise, make_policy("baseline", session.exercise))
    update = driver.absorb()
    events = {item.seq: driver.event(item.seq) for item in update.items}
    items, by_seq = [], {}
    for n in range(count):
        item = update.items[n % len(update.items)]
        seq = 10_000_000 + n  # above any real seq: no clash with the live run's events
        items.append(dataclasses.replace(item, seq=seq))
        by_seq[seq] = events[item.seq]
    return items, by_seq


async def sample(messages: int, ticks: int) -> list[float]:
    """Milliseconds per tick + refresh with ``messages`` in the feed."""
    from cpx.tui.app import PlayApp
    from cpx.tui.clock import ExerciseClock
    from cpx.tui.session import open_session
    from cpx.tui.widgets.feed import MessageFeed

    items, by_seq = real_messages(messages) if messages else ([], {})
    session = open_session(SCENARIO, 1, write_journal=False)
    app = PlayApp(session, tick_seconds=None, clock=ExerciseClock(speed_index=3))
    times = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        screen = app.command_post
        app.driver._events_by_seq.update(by_seq)
        screen.query_one(MessageFeed).add(items)
        await pilot.pause()
        assert app.driver.clock.speed == 600 and not app.driver.clock.paused
        for _ in range(ticks):
            start = time.perf_counter()
            screen.tick(0.1)
            await pilot._wait_for_screen()
            app.screen._on_timer_update()
            times.append((time.perf_counter() - start) * 1000)
        assert screen.query_one(MessageFeed).shown_count >= messages
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ticks", type=int, default=200)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    empty = asyncio.run(sample(0, args.ticks))
    full = asyncio.run(sample(args.messages, args.ticks))
    result = {
        "messages": args.messages,
        "ticks": args.ticks,
        "tick_ms_median": round(statistics.median(full), 2),
        "tick_ms_p95": round(sorted(full)[int(0.95 * len(full)) - 1], 2),
        "tick_ms_median_empty_feed": round(statistics.median(empty), 2),
        "ratio_full_over_empty": round(statistics.median(full) / statistics.median(empty), 2),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"tick + refresh at ×600 with {args.messages} messages: median "
              f"{result['tick_ms_median']} ms, p95 {result['tick_ms_p95']} ms (aim < 50 ms)")
        print(f"same with an empty feed: median {result['tick_ms_median_empty_feed']} ms "
              f"(ratio {result['ratio_full_over_empty']})")


if __name__ == "__main__":
    main()
