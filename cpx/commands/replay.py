"""``cpx replay LOG``: look at an after-action journal, or check it by re-simulation.

* ``cpx replay LOG --verify`` checks the journal's integrity, re-runs the exercise from
  its header and orders, compares line by line, and (with ``--key FILE``) checks its
  seal. Exit codes: 0 — intact, complete and identical (and, with a key, its origin
  proven); 1 — intact but the re-run differs; 2 — damaged or incomplete (the line is
  named), or it could not be checked at all; 3 — with ``--key``: identical, but the
  origin is not proven. See :class:`cpx.journal.replay.VerifyResult`.
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

from cpx.journal.reader import EventRecord, Header, JournalError, OrderRecord, read_prefix
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
    parser.add_argument(
        "--compare",
        metavar="OTHER",
        help="what if: compare with another branch of the same exercise (a fork of LOG, its "
        "parent, or a sibling): where they part, and the orders each gave from there",
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument(
        "--key",
        metavar="FILE",
        help="with --verify: the director's key file; proves the journal is the sealed "
        "record of an exercise run with that key (exit 3 if not)",
    )


def run(args: argparse.Namespace) -> int:
    """Run ``cpx replay``."""
    from cpx.errors import CpxError
    from cpx.safe_files import require_regular

    require_regular(args.log, "journal (.jsonl)")
    if args.key and not args.verify:
        raise CpxError("--key is used with --verify", "Conflicting options")
    if args.compare and args.verify:
        raise CpxError("--compare and --verify go separately: verify each branch, then "
                       "compare them", "Conflicting options")
    if args.verify:
        return verify_log(args)
    if args.compare:
        from cpx.commands.replay_compare import compare_logs

        require_regular(args.compare, "journal (.jsonl)")
        return compare_logs(args)
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
    """Check integrity, re-run, origin; the exit code of :class:`~cpx.journal.replay.VerifyResult`."""
    from cpx.errors import CpxError
    from cpx.session.resimulate import verify
    from cpx.journal.seal import load_key

    key = load_key(args.key) if args.key else None
    try:
        result = verify(args.log, args.scenario, key=key)
    except CpxError as error:  # not even a header to re-run from, or no scenario
        if not args.json:
            raise
        damage = None
        if isinstance(error, JournalError):
            damage = {"line": error.line_no, "why": error.why, "message": error.reason}
        print(json.dumps({"ok": False, "exit": 2,
                          "verdict": "damaged" if damage else "unchecked",
                          "journal": args.log, "integrity": "damaged" if damage else None,
                          "lines": 0, "problem": str(error), "damage": damage},
                         indent=2, ensure_ascii=False))
        return 2
    if args.json:
        print(json.dumps(_verify_json(result, args.log), indent=2, ensure_ascii=False))
        return result.exit_code
    for line in verify_lines(result, args.log):
        print(line)
    return result.exit_code


def verify_lines(result: Any, log: str) -> list[str]:
    """The verdict in words: journal, re-run, origin, then the one-line conclusion."""
    lines = []
    problem = result.problem
    if result.integrity == "intact":
        lines.append(f"journal:  intact, all {result.total_lines} lines chained, end line present")
    elif result.integrity == "incomplete":
        lines.append(f"journal:  INCOMPLETE: lines 1–{result.lines} of {result.total_lines} intact; "
                     f"line {problem.line_no}: {problem.reason}")
    else:
        lines.append(f"journal:  DAMAGED at line {problem.line_no} of {result.total_lines} "
                     f"({problem.why}): {problem.reason}; lines 1–{result.lines} intact")
    checked = "all" if result.integrity == "intact" else "the intact"
    diff = result.first_difference
    if diff is None:
        lines.append(f"re-run:   identical: reproduces {checked} {result.lines} lines")
    else:
        lines.append(f"re-run:   DIFFERENT at line {diff.line_no} of {log}")
        lines.append(f"  journal: {_clip(diff.expected) if diff.expected is not None else '(no such line)'}")
        lines.append(f"  re-run:  {_clip(diff.got) if diff.got is not None else '(no such line)'}")
    if result.origin is not None:
        lines.append(f"origin:   {result.origin.message}")
    verdicts = {
        0: "OK: the journal is intact and re-simulates identically",
        1: "DIFFERENT: the journal's chain is intact, but re-simulation does not give it",
        2: "DAMAGED: the journal is damaged or incomplete; it cannot be trusted as a whole",
        3: "NOT PROVEN: the journal re-simulates identically, but its seal does not prove "
           "its origin",
    }
    code = result.exit_code
    if code == 2 and result.integrity == "incomplete":
        verdicts[2] = ("INCOMPLETE: the journal has no end line (the exercise was left, "
                       "killed or is still running); it cannot be trusted as a whole")
    lines.append(f"verdict:  {verdicts[code]} (exit {code})")
    return lines


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


def _verify_json(result: Any, log: str) -> dict[str, Any]:
    diff = result.first_difference
    problem = result.problem
    verdict = {0: "ok", 1: "different", 2: result.integrity, 3: "not_proven"}[result.exit_code]
    return {
        "ok": result.ok,
        "exit": result.exit_code,
        "verdict": verdict,
        "journal": log,
        "integrity": result.integrity,
        "lines": result.lines,
        "total_lines": result.total_lines,
        "complete": result.complete,
        "problem": None if problem is None else str(problem),
        "damage": None
        if problem is None
        else {"line": problem.line_no, "why": problem.why, "message": problem.reason},
        "identical": result.identical,
        "first_difference": None
        if diff is None
        else {"line": diff.line_no, "expected": diff.expected, "got": diff.got},
        "rerun_failure": result.rerun_failure,
        "origin": None if result.origin is None else result.origin.to_dict(),
    }


def _clip(text: str, width: int = 400) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
