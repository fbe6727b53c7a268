"""``cpx evaluate --connect URL --token T``: the evaluator console (read-only, observations)."""

from __future__ import annotations

import argparse

from cpx.commands.excon import add_parser  # noqa: F401 - the same arguments


def run(args: argparse.Namespace) -> int:
    """The console of an evaluator seat; another seat's token is refused."""
    from cpx.commands.excon import run as run_console

    return run_console(args, want=("evaluator",))
