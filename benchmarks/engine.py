"""Engine benchmark: throughput against bare SimPy, the flagship's wall time, scaling.

Run from the repository root::

    python -m benchmarks.engine            # a table, with what each figure means
    python -m benchmarks.engine --json     # the six figures, for CI or a spreadsheet
    python -m benchmarks.engine --profile  # plus where the flagship run spends its time

Figures (``docs/performance.md`` explains them and records the last measurement):

* ``engine_events_per_s`` — SimPy events the engine processes per second of wall time
  while playing the flagship for 5 days with the baseline policy (no journal): each
  event carries the engine's own work (network, informants, orders, pictures).
* ``simpy_events_per_s`` — the same number of SimPy events, with the same mix of
  process starts, timeouts and plain events and as many processes, in bare SimPy whose
  processes do nothing else; measured in the same run, on the same machine.
* ``ratio`` — engine / bare SimPy (aim ≥ 0.25).
* ``flagship_5d_s`` — wall seconds to build the flagship exercise and play 5 days with
  the baseline policy, after imports and scenario loading; median of ``--runs`` (aim < 1).
* ``scale_10x_over_1x``, ``scale_100x_over_1x`` — wall time of the passive network when
  it is 10× and 100× larger (:mod:`benchmarks.scaled`), over the 1× time (aim: about
  10 and 100, i.e. linear).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import pstats
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import simpy

from benchmarks.scaled import scale_scenario
from cpx.commands.run import play
from cpx.engine import clock
from cpx.engine.exercise import Exercise
from cpx.journal.scenario_source import open_scenario
from cpx.journal.writer import JournalWriter
from cpx.scenario.timefmt import parse_duration

FLAGSHIP = "glass_lantern"
SEED = 1


def timed(action: Callable[[], Any], runs: int) -> float:
    """The median wall time of ``runs`` calls of ``action`` (garbage collected between)."""
    times = []
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


# ------------------------------------------------------------------ the engine's event mix


def engine_mix(scenario: Any, policy: str, until: int) -> Counter[str]:
    """How many SimPy events of each kind the engine processes in one run (instrumented)."""
    exercise = Exercise(scenario, SEED)
    env = exercise.env
    mix: Counter[str] = Counter()
    original_step = env.step

    def counting_step() -> None:
        # the event about to be processed is at the head of SimPy's heap
        if env._queue:
            mix[_kind(env._queue[0])] += 1
        original_step()

    env.step = counting_step  # Environment.run looks step up on the instance each time
    play(exercise, policy, until=until)
    return mix


def _kind(entry: tuple) -> str:
    event = entry[3]
    if len(entry) >= 5:  # the clock's light entries (cpx.engine.clock)
        if getattr(event, "__self__", None).__class__ is clock.Process:
            return "process_start" if entry[1] == simpy.events.URGENT else "timeout"
        return "other"
    if isinstance(event, simpy.events.Initialize):
        return "process_start"
    if isinstance(event, simpy.events.Process):
        return "process_end"
    if isinstance(event, simpy.events.Timeout):
        return "timeout"
    return "other"


def engine_play_seconds(scenario: Any, policy: str, until: int) -> tuple[float, int, float]:
    """Wall time of one play (construction not counted), the events it emitted, CPU time."""
    exercise = Exercise(scenario, SEED)
    gc.collect()
    started, cpu = time.perf_counter(), time.process_time()
    play(exercise, policy, until=until)
    return time.perf_counter() - started, len(exercise.events), time.process_time() - cpu


def cpu_timed(action: Callable[[], Any]) -> float:
    """The CPU time of one call of ``action`` (after a garbage collection)."""
    gc.collect()
    cpu = time.process_time()
    action()
    return time.process_time() - cpu


def throughput(scenario: Any, mix: Counter[str], until: int, runs: int) -> dict[str, float]:
    """Engine and bare-SimPy rates, timed alternately so both see the same machine load."""
    total = sum(mix.values())
    repeat = 20  # the bare mix is short: repeat it so one timing is not lost in timer noise
    bare = bare_simpy(mix, repeat)
    bare()  # warm-up
    engine_times, bare_times, engine_cpu, bare_cpu = [], [], [], []
    emitted = 0
    for _ in range(runs):
        seconds, emitted, cpu = engine_play_seconds(scenario, "baseline", until)
        engine_times.append(seconds)
        engine_cpu.append(cpu)
        bare_times.append(timed(bare, 1) / repeat)
        bare_cpu.append(cpu_timed(bare) / repeat)
    engine_s, bare_s = statistics.median(engine_times), statistics.median(bare_times)
    return {
        "engine": total / engine_s,
        "simpy": total / bare_s,
        "emitted": emitted,
        "emitted_per_s": emitted / engine_s,
        # CPU time is less disturbed by other jobs on a shared machine than wall time:
        # shown beside the wall-time ratio (the figure itself), never instead of it.
        "ratio_cpu": min(bare_cpu) / min(engine_cpu) if min(engine_cpu) > 0 else 0.0,
        "us_per_event": 1e6 * engine_s / total,
        "bare_us_per_event": 1e6 * bare_s / total,
    }


# ------------------------------------------------------------------ bare SimPy, same mix


def bare_simpy(mix: Counter[str], repeat: int = 1) -> Callable[[], int]:
    """A bare-SimPy run with the engine's event mix: as many processes, timeouts, plain events."""
    processes = max(1, mix["process_start"])
    timeouts = mix["timeout"]
    others = mix["other"]
    per_process = timeouts // processes
    extra = timeouts - per_process * processes
    others_every = max(1, timeouts // others) if others else 0

    def run() -> int:
        done = 0
        for _ in range(repeat):
            done += run_once()
        return done

    def run_once() -> int:
        env = simpy.Environment()
        count = [0]

        def worker(index: int, steps: int):
            delay = 1 + index % 97
            for step in range(steps):
                yield env.timeout(delay + step % 7)
                count[0] += 1
                if others_every and count[0] % others_every == 0:
                    signal = env.event()
                    signal.succeed(count[0])
                    yield signal

        for index in range(processes):
            env.process(worker(index, per_process + (1 if index < extra else 0)))
        env.run()
        return count[0]

    return run


# ------------------------------------------------------------------ the figures


def flagship_seconds(scenario: Any, until: int, runs: int) -> float:
    """Median wall time of building and playing the flagship with the baseline policy."""
    return timed(lambda: play(Exercise(scenario, SEED), "baseline", until=until), runs)


def journaled_seconds(source: Any, until: int, runs: int) -> float:
    """As :func:`flagship_seconds`, journaling to a durable file (fsync after each order)."""
    with tempfile.TemporaryDirectory(prefix="cpx-bench-") as scratch:
        counter = iter(range(runs))

        def one() -> None:
            path = Path(scratch) / f"run{next(counter)}.jsonl"
            writer = JournalWriter(path, source.scenario, SEED, source.sha256)
            exercise = Exercise(source.scenario, SEED, journal=writer)
            play(exercise, "baseline", until=until)
            writer.close(t=exercise.now, state_hash=exercise.state_hash())

        return timed(one, runs)


def scaling(scenario: Any, until: int, runs: int) -> dict[int, float]:
    """Median wall time of the passive network at 1×, 10× and 100× its size."""
    results = {}
    for factor in (1, 10, 100):
        scaled = scale_scenario(scenario, factor)
        results[factor] = timed(
            lambda: play(Exercise(scaled, SEED), "passive", until=until),
            runs if factor < 100 else max(1, runs // 3),
        )
    return results


def profile(scenario: Any, until: int, top: int = 25) -> str:
    """Where one flagship run spends its time (cProfile, by internal time)."""
    profiler = cProfile.Profile()
    exercise = Exercise(scenario, SEED)
    profiler.enable()
    play(exercise, "baseline", until=until)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    out.write("Share of internal time by module:\n")
    for share, module in module_shares(stats)[:12]:
        out.write(f"  {share:5.1f} %  {module}\n")
    out.write("\n")
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def module_shares(stats: pstats.Stats) -> list[tuple[float, str]]:
    """(percent of internal time, module) for the profiled run, largest first."""
    by_module: Counter[str] = Counter()
    for (filename, _line, function), row in stats.stats.items():  # type: ignore[attr-defined]
        if filename == "~":
            module = "built-ins (sorted, dict.get, heapq, ...)"
        elif "/simpy/" in filename:
            module = "simpy"
        elif "/numpy/" in filename:
            module = "numpy"
        elif "/cpx/" in filename:
            module = "cpx/" + filename.split("/cpx/", 1)[1]
        else:
            module = Path(filename).name
        by_module[module] += row[2]
    total = sum(by_module.values()) or 1.0
    return sorted(((100 * t / total, m) for m, t in by_module.items()), reverse=True)


def measure(runs: int, until: int, scale_until: int) -> dict[str, Any]:
    """Every figure, plus the details behind them."""
    source = open_scenario(FLAGSHIP)
    scenario = source.scenario
    mix = engine_mix(scenario, "baseline", until)
    rates = throughput(scenario, mix, until, runs)
    engine, simpy_rate = rates["engine"], rates["simpy"]
    flagship = flagship_seconds(scenario, until, runs)
    journaled = journaled_seconds(source, until, max(1, runs // 2))
    scale = scaling(scenario, scale_until, runs)
    return {
        "figures": {
            "engine_events_per_s": round(engine),
            "simpy_events_per_s": round(simpy_rate),
            "ratio": round(engine / simpy_rate, 3),
            "flagship_5d_s": round(flagship, 3),
            "scale_10x_over_1x": round(scale[10] / scale[1], 2),
            "scale_100x_over_1x": round(scale[100] / scale[1], 2),
        },
        "details": {
            "mix": dict(mix),
            "journal_events": rates["emitted"],
            "journal_events_per_s": round(rates["emitted_per_s"]),
            "ratio_cpu_best": round(rates["ratio_cpu"], 3),
            "us_per_event": round(rates["us_per_event"], 1),
            "bare_us_per_event": round(rates["bare_us_per_event"], 2),
            "flagship_5d_journaled_s": round(journaled, 3),
            "scale_seconds": {f"{k}x": round(v, 3) for k, v in scale.items()},
            "runs": runs,
            "until_min": until,
            "scale_until_min": scale_until,
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.engine", description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print only the six figures as JSON")
    parser.add_argument("--runs", type=int, default=5, help="runs per timing (median; default 5)")
    parser.add_argument("--until", default="5d", help="flagship run length (default 5d)")
    parser.add_argument("--scale-until", default="5d", help="run length of the scaling runs (default 5d)")
    parser.add_argument("--profile", action="store_true", help="also print a profile of the flagship run")
    args = parser.parse_args(argv)
    until, scale_until = parse_duration(args.until), parse_duration(args.scale_until)
    result = measure(args.runs, until, scale_until)
    if args.json:
        print(json.dumps(result["figures"], indent=2))
    else:
        figures, details = result["figures"], result["details"]
        print(f"engine        {figures['engine_events_per_s']:>10,} SimPy events/s (flagship, baseline, {args.until})")
        print(f"bare SimPy    {figures['simpy_events_per_s']:>10,} events/s, same mix {details['mix']}")
        print(f"ratio         {figures['ratio']:>10}  (aim >= 0.25; best CPU-time ratio "
              f"{details['ratio_cpu_best']}; {details['us_per_event']} us of wall time per SimPy "
              f"event, bare {details['bare_us_per_event']} us)")
        print(f"              ({details['journal_events']} journal events, {details['journal_events_per_s']:,}/s)")
        print(f"flagship      {figures['flagship_5d_s']:>10} s for {args.until}, baseline policy (aim < 1 s)")
        print(f"  journaled   {details['flagship_5d_journaled_s']:>10} s (durable journal, fsync after each order)")
        print(
            f"scaling       10x: {figures['scale_10x_over_1x']}x, 100x: {figures['scale_100x_over_1x']}x "
            f"the 1x time ({details['scale_seconds']}, passive, {args.scale_until}; aim ~10 and ~100)"
        )
    if args.profile:
        print(profile(open_scenario(FLAGSHIP).scenario, until), file=sys.stderr if args.json else sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
