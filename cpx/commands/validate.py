"""``cpx validate PATH... [--json]``: check scenario files and report every problem with its line."""

from __future__ import annotations

import argparse
import json

from cpx.errors import CpxError
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cpx.scenario.loader import CheckResult
# The scenario package (pydantic models, networkx) is imported when the command runs:
# every command module is imported to build cpx's parser, `cpx play` included, whose
# briefing must be on screen in well under a second.


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``cpx validate``."""
    parser.add_argument(
        "paths", nargs="+", metavar="PATH",
        help="scenario files, or bundled names such as 'tutorial'",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document for tools")
    parser.add_argument(
        "--calibrate", action="store_true",
        help="also play each valid scenario with the passive and baseline policies and warn "
             "per objective when doing nothing is rated P or the baseline never reaches S",
    )
    parser.add_argument("--seeds", type=int, default=3, metavar="N",
                        help="seeds for --calibrate (default 3)")


def run(args: argparse.Namespace) -> int:
    """Check every file; exit 0 when all are valid, 1 when any is not."""
    results = [_check(path) for path in args.paths]
    calibrations = {}
    if args.calibrate:
        calibrations = {r.file: _calibrate(r.scenario, max(1, args.seeds))
                        for r in results if r.ok and r.scenario is not None}
    if args.json:
        files = [r.to_dict() for r in results]
        for entry, result in zip(files, results):
            if result.file in calibrations:
                cal = calibrations[result.file]
                entry["calibration"] = {"seeds": list(cal.seeds), "ratings": cal.ratings,
                                        "warnings": [{"objective": o, "message": m}
                                                     for o, m in cal.warnings]}
        print(json.dumps({"ok": all(r.ok for r in results), "files": files}, indent=2))
    else:
        _print_text(results)
        for file, cal in calibrations.items():
            print(f"{file}: " + "\n".join(cal.lines()))
    return 0 if all(result.ok for result in results) else 1


def _calibrate(scenario, seeds: int):
    """Play passive and baseline over ``seeds`` seeds and judge the objectives."""
    from cpx.aar.calibration import calibrate
    from cpx.commands.run import run_exercise

    def play(sc, seed, policy):
        return run_exercise(sc, seed, policy).events

    return calibrate(scenario, range(1, seeds + 1), play)


def _check(path: str) -> "CheckResult":
    try:
        from cpx.scenario.library import resolve

        resolved = resolve(path)
    except CpxError:
        resolved = path  # check_file reports "no such file" at the file's own name
    from cpx.scenario.loader import check_file

    return check_file(resolved)


_SUMMARY = ("locations", "members", "venues", "informants", "agencies", "units", "injects", "objectives")


def _count(number: int, plural: str) -> str:
    singular = "agency" if plural == "agencies" else plural.removesuffix("s")
    return f"{number} {singular if number == 1 else plural}"


def _print_text(results: list[CheckResult]) -> None:
    for result in results:
        for problem in result.problems:
            print(problem)
        if result.ok:
            summary = ", ".join(_count(result.counts[kind], kind) for kind in _SUMMARY)
            print(f"{result.file}: valid: {summary}")
        elif not result.meaning_checked:
            # The second pass needs a well-formed file: say so, or a director thinks
            # that fixing these lines is all there is to do.
            print(f"{result.file}: references, ids and reachability are checked "
                  "once these problems are fixed")
    bad = [result for result in results if not result.ok]
    problems = sum(len(result.problems) for result in results)
    if bad:
        noun = "problem" if problems == 1 else "problems"
        print(f"{problems} {noun} in {len(bad)} of {len(results)} file(s)")
    else:
        print(f"all {len(results)} file(s) valid")
