"""``cpx sweep SCENARIO``: many seeded headless runs, stored in a results file and summarised.

    cpx sweep glass_lantern --seeds 1000 --policy passive,baseline -o results.sqlite
    cpx sweep glass_lantern --seeds 1-1000 --orders raid_early.yaml -o results.sqlite --dask local
    cpx sweep glass_lantern --seeds 1000 -o results.sqlite --report sweep.html

Bad input stops the sweep before any run with one line and exit code 1; Ctrl+C stores
every run that ended and exits 130; the same command then does only the missing runs.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from cpx.errors import CpxError


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``cpx sweep``."""
    parser.add_argument("scenario", metavar="SCENARIO", help="a scenario file, or a bundled scenario's name")
    parser.add_argument("--seeds", default="100", metavar="N|A-B",
                        help="how many seeds (1000 means 1-1000), a range 1-1000, or a list 1,5,9-12 (default 100)")
    parser.add_argument("--policy", action="append", metavar="NAMES",
                        help="scripted policies, each a series: passive,baseline "
                             "(default: passive,baseline unless --orders is given)")
    parser.add_argument("--orders", action="append", metavar="FILE",
                        help="an orders file played as its own series (repeatable)")
    parser.add_argument("--until", metavar="DURATION", help="stop every run after this long, e.g. 2d (default: ENDEX)")
    parser.add_argument("-o", "--results", required=True, metavar="RESULTS",
                        help="the SQLite results file; an existing one is resumed (only missing runs are done)")
    parser.add_argument("--workers", type=int, default=None, metavar="N",
                        help="local worker processes (default: one per core); with --dask local, its workers")
    parser.add_argument("--dask", metavar="local|tcp://HOST:8786",
                        help="run on Dask: 'local' starts a LocalCluster, an address uses a running scheduler")
    parser.add_argument("--report", metavar="FILE.html", help="write the HTML difficulty report when done")
    parser.add_argument("--journals", metavar="DIR", help="keep every run's journal in DIR (replayable)")
    parser.add_argument("--quiet", action="store_true", help="no progress and no summary")


def run(args: argparse.Namespace) -> int:
    """Run ``cpx sweep``; a user mistake is one line on stderr and exit code 1."""
    try:
        return _sweep(args)
    except CpxError as error:
        message = " ".join(error.message.split())
        print(f"cpx sweep: {error.title}: {message}", file=sys.stderr)
        return 1


def _sweep(args: argparse.Namespace) -> int:
    from cpx.batch.local import LocalWorkers, default_workers
    from cpx.batch.plan import build_plan
    from cpx.batch.sweep import SweepInterrupted, run_sweep

    if args.workers is not None and args.workers < 1:
        raise CpxError(f"--workers {args.workers}: give at least 1", "Bad --workers")
    policies = args.policy
    if not policies and not args.orders:
        policies = ["passive,baseline"]
    plan = build_plan(args.scenario, args.seeds, policies, args.orders, args.until)
    workers = args.workers or default_workers()
    if args.dask:
        from cpx.batch.cluster import DaskWorkers, check_address

        if args.dask != "local":
            check_address(args.dask)  # one line, before anything else happens

        def pool() -> DaskWorkers:
            return DaskWorkers(plan, args.dask, workers, keep_journals=bool(args.journals))
    else:
        def pool() -> LocalWorkers:
            return LocalWorkers(plan, workers, keep_journals=bool(args.journals))

    stream = io.StringIO() if args.quiet else sys.stderr
    try:
        outcome = run_sweep(plan, args.results, pool, journals=args.journals, stream=stream)
    except SweepInterrupted as stop:
        done = stop.outcome.already + stop.outcome.stored
        print(f"cpx sweep: interrupted; {done} of {stop.outcome.planned} runs are in {args.results} "
              "(the same command does the rest)", file=sys.stderr)
        return 130
    if not args.quiet:
        if outcome.stored or not outcome.already:
            rate = outcome.stored / outcome.seconds if outcome.seconds else 0.0
            print(f"{outcome.stored} runs stored in {args.results} ({outcome.failed} failed) in "
                  f"{outcome.seconds:.1f} s, {rate:.1f} runs/s on {outcome.where}; "
                  f"{outcome.already} were already there")
        else:
            print(f"all {outcome.planned} runs were already in {args.results}; nothing to do")
        if outcome.lost:
            print(f"{outcome.lost} runs were lost with their worker; run the same command again to do them",
                  file=sys.stderr)
    summary = _summary(args.results)
    if not args.quiet:
        from cpx.batch.difficulty import format_summary

        print(format_summary(summary))
    if args.report:
        from cpx.batch.report import render_html

        _write_text(Path(args.report), render_html(summary, args.scenario))
        if not args.quiet:
            print(f"report: {args.report}")
    return 1 if outcome.lost else 0


def _summary(results: str) -> dict:
    from cpx.batch.difficulty import sweep_summary
    from cpx.batch.store import open_results

    db = open_results(results)
    try:
        return sweep_summary(db)
    finally:
        db.close()


def _write_text(path: Path, text: str) -> None:
    import os

    temporary = path.with_name(f".{path.name}.part")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        raise CpxError(f"cannot write {path}: {error.strerror or error}", "Report") from None

