"""``cpx play``: the trainee's command post in the terminal."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path


def add_parser(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``cpx play``."""
    parser.add_argument("scenario", nargs="?", default=None,
                        help="scenario file or bundled name (default: the flagship)")
    parser.add_argument("--seed", type=int, default=None,
                        help="random seed; the same seed and orders replay exactly (default 1)")
    parser.add_argument("--journal", metavar="FILE", default=None,
                        help="where to write the journal (default runs/<scenario>-<UTC time>.jsonl)")
    parser.add_argument("--resume", metavar="LOG", default=None,
                        help="continue the exercise a journal recorded, appending to it")
    parser.add_argument("--from", dest="from_log", metavar="LOG", default=None,
                        help="what if: a new exercise that branches off this journal at --at "
                             "(its history up to then is the journal's); the journal is unchanged")
    parser.add_argument("--at", metavar="MOMENT", default=None,
                        help="with --from: the moment to branch off, e.g. \"D2 14:00\"")
    parser.add_argument("--cell", metavar="CELL", default=None,
                        help="the player cell to sit at (default trainee); the engine plays "
                             "the other cells with the policy the scenario names for each")
    parser.add_argument("--key", metavar="FILE", default=None,
                        help="seal the journal with this director's key (cpx key new FILE); "
                             "needed to resume a sealed journal")
    served = parser.add_argument_group("a seat of a served exercise (cpx serve)")
    served.add_argument("--connect", metavar="URL", default=None,
                        help="join the exercise served at URL (ws:// or wss://) as a player "
                             "cell; the server runs the clock")
    who = served.add_mutually_exclusive_group()
    who.add_argument("--token", metavar="T", default=None,
                     help="the seat's token (others on this machine may see it in the process "
                          "list: prefer --token-file or CPX_TOKEN; without any, the app asks)")
    who.add_argument("--token-file", metavar="FILE", default=None,
                     help="a file holding the seat's token")
    served.add_argument("--cafile", metavar="FILE", default=None,
                        help="trust this certificate for wss:// (a self-signed server)")


def run(args: argparse.Namespace) -> int:
    """Open the exercise and run the app; user mistakes surface as CpxError."""
    from pathlib import Path

    from cpx.errors import CpxError
    from cpx.tui.session import open_session

    if args.connect:
        from cpx.commands.play_remote import run_remote

        return run_remote(args)
    if args.token or args.token_file or args.cafile:
        raise CpxError("--token, --token-file and --cafile go with --connect URL",
                       "Conflicting options")
    if args.from_log or args.at:
        return _play_fork(args)
    if args.resume and (args.scenario or args.seed is not None or args.journal):
        raise CpxError("--resume takes the scenario, seed and journal from the log; "
                       "give only --resume LOG", "Conflicting options")
    # Cheap checks first, so a mistyped name is reported without opening the UI.
    if args.resume and not Path(args.resume).is_file():
        raise CpxError(f"no journal {args.resume!r}; give the path of a .jsonl journal "
                       "written by cpx play or cpx run", "Journal not found")
    if args.journal and Path(args.journal).exists():
        raise CpxError(f"{args.journal} already exists; a journal is never overwritten. "
                       "Give another --journal path or move the old one away.",
                       "Journal exists")
    source = None if args.resume else _scenario_file(args.scenario)
    if args.scenario and source is None:
        from cpx.journal.scenario_source import find_scenario

        find_scenario(args.scenario)  # not a file nor a bundled name: it says why
    key = None
    if args.key:
        from cpx.journal.seal import load_key

        key = load_key(args.key)
    what = args.resume or args.scenario or "the flagship scenario"
    # A fresh exercise shows its briefing straight from the file while it opens.
    cell = getattr(args, "cell", None)
    if cell and not args.resume:
        _check_cell(args.scenario, cell)  # a mistyped cell is one line, before the UI opens
    # the quick briefing read from the file is the default cell's
    return run_play_app(lambda: open_session(args.scenario, args.seed, args.journal,
                                             args.resume, key=key, cell=cell), what,
                        None if cell else source)


def run_play_app(opener: "Callable[[], Any]", what: str, source: "Path | None" = None,
                 parent: "str | Path | None" = None) -> int:
    """Run the command post on the session ``opener`` makes; say where the journal is
    (and, for a "what if" branch of ``parent``, how to compare the two)."""
    from cpx.tui.app import PlayApp

    app = PlayApp(opener=opener, what=what, briefing_source=source)
    try:
        app.run()
    finally:
        session = app.session
        if session is not None and session.writer is not None and not session.writer.closed:
            session.writer.flush()
    if app.open_error is not None:
        raise app.open_error
    if session is not None and session.journal_path:
        print(f"journal: {session.journal_path}")
        if app.driver is None or not app.driver.finished:
            print(f"resume:  cpx play --resume {session.journal_path}")
        print(f"replay:  cpx replay {session.journal_path}")
        if parent is not None:
            print(f"compare: cpx replay {parent} --compare {session.journal_path}")
    return 0


def _play_fork(args: argparse.Namespace) -> int:
    """``--from LOG --at MOMENT``: branch off a journal and play on. A fork that cannot be
    made (no such moment, a damaged parent, its scenario changed) is one line, exit 1."""
    from pathlib import Path

    from cpx.errors import CpxError
    from cpx.journal.fork import ForkError, parent_prefix

    if not (args.from_log and args.at):
        raise CpxError("--from LOG and --at MOMENT go together, e.g. "
                       "cpx play --from runs/a.jsonl --at \"D2 14:00\"", "Conflicting options")
    if args.resume or args.scenario or args.seed is not None:
        raise CpxError("--from takes the scenario and seed from the parent journal; give no "
                       "scenario, --seed or --resume", "Conflicting options")
    if args.journal and Path(args.journal).exists():
        raise CpxError(f"{args.journal} already exists; a journal is never overwritten. "
                       "Give another --journal path or move the old one away.",
                       "Journal exists")
    from cpx.tui.fork_session import moment, open_fork_session, parent_clock

    try:
        at = moment(args.from_log, args.at)
        # the cheap checks, before the UI opens
        parent_prefix(args.from_log, at, parent_clock(args.from_log))
    except ForkError as error:
        print(f"cpx: {error.title}: {error.message}", file=sys.stderr)
        return 1
    key = None
    if args.key:
        from cpx.journal.seal import load_key

        key = load_key(args.key)
    try:
        return run_play_app(lambda: open_fork_session(args.from_log, at, args.journal, key=key),
                            f"a branch of {args.from_log}", parent=args.from_log)
    except ForkError as error:
        print(f"cpx: {error.title}: {error.message}", file=sys.stderr)
        return 1


def _check_cell(scenario: str | None, cell: str) -> None:
    """Refuse a ``--cell`` the scenario does not have, naming the cells it has."""
    from cpx.errors import CpxError
    from cpx.journal.scenario_source import open_scenario
    from cpx.tui.session import default_scenario

    cells = list(open_scenario(scenario or default_scenario()).scenario.meta.player_cells)
    if cell not in cells:
        raise CpxError(f"no player cell {cell!r} in this scenario; the cells are "
                       f"{', '.join(cells)}", "Unknown cell")


def _scenario_file(spec: str | None) -> "Path | None":
    """The scenario file ``spec`` names (a path or a bundled name), found without
    importing the scenario package, so the briefing can be on screen in well under a
    second; None when it is neither (the full lookup then reports the mistake)."""
    from pathlib import Path

    import cpx

    bundled = Path(cpx.__file__).resolve().parents[1] / "scenarios"
    name = spec or "glass_lantern"
    for candidate in (Path(name), bundled / name, bundled / f"{name}.yaml"):
        if candidate.is_file():
            return candidate
    return None
