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
    integrity = None
    if card.warning:
        from cpx.journal.integrity import check_integrity

        integrity = check_integrity(args.log)
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
