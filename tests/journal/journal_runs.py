"""Helpers for journal tests that run the real engine: a journaled run, a forged line."""

from __future__ import annotations

import json
from pathlib import Path

from cpx.commands.run import run_exercise
from cpx.journal.chain import canonical_json, line_hash
from cpx.journal.reader import end_check
from cpx.journal.scenario_source import open_scenario
from cpx.journal.writer import JournalWriter

SCENARIO = "glass_lantern"


def journaled_run(path: Path, seed: int = 1, policy: str = "baseline", until: int = 1440):
    """Run the flagship headless into a journal at ``path``; return the finished exercise."""
    source = open_scenario(SCENARIO)
    writer = JournalWriter(path, source.scenario, seed, source.sha256, str(source.path))
    exercise = run_exercise(source.scenario, seed, policy, until=until, journal=writer)
    writer.close(t=exercise.now, state_hash=exercise.state_hash())
    return exercise


def forge(lines: list[str], index: int, change) -> list[str]:
    """The journal with line ``index`` changed by ``change(record)`` and the chain re-sealed.

    What a careful forger would do: every later ``prev`` (and the end line's check) is
    recomputed, so the hash chain alone cannot tell — only re-simulation can.
    """
    records = [json.loads(line) for line in lines]
    change(records[index])
    out = []
    prev = records[0]["prev"]
    for record in records:
        record["prev"] = prev
        if record["type"] == "end":
            record["check"] = end_check(record)
        text = canonical_json(record)
        out.append(text)
        prev = line_hash(text)
    return out
