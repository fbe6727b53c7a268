"""``cpx seat --connect URL``: a line-oriented seat of a served exercise, for scripts and tests.

It joins with the seat's token, prints every message of the server as one JSON line on
stdout (the welcome first), and sends every line read from stdin as one message (see
docs/protocol.md). When stdin ends it keeps printing for ``--linger`` seconds, then
leaves. A refused seat gets one line on stderr and exit 1.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time

from cpx.commands.seat_token import add_seat_arguments, seat_token


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``cpx seat``."""
    add_seat_arguments(parser)
    parser.add_argument("--cafile", metavar="FILE",
                        help="trust this certificate for wss:// (a self-signed server)")
    parser.add_argument("--linger", type=float, default=1.0,
                        help="seconds to keep printing after stdin ends (default 1)")


def run(args: argparse.Namespace) -> int:
    """Run ``cpx seat``."""
    from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI
    from websockets.sync.client import connect

    from cpx.server.protocol import HARD_MAX_MESSAGE, PROTOCOL

    from cpx.tui.remote_session import ssl_context

    token = seat_token(args)
    context = ssl_context(args.connect, args.cafile)
    try:
        ws = connect(args.connect, open_timeout=30, max_size=HARD_MAX_MESSAGE, ssl=context)
    except (OSError, InvalidURI, InvalidHandshake, TimeoutError) as error:
        print(f"cpx seat: cannot connect to {args.connect}: {error}", file=sys.stderr)
        return 1
    with ws:
        ws.send(json.dumps({"type": "hello", "protocol": PROTOCOL, "token": token}))
        try:
            welcome = json.loads(ws.recv(timeout=30))
        except (ConnectionClosed, TimeoutError, ValueError):
            print("cpx seat: refused: the server closed the connection", file=sys.stderr)
            return 1
        if not isinstance(welcome, dict) or welcome.get("type") != "welcome":
            reason = welcome.get("message", "no welcome") if isinstance(welcome, dict) else "no welcome"
            print(f"cpx seat: refused: {reason}", file=sys.stderr)
            return 1
        print(json.dumps(welcome, ensure_ascii=False), flush=True)
        ended: list[float] = []

        def pump() -> None:
            try:
                for line in sys.stdin:
                    if line.strip():
                        ws.send(line.strip())
            except ConnectionClosed:
                pass
            ended.append(time.monotonic())

        threading.Thread(target=pump, daemon=True).start()
        while not ended or time.monotonic() - ended[0] < args.linger:
            try:
                raw = ws.recv(timeout=0.1)
            except TimeoutError:
                continue
            except ConnectionClosed:
                break
            print(raw, flush=True)
    return 0

