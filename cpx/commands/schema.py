"""``cpx schema [-o FILE]``: write the JSON Schema of scenario files (for editors)."""

from __future__ import annotations

import argparse
from pathlib import Path

from cpx.errors import CpxError
from cpx.scenario.schema import json_schema_text


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``cpx schema``."""
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of the terminal")


def run(args: argparse.Namespace) -> int:
    """Print or write the schema."""
    text = json_schema_text()
    if not args.output:
        print(text, end="")
        return 0
    try:
        Path(args.output).write_text(text, encoding="utf-8")
    except OSError as error:
        raise CpxError(f"cannot write {args.output}: {error.strerror or error}", title="Schema not written") from None
    print(f"wrote {args.output}; point your editor at it, see docs/scenario-format.md")
    return 0
