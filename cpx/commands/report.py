"""``cpx report LOG``: export the after-action report (HSEEP AAR/IP) as Markdown or HTML."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cpx.errors import CpxError


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``cpx report``."""
    parser.add_argument("log", help="the after-action journal (.jsonl)")
    parser.add_argument("--format", choices=("md", "html"), default=None,
                        help="md (default, or from -o's extension) or html")
    parser.add_argument("-o", "--output", metavar="FILE", default=None,
                        help="write to FILE instead of standard output")
    parser.add_argument("--scenario", metavar="FILE", default=None,
                        help="the scenario file (default: the one the journal names)")
    parser.add_argument("--cell", metavar="CELL", default=None,
                        help="report on one player cell: its objectives and the whole "
                             "exercise's (default: every cell's, each marked)")
    parser.add_argument("--strict", action="store_true",
                        help="refuse a damaged or unfinished journal instead of reporting on its intact part")
    parser.add_argument("--force", action="store_true",
                        help="replace FILE if it exists (never the journal or another input)")


def run(args: argparse.Namespace) -> int:
    """Build the report and write it; a damaged log is reported with a warning."""
    from cpx.aar.report_data import build_report
    from cpx.aar.report_html import render_html
    from cpx.aar.notes import notes_path
    from cpx.aar.report_md import render_markdown
    from cpx.safe_files import check_output, require_regular, write_output

    fmt = args.format
    if fmt is None:
        fmt = "html" if args.output and Path(args.output).suffix.lower() in (".html", ".htm") else "md"
    require_regular(args.log, "journal (.jsonl)")
    inputs = (args.log, notes_path(args.log), args.scenario, _named_scenario(args.log))
    if args.output:
        check_output(args.output, force=args.force, inputs=inputs)  # before the work
    report = build_report(args.log, args.scenario, cell=args.cell)
    if report.warning:
        from cpx.commands.score import rated_part

        integrity = rated_part(args.log)
        if args.strict:
            raise CpxError(f"{args.log}: {integrity.banner() or report.warning}", "Damaged journal")
        # at the top of the report, where its reader looks first
        report.warning = integrity.banner() or report.warning
        print(f"cpx: warning: {report.warning}", file=sys.stderr)
    text = render_html(report) if fmt == "html" else render_markdown(report)
    if args.output:
        write_output(args.output, text, force=args.force, inputs=inputs)
        print(f"report written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _named_scenario(log: str) -> str | None:
    """The scenario file the journal's header names (an input too: never overwritten)."""
    from cpx.journal.reader import load_header

    try:
        return load_header(log).scenario.path
    except CpxError:
        return None  # a journal without a readable header: build_report says why
