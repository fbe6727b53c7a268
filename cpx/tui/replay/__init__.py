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
        ReplayApp(session).run()
    finally:
        session.index.close()
    return 0


__all__ = ["run_replay_app"]
