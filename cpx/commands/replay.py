"""``cpx replay LOG``: look at an after-action journal, or check it by re-simulation.

* ``cpx replay LOG --verify`` re-runs the exercise from the journal's header and orders
  and compares the result line by line: exit 0 when identical, 1 (printing the first
  differing line) when not.
* ``cpx replay LOG --summary`` prints what happened, in numbers.
* ``cpx replay LOG`` opens the replay screen (timeline, trainee picture beside the
  truth); until that is built, it prints the summary.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from cpx.journal.reader import EventRecord, Header, OrderRecord, read_prefix
from cpx.journal.summary import format_summary, summarize


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``cpx replay``."""
    parser.add_argument("log", metavar="LOG", help="the journal (.jsonl) of an exercise")
    parser.add_argument(
        "--verify",
        action="store_true",
        help="re-simulate from the header and orders; exit 1 at the first differing line",
    )
    parser.add_argument(
        "--summary", action="store_true", help="print what happened, in numbers, and exit"
    )
    parser.add_argument(
        "--scenario",
        metavar="FILE",
        help="the scenario file, if not where the journal says (its digest must match)",
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def run(args: argparse.Namespace) -> int:
    """Run ``cpx replay``."""
    if args.verify:
        return verify_log(args)
    if args.summary or args.json:
        return print_summary(args)
    return open_replay(args)


def open_replay(args: argparse.Namespace) -> int:
    """The replay screen; the summary while the screen is not part of this build."""
    try:
        from cpx.tui.replay import run_replay_app
    except ModuleNotFoundError as error:
        if error.name not in ("cpx.tui.replay",):
            raise
        return print_summary(args)
    return int(run_replay_app(args) or 0)


def verify_log(args: argparse.Namespace) -> int:
    """Re-simulate and compare; 0 identical, 1 different (the first differing line shown)."""
    from cpx.journal.replay import verify

    result = verify(args.log, args.scenario)
    if args.json:
        print(json.dumps(_verify_json(result), indent=2, ensure_ascii=False))
        return 0 if result.ok else 1
    if not result.complete:
        print(f"warning: {result.problem}; checked the {result.lines} intact lines only")
    if result.ok:
        print(f"identical: the re-run reproduces all {result.lines} lines of {args.log}")
        return 0
    diff = result.first_difference
    print(f"DIFFERENT at line {diff.line_no} of {args.log}")
    print(f"  journal: {_clip(diff.expected) if diff.expected is not None else '(no such line)'}")
    print(f"  re-run:  {_clip(diff.got) if diff.got is not None else '(no such line)'}")
    return 1


def print_summary(args: argparse.Namespace) -> int:
    """Print the numbers of the journal (the intact part, with a warning if damaged)."""
    prefix = read_prefix(args.log)
    events = (r.event for r in prefix.records if isinstance(r, EventRecord))
    orders = [
        {"order": r.order, "result": r.result}
        for r in prefix.records
        if isinstance(r, OrderRecord)
    ]
    summary = summarize(events, orders)
    header = prefix.records[0] if prefix.records else None
    if args.json:
        summary["journal"] = {
            "path": args.log,
            "complete": prefix.complete,
            "problem": None if prefix.problem is None else str(prefix.problem),
        }
        print(json.dumps(summary, indent=2, ensure_ascii=False))
        return 0
    if prefix.problem is not None and not (prefix.problem.why == "incomplete" and prefix.records):
        print(f"warning: {prefix.problem}; showing the intact lines before it", file=sys.stderr)
    elif not prefix.complete:
        print("note: the journal has no end line (cut short, or still being written)", file=sys.stderr)
    heading = args.log
    clock = None
    if isinstance(header, Header):
        heading = f"{args.log}: scenario {header.scenario.id} v{header.scenario.version}, seed {header.seed}"
        clock = _clock_of(args.log, header, args.scenario)
    print(format_summary(summary, heading, clock))
    return 0


def _clock_of(log: str, header: Header, scenario_file: str | None) -> Callable[[int], str] | None:
    """``Dn HH:MM`` for sim times, if the journal's scenario can be found (else None)."""
    from cpx.errors import CpxError
    from cpx.journal.scenario_source import scenario_for_journal
    from cpx.scenario.loader import startex_minute_of_day
    from cpx.scenario.timefmt import minutes_to_clock

    try:
        source = scenario_for_journal(log, header.scenario, scenario_file)
    except CpxError:
        return None  # the numbers stand without it; times are then shown in minutes
    startex = startex_minute_of_day(source.scenario)
    return lambda t: minutes_to_clock(t, startex)


def _verify_json(result: Any) -> dict[str, Any]:
    diff = result.first_difference
    return {
        "ok": result.ok,
        "lines": result.lines,
        "complete": result.complete,
        "problem": None if result.problem is None else str(result.problem),
        "first_difference": None
        if diff is None
        else {"line": diff.line_no, "expected": diff.expected, "got": diff.got},
    }


def _clip(text: str, width: int = 400) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
