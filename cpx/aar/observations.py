"""Evaluators' observations in a journal: read them, show them beside the computed rating.

An evaluator seat (``cpx evaluate``, ``cpx excon`` with an evaluator token) records an
observation against one objective's critical task — a P/S/M/U rating and a note, at the
sim time it was made — as an ``observation`` line of the journal
(:mod:`cpx.session.control`). The score card and the after-action report show them
under the task they concern; they never change the computed rating (the measure over
the journal decides that, HSEEP's "observations behind the rating" sit beside it).
"""

from __future__ import annotations

import json
import mmap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_NEEDLE = b',"type":"observation"}\n'
"""How an observation line ends (keys are sorted, so ``type`` comes last)."""


@dataclass(frozen=True)
class Observation:
    """One evaluator's observation on a critical task."""

    t: int
    author: str
    objective: str
    task: str
    rating: str
    note: str
    line: int = 0
    """Its line in the journal."""

    def to_dict(self, clock: str | None = None) -> dict[str, Any]:
        """Plain data (``cpx score --json``)."""
        data = {"t": self.t, "author": self.author, "objective": self.objective,
                "task": self.task, "rating": self.rating, "note": self.note}
        if clock is not None:
            data["clock"] = clock
        return data


def only_orders_and_events(path: str | Path, lines: int) -> bool:
    """Whether a complete journal of ``lines`` lines holds nothing but its header, orders,
    events and end line — so no observation — as its end line's counts tell (the last
    64 KiB are read, not the file)."""
    path = Path(path)
    with path.open("rb") as handle:
        size = handle.seek(0, 2)
        handle.seek(max(0, size - (1 << 16)))
        tail = handle.read()
    last = tail.rstrip(b"\n").rsplit(b"\n", 1)[-1]
    try:
        end = json.loads(last)
        return end.get("type") == "end" and lines == int(end["orders"]) + int(end["events"]) + 2
    except (ValueError, KeyError, TypeError, AttributeError):
        return False


def load_observations(path: str | Path, valid_lines: int | None = None) -> list[Observation]:
    """The observations a journal holds, in order (only within its first ``valid_lines``).

    A quick scan for observation lines: the journal's chain is checked by the pass that
    scores it, and ``valid_lines`` (its intact prefix) keeps a damaged tail out.
    """
    path = Path(path)
    found: list[Observation] = []
    with path.open("rb") as handle:
        if handle.seek(0, 2) == 0:
            return found
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            # each observation line ends with the needle (keys are sorted: "type" is last);
            # find() runs at memory speed, so a journal without any costs one pass
            line, counted = 1, 0
            at = data.find(_NEEDLE)
            while at >= 0:
                start = data.rfind(b"\n", 0, at) + 1
                end = at + len(_NEEDLE) - 1  # the newline
                line += data[counted:start].count(b"\n")
                counted = start
                if valid_lines is not None and line > valid_lines:
                    break
                try:
                    r = json.loads(data[start:end])
                    found.append(Observation(int(r["t"]), str(r["author"]), str(r["objective"]),
                                             str(r["task"]), str(r["rating"]), str(r["note"]),
                                             line))
                except (ValueError, KeyError, TypeError):
                    pass  # not an observation line cpx wrote: the scoring pass names it
                at = data.find(_NEEDLE, end)
    return found


def for_task(observations: list[Observation] | tuple[Observation, ...], objective: str,
             task: str) -> list[Observation]:
    """The observations on one critical task."""
    return [o for o in observations if o.objective == objective and o.task == task]


def describe(observation: Observation, clock: str) -> str:
    """One line: ``S by evaluator-1 at D1 10:30: note``."""
    note = f": {observation.note}" if observation.note else ""
    return f"{observation.rating} by {observation.author} at {clock}{note}"
