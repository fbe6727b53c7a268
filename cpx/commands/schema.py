"""``cpx schema [-o FILE]``: write the JSON Schema of scenario files (for editors)."""

from __future__ import annotations

import argparse
from cpx.safe_files import write_output


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``cpx schema``."""
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of the terminal")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def run(args: argparse.Namespace) -> int:
    """Print or write the schema."""
    # imported here: building cpx's parser (every command) must not load the scenario models
    from cpx.scenario.schema import json_schema_text

    text = json_schema_text()
    if not args.output:
        print(text, end="")
        return 0
    # atomic, never through a planted link, never over a file without --force
    write_output(args.output, text, force=args.force)
    print(f"wrote {args.output}; point your editor at it, see docs/scenario-format.md")
    return 0
