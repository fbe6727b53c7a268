"""The ``cpx`` command: parses arguments and hands each sub-command to its module.

Each sub-command lives in :mod:`cpx.commands` as a module with ``add_parser(subparsers)``
and ``run(args) -> int``. Modules are imported only when their command runs, so
``cpx validate`` never pays for importing Textual.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from cpx import __version__
from cpx.errors import CpxError

# command name -> (module in cpx.commands, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "play": ("play", "play an exercise in the terminal (default: the bundled flagship)"),
    "validate": ("validate", "check scenario files and report every problem with its line"),
    "schema": ("schema", "write the JSON Schema of scenario files"),
    "new": ("new", "write a commented starter scenario"),
    "run": ("run", "run a scenario headless with a scripted policy or an orders file"),
    "replay": ("replay", "replay an after-action log (--verify re-simulates and compares)"),
    "score": ("score", "rate every objective of an exercise from its log"),
    "report": ("report", "export the after-action report of an exercise"),
    "key": ("key", "write a director's key for sealed journals (cpx key new FILE)"),
    "sweep": ("sweep", "run a scenario for many seeds and policies and summarise its difficulty"),
    "msel": ("msel", "export the MSEL as a spreadsheet (CSV/XLSX) or import one into a scenario"),
    "serve": ("serve", "serve one live exercise to player, EXCON and evaluator seats (WebSocket)"),
    "seat": ("seat", "join a served exercise as a line-oriented seat (JSON lines in and out)"),
    "excon": ("excon", "the EXCON console of a served exercise (truth, MSEL, inject control)"),
    "evaluate": ("evaluate", "the evaluator console of a served exercise (read-only, observations)"),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every sub-command whose module is present.

    With ``command``, only that sub-command's module is imported and its arguments
    built; the others are listed by name only. ``cpx play`` so pays for no other
    command's imports before its first frame (issue 11)."""
    parser = argparse.ArgumentParser(
        prog="cpx",
        description="Command-post exercise simulator: counter-trafficking operations.",
    )
    parser.add_argument("--version", action="version", version=f"cpx {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        if command is not None and name != command:
            subparsers.add_parser(name, help=help_text, description=help_text)
            continue
        try:
            module = importlib.import_module(f"cpx.commands.{module_name}")
        except ModuleNotFoundError as error:
            if error.name == f"cpx.commands.{module_name}":
                continue  # that command is not built yet
            raise
        sub = subparsers.add_parser(name, help=help_text, description=help_text)
        module.add_parser(sub)
        sub.set_defaults(handler=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``cpx`` with ``argv``; return the process exit code."""
    argv = sys.argv[1:] if argv is None else argv
    # the command is the first word (cpx has no options before it but -h and --version)
    parser = build_parser(argv[0] if argv and argv[0] in COMMANDS else None)
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except CpxError as error:
        print(f"cpx: {error.title}: {error.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("cpx: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader of our output went away (``cpx validate --json | head``): stop quietly,
        # and point stdout at devnull so the interpreter's final flush does not fail again
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # as a shell reports a command stopped by SIGPIPE


if __name__ == "__main__":
    sys.exit(main())
