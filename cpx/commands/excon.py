"""``cpx excon --connect URL --token T``: the EXCON console of a served exercise.

Ground truth, every cell's orders and picture, the MSEL with each inject's state, and
the controls: pause / resume / speed for all, hold / release / fire an inject,
adjudicate an order. With an evaluator's token (or ``cpx evaluate``) the same console
is read-only and records observations. A refused seat gets one line and exit 1.
"""

from __future__ import annotations

import argparse
import sys


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``cpx excon`` (and ``cpx evaluate``)."""
    parser.add_argument("--connect", metavar="URL", required=True,
                        help="the server's address, e.g. ws://127.0.0.1:8765")
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--token", metavar="T",
                     help="the seat's token (others on this machine may see it in the process "
                     "list: prefer --token-file or CPX_TOKEN)")
    who.add_argument("--token-file", metavar="FILE", help="a file holding the seat's token")


def run(args: argparse.Namespace, want: tuple[str, ...] = ("excon", "evaluator")) -> int:
    """Check the seat, then run the console until the user quits."""
    from cpx.commands.seat import _token
    from cpx.excon.link import Refused, probe

    token = _token(args)
    name = "evaluate" if want == ("evaluator",) else "excon"
    try:
        welcome = probe(args.connect, token)
    except Refused as refused:
        print(f"cpx {name}: {refused}", file=sys.stderr)
        return 1
    if welcome.get("role") not in want:
        print(f"cpx {name}: that token seats a {welcome.get('role')} ({welcome.get('seat')}); "
              f"this console is for {' or '.join(want)} seats "
              f"(players: cpx play --connect URL --token T)", file=sys.stderr)
        return 1
    from cpx.excon.app import ExconConsole

    ExconConsole(args.connect, token).run()
    return 0
