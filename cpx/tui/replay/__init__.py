"""The instructor's replay of an after-action journal (``cpx replay LOG``)."""

from __future__ import annotations

import os
import sys
from typing import Any


def run_replay_app(target: Any, scenario_path: str | os.PathLike[str] | None = None) -> int:
    """Open the replay of a journal: ``target`` is its path, or parsed ``cpx replay`` args."""
    from cpx.tui.replay.app import ReplayApp
    from cpx.tui.replay.session import ReplaySession

    if hasattr(target, "log"):
        scenario_path = scenario_path or getattr(target, "scenario", None)
        target = target.log
    print(f"cpx: indexing {target} …", file=sys.stderr)
    session = ReplaySession(target, scenario_path, progressive=True)
    try:
        request = ReplayApp(session).run()
    finally:
        session.index.close()
    if request is not None:  # F: what if — play on from that moment as a new exercise
        return play_fork(request)
    return 0


def play_fork(request: Any) -> int:
    """Branch off ``request.parent`` at ``request.at`` and open the command post on it."""
    from cpx.commands.play import run_play_app
    from cpx.journal.fork import ForkError
    from cpx.tui.fork_session import open_fork_session

    print(f"cpx: what if — a new branch of {request.parent} from {request.when} …",
          file=sys.stderr)
    try:
        return run_play_app(lambda: open_fork_session(request.parent, request.at),
                            f"a branch of {request.parent}", parent=request.parent)
    except ForkError as error:
        print(f"cpx: {error.title}: {error.message}", file=sys.stderr)
        return 1


__all__ = ["run_replay_app"]
