"""``cpx serve SCENARIO``: run one exercise live and serve its seats over WebSocket.

The server owns the exercise and its journal, runs the clock in real time (``--speed``
sim minutes per real second; EXCON pauses, resumes and changes it) and writes a seats
file (mode 0600) with one secret token per seat. ``--resume LOG`` continues a served
exercise after a crash, with every accepted order, and the same seats file.
See docs/protocol.md for what seats send and receive.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from pathlib import Path

from cpx.errors import CpxError

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``cpx serve``."""
    parser.add_argument("scenario", metavar="SCENARIO", nargs="?",
                        help="a scenario file, or a bundled scenario's name (not with --resume)")
    parser.add_argument("--seed", type=int, default=1, help="the random seed (default 1)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="the address to listen on (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=8765,
                        help="the port to listen on (default 8765; 0 picks a free one)")
    parser.add_argument("--journal", metavar="FILE",
                        help="where to write the journal (default runs/<scenario>-seed<N>.jsonl)")
    parser.add_argument("--seats", metavar="FILE",
                        help="where to write the seats file (default <journal>.seats.json)")
    parser.add_argument("--key", metavar="FILE", help="seal the journal with this director's key")
    parser.add_argument("--speed", type=float, default=1.0,
                        help="sim minutes per real second (default 1; EXCON may change it)")
    parser.add_argument("--paused", action="store_true",
                        help="start with the clock stopped until EXCON resumes it")
    parser.add_argument("--resume", metavar="LOG",
                        help="continue the served exercise LOG recorded (after a crash); "
                        "seats keep their tokens; the clock starts paused")


def run(args: argparse.Namespace) -> int:
    """Run ``cpx serve``."""
    from cpx.server.hub import Hub
    from cpx.server.protocol import MAX_SPEED
    from cpx.server.seats import load_seats, make_seats, write_seats
    from cpx.session import ExerciseSession

    if not 0 < args.speed <= MAX_SPEED:
        raise CpxError(f"--speed must be above 0 and at most {MAX_SPEED:g}", "Bad --speed")
    if not 0 <= args.port <= 65535:
        raise CpxError("--port must be between 0 and 65535", "Bad --port")
    key = None
    if args.key:
        from cpx.journal.seal import load_key

        key = load_key(args.key)
    if args.resume:
        if args.scenario or args.journal:
            raise CpxError("--resume LOG takes the scenario, seed and journal from LOG",
                           "Conflicting options")
        session = ExerciseSession.resume(args.resume, key=key)
    else:
        if not args.scenario:
            raise CpxError("name a scenario to serve (or --resume LOG)", "No scenario")
        from cpx.commands.run import default_journal_path
        from cpx.journal.scenario_source import open_scenario

        journal = Path(args.journal) if args.journal else default_journal_path(
            open_scenario(args.scenario).scenario.meta.id, args.seed)
        seats_path = _seats_path(args, journal)
        if seats_path.exists() or seats_path.is_symlink():
            # checked before the journal is created, so a refusal leaves nothing behind
            raise CpxError(f"{seats_path} already exists; seats files are never overwritten. "
                           "Give another --seats path (or continue that exercise with --resume LOG)",
                           "Seats file exists")
        session = ExerciseSession.open(args.scenario, args.seed, journal, key=key)
    assert session.journal_path is not None
    seats_path = _seats_path(args, session.journal_path)
    if args.resume and seats_path.exists():
        seats = load_seats(seats_path, session.cells)
    else:
        seats = make_seats(session.cells)
        try:
            write_seats(seats_path, seats)
        except BaseException:
            session.close(reason="error")
            raise
    hub = Hub(session, seats, speed=args.speed, paused=bool(args.paused or args.resume))
    if args.host not in LOCAL_HOSTS:
        print(f"cpx serve: warning: listening on {args.host}: seat tokens and the exercise "
              "travel in clear over the network (no TLS yet); use it only on a network you trust",
              file=sys.stderr)

    def ready(port: int) -> None:
        host = f"[{args.host}]" if ":" in args.host else args.host
        url = f"ws://{host}:{port}"
        meta = session.exercise.scenario.meta
        verb = "resumed" if session.resumed else "serving"
        print(f"cpx serve: {verb} {meta.title} ({meta.id}), seed {session.exercise.seed}, "
              f"at {session.clock()}{', paused' if hub.paused else ''}")
        print(f"journal: {session.journal_path}")
        print(f"seats:   {seats_path} (secret tokens, mode 0600; hand each seat its own)")
        for seat in seats:
            print(f"  {seat.seat:<14} {seat.role:<10} cell {seat.cell}")
        print(f"listening on {url}")
        print("stop with Ctrl-C (the journal is closed and stays resumable)", flush=True)

    try:
        asyncio.run(_serve(hub, args.host, args.port, ready))
    except OSError as error:
        session.close(reason="error")
        raise CpxError(f"cannot listen on {args.host}:{args.port}: {error.strerror or error}",
                       "Cannot listen") from None
    except BaseException:
        session.close(reason="error")
        raise
    session.close()
    print(f"cpx serve: stopped at {session.clock()}; journal {session.journal_path} closed "
          f"(check it: cpx replay {session.journal_path} --verify)")
    return 0


def _seats_path(args: argparse.Namespace, journal: Path) -> Path:
    """``--seats``, else ``<journal>.seats.json``."""
    return Path(args.seats) if args.seats else journal.with_name(journal.name + ".seats.json")


async def _serve(hub, host: str, port: int, ready) -> None:
    """Serve until SIGINT or SIGTERM."""
    loop = asyncio.get_running_loop()
    task = asyncio.ensure_future(hub.serve(host, port, ready))
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, task.cancel)
    try:
        await task
    except asyncio.CancelledError:
        pass
