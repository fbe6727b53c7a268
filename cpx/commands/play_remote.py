"""``cpx play --connect URL [--token T | --token-file F] [--cafile F]``: a player seat.

The same command post as offline, as a client of ``cpx serve``: the cell's own picture,
orders, feed and map; the server runs the clock (EXCON steers it). A token given on the
command line (or in ``CPX_TOKEN``) is checked before the screen opens: a refused seat
gets one line on stderr and exit 1. Without a token the app asks for it (a browser seat).
Leaving (q) or losing the link never ends the exercise: the same token rejoins it.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from cpx.errors import CpxError


def run_remote(args: argparse.Namespace) -> int:
    """Join, play, and say how to rejoin."""
    from cpx.tui.remote_app import RemotePlayApp, other_console
    from cpx.tui.remote_session import RemoteSession, SeatRefused, ssl_context

    if args.scenario or args.resume or args.journal or args.seed is not None or args.key:
        raise CpxError("--connect joins a served exercise: the server has the scenario, seed "
                       "and journal; give only --connect URL and the token", "Conflicting options")
    ssl_context(args.connect, args.cafile)  # a bad --cafile is said before anything opens
    token = _token(args)
    session = None
    if token:
        try:
            session = RemoteSession(args.connect, token, args.cafile)
        except SeatRefused as refused:
            if refused.role and other_console(refused.role):
                return _hand_over(refused.role, args, token)
            print(f"cpx play: refused: {refused.message}", file=sys.stderr)
            return 1
    app = RemotePlayApp(args.connect, session, args.cafile)
    try:
        app.run()
    finally:
        if app.session is not None:
            app.session.close()
    if app.handover is not None:
        role, token = app.handover
        return _hand_over(role, args, token)
    if app.session is not None:
        rejoin = "--token-file FILE" if not args.token else "--token T"
        print(f"left seat {app.session.seat}; the exercise goes on. Rejoin: "
              f"cpx play --connect {args.connect} {rejoin}")
    return 0


def _token(args: argparse.Namespace) -> str:
    if args.token_file:
        from cpx.safe_files import open_regular

        with open_regular(Path(args.token_file), "token file") as handle:
            return handle.read(4096).decode("utf-8", "replace").strip()
    return (args.token or os.environ.get("CPX_TOKEN", "")).strip()


def _hand_over(role: str, args: argparse.Namespace, token: str) -> int:
    """Replace this process by the console for an EXCON or evaluator seat (same terminal,
    same pipes: a browser seat goes on in the same page)."""
    env = dict(os.environ, CPX_TOKEN=token)
    argv = [sys.executable, "-m", "cpx.cli", "excon", "--connect", args.connect]
    if args.cafile:
        argv += ["--cafile", args.cafile]
    os.execve(sys.executable, argv, env)
    return 0  # not reached
