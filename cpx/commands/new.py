"""``cpx new PATH``: write a commented starter scenario that validates."""

from __future__ import annotations

import argparse
from pathlib import Path

from cpx.errors import CpxError
from cpx.safe_files import write_output


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``cpx new``."""
    parser.add_argument("path", metavar="PATH", help="the scenario file to create, e.g. my_exercise.yaml")
    parser.add_argument("--force", action="store_true", help="overwrite PATH if it exists")


def run(args: argparse.Namespace) -> int:
    """Write the starter; refuse to overwrite a file unless --force."""
    path = Path(args.path)
    if path.is_dir():
        raise CpxError(f"{path} is a folder; give a file name such as {path / 'exercise.yaml'}", title="Not written")
    # imported here: building cpx's parser (every command) must not load the scenario models
    from cpx.scenario.starter import id_from_path, starter_text

    write_output(path, starter_text(id_from_path(path)), force=args.force)
    print(f"wrote {path}; edit it, then run: cpx validate {path}")
    return 0
