"""How a seat's client finds its token: ``--token``, ``--token-file`` or ``CPX_TOKEN``.

One definition for every client that joins a served exercise by token (``cpx seat``,
``cpx excon``, ``cpx evaluate``): the same arguments, the same help, the same refusal
when none is given.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from cpx.errors import CpxError

MAX_TOKEN_FILE = 4096
"""Bytes read from a token file at most (a token is a few dozen characters)."""


def add_seat_arguments(parser: argparse.ArgumentParser) -> None:
    """``--connect URL`` and either ``--token T`` or ``--token-file FILE``."""
    parser.add_argument("--connect", metavar="URL", required=True,
                        help="the server's address, e.g. ws://127.0.0.1:8765")
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--token", metavar="T",
                     help="the seat's token (others on this machine may see it in the process "
                     "list: prefer --token-file or CPX_TOKEN)")
    who.add_argument("--token-file", metavar="FILE", help="a file holding the seat's token")


def seat_token(args: argparse.Namespace) -> str:
    """The token of ``--token-file``, ``--token`` or ``CPX_TOKEN``, in that order;
    :class:`CpxError` when none gives one."""
    if args.token_file:
        from cpx.safe_files import open_regular

        with open_regular(Path(args.token_file), "token file") as handle:
            return handle.read(MAX_TOKEN_FILE).decode("utf-8", "replace").strip()
    token = args.token or os.environ.get("CPX_TOKEN", "")
    if not token:
        raise CpxError("give the seat's token: --token-file FILE, --token T or CPX_TOKEN",
                       "No token")
    return token
