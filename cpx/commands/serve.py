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
    parser.add_argument("--tls-cert", metavar="FILE",
                        help="serve wss:// (and the web seats over https) with this certificate "
                        "(PEM; with --tls-key)")
    parser.add_argument("--tls-key", metavar="FILE", help="the certificate's private key (PEM)")
    parser.add_argument("--web", metavar="PORT", type=int,
                        help="also serve browser seats on this port: the command post in a "
                        "browser through textual-serve (needs cpx[web])")
    parser.add_argument("--no-autoplay", action="store_true",
                        help="leave cells nobody has joined idle (by default the engine plays "
                        "each by the policy the scenario names for it until its player joins)")
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
    if args.web is not None and not 1 <= args.web <= 65535:
        raise CpxError("--web must be a port between 1 and 65535", "Bad --web")
    tls = _tls_context(args.tls_cert, args.tls_key)
    if args.web is not None:
        import importlib.util

        if importlib.util.find_spec("textual_serve") is None:
            raise CpxError('--web needs textual-serve: pip install "cpx[web]"',
                           "Browser seats not installed")
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
    if not args.no_autoplay:
        autoplay(session)
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
    warning = clear_text_warning(args.host, tls is not None)
    if warning:
        print(warning, file=sys.stderr)

    def ready(port: int) -> None:
        host = f"[{args.host}]" if ":" in args.host else args.host
        url = f"{'wss' if tls else 'ws'}://{host}:{port}"
        meta = session.exercise.scenario.meta
        verb = "resumed" if session.resumed else "serving"
        print(f"cpx serve: {verb} {meta.title} ({meta.id}), seed {session.exercise.seed}, "
              f"at {session.clock()}{', paused' if hub.paused else ''}")
        print(f"journal: {session.journal_path}")
        print(f"seats:   {seats_path} (secret tokens, mode 0600; hand each seat its own)")
        played = session.exercise.engine_played
        width = max(14, *(len(seat.seat) for seat in seats))
        for seat in seats:
            by = f" (played by the engine, {played[seat.cell]}, until its player joins)" \
                if seat.role == "player" and seat.cell in played else ""
            print(f"  {seat.seat:<{width}} {seat.role:<10} cell {seat.cell}{by}")
        if args.web is not None:
            print(f"browser seats on {'https' if tls else 'http'}://{host}:{args.web}/ "
                  "(the page asks for the seat's token)")
        print(f"listening on {url}")
        print("stop with Ctrl-C (the journal is closed and stays resumable)", flush=True)

    try:
        asyncio.run(_serve(hub, args.host, args.port, ready, tls, args.web, args.tls_cert))
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


def autoplay(session) -> dict[str, str]:
    """Let the engine play every cell nobody has joined yet by the policy the scenario
    names for it (a cell without one stays idle), as a response cell would; a cell a
    player took before a crash stays the player's. Its orders are journaled like a
    player's, so ``cpx replay --verify`` needs no policy."""
    from cpx.scenario.cells import policy_of

    scenario = session.exercise.scenario
    policies = {cell: policy_of(scenario, cell) for cell in session.cells}
    session.play_cells({cell: name for cell, name in policies.items() if name != "passive"})
    return session.exercise.engine_played


def clear_text_warning(host: str, tls: bool) -> str:
    """The warning for a server other machines can reach without TLS ('' when none is due)."""
    import ipaddress

    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if loopback or tls:
        return ""
    return (f"cpx serve: warning: listening on {host} without TLS: seat tokens and the "
            "exercise travel in clear over the network; give --tls-cert and --tls-key, or "
            "use it only on a network you trust")


def _seats_path(args: argparse.Namespace, journal: Path) -> Path:
    """``--seats``, else ``<journal>.seats.json``."""
    return Path(args.seats) if args.seats else journal.with_name(journal.name + ".seats.json")


def _tls_context(cert: str | None, key: str | None) -> "ssl.SSLContext | None":
    """The server's TLS context from ``--tls-cert``/``--tls-key``; None without them."""
    if not cert and not key:
        return None
    if not (cert and key):
        raise CpxError("give both --tls-cert FILE and --tls-key FILE", "Incomplete TLS")
    import ssl

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        context.load_cert_chain(cert, key)
    except (OSError, ssl.SSLError) as error:
        raise CpxError(f"cannot use {cert} with {key}: {getattr(error, 'strerror', None) or error}",
                       "Bad TLS certificate") from None
    return context


async def _serve(hub, host: str, port: int, ready, tls=None, web: int | None = None,
                 cafile: str | None = None) -> None:
    """Serve until SIGINT or SIGTERM (browser seats too with ``web``)."""
    loop = asyncio.get_running_loop()
    runner = None
    started = asyncio.get_running_loop().create_future()

    def listening(bound: int) -> None:
        started.set_result(bound)

    task = asyncio.ensure_future(hub.serve(host, port, listening, ssl=tls))
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, task.cancel)
    try:
        waiter = asyncio.ensure_future(started)
        done, _ = await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            waiter.cancel()
            await task  # it failed to listen: the error goes up
            return
        bound = waiter.result()
        if web is not None:
            from cpx.server.web_seats import make_web_server, start_web

            # The browser tabs' processes run on this machine: they join over loopback.
            seat_host = host if host not in ("0.0.0.0", "::", "") else (
                "localhost" if tls else "127.0.0.1")
            seat_host = f"[{seat_host}]" if ":" in seat_host else seat_host
            seat_url = f"{'wss' if tls else 'ws'}://{seat_host}:{bound}"
            server = make_web_server(seat_url, host, web, cafile=cafile if tls else None,
                                     tls=tls is not None)
            runner = await start_web(server, tls)
        ready(bound)
        await task
    except asyncio.CancelledError:
        pass
    finally:
        if runner is not None:
            await runner.cleanup()
