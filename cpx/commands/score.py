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
        "--strict", action="store_true",
        help="refuse a damaged journal instead of scoring its valid part",
    )


def run(args: argparse.Namespace) -> int:
    """Score the journal and print the card; a damaged log is scored with a warning."""
    from cpx.aar.cardtext import format_card
    from cpx.aar.scorecard import score_journal

    card = score_journal(args.log, scenario_path=args.scenario, strict=args.strict)
    if card.warning:
        print(f"cpx: warning: {card.warning}", file=sys.stderr)
    print(card.to_json() if args.json else format_card(card))
    return 0
