"""``cpx run SCENARIO``: run an exercise headless with a scripted policy or an orders file.

The run is journaled (``runs/<scenario>-seed<N>.jsonl`` unless ``--journal`` says where;
an existing file is never overwritten) and ends with a summary: events by kind, victims
met, identified and referred, arrests, informant exposure, leaks, the network's
reactions. ``cpx replay JOURNAL --verify`` then re-simulates it and checks it is identical.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from cpx.errors import CpxError
from cpx.journal.summary import format_summary, summarize

POLICIES = ("passive", "baseline", "scenario")
RUNS_DIR = Path("runs")


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``cpx run``."""
    parser.add_argument("scenario", metavar="SCENARIO", help="a scenario file, or a bundled scenario's name")
    parser.add_argument("--seed", type=int, default=1, help="the random seed (default 1)")
    parser.add_argument(
        "--policy",
        choices=POLICIES,
        default="passive",
        help="who plays every cell: passive (nobody), baseline (a sound investigator), or "
        "scenario (each cell by the policy its cells: entry names)",
    )
    parser.add_argument("--orders", metavar="FILE", help="a YAML orders file: [{at: 'D1 10:00', order: {...}}]")
    parser.add_argument("--until", metavar="DURATION", help="stop after this long, e.g. 5d (default: ENDEX)")
    parser.add_argument(
        "--journal",
        metavar="FILE",
        help="where to write the journal (default runs/<scenario>-seed<N>.jsonl)",
    )
    parser.add_argument("--no-journal", action="store_true", help="do not write a journal")
    parser.add_argument(
        "--key",
        metavar="FILE",
        help="seal the journal with this director's key (cpx key new FILE); "
        "cpx replay LOG --verify --key FILE then proves its origin",
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--allow-rejected", action="store_true",
                        help="exit 0 even when orders of the orders file were rejected")


def run(args: argparse.Namespace) -> int:
    """Run ``cpx run``."""
    from cpx.journal.orders_file import load_orders
    from cpx.journal.scenario_source import open_scenario
    from cpx.journal.writer import JournalWriter
    from cpx.scenario.loader import startex_minute_of_day
    from cpx.scenario.timefmt import TimeFormatError, parse_duration

    source = open_scenario(args.scenario)
    scenario = source.scenario
    until = int(scenario.meta.duration)
    if args.until:
        try:
            until = min(until, parse_duration(args.until))
        except TimeFormatError as error:
            raise CpxError(str(error), "Bad --until") from None
    planned = (load_orders(args.orders, startex_minute_of_day(scenario), int(scenario.meta.duration))
               if args.orders else [])
    import cpx.engine.exercise  # noqa: F401  (imported first so the timing is the simulation's)

    journal_path = None
    writer = None
    if not args.no_journal:
        journal_path = Path(args.journal) if args.journal else default_journal_path(scenario.meta.id, args.seed)
        # the absolute path, so a replay finds the scenario from any working directory
        writer = JournalWriter(journal_path, scenario, args.seed, source.sha256,
                               str(source.path.resolve()), key=_seal_key(args))
    started = time.perf_counter()
    results: list[dict[str, Any]] = []
    try:
        exercise = run_exercise(scenario, args.seed, args.policy, planned, until, writer, results)
    except BaseException as error:
        if writer is not None:
            writer.close(reason="interrupted" if isinstance(error, KeyboardInterrupt) else "error")
        raise
    if writer is not None:
        writer.close(t=exercise.now, state_hash=exercise.state_hash())
    wall = time.perf_counter() - started
    summary = summarize(exercise.events, results)
    summary.update(
        scenario=scenario.meta.id,
        seed=args.seed,
        policy=args.policy,
        until=until,
        journal=None if journal_path is None else str(journal_path),
        state_hash=exercise.state_hash(),
        wall_seconds=round(wall, 3),
    )
    if args.orders:
        from cpx.journal.orders_file import not_given

        summary["orders_file_not_carried_out"] = not_given(results, planned)
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        heading = (
            f"{scenario.meta.title} ({scenario.meta.id} v{scenario.meta.version}), seed {args.seed}, "
            f"policy {args.policy}{', orders ' + args.orders if args.orders else ''}: "
            f"ran to {exercise.clock()} in {wall:.2f} s"
        )
        print(format_summary(summary, heading, exercise.clock))
        if journal_path is not None:
            print(f"journal: {journal_path}  (check it: cpx replay {journal_path} --verify)")
    return _report_rejected(results, planned, exercise, args)


def _report_rejected(results: list[dict[str, Any]], planned: list[Any], exercise: Any,
                     args: argparse.Namespace) -> int:
    """List the orders file's orders the exercise rejected (or never reached), each with
    its place in the file and the reason, on stderr; 1 if any was rejected."""
    from cpx.journal.orders_file import format_not_given, rejected_count

    lines = format_not_given(results, planned, exercise.clock)
    if lines:
        print("\n".join(lines), file=sys.stderr)
    if not rejected_count(results, planned) or args.allow_rejected:
        return 0
    print("(exit status 1: give --allow-rejected to accept a run with rejected orders)",
          file=sys.stderr)
    return 1


def _seal_key(args: argparse.Namespace) -> Any:
    """The director's key of ``--key`` (None without it); refused with ``--no-journal``."""
    if not args.key:
        return None
    if args.no_journal:
        raise CpxError("--key seals the journal; it cannot go with --no-journal", "Conflicting options")
    from cpx.journal.seal import load_key

    return load_key(args.key)


def default_journal_path(scenario_id: str, seed: int) -> Path:
    """``runs/<id>-seed<N>.jsonl``, or ``…-2.jsonl`` and on if that exists (never overwrite)."""
    path = RUNS_DIR / f"{scenario_id}-seed{seed}.jsonl"
    number = 2
    while path.exists():
        path = RUNS_DIR / f"{scenario_id}-seed{seed}-{number}.jsonl"
        number += 1
    return path


def run_exercise(
    scenario: Any,
    seed: int,
    policy_name: str = "passive",
    planned: list[Any] = (),
    until: int | None = None,
    journal: Any = None,
    results: list[dict[str, Any]] | None = None,
) -> Any:
    """Build the exercise of ``scenario`` and ``seed`` on a session, play every cell by
    ``policy_name`` (:mod:`cpx.session.scripted`), and return the exercise."""
    from cpx.session.scripted import run_exercise as run_on_session

    return run_on_session(scenario, seed, policy_name, planned, until, journal, results)


def play(
    exercise: Any,
    policy_name: str = "passive",
    planned: list[Any] = (),
    until: int | None = None,
    results: list[dict[str, Any]] | None = None,
) -> None:
    """Play ``exercise`` to ``until`` (see :func:`cpx.session.scripted.play`)."""
    from cpx.session.scripted import play as play_on_session

    play_on_session(exercise, policy_name, planned, until, results)
