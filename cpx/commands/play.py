"""``cpx play``: the trainee's command post in the terminal."""

from __future__ import annotations

import argparse


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
    parser.add_argument("--cell", metavar="CELL", default=None,
                        help="the player cell to sit at (default trainee); the engine plays "
                             "the other cells with the policy the scenario names for each")
    parser.add_argument("--key", metavar="FILE", default=None,
                        help="seal the journal with this director's key (cpx key new FILE); "
                             "needed to resume a sealed journal")


def run(args: argparse.Namespace) -> int:
    """Open the exercise and run the app; user mistakes surface as CpxError."""
    from pathlib import Path

    from cpx.errors import CpxError
    from cpx.tui.session import open_session

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
    from cpx.tui.app import PlayApp

    what = args.resume or args.scenario or "the flagship scenario"
    # A fresh exercise shows its briefing straight from the file while it opens.
    cell = getattr(args, "cell", None)
    if cell and not args.resume:
        _check_cell(args.scenario, cell)  # a mistyped cell is one line, before the UI opens
    app = PlayApp(opener=lambda: open_session(args.scenario, args.seed, args.journal,
                                              args.resume, key=key, cell=cell), what=what,
                  # the quick briefing read from the file is the default cell's
                  briefing_source=None if cell else source)
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
    return 0


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
