"""``cpx msel export|import``: the MSEL as a spreadsheet a planning team reviews and edits.

    cpx msel export glass_lantern -o msel.xlsx
    cpx msel import msel.xlsx --into glass_lantern -o glass_lantern_v2.yaml

Import replaces the scenario's injects with the sheet's rows and writes a new scenario;
every problem is printed as ``FILE:ROW:COLUMN: message`` and nothing is written.
"""

from __future__ import annotations

import argparse
import sys


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``cpx msel``."""
    sub = parser.add_subparsers(dest="msel_command", metavar="ACTION", required=True)
    export = sub.add_parser("export", help="write a scenario's injects as an MSEL (.csv or .xlsx)",
                            description="Write a scenario's injects as an HSEEP MSEL spreadsheet.")
    export.add_argument("scenario", metavar="SCENARIO", help="a scenario file, or a bundled scenario's name")
    export.add_argument("-o", "--output", required=True, metavar="MSEL", help="msel.csv or msel.xlsx")
    imp = sub.add_parser("import", help="replace a scenario's injects with an MSEL sheet's rows",
                         description="Replace a scenario's injects with the rows of an MSEL sheet.")
    imp.add_argument("sheet", metavar="MSEL", help="msel.csv or msel.xlsx")
    imp.add_argument("--into", required=True, metavar="SCENARIO", help="the scenario whose injects are replaced")
    imp.add_argument("-o", "--output", required=True, metavar="NEW.yaml", help="where to write the new scenario")


def run(args: argparse.Namespace) -> int:
    """Run ``cpx msel``; problems go to stderr, one per line, and exit code 1."""
    from cpx.errors import CpxError

    try:
        if args.msel_command == "export":
            return _export(args)
        return _import(args)
    except CpxError as error:
        print(f"cpx msel: {error.title}: {error.message}", file=sys.stderr)
        return 1


def _export(args: argparse.Namespace) -> int:
    from cpx.journal.scenario_source import open_scenario
    from cpx.msel.export import write_msel

    source = open_scenario(args.scenario)
    count = write_msel(source.scenario, args.output, source.path)
    print(f"{count} injects of {source.scenario.meta.id} written to {args.output}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from cpx.msel.importer import import_msel, write_text
    from cpx.scenario.library import resolve

    scenario_path = resolve(args.into)
    text, count = import_msel(args.sheet, scenario_path)
    write_text(args.output, text, [scenario_path, args.sheet])
    print(f"{count} injects from {args.sheet} replace those of {scenario_path}: {args.output}")
    return 0
