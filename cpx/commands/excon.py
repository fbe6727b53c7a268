"""``cpx excon --connect URL --token T``: the EXCON console of a served exercise.

Ground truth, every cell's orders and picture, the MSEL with each inject's state, and
the controls: pause / resume / speed for all, hold / release / fire an inject,
adjudicate an order. With an evaluator's token (or ``cpx evaluate``) the same console
is read-only and records observations. A refused seat gets one line and exit 1.
"""

from __future__ import annotations

import argparse
import sys

from cpx.commands.seat_token import add_seat_arguments, seat_token


def add_parser(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``cpx excon`` (and ``cpx evaluate``)."""
    add_seat_arguments(parser)


def run(args: argparse.Namespace, want: tuple[str, ...] = ("excon", "evaluator")) -> int:
    """Check the seat, then run the console until the user quits."""
    from cpx.excon.link import Refused, probe

    token = seat_token(args)
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
