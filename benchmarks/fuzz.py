"""The long fuzz: mutated scenario files and orders files, counted by what became of them.

Each scenario mutant (the bundled scenarios and the ``cpx new`` starter, edited at the
text, byte or value level) goes through ``cpx validate``'s check; every file it accepts
then runs a simulated day with the baseline policy giving orders. Each orders-file
mutant (a plan for the tutorial, edited the same way, plus alias bombs, deep nesting and
huge lists) goes through the loader; every file it accepts runs the tutorial to ENDEX,
journaled, and the journal is summarised.

A case ends in one of: ``refused`` (located problems, the expected answer to a bad
file), ``ran`` (accepted and run to the end), ``traceback`` (any other exception: a bug),
``hang`` (more than ``--timeout`` seconds) or ``memory`` (more than ``--memory-mb``). The
must-hold figure is zero tracebacks, zero hangs and zero memory failures; the first
cases of each failure are written to ``--out`` to reproduce.

Run: ``python benchmarks/fuzz.py [--scenarios 10000] [--orders 3000] [--seed 1]
[--workers 2] [--timeout 60] [--memory-mb 2048] [--out fuzz-failures] [--json]``.
Counts and the command are recorded in ``docs/reliability.md``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import resource
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

EDGE_VALUES = [
    "0", "-1", "1", "-0", "0.5", "1e308", "-1e308", "1e-320", ".nan", ".inf", "-.inf", ".NaN",
    "99999999999999999999", "9" * 4400, "9" * 30, "0x" + "f" * 20, "0o777", "1_000",
    "abc", "''", "null", "~", "true", "no", "[1, 2]", "{a: 1}", "[]", "{}", "D0 10:00",
    "D999999 10:00", "99999999999999999999d", "0m", "367d", "1e3m", "-5h", "*undefined",
    "!!python/object/apply:os.system ['true']", "!!binary aGk=", "&anchor 3", "'\x00'",
    "\"\\uD800\"", "é" * 3, "\t", "|\n  text", ">-", "2004-02-30T08:00", "25:61",
]
NOISE = list(":-[]{}&*!|>'\"#%@`,?\t\n ~0123456789abcxyzé\x85\u2028")


def _mutate_text(text: str, rng: random.Random) -> str:
    """A few edits of ``text``: cut, insert noise, delete, duplicate, swap, odd value."""
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(["cut", "insert", "delete", "duplicate", "swap", "value", "value",
                           "value"])
        at = rng.randrange(max(len(text), 1))
        if kind == "cut":
            text = text[:at]
        elif kind == "insert":
            text = text[:at] + "".join(rng.choice(NOISE) for _ in range(rng.randint(1, 12))) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + rng.randint(1, 60):]
        elif kind == "value":
            colon = text.find(": ", at)
            if colon >= 0:
                stops = [i for i in (text.find(c, colon + 2) for c in ",}]\n") if i >= 0]
                text = text[:colon + 2] + rng.choice(EDGE_VALUES) + text[min(stops or [len(text)]):]
        else:
            lines = text.splitlines(keepends=True) or [""]
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            if kind == "duplicate":
                lines.insert(j, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            text = "".join(lines)
    return text


_NUMBER = re.compile(r"(?<=: )(-?\d+(\.\d+)?)(?=\s*[,}\n])")
_DURATION = re.compile(r"(?<=: )(\d+[mhdw])(?=\s*[,}\n])")


def _mutate_values(text: str, rng: random.Random) -> str:
    """Numbers and durations replaced by edge values, the rest intact (most stay valid)."""
    numbers = list(_NUMBER.finditer(text)) + list(_DURATION.finditer(text))
    for match in sorted(rng.sample(numbers, min(len(numbers), rng.randint(1, 4))),
                        key=lambda m: -m.start()):
        if match.re is _DURATION:
            value = rng.choice(["0m", "1m", "366d", "367d", "52w", "999999m", "1d 1m"])
        elif rng.random() < 0.6:  # near the original: most such files stay valid
            number = float(match.group(1))
            value = rng.choice([number * 2, number / 2, number + 1, max(number - 1, 0),
                                round(rng.random(), 2), 0, 1])
            value = str(int(value)) if match.group(2) is None else repr(float(value))
        else:
            value = rng.choice(["0", "-1", "1", "2", "0.01", "0.5", "24", "100", "1000", "1001",
                                "10000", "10001", "10000000", "1e308", ".nan", ".inf",
                                "99999999999999999999", "1e-320", str(rng.randint(-10, 5000)),
                                repr(rng.random())])
        text = text[:match.start()] + value + text[match.end():]
    return text


def _mutate_bytes(raw: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(max(len(raw), 1))
    junk = rng.choice([b"\xff", b"\x00", b"\xc3", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\x1b[2J"])
    return raw[:at] + junk + raw[at:]


# ----------------------------------------------------------------------------- cases

def _scenario_bases() -> list[str]:
    from cpx.scenario.starter import starter_text

    return [(ROOT / "scenarios" / "tutorial.yaml").read_text(encoding="utf-8")] * 3 + [
        (ROOT / "scenarios" / "glass_lantern.yaml").read_text(encoding="utf-8"), starter_text()]


PLAN = """\
- at: D1 09:00
  order: {verb: surveil, unit: tut_surveillance, target: bar_nightingale, params: {hours: 3}}
- at: D1 09:10
  order: {verb: task_informant, target: inf_robin, params: {subject: bar_nightingale}}
- at: D1 09:20
  order: {verb: request_warrant, target: bar_nightingale}
- at: D1 13:30
  order: {verb: surveil, unit: tut_surveillance, target: milo_tarn, params: {hours: 2}}
- at: D1 14:00
  order:
    verb: raid
    unit: tut_intervention
    target: bar_nightingale
    params: {support: safe_harbour, urgent: yes}
- at: D1 16:00
  order: {verb: interview, unit: tut_investigation, target: milo_tarn, params: {interpreter: yes}}
- at: D1 18:00
  order: {verb: cross_border_request, target: milo_tarn, params: {kind: jit}}
"""


ORDER_IDS = ["tut_surveillance", "tut_intervention", "tut_investigation", "bar_nightingale",
             "linden_road_flat", "milo_tarn", "rada_frey", "inf_robin", "safe_harbour",
             "velinor", "tarsk", "velinor_locals", "nobody", None]
PARAM_VALUES = [1, 3, 8, 72, 73, 0, -5, "8", "8h", "abc", 8.0, 8.5, float("nan"), float("inf"),
                10**20, True, False, "yes", "no", "mla", "jit", "milo_tarn", None, [1], {"a": 1}]


def _mutate_plan(rng: random.Random) -> str:
    """The plan with its orders' times, verbs, ids and details changed, as data: the file
    stays valid YAML, so the loader's checks of each order (and the engine) are reached."""
    import yaml

    from cpx.scenario.orders import DEFINITIONS

    items = yaml.safe_load(PLAN)
    for _ in range(rng.randint(1, 6)):
        item = rng.choice(items)
        order = item["order"]
        what = rng.choice(["at", "verb", "unit", "target", "param", "param", "drop", "copy"])
        if what == "at":
            minute = rng.randint(8 * 60, 24 * 60 - 1)
            item["at"] = f"D1 {minute // 60:02d}:{minute % 60:02d}"
        elif what == "verb":
            order["verb"] = rng.choice(list(DEFINITIONS))
        elif what in ("unit", "target"):
            order[what] = rng.choice(ORDER_IDS)
        elif what == "param":
            names = [p.name for p in DEFINITIONS.get(order["verb"], DEFINITIONS["surveil"]).parameters()]
            name = rng.choice(names + ["hours", "colour"]) if names else "hours"
            order.setdefault("params", {})[name] = rng.choice(PARAM_VALUES)
        elif what == "drop" and len(items) > 1:
            items.remove(item)
        else:
            items.append(json.loads(json.dumps(item)))
    return yaml.safe_dump(items, sort_keys=False, allow_unicode=True)


def _special_orders_file(rng: random.Random) -> bytes:
    """The hand-made kinds of hostile file: alias bombs, deep nesting, huge lists."""
    kind = rng.choice(["bomb", "nest", "many", "long", "params"])
    if kind == "bomb":
        depth = rng.randint(5, 12)
        lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, depth)]
        lines.append(f"- at: D1 10:00\n  order: {{verb: surveil, params: {{hours: *a{depth - 1}}}}}")
        return "\n".join(lines).encode()
    if kind == "nest":
        n = rng.randint(50, 5000)
        return ("- at: D1 10:00\n  order: {verb: surveil, params: {hours: " + "[" * n + "]" * n
                + "}}\n").encode()
    if kind == "many":
        n = rng.choice([100, 10_001, 20_000])
        return ("- {at: D1 10:00, order: {verb: task_informant, target: inf_robin}}\n" * n).encode()
    if kind == "long":
        return ("- at: D1 10:00\n  order: {verb: surveil, target: " + "x" * rng.randint(60, 100_000)
                + "}\n").encode()
    key = rng.choice(["hours", "kind", "urgent", "subject", "support", "x" * 40, "1", "[a]"])
    return (f"- at: D1 10:00\n  order: {{verb: surveil, unit: tut_surveillance, target: "
            f"bar_nightingale, params: {{{key}: {rng.choice(EDGE_VALUES)}}}}}\n").encode()


def make_case(kind: str, index: int, seed: int) -> bytes:
    """The bytes of case ``index`` of ``kind`` (``scenario`` or ``orders``): reproducible."""
    rng = random.Random(f"{seed}:{kind}:{index}")
    if kind == "scenario":
        bases = _scenario_bases()
        text = bases[index % len(bases)]
        how = rng.random()
        if how < 0.45:
            text = _mutate_values(text, rng)
        elif how < 0.9:
            text = _mutate_text(text, rng)
        else:
            return _mutate_bytes(_mutate_text(text, rng).encode("utf-8", "surrogatepass"), rng)
        return text.encode("utf-8", "surrogatepass")
    how = rng.random()
    if how < 0.15:
        return _special_orders_file(rng)
    if how < 0.6:
        return _mutate_plan(rng).encode("utf-8")
    text = _mutate_text(PLAN, rng) if how < 0.9 else PLAN
    raw = text.encode("utf-8", "surrogatepass")
    return _mutate_bytes(raw, rng) if how >= 0.9 else raw


# ----------------------------------------------------------------------------- running

class _Hang(Exception):
    pass


def _alarm(_signum, _frame):
    raise _Hang()


def _run_scenario(raw: bytes) -> str:
    from cpx.commands.run import run_exercise
    from cpx.scenario import check_bytes

    result = check_bytes(raw, "mutant.yaml")
    if not result.ok:
        if not result.problems or any(p.line < 1 or not p.message for p in result.problems):
            raise AssertionError("refused without a located problem")
        return "refused"
    run_exercise(result.scenario, 1, "baseline", until=24 * 60)
    return "ran"


_TUTORIAL = None


def _run_orders(raw: bytes, scratch: str) -> str:
    from cpx.commands.run import run_exercise
    from cpx.journal.orders_file import OrdersFileError, load_orders
    from cpx.journal.scenario_source import open_scenario
    from cpx.journal.summary import summarize
    from cpx.journal.writer import JournalWriter
    from cpx.scenario.loader import startex_minute_of_day

    global _TUTORIAL
    if _TUTORIAL is None:  # read once per worker: the cases are the orders files
        _TUTORIAL = open_scenario("tutorial")
    source = _TUTORIAL
    scenario = source.scenario
    plan = Path(scratch) / "plan.yaml"
    plan.write_bytes(raw)
    try:
        planned = load_orders(plan, startex_minute_of_day(scenario), int(scenario.meta.duration))
    except OrdersFileError as error:
        if not error.problems or any(p.line < 1 or not p.message for p in error.problems):
            raise AssertionError("refused without a located problem") from None
        return "refused"
    journal = Path(scratch) / "run.jsonl"
    journal.unlink(missing_ok=True)
    writer = JournalWriter(journal, scenario, 1, source.sha256, str(source.path))
    results: list = []
    exercise = run_exercise(scenario, 1, "passive", planned, None, writer, results)
    writer.close(t=exercise.now, state_hash=exercise.state_hash())
    summarize(exercise.events, results)
    return "ran"


def _init_worker(memory_mb: int) -> None:
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    signal.signal(signal.SIGALRM, _alarm)


def _one(job: tuple[str, int, int, int]) -> tuple[str, int, str, str]:
    kind, index, seed, timeout = job
    raw = make_case(kind, index, seed)
    signal.alarm(timeout)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            outcome = _run_scenario(raw) if kind == "scenario" else _run_orders(raw, scratch)
        return kind, index, outcome, ""
    except _Hang:
        return kind, index, "hang", f"more than {timeout} s"
    except MemoryError:
        return kind, index, "memory", "MemoryError"
    except BaseException:  # noqa: BLE001 - every escape is what the fuzz counts
        return kind, index, "traceback", traceback.format_exc(limit=8)
    finally:
        signal.alarm(0)


def main(argv: list[str] | None = None) -> int:
    """Run the fuzz and print the counts; exit 1 if any traceback, hang or memory failure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=10_000)
    parser.add_argument("--orders", type=int, default=3_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=60, help="seconds before a case is a hang")
    parser.add_argument("--memory-mb", type=int, default=2048, help="memory cap of a worker")
    parser.add_argument("--out", default="fuzz-failures", help="where failing cases are written")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    jobs = [("scenario", i, args.seed, args.timeout) for i in range(args.scenarios)]
    jobs += [("orders", i, args.seed, args.timeout) for i in range(args.orders)]
    counts: dict[str, Counter] = {"scenario": Counter(), "orders": Counter()}
    failures: list[tuple[str, int, str, str]] = []
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(
            args.workers, _init_worker, (args.memory_mb,), maxtasksperchild=200) as pool:
        for done, (kind, index, outcome, detail) in enumerate(
                pool.imap_unordered(_one, jobs, chunksize=4), 1):
            counts[kind][outcome] += 1
            if outcome not in ("refused", "ran"):
                failures.append((kind, index, outcome, detail))
            if done % 250 == 0 and not args.json:
                so_far = "; ".join(f"{k}: " + ", ".join(f"{o} {n}" for o, n in sorted(c.items()))
                                   for k, c in counts.items())
                print(f"  {done:,}/{len(jobs):,} cases, {time.perf_counter() - started:.0f} s "
                      f"({so_far})", file=sys.stderr, flush=True)
    wall = time.perf_counter() - started
    if failures:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for kind, index, outcome, detail in failures[:50]:
            stem = out / f"{kind}-{index}"
            stem.with_suffix(".yaml").write_bytes(make_case(kind, index, args.seed))
            stem.with_suffix(".txt").write_text(f"{outcome}\n{detail}", encoding="utf-8")
    report = {
        kind: {"cases": sum(c.values()), **{k: c.get(k, 0) for k in
                                            ("refused", "ran", "traceback", "hang", "memory")}}
        for kind, c in counts.items()
    }
    report["wall_seconds"] = round(wall, 1)
    report["seed"] = args.seed
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for kind in ("scenario", "orders"):
            r = report[kind]
            print(f"{kind:9} {r['cases']:6,} cases: {r['refused']:6,} refused, {r['ran']:6,} ran, "
                  f"{r['traceback']} tracebacks, {r['hang']} hangs, {r['memory']} memory")
        print(f"wall {wall:.0f} s, seed {args.seed}, {args.workers} workers")
        for kind, index, outcome, detail in failures[:5]:
            print(f"--- {kind} {index}: {outcome}\n{detail}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
