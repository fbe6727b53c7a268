"""``cpx score LOG``: rate every objective of an exercise from its journal."""

from __future__ import annotations

import argparse
import sys


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``cpx score``."""
    parser.add_argument("log", help="the after-action journal (.jsonl)")
    parser.add_argument("--json", action="store_true", help="print the score card as JSON")
    parser.add_argument(
        "--scenario", metavar="FILE", default=None,
        help="the scenario file (default: the one the journal names)",
    )
    parser.add_argument(
        "--cell", metavar="CELL", default=None,
        help="rate one player cell on its objectives (and the whole exercise's); "
        "default: every cell, each under its name",
    )
    parser.add_argument(
        "--strict", action="store_true",
        help="refuse a damaged journal instead of scoring its valid part",
    )


def run(args: argparse.Namespace) -> int:
    """Score the journal and print the card.

    A damaged or unfinished journal is scored on its intact lines, and the card says so
    in its first line (and in ``warning`` and ``integrity`` of the JSON), not only on
    stderr; ``--strict`` refuses it (exit 2).
    """
    import dataclasses
    import json

    from cpx.aar.cardtext import format_card
    from cpx.aar.scorecard import score_journal
    from cpx.safe_files import require_regular

    require_regular(args.log, "journal (.jsonl)")
    card = score_journal(args.log, scenario_path=args.scenario, strict=args.strict)
    if args.cell:
        from cpx.aar.cell_scores import for_cell

        card = for_cell(card, args.cell)
    integrity = None
    if card.warning:
        integrity = rated_part(args.log)
        banner = integrity.banner() or card.warning
        card = dataclasses.replace(card, warning=banner)
        print(f"cpx: warning: {banner}", file=sys.stderr)
    if args.json:
        document = card.to_dict()
        document["integrity"] = None if integrity is None else integrity.to_dict()
        print(json.dumps(document, indent=2, sort_keys=True))
    else:
        if card.warning:
            print(f"!! {card.warning}")
        print(format_card(dataclasses.replace(card, warning=None)))
    return 0


def rated_part(log: str):
    """The :class:`~cpx.journal.integrity.Integrity` of the part of ``log`` scoring used.

    Read by the after-action reader's line-by-line pass (a test holds it to the same
    first problem and valid lines as the pass that scored), so the banner's numbers are
    the card's; only reached for a damaged or unfinished journal.
    """
    from cpx.aar.logfile import scan_journal
    from cpx.journal.integrity import Integrity, count_lines

    scan = scan_journal(log, kinds=())
    total = count_lines(log)
    if scan.problem is None:
        return Integrity(total, scan.valid_lines)
    why = "tampered"
    if scan.problem.line > total:
        why = "incomplete"  # whole lines, but no end line
    elif scan.problem.line == total and not _ends_with_newline(log):
        why = "truncated"  # the last line is cut off
    return Integrity(total, scan.valid_lines, scan.problem.line, scan.problem.reason, why)


def _ends_with_newline(log: str) -> bool:
    with open(log, "rb") as handle:
        handle.seek(0, 2)
        if handle.tell() == 0:
            return False
        handle.seek(-1, 2)
        return handle.read(1) == b"\n"
