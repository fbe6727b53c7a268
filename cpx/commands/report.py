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


def run(args: argparse.Namespace) -> int:
    """Build the report and write it; a damaged log is reported with a warning."""
    from cpx.aar.report_data import build_report
    from cpx.aar.report_html import render_html
    from cpx.aar.report_md import render_markdown

    fmt = args.format
    if fmt is None:
        fmt = "html" if args.output and Path(args.output).suffix.lower() in (".html", ".htm") else "md"
    report = build_report(args.log, args.scenario)
    if report.warning:
        print(f"cpx: warning: {report.warning}", file=sys.stderr)
    text = render_html(report) if fmt == "html" else render_markdown(report)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CpxError(f"cannot write {args.output}: {error.strerror}", "Report") from None
        print(f"report written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
